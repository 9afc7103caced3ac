//! Security (issue 10): security findings, SQL queries and their tables, JWT use.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
