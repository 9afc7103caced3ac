//! Background tasks and GraphQL (issue 9): Celery tasks, calls, beat schedules; resolvers.

pub mod definitions;
pub mod graphql;
pub mod invocations;
pub mod schedules;

use ruff_python_ast::NodeKind;

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor { name: "tasks", kinds: &[NodeKind::StmtFunctionDef], run: definitions::extract },
    Extractor { name: "task_calls", kinds: &[NodeKind::ExprCall], run: invocations::extract },
    Extractor {
        name: "beat_schedules",
        kinds: &[NodeKind::StmtAssign, NodeKind::ExprCall, NodeKind::StmtFunctionDef],
        run: schedules::extract,
    },
    Extractor {
        name: "graphql_resolvers",
        kinds: &[NodeKind::StmtClassDef, NodeKind::StmtAssign],
        run: graphql::extract,
    },
];
