//! Incremental update of an existing index: re-read only the files whose size or modification
//! time changed, let their content hash decide whether their facts changed, replace the rows of
//! changed and removed files, add new files, and re-link; all in one SQLite transaction on the
//! existing database, so a kill at any moment leaves the previous index (SQLite rolls the
//! journal back on the next open).
//!
//! The per-file stage is a pure function of a file's path and bytes, so an unchanged file's rows
//! are already right; everything that depends on other files is written by the link stage, which
//! is undone and redone over the whole database whenever a file changes. The result holds the
//! same facts as a full index of the same tree (ids aside).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::discover::Discovered;
use crate::pipeline::IndexOptions;
use crate::source;
use crate::store::schema::SCHEMA_VERSION;

/// The meta values an existing index must share with this run to be updated in place.
pub fn expected_meta(root: &Path, options: &IndexOptions) -> Vec<(&'static str, String)> {
    vec![
        ("schema_version", SCHEMA_VERSION.to_string()),
        ("pyindex_version", env!("CARGO_PKG_VERSION").to_owned()),
        ("root", root.display().to_string()),
        ("source_roots", options.source_roots.join("\n")),
        ("max_file_bytes", options.max_file_bytes.to_string()),
        ("domains", crate::extract::selection::describe()),
    ]
}

/// Opens the index at `db` for an update, or says why it must be rebuilt instead (written by
/// another schema or pyindex version, for another root or other options, or not an index).
pub fn open_existing(db: &Path, root: &Path, options: &IndexOptions) -> Result<Connection, String> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| format!("cannot open it ({e})"))?;
    for (key, want) in expected_meta(root, options) {
        let found: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0))
            .optional()
            .map_err(|e| format!("it is not a pyindex index ({e})"))?;
        match found {
            Some(value) if value == want => {}
            Some(value) => return Err(format!("it was built with {key} {value:?}, this run uses {want:?}")),
            None => return Err(format!("it has no {key}")),
        }
    }
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         PRAGMA journal_mode = DELETE;
         PRAGMA cache_size = -65536;",
    )
    .map_err(|e| format!("cannot use it ({e})"))?;
    Ok(conn)
}

/// A file as the existing index has it.
struct Stored {
    id: i64,
    bytes: Option<i64>,
    mtime_ns: Option<i64>,
    hash: Option<String>,
    status: String,
    has_linked_facts: bool,
}

/// What changed since the existing index, file by file.
#[derive(Default)]
pub struct Changes {
    /// New files and files whose content changed: to index.
    pub to_index: Vec<Discovered>,
    /// Ids of the rows to delete: removed files and the old rows of changed files.
    pub stale_ids: Vec<i64>,
    /// Files with the same content but a new modification time: (id, mtime).
    pub touched: Vec<(i64, Option<i64>)>,
    pub added: u64,
    pub changed: u64,
    /// Unchanged files whose rows the link stage rewrites (`files.has_linked_facts`), with their
    /// ids: indexed again when the update has framework facts to link.
    pub linked: Vec<Discovered>,
    pub linked_ids: Vec<i64>,
    pub removed: u64,
    pub unchanged: u64,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.to_index.is_empty() && self.stale_ids.is_empty()
    }
}

/// Compares the discovered files with the index: size and modification time first; when they
/// differ, the content hash decides. Files that could not be read before are read again.
pub fn changes(
    conn: &Connection,
    files: &[Discovered],
    max_file_bytes: u64,
    pool: &rayon::ThreadPool,
) -> Result<Changes> {
    let mut stored: HashMap<String, Stored> = HashMap::new();
    {
        let mut query =
            conn.prepare("SELECT id, path, bytes, mtime_ns, hash, status, has_linked_facts FROM files")?;
        let mut rows = query.query([])?;
        while let Some(row) = rows.next()? {
            let file = Stored {
                id: row.get(0)?,
                bytes: row.get(2)?,
                mtime_ns: row.get(3)?,
                hash: row.get(4)?,
                status: row.get(5)?,
                has_linked_facts: row.get(6)?,
            };
            stored.insert(row.get(1)?, file);
        }
    }
    let mut changes = Changes::default();
    let mut suspects: Vec<(&Discovered, &Stored)> = Vec::new();
    // Unchanged files whose rows the link stage rewrites: indexed again if anything changed.
    let mut linked: Vec<(&Discovered, &Stored)> = Vec::new();
    for file in files {
        match stored.get(&file.rel_path) {
            None => {
                changes.added += 1;
                changes.to_index.push(file.clone());
            }
            Some(old) if file.problem.is_none() && old.status != "read_error" && same_stamp(file, old) => {
                if old.has_linked_facts {
                    linked.push((file, old));
                } else {
                    changes.unchanged += 1;
                }
            }
            Some(old) => suspects.push((file, old)),
        }
    }
    // Hash the suspects in parallel; equal hashes mean equal facts.
    let verdicts: Vec<Option<Option<i64>>> = pool.install(|| {
        suspects
            .par_iter()
            .map(|(file, old)| {
                if file.problem.is_some() || old.hash.is_none() {
                    return None;
                }
                let read = source::read_source(&file.abs_path, max_file_bytes).ok()?;
                (read.hash.is_some() && read.hash == old.hash).then_some(read.mtime_ns)
            })
            .collect()
    });
    for ((file, old), verdict) in suspects.into_iter().zip(verdicts) {
        match verdict {
            Some(mtime_ns) => {
                changes.touched.push((old.id, mtime_ns));
                if old.has_linked_facts {
                    linked.push((file, old));
                } else {
                    changes.unchanged += 1;
                }
            }
            None => {
                changes.changed += 1;
                changes.stale_ids.push(old.id);
                changes.to_index.push(file.clone());
            }
        }
    }
    let present: HashSet<&str> = files.iter().map(|f| f.rel_path.as_str()).collect();
    for (path, old) in &stored {
        if !present.contains(path.as_str()) {
            changes.removed += 1;
            changes.stale_ids.push(old.id);
        }
    }
    // Link steps may have confirmed, deleted or added rows of these files using other files:
    // indexed again after any change when the repository has framework facts (`run_update`).
    if changes.added + changes.changed + changes.removed > 0 {
        for (file, old) in linked {
            changes.linked.push(file.clone());
            changes.linked_ids.push(old.id);
        }
    } else {
        changes.unchanged += linked.len() as u64;
    }
    changes.stale_ids.sort_unstable();
    changes.linked_ids.sort_unstable();
    changes.to_index.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    changes.linked.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    Ok(changes)
}

fn same_stamp(file: &Discovered, old: &Stored) -> bool {
    let Ok(meta) = std::fs::metadata(&file.abs_path) else { return false };
    let (bytes, mtime_ns) = source::stamp(&meta);
    old.bytes == Some(bytes as i64) && old.mtime_ns.is_some() && old.mtime_ns == mtime_ns
}

/// Records the new modification times of files whose content did not change.
pub fn record_touched(conn: &Connection, touched: &[(i64, Option<i64>)]) -> Result<()> {
    let mut update = conn.prepare("UPDATE files SET mtime_ns = ?2 WHERE id = ?1")?;
    for (id, mtime_ns) in touched {
        update.execute((id, mtime_ns))?;
    }
    Ok(())
}

/// Deletes the rows of `stale_ids` (removed files and the old version of changed ones).
pub fn delete_files(conn: &Connection, stale_ids: &[i64]) -> Result<()> {
    conn.execute_batch("CREATE TEMP TABLE stale_files (id INTEGER PRIMARY KEY)")?;
    {
        let mut insert = conn.prepare("INSERT INTO temp.stale_files (id) VALUES (?1)")?;
        for id in stale_ids {
            insert.execute([id])?;
        }
    }
    crate::store::writer::delete_stale_files(conn).context("cannot delete the rows of changed files")?;
    conn.execute_batch("DROP TABLE temp.stale_files")?;
    Ok(())
}

/// Deletes what link steps added to files that are not indexed again: every row of the tables
/// those steps rewrite that belongs to a file with an id up to `last_kept_id` (files indexed by
/// this run have higher ids; the rewritten tables of the others held no rows of their own).
pub fn delete_link_rows(conn: &Connection, last_kept_id: i64) -> Result<()> {
    let tables: Vec<_> = crate::link::rewritten_tables().map(|table| table.def()).collect();
    crate::store::writer::delete_rows_of_files(conn, &tables, &format!("<= {last_kept_id}"))
}

/// The highest file id in the index (new rows get higher ones).
pub fn last_file_id(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COALESCE(MAX(id), 0) FROM files", [], |row| row.get(0))?)
}
