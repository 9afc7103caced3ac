//! Standard-library use (issue 11): collection methods and stdlib module families.

pub mod collection_ops;
pub mod local_types;
pub mod stdlib_uses;

use super::Extractor;
use crate::index::{NodeEntry, NodeIndex};
use ruff_python_ast::{AnyNodeRef, NodeKind};

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor {
        name: "collection_ops",
        kinds: &[NodeKind::ExprCall, NodeKind::Decorator],
        run: collection_ops::extract,
    },
    Extractor {
        name: "stdlib_uses",
        kinds: &[NodeKind::ExprCall, NodeKind::Decorator],
        run: stdlib_uses::extract,
    },
];

/// Whether a call or name is a decorator: the `Decorator` node itself, or a call that is a
/// decorator's whole expression (`@lru_cache(maxsize=32)`).
pub fn is_decorator(index: &NodeIndex<'_>, entry: &NodeEntry<'_>) -> bool {
    match entry.node {
        AnyNodeRef::Decorator(_) => true,
        _ => entry.parent.is_some_and(|parent| matches!(index.node(parent).node, AnyNodeRef::Decorator(_))),
    }
}
