//! `dict_entries`: every key/value pair of every dict literal, with its nesting depth and the
//! variable the outermost literal is assigned to. Node kinds: ExprDict.

use ruff_python_ast::{AnyNodeRef, Expr};
use ruff_text_size::Ranged;

use super::super::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeId, NodeIndex};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, entry) in index.of_kind(ruff_python_ast::NodeKind::ExprDict) {
        let AnyNodeRef::ExprDict(dict) = entry.node else { continue };
        let (depth, outermost) = enclosing_dicts(index, id);
        let target = assigned_to(index, outermost);
        for item in &dict.items {
            let start = item.key.as_ref().map_or(item.value.start(), Ranged::start);
            let (line, col) = index.position(start);
            facts.push(
                Table::DictEntries,
                [
                    Value::File,
                    scope_value(entry.scope),
                    line.into(),
                    col.into(),
                    target.into(),
                    item.key.as_ref().map(|k| index.text(k)).into(),
                    index.text(&item.value).into(),
                    depth.into(),
                ],
            );
        }
    }
}

/// How many dict literals enclose node `id` (through any expressions, within its statement), and
/// the outermost of them (or `id` itself).
fn enclosing_dicts(index: &NodeIndex<'_>, id: NodeId) -> (u32, NodeId) {
    let (mut depth, mut outermost) = (0, id);
    let mut current = index.node(id).parent;
    while let Some(parent) = current {
        let entry = index.node(parent);
        if entry.node.as_stmt_ref().is_some() || entry.scope != index.node(id).scope {
            break;
        }
        if matches!(entry.node, AnyNodeRef::ExprDict(_)) {
            depth += 1;
            outermost = parent;
        }
        current = entry.parent;
    }
    (depth, outermost)
}

/// The target text when the literal is the whole value of an assignment.
fn assigned_to<'a>(index: &NodeIndex<'a>, dict: NodeId) -> Option<&'a str> {
    let parent = index.node(index.node(dict).parent?);
    let (targets, value): (Vec<&Expr>, &Expr) = match parent.node {
        AnyNodeRef::StmtAssign(node) => (node.targets.iter().collect(), &node.value),
        AnyNodeRef::StmtAnnAssign(node) => (vec![&*node.target], node.value.as_deref()?),
        AnyNodeRef::ExprNamed(node) => (vec![&*node.target], &node.value),
        _ => return None,
    };
    let dict_start = index.node(dict).node.start();
    (value.start() == dict_start).then(|| targets.first().map(|t| index.text(*t)))?
}
