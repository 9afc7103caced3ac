//! Django and Flask application items (issue 9): views, forms, admin, middleware, signals, hooks, extensions.

pub mod django;
pub mod flask_app;

use ruff_python_ast::NodeKind;

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor {
        name: "django_items",
        kinds: &[NodeKind::StmtClassDef, NodeKind::StmtFunctionDef, NodeKind::ExprCall],
        run: django::extract,
    },
    Extractor {
        name: "flask_app",
        kinds: &[NodeKind::StmtFunctionDef, NodeKind::ExprCall],
        run: flask_app::extract,
    },
];
