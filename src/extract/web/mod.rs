//! Django and Flask application items (issue 9): views, forms, admin, middleware, signals, hooks, extensions.

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[];
