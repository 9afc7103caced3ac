//! The repository-wide link stage: after every file is loaded, resolve what one file says about
//! another. Imports point to repository files; calls (and re-exported names, transitively)
//! point to repository symbols. Runs as SQL over the loaded tables: no source is re-read and
//! memory does not grow with the repository.

use anyhow::{Context, Result};
use rusqlite::Connection;

/// How many re-export hops (`from .impl import f` in a package `__init__`) are followed.
const MAX_REEXPORT_HOPS: usize = 16;

pub fn link(conn: &Connection) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    tx.execute_batch(
        "UPDATE imports SET resolved_file_id = COALESCE(
             CASE WHEN name IS NOT NULL AND NOT is_star THEN
                 (SELECT f.id FROM files f WHERE f.module = imports.resolved_name ORDER BY f.is_stub, f.id LIMIT 1)
             END,
             (SELECT f.id FROM files f WHERE f.module = imports.resolved_module ORDER BY f.is_stub, f.id LIMIT 1))
         WHERE resolved_module IS NOT NULL;

         CREATE TEMP TABLE link_names (name TEXT PRIMARY KEY, symbol_id INTEGER NOT NULL) WITHOUT ROWID;
         INSERT OR IGNORE INTO link_names
             SELECT CASE WHEN f.module = '' THEN s.qualname ELSE f.module || '.' || s.qualname END, s.id
             FROM symbols s JOIN files f ON f.id = s.file_id
             WHERE s.kind != 'lambda' AND f.module IS NOT NULL
             ORDER BY f.is_stub, s.id;",
    )
    .context("cannot resolve imports")?;
    // Names a module binds by importing them resolve to what they import (re-exports).
    let mut reexport = tx.prepare(
        "INSERT OR IGNORE INTO link_names
             SELECT CASE WHEN f.module = '' THEN i.bound_name ELSE f.module || '.' || i.bound_name END, n.symbol_id
             FROM imports i JOIN files f ON f.id = i.file_id JOIN link_names n ON n.name = i.resolved_name
             WHERE i.scope_id IS NULL AND i.bound_name IS NOT NULL AND f.module IS NOT NULL
               AND (i.name IS NOT NULL OR i.alias IS NOT NULL)
             ORDER BY i.id",
    )?;
    for _ in 0..MAX_REEXPORT_HOPS {
        if reexport.execute([])? == 0 {
            break;
        }
    }
    drop(reexport);
    tx.execute_batch(
        "UPDATE calls SET target_symbol_id = link_names.symbol_id
         FROM link_names WHERE link_names.name = calls.callee_qualified;
         DROP TABLE link_names;",
    )
    .context("cannot resolve calls")?;
    tx.commit()?;
    Ok(())
}
