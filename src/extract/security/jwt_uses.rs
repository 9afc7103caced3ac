//! `jwt_uses` and `jwt_algorithms`: one row per JWT encode/decode call (see `jwt.rs` for what
//! is recognised), with the key's source and the algorithms in a child table. Node kinds:
//! ExprCall.

use super::bindings::Bindings;
use super::jwt::jwt_use;
use super::site::call_sites_named;
use super::strings::shorten;
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let bindings = Bindings::build(index);
    for site in call_sites_named(index, |name| matches!(name, "encode" | "decode" | "decode_complete")) {
        let Some(jwt) = jwt_use(index, &bindings, &site) else { continue };
        let (line, col) = index.position(ruff_text_size::Ranged::start(site.call));
        let row = facts.push(
            Table::JwtUses,
            [
                Value::File,
                scope_value(site.entry.scope),
                line.into(),
                col.into(),
                Value::Row(Table::Calls, site.row),
                site.callee().into(),
                jwt.library.into(),
                jwt.operation.into(),
                jwt.secret_source.into(),
                jwt.secret.map(|s| shorten(index.text(s), 200)).into(),
                jwt.disabled_by.is_some().into(),
                jwt.disabled_by.into(),
            ],
        );
        for (position, algorithm) in jwt.algorithms.into_iter().enumerate() {
            facts.push(Table::JwtAlgorithms, [row.into(), position.into(), algorithm.into()]);
        }
    }
}
