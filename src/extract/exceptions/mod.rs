//! Exceptions (issue 10): `raise` statements and `finally` blocks with their cleanup calls.
//! (`except` handlers and their handling strategy are language-feature rows: `except_handlers`.)

pub mod finally_blocks;
pub mod raises;

use ruff_python_ast::NodeKind;

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor { name: "raises", kinds: &[NodeKind::StmtRaise], run: raises::extract },
    Extractor { name: "finally_blocks", kinds: &[NodeKind::StmtTry], run: finally_blocks::extract },
];
