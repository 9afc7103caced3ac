//! Web routes (issue 9): Flask, FastAPI, Django URLconfs and DRF, with their controls.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
