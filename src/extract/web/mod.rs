//! Django and Flask application items (issue 9): views, forms, admin, middleware, signals, hooks, extensions.

pub mod django;

use super::Extractor;
use ruff_python_ast::NodeKind;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[Extractor {
    name: "django_items",
    kinds: &[NodeKind::StmtClassDef, NodeKind::StmtFunctionDef, NodeKind::ExprCall],
    run: django::extract,
}];
