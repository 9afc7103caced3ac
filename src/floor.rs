//! The parse-only floor of `pyindex index`, for benchmarks (`pyindex floor`, bench/).
//!
//! It does what the pipeline must do before any fact exists: discovery, then per file, in
//! parallel on a pool like the pipeline's, read (with the hash), decode, parse and the one walk
//! that builds the `NodeIndex`, and nothing more: no extraction, no storage, no link. The full
//! index can never be faster than this; the ratio of the two says what extraction and storage
//! cost on top of it.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::discover::{self, DiscoverOptions, Discovered};
use crate::index::{FileContext, NodeIndex};
use crate::parse::{self, LineIndex};
use crate::pipeline::{DEFAULT_MAX_FILE_BYTES, WORKER_STACK};
use crate::source;

/// What a floor run did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FloorStats {
    /// Python files discovered.
    pub files: u64,
    /// Bytes read from them.
    pub bytes: u64,
    /// Wall-clock seconds, discovery included.
    pub seconds: f64,
}

/// Discovers the Python files under `root` and reads, decodes, parses and indexes each one,
/// dropping the results. `threads` as for the pipeline: 0 is one per core.
pub fn parse_floor(root: &Path, threads: usize) -> Result<FloorStats> {
    let started = Instant::now();
    if !root.exists() {
        bail!("path {} does not exist", root.display());
    }
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", root.display()))?;
    let files = discover::discover(&root, &DiscoverOptions::default())?.files;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(WORKER_STACK)
        .thread_name(|i| format!("pyindex-floor-{i}"))
        .build()
        .context("cannot start worker threads")?;
    // A panic on one file (a bug, which the pipeline also survives) costs that file only.
    let bytes: u64 = pool.install(|| {
        files
            .par_iter()
            .map(|file| std::panic::catch_unwind(|| floor_file(file)).unwrap_or(0))
            .sum()
    });
    Ok(FloorStats {
        files: files.len() as u64,
        bytes,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// One file's share of the floor; returns the bytes read.
fn floor_file(file: &Discovered) -> u64 {
    if file.problem.is_some() {
        return 0;
    }
    let Ok(source) = source::read_source(&file.abs_path, DEFAULT_MAX_FILE_BYTES) else {
        return 0;
    };
    if let Some(text) = &source.decoded.text {
        let is_stub = discover::is_stub_path(&file.rel_path);
        let (module, is_package) = discover::module_for_path(&file.rel_path);
        let context = FileContext {
            path: file.rel_path.clone(),
            module,
            is_package,
        };
        let lines = LineIndex::new(text);
        if let Ok((parsed, _syntax_errors)) = parse::parse(text, &lines, is_stub) {
            let index = NodeIndex::build(&context, text, &lines, parsed.syntax());
            std::hint::black_box(index.node_count());
        }
    }
    source.bytes
}
