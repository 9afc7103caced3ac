//! `branches` and `match_cases`: one `branches` row per `if` chain (its `elif`s and `else` are
//! counted in the row of the `if`, never rows of their own), per `match` and per `try`/`try*`;
//! one `match_cases` row per `case` of a `match`. Node kinds: StmtIf, StmtMatch, StmtTry.
//!
//! Row order is the source order of the statements, which `except_handlers` relies on to point
//! at the row of a handler's `try` (see `branch_ids`).

use ruff_python_ast::{AnyNodeRef, Expr, MatchCase, NodeKind, Pattern, StmtIf, StmtMatch, StmtTry, UnaryOp};
use ruff_text_size::Ranged;

use super::super::scope_value;
use super::enclosing::ancestors_in_scope;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeEntry, NodeId, NodeIndex};
use crate::store::schema::Table;

/// The node kinds that have a `branches` row, in the order their rows are pushed.
const BRANCH_KINDS: &[NodeKind] = &[NodeKind::StmtIf, NodeKind::StmtMatch, NodeKind::StmtTry];

/// The node ids of the file's `branches` rows, sorted: a branch's row number is its position.
pub fn branch_ids(index: &NodeIndex<'_>) -> Vec<NodeId> {
    index.of_kinds(BRANCH_KINDS).into_iter().map(|(id, _)| id).collect()
}

/// Columns of a `branches` row after `kind`, in order; NULL where they do not apply.
#[derive(Default)]
struct Columns<'a> {
    has_else: Option<bool>,
    elif_count: Option<usize>,
    case_count: Option<usize>,
    has_guard: Option<bool>,
    has_wildcard: Option<bool>,
    handler_count: Option<usize>,
    has_finally: Option<bool>,
    has_complex_condition: Option<bool>,
    condition: Option<&'a str>,
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (_, entry) in index.of_kinds(BRANCH_KINDS) {
        let (kind, columns) = match entry.node {
            AnyNodeRef::StmtIf(node) => ("if", if_columns(index, node)),
            AnyNodeRef::StmtMatch(node) => ("match", match_columns(index, node)),
            AnyNodeRef::StmtTry(node) => (if node.is_star { "try_star" } else { "try" }, try_columns(node)),
            _ => unreachable!("only branch kinds are listed"),
        };
        let (line, col) = index.position(entry.node.start());
        let row = facts.push(
            Table::Branches,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                kind.into(),
                columns.has_else.into(),
                columns.elif_count.into(),
                columns.case_count.into(),
                columns.has_guard.into(),
                columns.has_wildcard.into(),
                columns.handler_count.into(),
                nesting_level(index, entry).into(),
                columns.has_finally.into(),
                columns.has_complex_condition.into(),
                columns.condition.into(),
            ],
        );
        if let AnyNodeRef::StmtMatch(node) = entry.node {
            for (position, case) in node.cases.iter().enumerate() {
                push_case(index, facts, row.into(), position, case);
            }
        }
    }
}

/// Branching statements (`if`, `match`, `try`) around this one in the same scope, counting
/// every part of them (an `if` in an `else:` block is nested in that `if`; an `elif` is not).
fn nesting_level(index: &NodeIndex<'_>, entry: &NodeEntry<'_>) -> usize {
    ancestors_in_scope(index, entry)
        .filter(|(_, ancestor)| {
            matches!(ancestor.node, AnyNodeRef::StmtIf(_) | AnyNodeRef::StmtMatch(_) | AnyNodeRef::StmtTry(_))
        })
        .count()
}

fn if_columns<'a>(index: &NodeIndex<'a>, node: &StmtIf) -> Columns<'a> {
    let elif_tests: Vec<&Expr> = node.elif_else_clauses.iter().filter_map(|c| c.test.as_ref()).collect();
    let has_else = node.elif_else_clauses.last().is_some_and(|clause| clause.test.is_none());
    Columns {
        has_else: Some(has_else),
        elif_count: Some(elif_tests.len()),
        has_complex_condition: Some(
            is_complex_condition(&node.test) || elif_tests.iter().any(|t| is_complex_condition(t)),
        ),
        condition: Some(index.text(&*node.test)),
        ..Columns::default()
    }
}

/// A condition combining tests with `and`/`or` (also under a `not`), or a chained comparison
/// (`a < b < c`).
fn is_complex_condition(test: &Expr) -> bool {
    match test {
        Expr::BoolOp(_) => true,
        Expr::UnaryOp(unary) if unary.op == UnaryOp::Not => is_complex_condition(&unary.operand),
        Expr::Compare(compare) => compare.ops.len() > 1,
        _ => false,
    }
}

fn match_columns<'a>(index: &NodeIndex<'a>, node: &StmtMatch) -> Columns<'a> {
    Columns {
        case_count: Some(node.cases.len()),
        has_guard: Some(node.cases.iter().any(|case| case.guard.is_some())),
        // A case that takes whatever is left: an irrefutable pattern (`_`, a capture, an `|` with
        // one of them) without a guard.
        has_wildcard: Some(
            node.cases.iter().any(|case| case.guard.is_none() && case.pattern.is_irrefutable()),
        ),
        condition: Some(index.text(&*node.subject)),
        ..Columns::default()
    }
}

fn try_columns<'a>(node: &StmtTry) -> Columns<'a> {
    Columns {
        has_else: Some(!node.orelse.is_empty()),
        handler_count: Some(node.handlers.len()),
        has_finally: Some(!node.finalbody.is_empty()),
        ..Columns::default()
    }
}

/// A `match_cases` row. Python's `ast` gives a `case` no position; the row has its pattern's.
fn push_case(
    index: &NodeIndex<'_>,
    facts: &mut FileFacts,
    branch: Value<'_>,
    position: usize,
    case: &MatchCase,
) {
    let (line, col) = index.position(case.pattern.start());
    facts.push(
        Table::MatchCases,
        [
            branch,
            position.into(),
            line.into(),
            col.into(),
            pattern_kind(&case.pattern).into(),
            index.text(&case.pattern).into(),
            case.guard.as_deref().map(|guard| index.text(guard)).into(),
        ],
    );
}

/// The kind of a case's top-level pattern, after Python's `ast` pattern classes (`MatchAs`
/// split into `wildcard` `_`, `capture` `x` and `as` `<pattern> as x`).
fn pattern_kind(pattern: &Pattern) -> &'static str {
    match pattern {
        Pattern::MatchValue(_) => "value",
        Pattern::MatchSingleton(_) => "singleton",
        Pattern::MatchSequence(_) => "sequence",
        Pattern::MatchMapping(_) => "mapping",
        Pattern::MatchClass(_) => "class",
        Pattern::MatchStar(_) => "star",
        Pattern::MatchAs(node) if node.pattern.is_some() => "as",
        Pattern::MatchAs(node) if node.name.is_some() => "capture",
        Pattern::MatchAs(_) => "wildcard",
        Pattern::MatchOr(_) => "or",
    }
}
