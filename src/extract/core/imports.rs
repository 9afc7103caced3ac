//! `imports`: one row per imported name, every form (`import a.b as c`, `from ..x import y`,
//! star, imports inside functions and under `if TYPE_CHECKING:`), with relative levels resolved
//! against the file's package. `resolved_file_id` is filled by the link stage.
//! Node kinds: StmtImport, StmtImportFrom.

use ruff_text_size::Ranged;

use super::super::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::index::names::import_statements;
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (entry, bindings) in import_statements(index) {
        let (line, col) = index.position(entry.node.start());
        for binding in bindings {
            facts.push(
                Table::Imports,
                [
                    Value::File,
                    scope_value(entry.scope),
                    line.into(),
                    col.into(),
                    binding.module.into(),
                    binding.name.into(),
                    binding.alias.into(),
                    binding.bound_name.into(),
                    binding.level.into(),
                    binding.is_star.into(),
                    entry.in_type_checking.into(),
                    binding.resolved_module.into(),
                    binding.resolved_name.into(),
                    Value::Null,
                ],
            );
        }
    }
}
