//! Expressions (issue 11): comprehensions, walrus/ternary/f-/t-strings/await/yield/starred/slice, operators.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
