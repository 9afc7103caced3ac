//! `import_conditions`: the conditions an import depends on, one row per enclosing `try` body,
//! `except` handler, `if`/`elif`/`else` branch or `case` between the import statement and its
//! scope (innermost first), for each `imports` row of the statement: `try: import ujson as json
//! / except ImportError: import json`, `if sys.version_info >= (3, 11): import tomllib`, `if
//! TYPE_CHECKING:`. Rows refer to `imports` rows by position: the `imports` extractor pushes one
//! row per binding of `names::import_statements`, in the order used here.
//! Node kinds: StmtImport, StmtImportFrom (their ancestors through the index).

use ruff_python_ast::{AnyNodeRef, ExceptHandler};
use ruff_text_size::{Ranged, TextRange};

use crate::facts::{FileFacts, Value};
use crate::index::names::import_statements;
use crate::index::{NodeEntry, NodeIndex};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let mut import_row = 0u32;
    for (entry, bindings) in import_statements(index) {
        let conditions = conditions(index, entry);
        for _ in &bindings {
            for (depth, (kind, detail)) in conditions.iter().enumerate() {
                facts.push(
                    Table::ImportConditions,
                    [
                        Value::Row(Table::Imports, import_row),
                        depth.into(),
                        (*kind).into(),
                        detail.as_deref().into(),
                    ],
                );
            }
            import_row += 1;
        }
    }
}

/// The conditions around a statement inside its scope, innermost first: (kind, detail).
fn conditions(index: &NodeIndex<'_>, entry: &NodeEntry<'_>) -> Vec<(&'static str, Option<String>)> {
    let mut found = Vec::new();
    let mut child = entry.node.range();
    for (_, ancestor) in index.ancestors(entry) {
        let condition = match ancestor.node {
            AnyNodeRef::StmtFunctionDef(_) | AnyNodeRef::StmtClassDef(_) | AnyNodeRef::ExprLambda(_) => break,
            AnyNodeRef::StmtTry(node) if within(&node.body, child) => {
                let caught: Vec<&str> = node
                    .handlers
                    .iter()
                    .map(|ExceptHandler::ExceptHandler(h)| h.type_.as_deref().map_or("", |t| index.text(t)))
                    .collect();
                Some(("try", Some(caught.join(", "))))
            }
            AnyNodeRef::ExceptHandlerExceptHandler(handler) => {
                Some(("except", handler.type_.as_deref().map(|t| index.text(t).to_owned())))
            }
            AnyNodeRef::StmtIf(node) if within(&node.body, child) => {
                Some(("if", Some(index.text(&*node.test).to_owned())))
            }
            AnyNodeRef::ElifElseClause(clause) => Some(match &clause.test {
                Some(test) => ("elif", Some(index.text(test).to_owned())),
                None => ("else", if_test(index, ancestor)),
            }),
            AnyNodeRef::MatchCase(case) => Some(("case", Some(index.text(&case.pattern).to_owned()))),
            _ => None,
        };
        found.extend(condition);
        child = ancestor.node.range();
    }
    found
}

/// Whether `range` lies inside the statements `body`.
fn within(body: &[ruff_python_ast::Stmt], range: TextRange) -> bool {
    body.first()
        .zip(body.last())
        .is_some_and(|(first, last)| first.start() <= range.start() && range.end() <= last.end())
}

/// The test of the `if` an `else` clause belongs to.
fn if_test(index: &NodeIndex<'_>, clause: &NodeEntry<'_>) -> Option<String> {
    let (_, parent) = index.ancestors(clause).next()?;
    match parent.node {
        AnyNodeRef::StmtIf(node) => Some(index.text(&*node.test).to_owned()),
        _ => None,
    }
}
