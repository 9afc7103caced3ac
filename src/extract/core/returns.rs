//! `returns` and `return_sources`: every `return`, scoped to its own function, with the names
//! its value reads. Node kinds: StmtReturn.

use super::super::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::store::schema::Table;
use ruff_text_size::Ranged;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (node, entry) in index.returns() {
        let (line, col) = index.position(node.start());
        let value = node.value.as_deref();
        let row = facts.push(
            Table::Returns,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                value.map(|v| index.text(v)).into(),
            ],
        );
        if let Some(value) = value {
            for name in index.loaded_names(value.range()) {
                facts.push(Table::ReturnSources, [row.into(), name.into()]);
            }
        }
    }
}
