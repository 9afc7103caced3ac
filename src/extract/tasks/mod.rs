//! Background tasks and GraphQL (issue 9): Celery tasks, calls, beat schedules; resolvers.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
