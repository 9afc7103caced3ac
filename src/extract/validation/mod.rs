//! Validation (issue 9): Pydantic, Marshmallow, DRF serializers, WTForms.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
