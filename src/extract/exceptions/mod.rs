//! Exceptions (issue 10): raise sites and finally blocks.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
