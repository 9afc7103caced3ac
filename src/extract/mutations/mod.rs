//! State mutation (issue 11): attribute, class attribute, item, argument, global and nonlocal writes.

pub mod writes;

use super::Extractor;
use ruff_python_ast::NodeKind;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[Extractor {
    name: "mutations",
    kinds: &[
        NodeKind::StmtAssign,
        NodeKind::StmtAugAssign,
        NodeKind::StmtAnnAssign,
        NodeKind::StmtDelete,
        NodeKind::ExprNamed,
        NodeKind::ExprCall,
    ],
    run: writes::extract,
}];
