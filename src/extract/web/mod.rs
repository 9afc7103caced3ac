//! Django and Flask application items (issue 9): views, forms, admin, middleware, signals, hooks, extensions.

pub mod django;
pub mod flask_app;

use ruff_python_ast::NodeKind;

use super::Extractor;
use crate::facts::{FileFacts, RowRef, Value};
use crate::index::ScopeId;
use crate::store::schema::Table;

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

/// Pushes one `framework_items` row (shared by the web, tasks and GraphQL extractors).
pub fn push_item(
    facts: &mut FileFacts,
    symbol: Option<ScopeId>,
    line: u32,
    framework: &str,
    kind: &str,
    name: Option<&str>,
    target: Option<&str>,
) -> RowRef {
    let symbol = symbol.map_or(Value::Null, |s| Value::Row(Table::Symbols, s));
    facts.push(
        Table::FrameworkItems,
        [Value::File, symbol, line.into(), framework.into(), kind.into(), name.into(), target.into()],
    )
}

/// Pushes one `framework_item_details` row on the item's own line.
pub fn push_detail(facts: &mut FileFacts, item: RowRef, key: &str, value: Option<&str>) {
    push_detail_at(facts, item, None, key, value);
}

/// Pushes one `framework_item_details` row with the line the fact comes from.
pub fn push_detail_at(
    facts: &mut FileFacts,
    item: RowRef,
    line: Option<u32>,
    key: &str,
    value: Option<&str>,
) {
    facts.push(Table::FrameworkItemDetails, [item.into(), line.into(), key.into(), value.into()]);
}
