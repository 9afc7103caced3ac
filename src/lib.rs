//! pyindex: a walk-once static indexer for Python repositories.
//!
//! Pipeline (see ARCHITECTURE.md): `discover` → per file in parallel (`source` → `parse` →
//! `index` → `extract`) → `store` (one writer) → `link` (repository-wide) → finalize.

pub mod diagnostic;
pub mod discover;
pub mod extract;
pub mod facts;
pub mod floor;
pub mod index;
pub mod link;
pub mod parse;
pub mod pipeline;
pub mod source;
pub mod store;
pub mod update;
