//! pyindex: a walk-once static indexer for Python repositories.
//!
//! Pipeline (see ARCHITECTURE.md): `discover` → per file in parallel (`source` → `parse` →
//! `index` → `extract`) → `store` (one writer) → `link` (repository-wide) → finalize.
//! Reading (see ARCHITECTURE.md): `query` (database discovery, the queries) → `report` (tables),
//! `sarif` (export) and `mcp` (the queries for agents).

pub mod diagnostic;
pub mod discover;
pub mod extract;
pub mod facts;
pub mod floor;
pub mod index;
pub mod link;
pub mod mcp;
pub mod parse;
pub mod pipeline;
pub mod query;
pub mod report;
pub mod sarif;
pub mod source;
pub mod store;
pub mod update;
