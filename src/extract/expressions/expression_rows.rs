//! `expressions`: one row per assignment expression (`:=`), conditional expression, f-string,
//! t-string (PEP 750), `await`, `yield`, `yield from`, starred expression outside an assignment
//! target, and slice, with the text that matters for each and whether it runs inside a loop.
//! Node kinds: ExprNamed, ExprIf, ExprFString, ExprTString, ExprAwait, ExprYield,
//! ExprYieldFrom, ExprStarred, ExprSlice.

use ruff_python_ast::{AnyNodeRef, ExprContext, InterpolatedStringElement, NodeKind};
use ruff_text_size::Ranged;

use super::super::control::enclosing::in_loop;
use super::super::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::store::schema::Table;

pub const EXPRESSION_KINDS: &[NodeKind] = &[
    NodeKind::ExprNamed,
    NodeKind::ExprIf,
    NodeKind::ExprFString,
    NodeKind::ExprTString,
    NodeKind::ExprAwait,
    NodeKind::ExprYield,
    NodeKind::ExprYieldFrom,
    NodeKind::ExprStarred,
    NodeKind::ExprSlice,
];

/// The columns of a row after `kind`, except `in_loop`.
struct Columns<'a> {
    kind: &'static str,
    detail: Option<&'a str>,
    value: Option<&'a str>,
    count: Option<usize>,
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (_, entry) in index.of_kinds(EXPRESSION_KINDS) {
        let Some(columns) = columns(index, entry.node) else { continue };
        let (line, col) = index.position(entry.node.start());
        facts.push(
            Table::Expressions,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                columns.kind.into(),
                columns.detail.into(),
                columns.value.into(),
                columns.count.into(),
                in_loop(index, entry).into(),
            ],
        );
    }
}

/// The row of one node; `None` for a starred assignment target (`a, *rest = ...`, which
/// `assignments` records).
fn columns<'a>(index: &NodeIndex<'a>, node: AnyNodeRef<'a>) -> Option<Columns<'a>> {
    let text = |expr: &dyn Ranged| Some(index.slice(expr.range()));
    let row = |kind, detail| Columns { kind, detail, value: None, count: None };
    Some(match node {
        AnyNodeRef::ExprNamed(node) => {
            Columns { kind: "walrus", detail: text(&*node.target), value: text(&*node.value), count: None }
        }
        AnyNodeRef::ExprIf(node) => row("ternary", text(&*node.test)),
        AnyNodeRef::ExprFString(node) => Columns {
            kind: "fstring",
            detail: text(node),
            value: None,
            count: Some(interpolations(node.value.elements())),
        },
        AnyNodeRef::ExprTString(node) => Columns {
            kind: "tstring",
            detail: text(node),
            value: None,
            count: Some(interpolations(node.value.elements())),
        },
        AnyNodeRef::ExprAwait(node) => row("await", text(&*node.value)),
        AnyNodeRef::ExprYield(node) => row("yield", node.value.as_deref().and_then(|v| text(v))),
        AnyNodeRef::ExprYieldFrom(node) => row("yield_from", text(&*node.value)),
        AnyNodeRef::ExprStarred(node) if node.ctx == ExprContext::Load => row("starred", text(&*node.value)),
        AnyNodeRef::ExprSlice(node) => row("slice", text(node)),
        _ => return None,
    })
}

/// The replacement fields (`{...}`) of an f- or t-string, over all its implicitly concatenated
/// parts; fields nested in a format spec (`{x:{width}}`) are part of their field.
fn interpolations<'e>(elements: impl Iterator<Item = &'e InterpolatedStringElement>) -> usize {
    elements.filter(|element| matches!(element, InterpolatedStringElement::Interpolation(_))).count()
}
