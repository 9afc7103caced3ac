//! Types (issue 10): PEP 695 type parameters, type aliases, generics, TypedDicts, literals, overloads.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
