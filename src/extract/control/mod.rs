//! Control flow (issue 11): loops, branches (if/match/try) with match cases, except handlers,
//! simple and `with` statements. `enclosing` holds the scope-bounded ancestor queries this
//! domain and the expressions domain share.

pub mod branches;
pub mod enclosing;
pub mod except_handlers;
pub mod loops;
pub mod statements;

use ruff_python_ast::NodeKind;

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor { name: "loops", kinds: loops::LOOP_KINDS, run: loops::extract },
    Extractor {
        name: "branches",
        kinds: &[NodeKind::StmtIf, NodeKind::StmtMatch, NodeKind::StmtTry],
        run: branches::extract,
    },
    Extractor {
        name: "except_handlers",
        kinds: &[NodeKind::ExceptHandlerExceptHandler],
        run: except_handlers::extract,
    },
    Extractor { name: "statements", kinds: statements::STATEMENT_KINDS, run: statements::extract },
];
