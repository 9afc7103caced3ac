//! Control flow (issue 11): loops, branches (if/match/try), except handlers, simple statements.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
