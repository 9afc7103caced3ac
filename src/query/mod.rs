//! Reading the index: finding the database (`--db`, or `.pyindex/index.db` in the current
//! directory or the nearest parent, as git finds `.git`), opening it read-only after checking its
//! schema version, and the queries people and agents ask, answered from the database alone.
//!
//! Every query is a `Query`; `run` answers it with an `Answer`, which serializes to JSON (serde)
//! and renders as tables (`crate::report`). The CLI and the MCP server (`crate::mcp`) share this
//! one entry point. A name or file that matches nothing is a `NotFound` error carrying near
//! matches, which the callers report apart from other failures (exit code 1, not 2).

pub mod calls;
pub mod file;
pub mod frameworks;
pub mod imports;
pub mod stats;
pub mod suggest;
pub mod symbols;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use crate::report::{Report, Section};
use crate::store::schema::SCHEMA_VERSION;

/// Where `pyindex index` writes the database, relative to the indexed root.
pub const DEFAULT_DB: &str = ".pyindex/index.db";

/// Rows a listing returns unless told otherwise.
pub const DEFAULT_LIMIT: usize = 100;

/// How many levels `--depth` may ask for (each level is one query per symbol reached).
pub const MAX_DEPTH: u32 = 32;

/// A name, file or module that matches nothing in the index (or, when `candidates` is set,
/// several files where one was needed).
#[derive(Debug, Clone, Serialize, thiserror::Error)]
pub struct NotFound {
    /// What was looked for: `symbol`, `file`, `module or file`, `callee`.
    pub what: &'static str,
    pub name: String,
    /// Near matches (by edit distance or substring), best first.
    pub near: Vec<String>,
    /// True when the name matched several files and one was needed; `near` lists them.
    pub ambiguous: bool,
}

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ambiguous {
            write!(f, "{} `{}` matches several files: {}", self.what, self.name, self.near.join(", "))
        } else {
            write!(f, "{} not found: {}", self.what, self.name)?;
            if !self.near.is_empty() {
                write!(f, " (did you mean: {}?)", self.near.join(", "))?;
            }
            Ok(())
        }
    }
}

/// The database of `explicit` (`--db`), or the nearest `.pyindex/index.db` at or above `start`.
pub fn find_database(explicit: Option<&Path>, start: &Path) -> Result<PathBuf> {
    if let Some(path) = explicit {
        if !path.is_file() {
            bail!("no index at {}: create it with `pyindex index REPOSITORY --db {0}`", path.display());
        }
        return Ok(path.to_path_buf());
    }
    let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
    for dir in start.ancestors() {
        let candidate = dir.join(DEFAULT_DB);
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    bail!(
        "no index found: neither {} nor any parent directory has {DEFAULT_DB}; create one by running \
         `pyindex index` at the repository root (or pass --db FILE)",
        start.display()
    )
}

/// An open, read-only index and what its `meta` table says.
pub struct Index {
    pub conn: Connection,
    pub path: PathBuf,
    /// The indexed root (`meta.root`), used to turn paths given on the command line into the
    /// repository-relative paths stored in `files.path`.
    pub root: Option<PathBuf>,
}

/// A connection that reads `path` and never writes it (see `Index::open`).
pub fn open_for_reading(path: &Path) -> rusqlite::Result<Connection> {
    let no_create = OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | no_create) {
        Ok(conn) => conn,
        Err(_) => Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | no_create)?,
    };
    conn.pragma_update(None, "query_only", true)?;
    Ok(conn)
}

impl Index {
    /// Opens `path` for reading and refuses a database that is not a pyindex index or was
    /// written by another schema version (its tables would be misread).
    ///
    /// The connection is read-write when the file allows it, with `query_only` on: SQLite must
    /// be able to roll back the journal an interrupted `pyindex index` update left (a read-only
    /// connection cannot, and would fail); queries still never write.
    pub fn open(path: &Path) -> Result<Index> {
        let conn =
            open_for_reading(path).with_context(|| format!("cannot open the index {}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |row| row.get(0))
            .optional()
            .ok()
            .flatten();
        let Some(version) = version else {
            bail!(
                "{} is not a pyindex index (no meta.schema_version); create one with `pyindex index`",
                path.display()
            );
        };
        if version.trim() != SCHEMA_VERSION.to_string() {
            bail!(
                "the index {} has schema version {version}, this pyindex reads version {SCHEMA_VERSION}: \
                 re-index with `pyindex index` to rebuild it",
                path.display()
            );
        }
        let root: Option<String> =
            conn.query_row("SELECT value FROM meta WHERE key = 'root'", [], |row| row.get(0)).optional()?;
        Ok(Index { conn, path: path.to_path_buf(), root: root.map(PathBuf::from) })
    }

    /// Finds (`find_database`) and opens the index.
    pub fn discover(explicit: Option<&Path>, start: &Path) -> Result<Index> {
        Index::open(&find_database(explicit, start)?)
    }

    /// `arg` as a repository-relative path: a path that exists on disk under the indexed root
    /// (relative to the current directory or absolute) is made relative to the root; anything
    /// else is taken as written, with `./` and `\` normalised.
    pub fn repo_relative(&self, arg: &str) -> String {
        let on_disk = Path::new(arg);
        if let (Some(root), Ok(absolute)) = (&self.root, on_disk.canonicalize())
            && let Ok(relative) = absolute.strip_prefix(root)
        {
            let text = relative.to_string_lossy().replace('\\', "/");
            if !text.is_empty() {
                return text;
            }
        }
        arg.trim_start_matches("./").replace('\\', "/")
    }
}

/// Filters of the framework listings; each listing uses the ones that apply to its table.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub framework: Option<String>,
    pub method: Option<String>,
    pub file: Option<String>,
    pub rule: Option<String>,
}

/// One question to the index.
#[derive(Debug, Clone)]
pub enum Query {
    Symbol { name: String },
    Callers { name: String, depth: u32 },
    Callees { name: String, depth: u32 },
    Imports { file: String },
    Importers { target: String },
    Routes(Filters),
    Models(Filters),
    Tasks(Filters),
    Findings(Filters),
    File { file: String },
    Stats,
}

/// The answer to a `Query`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Symbols(symbols::SymbolAnswer),
    Calls(calls::CallGraph),
    Imports(imports::ImportsAnswer),
    Importers(imports::ImportersAnswer),
    Routes(frameworks::Listing<frameworks::Route>),
    Models(frameworks::Listing<frameworks::Model>),
    Tasks(frameworks::Listing<frameworks::Task>),
    Findings(frameworks::Listing<frameworks::Finding>),
    File(file::FileSummary),
    Stats(stats::Stats),
}

/// Answers `query` with at most `limit` rows per list. A `NotFound` error (downcast it) means
/// the name or file matched nothing.
pub fn run(index: &Index, query: &Query, limit: usize) -> Result<Answer> {
    let limit = limit.max(1);
    Ok(match query {
        Query::Symbol { name } => Answer::Symbols(symbols::lookup(index, name, limit)?),
        Query::Callers { name, depth } => {
            Answer::Calls(calls::graph(index, name, calls::Direction::Callers, *depth, limit)?)
        }
        Query::Callees { name, depth } => {
            Answer::Calls(calls::graph(index, name, calls::Direction::Callees, *depth, limit)?)
        }
        Query::Imports { file } => Answer::Imports(imports::imports(index, file, limit)?),
        Query::Importers { target } => Answer::Importers(imports::importers(index, target, limit)?),
        Query::Routes(filters) => Answer::Routes(frameworks::routes(index, filters, limit)?),
        Query::Models(filters) => Answer::Models(frameworks::models(index, filters, limit)?),
        Query::Tasks(filters) => Answer::Tasks(frameworks::tasks(index, filters, limit)?),
        Query::Findings(filters) => Answer::Findings(frameworks::findings(index, filters, limit)?),
        Query::File { file } => Answer::File(file::summary(index, file, limit)?),
        Query::Stats => Answer::Stats(stats::stats(index)?),
    })
}

impl Report for Answer {
    fn sections(&self) -> Vec<Section> {
        match self {
            Answer::Symbols(a) => a.sections(),
            Answer::Calls(a) => a.sections(),
            Answer::Imports(a) => a.sections(),
            Answer::Importers(a) => a.sections(),
            Answer::Routes(a) => a.sections(),
            Answer::Models(a) => a.sections(),
            Answer::Tasks(a) => a.sections(),
            Answer::Findings(a) => a.sections(),
            Answer::File(a) => a.sections(),
            Answer::Stats(a) => a.sections(),
        }
    }
}

/// Collects at most `limit` items of `rows`, and whether more were left out.
pub(crate) fn take_limited<T>(
    rows: impl Iterator<Item = rusqlite::Result<T>>,
    limit: usize,
) -> Result<(Vec<T>, bool)> {
    let mut items = Vec::new();
    for row in rows {
        let row = row?;
        if items.len() == limit {
            return Ok((items, true));
        }
        items.push(row);
    }
    Ok((items, false))
}

/// `path:line` as shown in tables.
pub(crate) fn location(path: &str, line: i64) -> String {
    format!("{path}:{line}")
}

/// The dotted name of a definition across the repository: its module and qualname
/// (`pkg.mod.Class.method`), or the qualname alone in a file without a module name.
pub(crate) fn full_name(module: Option<&str>, qualname: &str) -> String {
    match module {
        Some(module) if !module.is_empty() => format!("{module}.{qualname}"),
        _ => qualname.to_owned(),
    }
}
