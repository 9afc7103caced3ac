//! Testing (issue 10): test cases, assertions, fixtures, parametrize, markers, hooks, mocks.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
