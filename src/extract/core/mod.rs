//! The core domain: definitions, imports, calls, assignments, returns, name uses, dict literals.

pub mod assignments;
pub mod calls;
pub mod dict_entries;
pub mod imports;
pub mod name_uses;
pub mod returns;
pub mod symbols;

use super::Extractor;
use ruff_python_ast::NodeKind;

/// The core domain's extractors. `symbols` comes first: other rows refer to scopes by their
/// `symbols` row.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor { name: "symbols", kinds: &[], run: symbols::extract },
    Extractor {
        name: "imports",
        kinds: &[NodeKind::StmtImport, NodeKind::StmtImportFrom],
        run: imports::extract,
    },
    Extractor { name: "calls", kinds: &[NodeKind::ExprCall], run: calls::extract },
    Extractor {
        name: "assignments",
        kinds: &[NodeKind::StmtAssign, NodeKind::StmtAnnAssign, NodeKind::StmtAugAssign, NodeKind::ExprNamed],
        run: assignments::extract,
    },
    Extractor { name: "returns", kinds: &[NodeKind::StmtReturn], run: returns::extract },
    Extractor { name: "name_uses", kinds: &[NodeKind::ExprName], run: name_uses::extract },
    Extractor { name: "dict_entries", kinds: &[NodeKind::ExprDict], run: dict_entries::extract },
];
