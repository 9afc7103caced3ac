//! The orchestrator of `pyindex index`: discover → per-file stage in parallel → one writer →
//! link → indexes and meta → atomic move into place.
//!
//! The per-file stage (`index_file`) is a pure function of the path and its bytes: read, decode,
//! parse, build the node index, run the extractors, return rows. Files are processed in ordered
//! batches on a rayon pool whose threads have large stacks; batches stream to the writer thread
//! through a bounded channel, so memory is bounded by a few batches, whatever the repository size.

use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::{Instant, SystemTime};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::discover::{self, DiscoverOptions, Discovered};
use crate::extract;
use crate::facts::{FileFacts, Value};
use crate::index::{FileContext, NodeIndex};
use crate::parse::{self, LineIndex};
use crate::source;
use crate::store::schema::{self, TABLES, Table};
use crate::store::writer;
use crate::update;
use rusqlite::Connection;

/// Files per batch handed to the writer; bounds memory and keeps files in order.
const BATCH_FILES: usize = 128;
/// Stack of each worker thread: deep (but accepted) nesting recurses in the parser and the walk.
const WORKER_STACK: usize = 256 << 20;
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub root: PathBuf,
    /// Where the database goes; default `ROOT/.pyindex/index.db`.
    pub db: Option<PathBuf>,
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    pub discover: DiscoverOptions,
    pub max_file_bytes: u64,
    /// Folders (relative to the root) holding top-level packages, as in a `src/` layout.
    pub source_roots: Vec<String>,
    /// Build a new index even when the existing one could be updated in place.
    pub full: bool,
}

impl IndexOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        IndexOptions {
            root: root.into(),
            db: None,
            threads: 0,
            discover: DiscoverOptions::default(),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            source_roots: vec!["src".to_owned()],
            full: false,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    pub db: PathBuf,
    /// `full` (a new database) or `incremental` (the existing one updated in place).
    pub mode: &'static str,
    /// Files discovered.
    pub files: u64,
    /// Files whose `status` is not `ok` (in the whole index).
    pub files_with_errors: u64,
    /// Files read and indexed by this run (all of them in a full run; new and changed ones in
    /// an incremental run).
    pub files_indexed: u64,
    /// Files an incremental run kept as they were.
    pub files_unchanged: u64,
    /// Files an incremental run removed from the index.
    pub files_removed: u64,
    /// Rows written by this run per table, in schema order (a JSON object).
    #[serde(serialize_with = "as_object")]
    pub rows: Vec<(String, u64)>,
    pub total_rows: u64,
    pub warnings: Vec<String>,
    /// Seconds per stage, in order (a JSON object): discover, extract_and_load, link, indexes,
    /// finish; an incremental run has discover, compare, and when files changed delete,
    /// extract_and_load and link, then finish.
    #[serde(serialize_with = "as_object")]
    pub stages: Vec<(String, f64)>,
    /// Seconds the writer spent inserting (within extract_and_load, overlapping extraction).
    pub writer_busy_seconds: f64,
    pub seconds: f64,
}

/// Serializes `(name, value)` pairs as one JSON object, keeping their order.
fn as_object<S: serde::Serializer, T: serde::Serialize>(
    pairs: &[(String, T)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (name, value) in pairs {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// Progress callbacks (the CLI draws a bar; tests pass `()`).
pub trait Progress: Sync {
    fn start(&self, _files: u64) {}
    fn advance(&self, _files: u64) {}
    /// A stage after the per-file work begins (`linking`, `building indexes`).
    fn stage(&self, _name: &str) {}
    fn finish(&self) {}
}
impl Progress for () {}

/// Indexes `options.root`: updates the existing index in place when it can (see `update`),
/// otherwise builds a new database and moves it over the old one once complete.
pub fn run(options: &IndexOptions, progress: &dyn Progress) -> Result<Summary> {
    let started = Instant::now();
    let root = resolve_root(&options.root)?;
    let db = match &options.db {
        Some(db) => db.clone(),
        None => default_db_dir(&root)?.join("index.db"),
    };
    if let Some(dir) = db.parent().filter(|dir| !dir.as_os_str().is_empty() && !dir.is_dir()) {
        bail!("cannot write the index to {}: directory {} does not exist", db.display(), dir.display());
    }
    let mut stages = Stages::new();
    let discovery = discover::discover(&root, &options.discover)?;
    stages.done("discover");
    let mut warnings = discovery.warnings;
    let pool = worker_pool(options.threads, "pyindex-worker")?;
    if !options.full && db.exists() {
        match update::open_existing(&db, &root, options) {
            Ok(conn) => {
                // What a killed full run may have left.
                remove_if_exists(&temp_path(&db))?;
                let mut summary = run_update(conn, &root, discovery.files, options, &pool, progress, stages)?;
                summary.db = db;
                summary.warnings = warnings;
                summary.seconds = started.elapsed().as_secs_f64();
                return Ok(summary);
            }
            Err(reason) => warnings.push(format!("rebuilding the index {}: {reason}", db.display())),
        }
    }
    let files = discovery.files;
    let temp = TempFile::new(temp_path(&db))?;
    let conn = writer::create(&temp.0)?;
    progress.start(files.len() as u64);
    let (mut conn, loaded, files_with_errors) = extract_and_load(conn, &files, options, &pool, progress)?;
    stages.done("extract_and_load");
    progress.stage("linking");
    crate::link::link(&mut conn, &options.source_roots)?;
    stages.done("link");
    progress.stage("building indexes");
    writer::create_indexes(&conn, schema::INDEXES)?;
    stages.done("indexes");
    writer::write_meta(&conn, &meta(&root, options))?;
    conn.close().map_err(|(_, e)| e).context("cannot close the database")?;
    temp.move_to(&db)?;
    stages.done("finish");
    progress.finish();

    let rows: Vec<(String, u64)> =
        TABLES.iter().zip(&loaded.rows).map(|(t, &n)| (t.name.to_owned(), n)).collect();
    Ok(Summary {
        db,
        mode: "full",
        files: files.len() as u64,
        files_with_errors,
        files_indexed: files.len() as u64,
        files_unchanged: 0,
        files_removed: 0,
        total_rows: loaded.rows.iter().sum(),
        rows,
        warnings,
        stages: stages.0,
        writer_busy_seconds: loaded.busy_seconds,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The `meta` rows of an index built or updated now.
fn meta(root: &Path, options: &IndexOptions) -> Vec<(&'static str, String)> {
    let mut meta = update::expected_meta(root, options);
    meta.push(("built_at", utc_timestamp(SystemTime::now())));
    meta
}

/// Seconds per stage, in order.
struct Stages(Vec<(String, f64)>, Instant);

impl Stages {
    fn new() -> Self {
        Stages(Vec::new(), Instant::now())
    }

    fn done(&mut self, name: &str) {
        self.0.push((name.to_owned(), self.1.elapsed().as_secs_f64()));
        self.1 = Instant::now();
    }
}

fn add_rows(total: &mut [u64], rows: &[u64]) {
    for (sum, n) in total.iter_mut().zip(rows) {
        *sum += n;
    }
}

/// Runs the per-file stage over `files` in ordered batches on `pool`, streaming the rows to one
/// writer thread that loads them into `conn`. Returns the connection, what was loaded and how
/// many files had problems.
fn extract_and_load(
    conn: Connection,
    files: &[Discovered],
    options: &IndexOptions,
    pool: &rayon::ThreadPool,
    progress: &dyn Progress,
) -> Result<(Connection, writer::Loaded, u64)> {
    let (sender, receiver) = sync_channel::<Vec<FileFacts>>(2);
    std::thread::scope(|scope| -> Result<_> {
        let writer = std::thread::Builder::new()
            .name("pyindex-writer".into())
            .spawn_scoped(scope, move || {
                let mut conn = conn;
                let loaded = writer::load(&mut conn, receiver);
                (conn, loaded)
            })
            .context("cannot start the writer thread")?;
        let mut files_with_errors = 0u64;
        for chunk in files.chunks(BATCH_FILES) {
            let batch: Vec<(FileFacts, bool)> = pool
                .install(|| chunk.par_iter().map(|file| index_file(file, options.max_file_bytes)).collect());
            files_with_errors += batch.iter().filter(|(_, failed)| *failed).count() as u64;
            progress.advance(chunk.len() as u64);
            if sender.send(batch.into_iter().map(|(facts, _)| facts).collect()).is_err() {
                break; // The writer failed; its error is reported below.
            }
        }
        drop(sender);
        let (conn, loaded) = writer.join().map_err(|_| anyhow::anyhow!("the writer thread panicked"))?;
        Ok((conn, loaded?, files_with_errors))
    })
}

/// Updates an existing index in one transaction: only new and changed files are indexed, the
/// rows of changed and removed files are replaced, and the link stage is redone when anything
/// changed. A no-change run reads no file whose size and modification time are as recorded.
fn run_update(
    conn: Connection,
    root: &Path,
    files: Vec<Discovered>,
    options: &IndexOptions,
    pool: &rayon::ThreadPool,
    progress: &dyn Progress,
    mut stages: Stages,
) -> Result<Summary> {
    conn.execute_batch("BEGIN IMMEDIATE").context("cannot update the index (is another run using it?)")?;
    let changes = update::changes(&conn, &files, options.max_file_bytes, pool)?;
    update::record_touched(&conn, &changes.touched)?;
    stages.done("compare");
    let mut rows = vec![0u64; TABLES.len()];
    let mut writer_busy_seconds = 0.0;
    let mut conn = conn;
    let mut files_indexed = changes.to_index.len() as u64;
    let mut files_unchanged = changes.unchanged;
    if !changes.is_empty() {
        update::delete_files(&conn, &changes.stale_ids)?;
        let last_kept_id = update::last_file_id(&conn)?;
        stages.done("delete");
        let mut load = |conn, files: &[Discovered]| -> Result<Connection> {
            let (conn, loaded, _) = extract_and_load(conn, files, options, pool, progress)?;
            add_rows(&mut rows, &loaded.rows);
            writer_busy_seconds += loaded.busy_seconds;
            Ok(conn)
        };
        progress.start(changes.to_index.len() as u64);
        conn = load(conn, &changes.to_index)?;
        // Files whose framework rows link steps confirmed, dropped or extended from other files
        // are extracted again (and what those steps added elsewhere is removed), unless the
        // repository has no framework facts for them to act on.
        if !changes.linked.is_empty() && crate::link::has_framework_anchors(&conn)? {
            update::delete_files(&conn, &changes.linked_ids)?;
            update::delete_link_rows(&conn, last_kept_id)?;
            progress.start((changes.to_index.len() + changes.linked.len()) as u64);
            conn = load(conn, &changes.linked)?;
            files_indexed += changes.linked.len() as u64;
        } else {
            files_unchanged += changes.linked.len() as u64;
        }
        stages.done("extract_and_load");
        progress.stage("linking");
        crate::link::unlink(&conn)?;
        crate::link::link(&mut conn, &options.source_roots)?;
        stages.done("link");
    }
    writer::write_meta(&conn, &meta(root, options))?;
    conn.execute_batch("COMMIT").context("cannot commit the update")?;
    let files_with_errors: i64 =
        conn.query_row("SELECT count(*) FROM files WHERE status != 'ok'", [], |row| row.get(0))?;
    conn.close().map_err(|(_, e)| e).context("cannot close the database")?;
    stages.done("finish");
    progress.finish();
    Ok(Summary {
        db: PathBuf::new(),
        mode: "incremental",
        files: files.len() as u64,
        files_with_errors: files_with_errors as u64,
        files_indexed,
        files_unchanged,
        files_removed: changes.removed,
        total_rows: rows.iter().sum(),
        rows: TABLES.iter().zip(&rows).map(|(t, &n)| (t.name.to_owned(), n)).collect(),
        warnings: Vec::new(),
        stages: stages.0,
        writer_busy_seconds,
        seconds: 0.0,
    })
}

/// The indexed root, absolute, or a clear error when it does not exist.
pub fn resolve_root(root: &Path) -> Result<PathBuf> {
    if !root.exists() {
        bail!("path {} does not exist", root.display());
    }
    root.canonicalize().with_context(|| format!("cannot resolve {}", root.display()))
}

/// The pool the per-file stage runs on: `threads` workers (0: one per core) with stacks large
/// enough for the deepest nesting `parse::check_nesting` lets through.
pub fn worker_pool(threads: usize, name: &'static str) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(WORKER_STACK)
        .thread_name(move |i| format!("{name}-{i}"))
        .build()
        .context("cannot start worker threads")
}

/// `ROOT/.pyindex`, created with a `.gitignore` of `*` so it never shows in `git status`.
fn default_db_dir(root: &Path) -> Result<PathBuf> {
    let dir =
        if root.is_file() { root.parent().unwrap_or(root).join(".pyindex") } else { root.join(".pyindex") };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(&ignore, "*\n").with_context(|| format!("cannot write {}", ignore.display()))?;
    }
    Ok(dir)
}

fn temp_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    db.with_file_name(name)
}

fn remove_if_exists(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// The database being built: removed if the run fails, renamed over the old one if it succeeds.
struct TempFile(PathBuf);

impl TempFile {
    /// Claims `path`, removing what a killed run may have left there.
    fn new(path: PathBuf) -> Result<Self> {
        remove_if_exists(&path)?;
        Ok(TempFile(path))
    }

    /// Replaces the old database by the new one in one rename. Journals of the old database are
    /// removed first: SQLite would otherwise replay them onto the new file.
    fn move_to(self, db: &Path) -> Result<()> {
        for suffix in ["-journal", "-wal", "-shm"] {
            let mut name = db.as_os_str().to_os_string();
            name.push(suffix);
            remove_if_exists(Path::new(&name))?;
        }
        std::fs::rename(&self.0, db).with_context(|| format!("cannot move the new index to {}", db.display()))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // After a successful rename there is nothing left to remove.
        let _ = std::fs::remove_file(&self.0);
    }
}

/// How far the per-file stage goes (benchmarks measure the stages apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Read, decode, parse and the one walk building the node index: the benchmark floor.
    Walk,
    /// Everything: the extractors run too.
    Extract,
}

/// The per-file stage: every row of one file (its `files` row included) and whether it had a
/// problem. Never fails: problems become `diagnostics` rows, and a bug in pyindex that panics on
/// one file costs that file's facts, not the run.
pub fn index_file(file: &Discovered, max_file_bytes: u64) -> (FileFacts, bool) {
    index_file_to(file, max_file_bytes, Depth::Extract)
}

/// `index_file`, stopping at `depth`.
pub fn index_file_to(file: &Discovered, max_file_bytes: u64, depth: Depth) -> (FileFacts, bool) {
    let (module, is_package) = discover::module_for_path(&file.rel_path);
    let context = FileContext { path: file.rel_path.clone(), module, is_package };
    let index = || index_file_unguarded(file, &context, max_file_bytes, depth);
    std::panic::catch_unwind(index).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("unknown panic");
        let mut record = FileRecord::default();
        record.diagnostics.push(Diagnostic::new(
            DiagnosticKind::InternalError,
            format!("pyindex failed on this file: {message}"),
        ));
        let mut facts = FileFacts::default();
        record.push(&context, file, discover::is_stub_path(&file.rel_path), &mut facts);
        (facts, true)
    })
}

fn index_file_unguarded(
    file: &Discovered,
    context: &FileContext,
    max_file_bytes: u64,
    depth: Depth,
) -> (FileFacts, bool) {
    let is_stub = discover::is_stub_path(&file.rel_path);
    let mut facts = FileFacts::default();
    let mut record = FileRecord::default();
    match &file.problem {
        Some(problem) => record.diagnostics.push(problem.clone()),
        None => match source::read_source(&file.abs_path, max_file_bytes) {
            Err(problem) => record.diagnostics.push(problem),
            Ok(source) => {
                record.bytes = Some(source.bytes);
                record.hash = source.hash;
                record.mtime_ns = source.mtime_ns;
                record.diagnostics.extend(source.decoded.diagnostic);
                if !source.decoded.encoding.is_empty() {
                    record.encoding = Some(source.decoded.encoding);
                }
                if let Some(text) = source.decoded.text {
                    let lines = LineIndex::new(&text);
                    record.lines = Some(lines.line_count());
                    let diagnostics = &mut record.diagnostics;
                    extract_text(context, &text, &lines, is_stub, depth, &mut facts, diagnostics);
                }
            }
        },
    }
    let failed = !record.diagnostics.is_empty();
    record.push(context, file, is_stub, &mut facts);
    (facts, failed)
}

/// Parses, indexes and (at `Depth::Extract`) extracts one decoded text.
pub fn extract_text(
    context: &FileContext,
    text: &str,
    lines: &LineIndex,
    is_stub: bool,
    depth: Depth,
    facts: &mut FileFacts,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match parse::parse(text, lines, is_stub) {
        Err(problem) => diagnostics.push(problem),
        Ok((parsed, syntax_errors)) => {
            diagnostics.extend(syntax_errors);
            let index = NodeIndex::build(context, text, lines, parsed.syntax());
            if depth == Depth::Extract {
                extract::extract_file(&index, facts);
            }
        }
    }
}

#[derive(Default)]
struct FileRecord {
    bytes: Option<u64>,
    hash: Option<String>,
    mtime_ns: Option<i64>,
    lines: Option<u32>,
    encoding: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

impl FileRecord {
    fn push(self, context: &FileContext, file: &Discovered, is_stub: bool, facts: &mut FileFacts) {
        let status = self.diagnostics.first().map_or("ok", |d| d.kind.as_str());
        facts.push(
            Table::Files,
            [
                context.path.as_str().into(),
                discover::is_importable(&context.path).then_some(context.module.as_str()).into(),
                self.hash.into(),
                self.bytes.map(|b| b as i64).into(),
                self.lines.into(),
                self.encoding.into(),
                context.is_package.into(),
                is_stub.into(),
                discover::is_test_path(&file.rel_path).into(),
                status.into(),
                self.mtime_ns.into(),
                crate::link::rewritten_tables().any(|table| facts.row_count(table) > 0).into(),
            ],
        );
        for diagnostic in self.diagnostics {
            facts.push(
                Table::Diagnostics,
                [
                    Value::File,
                    diagnostic.line.into(),
                    diagnostic.col.into(),
                    diagnostic.kind.as_str().into(),
                    diagnostic.message.into(),
                ],
            );
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` (UTC), without a date-time dependency.
pub fn utc_timestamp(time: SystemTime) -> String {
    let secs = time.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_iso() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_651_200 + 3_723);
        assert_eq!(utc_timestamp(t), "2026-11-26T01:02:03Z");
        assert_eq!(utc_timestamp(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
    }
}
