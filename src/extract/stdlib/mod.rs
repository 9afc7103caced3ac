//! Standard-library use (issue 11): collection methods and stdlib module families.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
