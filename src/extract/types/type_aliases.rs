//! `type_aliases`: type aliases in their three forms: the `type X = ...` statement (PEP 695),
//! `X: TypeAlias = ...` (PEP 613) and `X = TypeAliasType("X", ...)`. Node kinds: StmtTypeAlias,
//! StmtAnnAssign, StmtAssign.

use ruff_python_ast::{AnyNodeRef, Expr, NodeKind};
use ruff_text_size::Ranged;

use super::is_typing;
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let kinds = [NodeKind::StmtTypeAlias, NodeKind::StmtAnnAssign, NodeKind::StmtAssign];
    for (_, entry) in index.of_kinds(&kinds) {
        let alias = match entry.node {
            AnyNodeRef::StmtTypeAlias(alias) => Some((&*alias.name, &*alias.value, "type_statement")),
            AnyNodeRef::StmtAnnAssign(assign) => assign
                .value
                .as_deref()
                .filter(|_| is_typing(index, entry.scope, &assign.annotation, "TypeAlias"))
                .map(|value| (&*assign.target, value, "type_alias_annotation")),
            AnyNodeRef::StmtAssign(assign) => match (&assign.targets[..], &*assign.value) {
                ([target @ Expr::Name(_)], Expr::Call(call))
                    if is_typing(index, entry.scope, &call.func, "TypeAliasType") =>
                {
                    call.arguments
                        .find_argument_value("value", 1)
                        .map(|value| (target, value, "type_alias_type"))
                }
                _ => None,
            },
            _ => None,
        };
        let Some((name, value, form)) = alias else { continue };
        let (line, col) = index.position(entry.node.start());
        facts.push(
            Table::TypeAliases,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                index.text(name).into(),
                index.text(value).into(),
                form.into(),
            ],
        );
    }
}
