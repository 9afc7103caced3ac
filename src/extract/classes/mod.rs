//! Classes and functions (issue 11): class features, descriptors, protocols, function features,
//! and the module-level facts about imports (conditions, module attributes, dynamic imports).

pub mod helpers;

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
