//! Data flow (issue 10): I/O operations, parameter-to-return flow, closure captures, conditional
//! calls. (Nonlocal and global writes are the `mutations` table's.)

mod closures;
mod conditions;
mod io;
mod params;

use ruff_python_ast::NodeKind;

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor {
        name: "io_operations",
        kinds: &[NodeKind::ExprCall, NodeKind::ExprSubscript],
        run: io::extract,
    },
    Extractor {
        name: "param_flows",
        kinds: &[NodeKind::StmtReturn, NodeKind::ExprLambda],
        run: params::extract,
    },
    Extractor {
        name: "closure_captures",
        kinds: &[NodeKind::StmtFunctionDef, NodeKind::ExprLambda],
        run: closures::extract,
    },
    Extractor { name: "conditional_calls", kinds: &[NodeKind::StmtIf], run: conditions::extract },
];
