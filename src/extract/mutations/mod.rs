//! State mutation (issue 11): attribute, class attribute, item, argument, global and nonlocal writes.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
