//! `comprehensions` and `comprehension_clauses`: one row per list, set or dict comprehension and
//! per generator expression (Python's `ListComp`, `SetComp`, `DictComp` and `GeneratorExp`
//! nodes), and one clause row per `for` in it. Node kinds: ExprListComp, ExprSetComp,
//! ExprDictComp, ExprGenerator.

use ruff_python_ast::{AnyNodeRef, Comprehension, NodeKind};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::super::control::enclosing::{comprehension_clauses, enclosing_comprehensions};
use super::super::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeEntry, NodeIndex};
use crate::store::schema::Table;

pub const COMPREHENSION_KINDS: &[NodeKind] =
    &[NodeKind::ExprListComp, NodeKind::ExprSetComp, NodeKind::ExprDictComp, NodeKind::ExprGenerator];

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (_, entry) in index.of_kinds(COMPREHENSION_KINDS) {
        let Some(clauses) = comprehension_clauses(entry.node) else { continue };
        let (kind, element) = match entry.node {
            AnyNodeRef::ExprListComp(node) => ("list", index.text(&*node.elt)),
            AnyNodeRef::ExprSetComp(node) => ("set", index.text(&*node.elt)),
            AnyNodeRef::ExprGenerator(node) => ("generator", index.text(&*node.elt)),
            AnyNodeRef::ExprDictComp(node) => {
                let start = node.key.as_deref().map_or(node.value.start(), Ranged::start);
                ("dict", index.slice(TextRange::new(start, node.value.end())))
            }
            _ => continue,
        };
        let (line, col) = index.position(start(index, entry));
        let row = facts.push(
            Table::Comprehensions,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                kind.into(),
                clauses.len().into(),
                clauses.iter().any(|clause| !clause.ifs.is_empty()).into(),
                enclosing_comprehensions(index, entry).count().into(),
                element.into(),
                clauses.iter().any(|clause| clause.is_async).into(),
            ],
        );
        for (position, clause) in clauses.iter().enumerate() {
            push_clause(index, facts, row.into(), position, clause);
        }
    }
}

/// Where Python's `ast` starts the node. A generator expression that is a call's only argument
/// (`sum(x for x in y)`) shares the call's parentheses and starts at the `(`, which ruff's range
/// leaves out.
fn start(index: &NodeIndex<'_>, entry: &NodeEntry<'_>) -> TextSize {
    let AnyNodeRef::ExprGenerator(generator) = entry.node else { return entry.node.start() };
    if generator.parenthesized {
        return generator.start();
    }
    match entry.parent.map(|parent| index.node(parent).node) {
        Some(AnyNodeRef::Arguments(arguments)) => arguments.start(),
        Some(AnyNodeRef::ExprCall(call)) => call.arguments.start(),
        _ => generator.start(),
    }
}

/// A `comprehension_clauses` row. Python's `ast` gives a clause no position; the row has the
/// position of its `for` (or `async`) keyword.
fn push_clause(
    index: &NodeIndex<'_>,
    facts: &mut FileFacts,
    comprehension: Value<'_>,
    position: usize,
    clause: &Comprehension,
) {
    let (line, col) = index.position(clause.start());
    let filter = match (clause.ifs.first(), clause.ifs.last()) {
        (Some(first), Some(last)) => Some(index.slice(TextRange::new(first.start(), last.end()))),
        _ => None,
    };
    facts.push(
        Table::ComprehensionClauses,
        [
            comprehension,
            position.into(),
            line.into(),
            col.into(),
            index.text(&clause.target).into(),
            index.text(&clause.iter).into(),
            clause.is_async.into(),
            clause.ifs.len().into(),
            filter.into(),
        ],
    );
}
