//! `conditional_calls`: calls that run only under an `if`, `elif` or `else` branch of their own
//! scope, with the branch and its condition (for `else`, the `if`'s condition, which is false
//! there). A call in the condition of an `if` is not under that `if` (it may be under an outer
//! one). `nesting_level` counts the further `if` branches of the same scope around the nearest
//! one. Node kinds: ExprCall (and its enclosing StmtIf nodes).

use ruff_python_ast::AnyNodeRef;
use ruff_text_size::{Ranged, TextRange};

use crate::extract::scope_value;
use crate::extract::security::site::call_sites;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for site in call_sites(index) {
        let call_range = site.call.range();
        let mut branches = index
            .ancestors(site.entry)
            .take_while(|(_, a)| a.scope == site.entry.scope)
            .filter_map(|(_, ancestor)| match ancestor.node {
                AnyNodeRef::StmtIf(statement) => branch_of(index, statement, call_range),
                _ => None,
            });
        let Some((branch, condition)) = branches.next() else { continue };
        let nesting_level = branches.count();
        let (line, col) = index.position(site.call.start());
        facts.push(
            Table::ConditionalCalls,
            [
                Value::File,
                scope_value(site.entry.scope),
                line.into(),
                col.into(),
                Value::Row(Table::Calls, site.row),
                site.callee().into(),
                branch.into(),
                condition.into(),
                nesting_level.into(),
            ],
        );
    }
}

/// The branch of `statement` holding `call` and the condition text, unless the call is in the
/// `if` test itself.
fn branch_of<'a>(
    index: &NodeIndex<'a>,
    statement: &'a ruff_python_ast::StmtIf,
    call: TextRange,
) -> Option<(&'static str, &'a str)> {
    let if_condition = index.text(&*statement.test);
    if statement.test.range().contains_range(call) {
        return None;
    }
    for clause in &statement.elif_else_clauses {
        if !clause.range.contains_range(call) {
            continue;
        }
        return Some(match &clause.test {
            Some(test) if !test.range().contains_range(call) => ("elif", index.text(test)),
            _ => ("else", if_condition),
        });
    }
    Some(("if", if_condition))
}
