//! Standard-library use (issue 11): collection methods and stdlib module families.

pub mod collection_ops;
pub mod local_types;
pub mod stdlib_uses;

use super::Extractor;
use ruff_python_ast::NodeKind;

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
