//! ORM models (issue 9): SQLAlchemy, SQLModel and Django models, fields, relationships, and the
//! module-level base objects (`declarative_base()`, `SQLAlchemy()`) the link stage needs.
//! `known` is shared with the validation and web domains (framework bases, class
//! classification, literal readers).

pub mod django;
pub mod known;
pub mod models;
pub mod sqlalchemy;
pub mod sqlmodel;

use super::Extractor;
use ruff_python_ast::NodeKind;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor {
        name: "framework_bases",
        kinds: &[NodeKind::StmtAssign, NodeKind::StmtAnnAssign],
        run: models::extract_bases,
    },
    Extractor { name: "orm_models", kinds: &[NodeKind::StmtClassDef], run: models::extract },
];
