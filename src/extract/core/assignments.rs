//! `assignments` and `assignment_sources`: `=`, annotated, augmented and walrus assignments, one
//! row per target (tuple and list targets unpacked, paired element-wise with a tuple value of
//! the same shape), with the names the assigned value reads.
//! Node kinds: StmtAssign, StmtAnnAssign, StmtAugAssign, ExprNamed.

use ruff_python_ast::{AnyNodeRef, Expr, NodeKind};
use ruff_text_size::Ranged;

use super::super::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeEntry, NodeIndex};
use crate::store::schema::Table;

const KINDS: [NodeKind; 4] =
    [NodeKind::StmtAssign, NodeKind::StmtAnnAssign, NodeKind::StmtAugAssign, NodeKind::ExprNamed];

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (_, entry) in index.of_kinds(&KINDS) {
        let mut out = Rows { index, entry, facts: &mut *facts };
        match entry.node {
            AnyNodeRef::StmtAssign(node) => {
                for target in &node.targets {
                    out.unpack(target, Some(&node.value), "=", None);
                }
            }
            AnyNodeRef::StmtAnnAssign(node) => {
                let op = if node.value.is_some() { "=" } else { ":" };
                out.unpack(&node.target, node.value.as_deref(), op, Some(&node.annotation));
            }
            AnyNodeRef::StmtAugAssign(node) => {
                let op = format!("{}=", node.op.as_str());
                out.unpack(&node.target, Some(&node.value), &op, None);
            }
            AnyNodeRef::ExprNamed(node) => out.unpack(&node.target, Some(&node.value), ":=", None),
            _ => {}
        }
    }
}

struct Rows<'i, 'a, 'f> {
    index: &'i NodeIndex<'a>,
    entry: &'i NodeEntry<'a>,
    facts: &'f mut FileFacts,
}

impl Rows<'_, '_, '_> {
    /// One row per leaf target; a tuple/list value of the same length (no starred elements) is
    /// paired element by element, otherwise every leaf gets the whole value.
    fn unpack(&mut self, target: &Expr, value: Option<&Expr>, op: &str, annotation: Option<&Expr>) {
        let elements = |expr: &Expr| match expr {
            Expr::Tuple(tuple) => Some(tuple.elts.clone()),
            Expr::List(list) => Some(list.elts.clone()),
            _ => None,
        };
        let Some(targets) = elements(target) else {
            self.push(target, value, op, annotation);
            return;
        };
        let values = value.and_then(elements).filter(|values| {
            values.len() == targets.len()
                && !values.iter().chain(targets.iter()).any(|e| matches!(e, Expr::Starred(_)))
        });
        for (position, element) in targets.iter().enumerate() {
            let paired = values.as_ref().map(|v| &v[position]).or(value);
            self.unpack(element, paired, op, annotation);
        }
    }

    fn push(&mut self, target: &Expr, value: Option<&Expr>, op: &str, annotation: Option<&Expr>) {
        let index = self.index;
        let (kind, written) = match target {
            Expr::Name(_) => ("name", target),
            Expr::Attribute(_) => ("attribute", target),
            Expr::Subscript(_) => ("subscript", target),
            Expr::Starred(starred) => ("starred", &*starred.value),
            _ => ("other", target),
        };
        let (line, col) = index.position(target.start());
        let row = self.facts.push(
            Table::Assignments,
            [
                Value::File,
                scope_value(self.entry.scope),
                line.into(),
                col.into(),
                index.text(written).into(),
                kind.into(),
                op.into(),
                annotation.map(|a| index.text(a)).into(),
                value.map(|v| index.text(v)).into(),
            ],
        );
        if let Some(value) = value {
            for name in index.loaded_names(value.range()) {
                self.facts.push(Table::AssignmentSources, [row.into(), name.into()]);
            }
        }
    }
}
