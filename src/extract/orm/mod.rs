//! ORM models (issue 9): SQLAlchemy and Django models, fields, relationships.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
