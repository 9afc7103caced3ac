//! Control-flow graphs (issue 10): blocks, edges and statements per function, method, class
//! body, lambda and module. `graphs.rs` is the extractor; `builder.rs` builds one graph from one
//! scope's statement list (the one bounded, per-scope recursion over statements, see its doc);
//! `statement.rs` describes the statement rows.

mod builder;
mod graphs;
mod statement;

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[Extractor { name: "cfg", kinds: &[], run: graphs::extract }];
