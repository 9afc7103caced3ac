//! `calls` and `call_args`: every call with its callee as written and as qualified through the
//! file's names, and every argument in source order. `target_symbol_id` is filled by the link
//! stage (which also resolves `super().m()` through the class's bases). Node kinds: ExprCall.

use ruff_python_ast::{ArgOrKeyword, Expr};

use super::super::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::index::names::dotted_name;
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let names = index.names();
    for (call, entry) in index.calls() {
        let callee = dotted_name(&call.func).or_else(|| super_call(&call.func));
        let qualified = callee.as_deref().and_then(|c| names.qualify(index, entry.scope, c));
        let (line, col, end_line, end_col) = index.span(call);
        let arguments = &call.arguments;
        let row = facts.push(
            Table::Calls,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                end_line.into(),
                end_col.into(),
                callee.into(),
                qualified.into(),
                Value::Null,
                arguments.len().into(),
            ],
        );
        for (position, argument) in arguments.iter_source_order().enumerate() {
            let (keyword, star, value) = match argument {
                ArgOrKeyword::Arg(Expr::Starred(starred)) => (None, Some("*"), &*starred.value),
                ArgOrKeyword::Arg(expr) => (None, None, expr),
                ArgOrKeyword::Keyword(keyword) => match &keyword.arg {
                    Some(name) => (Some(name.as_str()), None, &keyword.value),
                    None => (None, Some("**"), &keyword.value),
                },
            };
            facts.push(
                Table::CallArgs,
                [row.into(), position.into(), keyword.into(), star.into(), index.text(value).into()],
            );
        }
    }
}

/// `super().m` for a call through a zero-argument `super()`: not a dotted name, but what the
/// link stage needs to find the base class's `m`.
fn super_call(func: &Expr) -> Option<String> {
    let Expr::Attribute(attribute) = func else { return None };
    let Expr::Call(inner) = &*attribute.value else { return None };
    let Expr::Name(name) = &*inner.func else { return None };
    let bare = name.id.as_str() == "super" && inner.arguments.is_empty();
    bare.then(|| format!("super().{}", attribute.attr.as_str()))
}
