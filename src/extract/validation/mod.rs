//! Validation (issue 9): Pydantic, Marshmallow, DRF serializers, WTForms: schemas, their fields
//! (with constraints) and validators (with the fields they validate).

pub mod schemas;

use super::Extractor;
use ruff_python_ast::NodeKind;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] =
    &[Extractor { name: "schemas", kinds: &[NodeKind::StmtClassDef], run: schemas::extract }];
