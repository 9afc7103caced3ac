//! Data flow (issue 10): I/O operations, parameter-to-return flow, closure captures, nonlocal writes.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
