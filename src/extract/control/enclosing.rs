//! What encloses a node inside its own scope: the loops and comprehensions that run it once per
//! iteration, the branches and except handlers around it. Shared by the control and expressions
//! domains (nesting levels, `in_loop`, break/continue targets, what an except handler does).
//!
//! Everything here follows `NodeIndex::ancestors` (parent links recorded by the one walk) and
//! stops at the scope boundary: a `def`, `class` or `lambda` node carries the enclosing scope
//! while its body carries the new one, so the first ancestor whose scope differs is where the
//! node's own function, lambda or class begins. Decorators, defaults and bases keep the enclosing
//! scope, and so they are enclosed by the loops around their `def`, as Python evaluates them.

use ruff_python_ast::{AnyNodeRef, Comprehension, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::index::{NodeEntry, NodeId, NodeIndex};

/// The ancestors of `entry` inside its own scope, innermost first.
pub fn ancestors_in_scope<'i, 'a>(
    index: &'i NodeIndex<'a>,
    entry: &NodeEntry<'a>,
) -> impl Iterator<Item = (NodeId, &'i NodeEntry<'a>)> + 'i {
    let scope = entry.scope;
    index.ancestors(entry).take_while(move |(_, ancestor)| ancestor.scope == scope)
}

/// The loops (`for`, `async for`, `while`) of the same scope that run `entry` once per
/// iteration, innermost first: those whose body (or, for `while`, test) holds it. A loop's
/// `else` clause and a `for`'s iterable run once, so they are not inside the loop.
pub fn enclosing_loops<'i, 'a>(
    index: &'i NodeIndex<'a>,
    entry: &NodeEntry<'a>,
) -> impl Iterator<Item = (NodeId, &'i NodeEntry<'a>)> + 'i {
    let range = entry.node.range();
    ancestors_in_scope(index, entry).filter(move |(_, ancestor)| loop_repeats(ancestor.node, range))
}

/// The comprehensions and generator expressions of the same scope that evaluate `entry` once per
/// item, innermost first: everything inside them but the first iterable, which Python evaluates
/// once, before iterating (and in the enclosing scope).
pub fn enclosing_comprehensions<'i, 'a>(
    index: &'i NodeIndex<'a>,
    entry: &NodeEntry<'a>,
) -> impl Iterator<Item = (NodeId, &'i NodeEntry<'a>)> + 'i {
    let range = entry.node.range();
    ancestors_in_scope(index, entry).filter(move |(_, ancestor)| comprehension_repeats(ancestor.node, range))
}

/// Whether `entry` runs once per iteration of a loop or comprehension of its own scope.
pub fn in_loop(index: &NodeIndex<'_>, entry: &NodeEntry<'_>) -> bool {
    let range = entry.node.range();
    ancestors_in_scope(index, entry).any(|(_, ancestor)| {
        loop_repeats(ancestor.node, range) || comprehension_repeats(ancestor.node, range)
    })
}

/// The loop kind as the `loops` table spells it, for a `for`/`while` node.
pub fn loop_kind(node: AnyNodeRef<'_>) -> Option<&'static str> {
    match node {
        AnyNodeRef::StmtFor(node) if node.is_async => Some("async_for"),
        AnyNodeRef::StmtFor(_) => Some("for"),
        AnyNodeRef::StmtWhile(_) => Some("while"),
        _ => None,
    }
}

/// Whether `range` lies in what `node` (if it is a loop) runs per iteration.
fn loop_repeats(node: AnyNodeRef<'_>, range: TextRange) -> bool {
    match node {
        AnyNodeRef::StmtFor(node) => body_holds(&node.body, range),
        AnyNodeRef::StmtWhile(node) => {
            node.test.range().contains_range(range) || body_holds(&node.body, range)
        }
        _ => false,
    }
}

/// Whether `range` lies in what `node` (if it is a comprehension) evaluates per item.
fn comprehension_repeats(node: AnyNodeRef<'_>, range: TextRange) -> bool {
    comprehension_clauses(node)
        .is_some_and(|clauses| clauses.first().is_none_or(|first| !first.iter.range().contains_range(range)))
}

/// The `for` clauses of a list, set or dict comprehension or of a generator expression.
pub fn comprehension_clauses<'a>(node: AnyNodeRef<'a>) -> Option<&'a [Comprehension]> {
    match node {
        AnyNodeRef::ExprListComp(node) => Some(&node.generators),
        AnyNodeRef::ExprSetComp(node) => Some(&node.generators),
        AnyNodeRef::ExprDictComp(node) => Some(&node.generators),
        AnyNodeRef::ExprGenerator(node) => Some(&node.generators),
        _ => None,
    }
}

/// Whether `range` lies within the statements of `body`.
pub fn body_holds(body: &[Stmt], range: TextRange) -> bool {
    match (body.first(), body.last()) {
        (Some(first), Some(last)) => TextRange::new(first.start(), last.end()).contains_range(range),
        _ => false,
    }
}

/// The position of `id` in `ids` (sorted node ids, one per row of a table in source order):
/// the row number of the node's row within the file.
pub fn row_of(ids: &[NodeId], id: NodeId) -> Option<u32> {
    ids.binary_search(&id).ok().map(|position| position as u32)
}
