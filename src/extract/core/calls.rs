//! `calls` and `call_args`: every call with its callee as written and as qualified through the
//! file's names, and every argument in source order. `target_symbol_id` is filled by the link
//! stage. Node kinds: ExprCall.

use ruff_python_ast::{ArgOrKeyword, Expr};

use super::super::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::index::names::dotted_name;
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let names = index.names();
    for (call, entry) in index.calls() {
        let callee = dotted_name(&call.func);
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
