//! Classes and functions (issue 11): class features, descriptors, protocols, function features.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
