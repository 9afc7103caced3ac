//! `conditional_calls`: calls that run only under an `if`, `elif` or `else` branch of their own
//! scope, with the branch and its condition (for `else`, the `if`'s condition, which is false
//! there). A call in the condition of an `if` is not under that `if` (it may be under an outer
//! one). `nesting_level` counts the further `if` branches of the same scope around the nearest
//! one; `is_guard` marks a branch that only leaves (`if not ok: raise Error(...)`). Node kinds:
//! ExprCall (and its enclosing StmtIf nodes).

use ruff_python_ast::{self as ast, AnyNodeRef, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::index::names::dotted_name;
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let names = index.names();
    for (row, (call, entry)) in index.calls().enumerate() {
        let call_range = call.range();
        let mut branches =
            index.ancestors(entry).take_while(|(_, a)| a.scope == entry.scope).filter_map(|(_, ancestor)| {
                match ancestor.node {
                    AnyNodeRef::StmtIf(statement) => branch_of(index, statement, call_range),
                    _ => None,
                }
            });
        let Some(branch) = branches.next() else { continue };
        let nesting_level = branches.count();
        let written = dotted_name(&call.func);
        let callee = written.as_deref().and_then(|w| names.qualify(index, entry.scope, w)).or(written);
        let (line, col) = index.position(call.start());
        facts.push(
            Table::ConditionalCalls,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                Value::Row(Table::Calls, row as u32),
                callee.into(),
                branch.kind.into(),
                branch.condition.into(),
                nesting_level.into(),
                is_guard(branch.body).into(),
            ],
        );
    }
}

/// The branch of an `if` statement that holds a call.
struct Branch<'a> {
    kind: &'static str,
    condition: &'a str,
    body: &'a [Stmt],
}

/// The branch of `statement` holding `call`, unless the call is in the `if` test itself.
fn branch_of<'a>(index: &NodeIndex<'a>, statement: &'a ast::StmtIf, call: TextRange) -> Option<Branch<'a>> {
    let if_condition = index.text(&*statement.test);
    if statement.test.range().contains_range(call) {
        return None;
    }
    for clause in &statement.elif_else_clauses {
        if !clause.range.contains_range(call) {
            continue;
        }
        return Some(match &clause.test {
            Some(test) if !test.range().contains_range(call) => {
                Branch { kind: "elif", condition: index.text(test), body: &clause.body }
            }
            _ => Branch { kind: "else", condition: if_condition, body: &clause.body },
        });
    }
    Some(Branch { kind: "if", condition: if_condition, body: &statement.body })
}

/// A guard clause: a branch that only leaves (`return`, `raise`, `continue`, `break`).
fn is_guard(body: &[Stmt]) -> bool {
    body.iter().all(|s| matches!(s, Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_) | Stmt::Break(_)))
}
