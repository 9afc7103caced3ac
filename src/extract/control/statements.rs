//! `statements` and `with_items`: one `statements` row per `with`, `async with`, `assert`,
//! `del`, `global`, `nonlocal`, `raise`, `break`, `continue` and `pass` statement, and one
//! `with_items` row per context manager of a `with`. Node kinds: StmtWith, StmtAssert,
//! StmtDelete, StmtGlobal, StmtNonlocal, StmtRaise, StmtBreak, StmtContinue, StmtPass (and
//! StmtFor/StmtWhile for the loop a `break` or `continue` belongs to).

use ruff_python_ast::{AnyNodeRef, Expr, Identifier, NodeKind, WithItem};
use ruff_text_size::{Ranged, TextRange};

use super::super::scope_value;
use super::enclosing::{enclosing_loops, loop_kind, row_of};
use super::loops::loop_ids;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeEntry, NodeId, NodeIndex};
use crate::store::schema::Table;

/// The statement kinds with a row, in the order of their `kind` values in docs/schema.md.
pub const STATEMENT_KINDS: &[NodeKind] = &[
    NodeKind::StmtWith,
    NodeKind::StmtAssert,
    NodeKind::StmtDelete,
    NodeKind::StmtGlobal,
    NodeKind::StmtNonlocal,
    NodeKind::StmtRaise,
    NodeKind::StmtBreak,
    NodeKind::StmtContinue,
    NodeKind::StmtPass,
];

/// Columns of a row after `kind`; NULL where they do not apply.
#[derive(Default)]
struct Columns<'a> {
    detail: Option<&'a str>,
    count: Option<usize>,
    message: Option<&'a str>,
    cause: Option<&'a str>,
    loop_row: Option<u32>,
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let loops = loop_ids(index);
    for (_, entry) in index.of_kinds(STATEMENT_KINDS) {
        let (kind, columns) = columns(index, entry, &loops);
        let (line, col) = index.position(entry.node.start());
        let row = facts.push(
            Table::Statements,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                kind.into(),
                columns.detail.into(),
                columns.count.into(),
                columns.message.into(),
                columns.cause.into(),
                columns.loop_row.map(|row| Value::Row(Table::Loops, row)).into(),
            ],
        );
        if let AnyNodeRef::StmtWith(with) = entry.node {
            for (position, item) in with.items.iter().enumerate() {
                push_item(index, facts, row.into(), position, item);
            }
        }
    }
}

fn columns<'a>(
    index: &NodeIndex<'a>,
    entry: &NodeEntry<'a>,
    loops: &[NodeId],
) -> (&'static str, Columns<'a>) {
    match entry.node {
        AnyNodeRef::StmtWith(node) => (
            if node.is_async { "async_with" } else { "with" },
            Columns {
                detail: span_text(index, &node.items),
                count: Some(node.items.len()),
                ..Columns::default()
            },
        ),
        AnyNodeRef::StmtAssert(node) => (
            "assert",
            Columns {
                detail: Some(index.text(&*node.test)),
                message: node.msg.as_deref().map(|m| index.text(m)),
                ..Columns::default()
            },
        ),
        AnyNodeRef::StmtDelete(node) => (
            "del",
            Columns {
                detail: span_text(index, &node.targets),
                count: Some(node.targets.len()),
                ..Columns::default()
            },
        ),
        AnyNodeRef::StmtGlobal(node) => ("global", declared(index, &node.names)),
        AnyNodeRef::StmtNonlocal(node) => ("nonlocal", declared(index, &node.names)),
        AnyNodeRef::StmtRaise(node) => (
            "raise",
            Columns {
                detail: node.exc.as_deref().map(|e: &Expr| index.text(e)),
                cause: node.cause.as_deref().map(|c: &Expr| index.text(c)),
                ..Columns::default()
            },
        ),
        AnyNodeRef::StmtBreak(_) => ("break", loop_target(index, entry, loops)),
        AnyNodeRef::StmtContinue(_) => ("continue", loop_target(index, entry, loops)),
        _ => ("pass", Columns::default()),
    }
}

/// The names of a `global`/`nonlocal`, as written from the first to the last.
fn declared<'a>(index: &NodeIndex<'a>, names: &[Identifier]) -> Columns<'a> {
    Columns { detail: span_text(index, names), count: Some(names.len()), ..Columns::default() }
}

/// The loop a `break`/`continue` acts on: its innermost loop in the same scope (a `break` in a
/// loop's `else` acts on the loop around it). NULL outside any loop (a syntax error Python
/// reports at compile time, not in `ast`).
fn loop_target<'a>(index: &NodeIndex<'a>, entry: &NodeEntry<'a>, loops: &[NodeId]) -> Columns<'a> {
    let target = enclosing_loops(index, entry).next();
    Columns {
        detail: target.and_then(|(_, loop_entry)| loop_kind(loop_entry.node)),
        loop_row: target.and_then(|(id, _)| row_of(loops, id)),
        ..Columns::default()
    }
}

/// The source text from the first to the last of `parts`, as written.
fn span_text<'a, T: Ranged>(index: &NodeIndex<'a>, parts: &[T]) -> Option<&'a str> {
    let (first, last) = (parts.first()?, parts.last()?);
    Some(index.slice(TextRange::new(first.start(), last.end())))
}

fn push_item(
    index: &NodeIndex<'_>,
    facts: &mut FileFacts,
    statement: Value<'_>,
    position: usize,
    item: &WithItem,
) {
    let (line, col) = index.position(item.context_expr.start());
    facts.push(
        Table::WithItems,
        [
            statement,
            position.into(),
            line.into(),
            col.into(),
            index.text(&item.context_expr).into(),
            item.optional_vars.as_deref().map(|alias| index.text(alias)).into(),
        ],
    );
}
