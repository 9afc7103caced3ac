//! `loops`: one row per `for`, `async for` and `while` statement (Python's `For`, `AsyncFor` and
//! `While` nodes), with its nesting among the loops of its scope, how it iterates, whether a
//! `break` leaves it and whether its body grows a collection. Node kinds: StmtFor, StmtWhile;
//! StmtBreak and ExprCall for `has_break` and `grows_collection`.

use ruff_python_ast::{AnyNodeRef, Number};
use ruff_python_ast::{Expr, ExprCall, NodeKind, StmtFor, StmtWhile};
use ruff_text_size::Ranged;

use super::super::scope_value;
use super::enclosing::{enclosing_loops, loop_kind, row_of};
use crate::facts::{FileFacts, Value};
use crate::index::{NodeEntry, NodeId, NodeIndex};
use crate::store::schema::Table;

/// Methods that add to the collection they are called on: a loop calling them grows data.
const GROWING_METHODS: &[&str] = &["add", "append", "appendleft", "extend", "extendleft", "insert", "update"];

/// What the other statements of the file say about each loop (indexed like the loop rows).
struct LoopFacts {
    nesting_level: Vec<u32>,
    inner_depth: Vec<u32>,
    has_break: Vec<bool>,
    grows_collection: Vec<bool>,
}

/// The node kinds with a `loops` row; the rows are their nodes in source order.
pub const LOOP_KINDS: &[NodeKind] = &[NodeKind::StmtFor, NodeKind::StmtWhile];

/// The node ids of the file's `loops` rows, sorted: a loop's row number is its position.
pub fn loop_ids(index: &NodeIndex<'_>) -> Vec<NodeId> {
    index.of_kinds(LOOP_KINDS).into_iter().map(|(id, _)| id).collect()
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let loops = index.of_kinds(LOOP_KINDS);
    let ids: Vec<NodeId> = loops.iter().map(|(id, _)| *id).collect();
    let found = loop_facts(index, &loops, &ids);
    for (row, (_, entry)) in loops.iter().enumerate() {
        let (line, col) = index.position(entry.node.start());
        let kind = loop_kind(entry.node).expect("for/while node");
        let shape = match entry.node {
            AnyNodeRef::StmtFor(node) => for_shape(index, entry, node),
            AnyNodeRef::StmtWhile(node) => while_shape(index, node),
            _ => unreachable!("only for/while nodes are listed"),
        };
        facts.push(
            Table::Loops,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                kind.into(),
                shape.has_else.into(),
                found.nesting_level[row].into(),
                shape.target_count.into(),
                shape.is_infinite.into(),
                shape.target.into(),
                shape.iter.into(),
                shape.condition.into(),
                shape.iteration.into(),
                found.has_break[row].into(),
                found.grows_collection[row].into(),
                found.inner_depth[row].into(),
            ],
        );
    }
}

/// Nesting, inner depth, breaks and growing calls, each found from the node's own ancestors.
fn loop_facts(index: &NodeIndex<'_>, loops: &[(NodeId, &NodeEntry<'_>)], ids: &[NodeId]) -> LoopFacts {
    let count = loops.len();
    let mut found = LoopFacts {
        nesting_level: vec![0; count],
        inner_depth: vec![0; count],
        has_break: vec![false; count],
        grows_collection: vec![false; count],
    };
    for (row, (_, entry)) in loops.iter().enumerate() {
        for (depth, (outer, _)) in enclosing_loops(index, entry).enumerate() {
            found.nesting_level[row] += 1;
            if let Some(outer_row) = row_of(ids, outer) {
                let slot = &mut found.inner_depth[outer_row as usize];
                *slot = (*slot).max(depth as u32 + 1);
            }
        }
    }
    // A `break` leaves its innermost loop (one in a loop's `else` leaves the loop around it).
    for (_, entry) in index.of_kind(NodeKind::StmtBreak) {
        if let Some(row) = enclosing_loops(index, entry).next().and_then(|(id, _)| row_of(ids, id)) {
            found.has_break[row as usize] = true;
        }
    }
    for (call, entry) in index.calls() {
        if !is_growing_call(call) {
            continue;
        }
        for (id, _) in enclosing_loops(index, entry) {
            if let Some(row) = row_of(ids, id) {
                found.grows_collection[row as usize] = true;
            }
        }
    }
    found
}

/// `x.append(...)`, `s.add(...)`, `d.update(...)`, ...
fn is_growing_call(call: &ExprCall) -> bool {
    matches!(&*call.func, Expr::Attribute(attribute) if GROWING_METHODS.contains(&attribute.attr.as_str()))
}

/// The columns that depend on the loop's own fields.
#[derive(Default)]
struct Shape<'a> {
    has_else: bool,
    target_count: Option<u32>,
    is_infinite: Option<bool>,
    target: Option<&'a str>,
    iter: Option<&'a str>,
    condition: Option<&'a str>,
    iteration: Option<&'static str>,
}

fn for_shape<'a>(index: &NodeIndex<'a>, entry: &NodeEntry<'_>, node: &StmtFor) -> Shape<'a> {
    Shape {
        has_else: !node.orelse.is_empty(),
        target_count: Some(target_leaves(&node.target)),
        target: Some(index.text(&*node.target)),
        iter: Some(index.text(&*node.iter)),
        iteration: Some(iteration(index, entry, &node.iter)),
        ..Shape::default()
    }
}

fn while_shape<'a>(index: &NodeIndex<'a>, node: &StmtWhile) -> Shape<'a> {
    Shape {
        has_else: !node.orelse.is_empty(),
        is_infinite: Some(is_constantly_true(&node.test)),
        condition: Some(index.text(&*node.test)),
        ..Shape::default()
    }
}

/// How many targets a `for` assigns per item: the leaves of its tuple/list unpacking
/// (`for k, (a, *b) in ...` gives 3). A bounded look at the target expression only.
fn target_leaves(target: &Expr) -> u32 {
    match target {
        Expr::Tuple(tuple) => tuple.elts.iter().map(target_leaves).sum(),
        Expr::List(list) => list.elts.iter().map(target_leaves).sum(),
        Expr::Starred(starred) => target_leaves(&starred.value),
        _ => 1,
    }
}

/// `while True:` or `while <non-zero integer>:`.
fn is_constantly_true(test: &Expr) -> bool {
    match test {
        Expr::BooleanLiteral(literal) => literal.value,
        Expr::NumberLiteral(literal) => matches!(&literal.value, Number::Int(n) if n.as_u8() != Some(0)),
        _ => false,
    }
}

/// The iteration style of a `for`: the builtin it iterates through (`enumerate`, `zip`,
/// `range`), the dict view it iterates (`items`, `values`, `keys`), or `plain`.
fn iteration(index: &NodeIndex<'_>, entry: &NodeEntry<'_>, iter: &Expr) -> &'static str {
    let Expr::Call(call) = iter else { return "plain" };
    match &*call.func {
        Expr::Name(name) => {
            let builtin = ["enumerate", "range", "zip"].into_iter().find(|b| *b == name.id.as_str());
            // Only the builtin: a local or imported `enumerate` is something else.
            builtin
                .filter(|b| {
                    index.names().qualify(index, entry.scope, b).as_deref() == Some(&format!("builtins.{b}"))
                })
                .unwrap_or("plain")
        }
        Expr::Attribute(attribute) if call.arguments.is_empty() => {
            ["items", "keys", "values"].into_iter().find(|m| *m == attribute.attr.as_str()).unwrap_or("plain")
        }
        _ => "plain",
    }
}
