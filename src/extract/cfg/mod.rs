//! Control-flow graphs (issue 10): blocks, edges and statements per function and module.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
