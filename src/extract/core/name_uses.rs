//! `name_uses`: every read, write and deletion of a plain name. Node kinds: ExprName.

use ruff_python_ast::ExprContext;
use ruff_text_size::Ranged;

use super::super::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (name, entry) in index.names_used() {
        let ctx = match name.ctx {
            ExprContext::Load => "load",
            ExprContext::Store => "store",
            ExprContext::Del => "del",
            // Only produced by error recovery; the name is still a use.
            ExprContext::Invalid => "load",
        };
        let (line, col) = index.position(name.start());
        facts.push(
            Table::NameUses,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                name.id.as_str().into(),
                ctx.into(),
            ],
        );
    }
}
