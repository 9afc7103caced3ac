//! Data flow (issue 10): I/O operations, parameter-to-return flow, closure captures, conditional
//! calls. (Nonlocal and global writes are the `mutations` table's.)

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
