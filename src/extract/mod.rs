//! Extractors: functions of the node index that return rows. One module per domain, one entry
//! per extractor in `EXTRACTORS` (the registry); `extract_file` is the thin orchestrator.
//!
//! An extractor reads `NodeIndex` (node lists by kind, scopes, names) and the fields of the nodes
//! it is handed; it never walks the tree (`tests/tidy.rs` checks that no extractor uses a visitor).

pub mod core;

use ruff_python_ast::NodeKind;

use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeId};
use crate::store::schema::Table;

/// One registered extractor.
pub struct Extractor {
    pub name: &'static str,
    /// Node kinds it reads; it is skipped when none occurs in the file (empty: always runs).
    pub kinds: &'static [NodeKind],
    pub run: fn(&NodeIndex<'_>, &mut FileFacts),
}

/// Every extractor, in the order they run. `symbols` comes first: other rows refer to scopes by
/// their `symbols` row.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor { name: "symbols", kinds: &[], run: core::symbols::extract },
    Extractor {
        name: "imports",
        kinds: &[NodeKind::StmtImport, NodeKind::StmtImportFrom],
        run: core::imports::extract,
    },
    Extractor { name: "calls", kinds: &[NodeKind::ExprCall], run: core::calls::extract },
    Extractor {
        name: "assignments",
        kinds: &[NodeKind::StmtAssign, NodeKind::StmtAnnAssign, NodeKind::StmtAugAssign, NodeKind::ExprNamed],
        run: core::assignments::extract,
    },
    Extractor { name: "returns", kinds: &[NodeKind::StmtReturn], run: core::returns::extract },
    Extractor { name: "name_uses", kinds: &[NodeKind::ExprName], run: core::name_uses::extract },
    Extractor { name: "dict_entries", kinds: &[NodeKind::ExprDict], run: core::dict_entries::extract },
];

/// Runs every registered extractor whose node kinds occur in the file.
pub fn extract_file(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for extractor in EXTRACTORS {
        if extractor.kinds.is_empty() || extractor.kinds.iter().any(|&kind| index.has_kind(kind)) {
            (extractor.run)(index, facts);
        }
    }
}

/// Runs one extractor by name (tests use this to check one domain's rows alone).
pub fn run_extractor(name: &str, index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let extractor =
        EXTRACTORS.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no extractor {name}"));
    (extractor.run)(index, facts);
}

/// The `scope_id` value of a fact inside `scope` (scopes and `symbols` rows share numbering).
pub fn scope_value(scope: Option<ScopeId>) -> Value<'static> {
    scope.map_or(Value::Null, |id| Value::Row(Table::Symbols, id))
}
