//! The floor of `pyindex index`, for benchmarks (`pyindex floor`, bench/).
//!
//! Runs discovery and the per-file stage of the pipeline (the same code, on a pool like the
//! pipeline's) without the writer: at `Depth::Walk` it reads, decodes, parses and builds each
//! `NodeIndex` (the parse-only floor: the full index can never be faster), at `Depth::Extract` it
//! also runs the extractors. Comparing both with a full run separates what extraction and what
//! SQLite cost on top of parsing.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;

use crate::discover::{self, DiscoverOptions};
use crate::facts::{FileFacts, Value};
use crate::pipeline::{DEFAULT_MAX_FILE_BYTES, Depth, index_file_to, resolve_root, worker_pool};
use crate::store::schema::Table;

/// What a floor run did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FloorStats {
    /// Python files discovered.
    pub files: u64,
    /// Bytes read from them.
    pub bytes: u64,
    /// Rows produced (only the `files` rows and diagnostics at `Depth::Walk`).
    pub rows: u64,
    /// Wall-clock seconds, discovery included.
    pub seconds: f64,
    /// With profiling: CPU seconds per domain (summed over files and threads), in registry order.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "as_object")]
    pub domain_seconds: Vec<(String, f64)>,
}

fn as_object<S: serde::Serializer>(pairs: &[(String, f64)], serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (name, value) in pairs {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// Discovers the Python files under `root` and runs the per-file stage on each up to `depth`,
/// dropping the rows. `threads` as for the pipeline: 0 is one per core.
pub fn run_without_store(root: &Path, threads: usize, depth: Depth) -> Result<FloorStats> {
    let started = Instant::now();
    let root = resolve_root(root)?;
    let files = discover::discover(&root, &DiscoverOptions::default())?.files;
    let pool = worker_pool(threads, "pyindex-floor")?;
    let (bytes, rows) = pool.install(|| {
        files
            .par_iter()
            .map(|file| {
                let (facts, _) = index_file_to(file, DEFAULT_MAX_FILE_BYTES, depth);
                (file_bytes(&facts), facts.total_rows() as u64)
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    let seconds = started.elapsed().as_secs_f64();
    let mut domain_seconds: Vec<(String, f64)> = Vec::new();
    if crate::extract::profile::enabled() {
        for (domain, _, spent) in crate::extract::profile::report() {
            match domain_seconds.last_mut() {
                Some((last, total)) if last == domain => *total += spent,
                _ => domain_seconds.push((domain.to_owned(), spent)),
            }
        }
    }
    Ok(FloorStats { files: files.len() as u64, bytes, rows, seconds, domain_seconds })
}

/// The `bytes` column of the file's `files` row.
fn file_bytes(facts: &FileFacts) -> u64 {
    let bytes_column = Table::Files.def().columns.iter().position(|c| c.name == "bytes");
    facts
        .rows(Table::Files)
        .next()
        .and_then(|row| match bytes_column.map(|i| &row[i]) {
            Some(Value::Int(n)) => Some(*n as u64),
            _ => None,
        })
        .unwrap_or(0)
}
