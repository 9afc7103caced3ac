//! Security (issue 10): security findings, SQL queries and their tables, JWT use.

mod auth;
pub mod bindings;
mod call_rules;
mod findings;
mod jwt;
mod jwt_uses;
mod queries;
mod secrets;
pub mod sinks;
pub mod site;
pub mod sql;
pub mod strings;

use ruff_python_ast::NodeKind;

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor {
        name: "security_findings",
        kinds: &[
            NodeKind::ExprCall,
            NodeKind::StmtAssign,
            NodeKind::StmtAnnAssign,
            NodeKind::ExprCompare,
            NodeKind::StmtFunctionDef,
            NodeKind::StmtClassDef,
            NodeKind::ExprDict,
            NodeKind::ExprStringLiteral,
            NodeKind::ExprFString,
        ],
        run: findings::extract,
    },
    Extractor {
        name: "sql_queries",
        kinds: &[NodeKind::ExprStringLiteral, NodeKind::ExprFString],
        run: queries::extract,
    },
    Extractor { name: "jwt_uses", kinds: &[NodeKind::ExprCall], run: jwt_uses::extract },
];
