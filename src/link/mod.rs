//! The repository-wide link stage: after every file is loaded, resolve what one file says about
//! another. Imports point to repository files; calls (and re-exported names, transitively)
//! point to repository symbols. Runs as SQL over the loaded tables: no source is re-read and
//! memory does not grow with the repository.
//!
//! Members a class inherits resolve to the base class's definition.
//!
//! A file is importable by its path-derived module name (`files.module`) and, under a source
//! root such as `src/`, by that name without the root (`src/pkg/a.py` is also `pkg.a`), as Python
//! sees it once the root is on `sys.path`. An exact module name wins over a stripped one, and a
//! `.py` file over its `.pyi` stub. Ties are broken by path, never by id: an incremental run
//! renumbers the files it re-reads, and must link exactly as a full index does.

mod classes;
mod frameworks_orm;
mod frameworks_routes;

use anyhow::{Context, Result};
use rusqlite::Connection;

use crate::store::schema::Table;

/// How many re-export hops (`from .impl import f` in a package `__init__`) are followed.
const MAX_REEXPORT_HOPS: usize = 16;
/// How many levels of inheritance are followed for inherited members.
const MAX_INHERITANCE_DEPTH: usize = 16;

/// Links the loaded tables; `source_roots` are folders (relative to the indexed root) that hold
/// top-level packages.
pub fn link(conn: &mut Connection, source_roots: &[String]) -> Result<()> {
    let tx = conn.savepoint()?;
    tx.execute_batch(
        "CREATE TEMP TABLE link_modules (
             name TEXT PRIMARY KEY, file_id INTEGER NOT NULL, under_root INTEGER NOT NULL
         ) WITHOUT ROWID;
         INSERT OR IGNORE INTO link_modules
             SELECT module, id, 0 FROM files WHERE module IS NOT NULL ORDER BY is_stub, path;",
    )?;
    let mut under_root = tx.prepare(
        "INSERT OR IGNORE INTO link_modules
             SELECT substr(module, length(?1) + 1), id, 1 FROM files
             WHERE substr(module, 1, length(?1)) = ?1 AND length(module) > length(?1)
             ORDER BY is_stub, path",
    )?;
    for root in source_roots {
        let prefix = format!("{}.", root.trim_matches('/').replace('/', "."));
        under_root.execute([prefix])?;
    }
    drop(under_root);
    tx.execute_batch(
        "UPDATE imports SET resolved_file_id = COALESCE(
             CASE WHEN name IS NOT NULL AND NOT is_star THEN
                 (SELECT file_id FROM link_modules WHERE name = imports.resolved_name)
             END,
             (SELECT file_id FROM link_modules WHERE name = imports.resolved_module))
         WHERE resolved_module IS NOT NULL;

         CREATE TEMP TABLE link_names (name TEXT PRIMARY KEY, symbol_id INTEGER NOT NULL) WITHOUT ROWID;
         INSERT OR IGNORE INTO link_names
             SELECT m.name || '.' || s.qualname, s.id
             FROM symbols s JOIN link_modules m ON m.file_id = s.file_id JOIN files f ON f.id = s.file_id
             WHERE s.kind != 'lambda'
             ORDER BY m.under_root, f.path, s.id;",
    )
    .context("cannot resolve imports")?;
    // Names a module binds by importing them resolve to what they import (re-exports).
    let mut reexport = tx.prepare(
        "INSERT OR IGNORE INTO link_names
             SELECT m.name || '.' || i.bound_name, n.symbol_id
             FROM imports i JOIN link_modules m ON m.file_id = i.file_id
                 JOIN link_names n ON n.name = i.resolved_name JOIN files f ON f.id = i.file_id
             WHERE i.scope_id IS NULL AND i.bound_name IS NOT NULL
               AND (i.name IS NOT NULL OR i.alias IS NOT NULL)
             ORDER BY m.under_root, f.path, i.id",
    )?;
    for _ in 0..MAX_REEXPORT_HOPS {
        if reexport.execute([])? == 0 {
            break;
        }
    }
    drop(reexport);
    resolve_inherited_members(&tx).context("cannot resolve inherited methods")?;
    classes::link_ancestors(&tx).context("cannot resolve class ancestors")?;
    frameworks_orm::link_framework_models(&tx).context("cannot confirm framework models and schemas")?;

    frameworks_routes::link_routes(&tx).context("cannot link routes")?;
    tx.execute_batch(
        "UPDATE calls SET target_symbol_id = link_names.symbol_id
         FROM link_names WHERE link_names.name = calls.callee_qualified;
         DROP TABLE link_names;
         DROP TABLE link_modules;",
    )
    .context("cannot resolve calls")?;
    tx.commit()?;
    Ok(())
}

/// The tables whose per-file rows framework link steps add to, change or delete (confirming
/// candidates across files, adding inverse relations, copying inherited fields). Those steps
/// cannot be undone from what remains, so an incremental run re-extracts every file that had
/// rows in these tables (`files.has_linked_facts`) and deletes what link added elsewhere before
/// linking again.
pub fn rewritten_tables() -> impl Iterator<Item = Table> {
    [frameworks_orm::REWRITTEN, frameworks_routes::REWRITTEN].into_iter().flatten().copied()
}

/// Whether the index holds framework facts that framework link steps act on (anything but
/// unconfirmed candidates). Without them those steps drop every candidate and add nothing, so
/// an incremental run need not re-extract the files with candidates.
pub fn has_framework_anchors(conn: &Connection) -> Result<bool> {
    let sql = format!("SELECT EXISTS ({} UNION ALL {})", frameworks_orm::ANCHORS, frameworks_routes::ANCHORS);
    Ok(conn.query_row(&sql, [], |row| row.get(0))?)
}

/// Undoes `link`: clears every value it writes, so an incremental run can link again from the
/// per-file rows alone. Every link step lists what it writes here.
pub fn unlink(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "UPDATE imports SET resolved_file_id = NULL WHERE resolved_file_id IS NOT NULL;
         UPDATE calls SET target_symbol_id = NULL WHERE target_symbol_id IS NOT NULL;
         DELETE FROM class_ancestors;",
    )
    .context("cannot undo the link stage")
}

/// Names that calls use as `self.member` / `cls.member` and that the class does not define
/// (`self.describe()` in a subclass), and `super().member()` calls, resolve to the member of the
/// nearest base class that defines it: each round climbs one level of bases, in base order (as
/// Python's MRO mostly does), for the called names only.
fn resolve_inherited_members(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "CREATE INDEX link_names_symbol ON link_names(symbol_id);
         CREATE TEMP TABLE link_bases AS
             SELECT c.name AS class_name, b.name_qualified AS base_name, b.position
             FROM class_bases b JOIN link_names c ON c.symbol_id = b.symbol_id
             WHERE b.keyword IS NULL AND b.name_qualified IS NOT NULL;
         CREATE INDEX link_bases_class ON link_bases(class_name);
         -- Unresolved `self.m` / `cls.m` calls: class `pkg.mod.C`, member `m`.
         CREATE TEMP TABLE link_climb AS
             SELECT DISTINCT callee_qualified AS name,
                    substr(callee_qualified, 1, length(callee_qualified) - length(member) - 1) AS class,
                    member, 0 AS depth, '' AS path
             FROM (SELECT callee_qualified, substr(callee, instr(callee, '.') + 1) AS member FROM calls
                   WHERE (callee LIKE 'self.%' OR callee LIKE 'cls.%') AND callee_qualified IS NOT NULL)
             WHERE instr(member, '.') = 0 AND class IN (SELECT class_name FROM link_bases)
               AND name NOT IN (SELECT name FROM link_names);
         -- `super().m()` in a method of class `pkg.mod.C`: the same climb from C's bases, under a
         -- name of its own (C's own `m` must not answer it).
         CREATE TEMP TABLE link_super AS
             SELECT c.id AS call_id, m.name || '.' || k.qualname AS class, substr(c.callee, 9) AS member
             FROM calls c JOIN symbols f ON f.id = c.scope_id JOIN symbols k ON k.id = f.parent_id
                 JOIN link_modules m ON m.file_id = c.file_id AND m.under_root = 0
             WHERE c.callee LIKE 'super().%' AND f.kind = 'method' AND k.kind = 'class';
         INSERT INTO link_climb
             SELECT DISTINCT class || '.<super>.' || member, class, member, 0, '' FROM link_super;",
    )?;
    let mut climb = tx.prepare(
        "INSERT INTO link_climb
             SELECT c.name, b.base_name, c.member, ?1 + 1, c.path || printf('%04d', b.position)
             FROM link_climb c JOIN link_bases b ON b.class_name = c.class
             WHERE c.depth = ?1 AND c.name NOT IN (SELECT name FROM link_names)",
    )?;
    let mut resolve = tx.prepare(
        "INSERT OR IGNORE INTO link_names
             SELECT c.name, n.symbol_id FROM link_climb c JOIN link_names n ON n.name = c.class || '.' || c.member
             WHERE c.depth = ?1
             ORDER BY c.path",
    )?;
    for depth in 0..MAX_INHERITANCE_DEPTH as i64 {
        if climb.execute([depth])? == 0 {
            break;
        }
        resolve.execute([depth + 1])?;
    }
    drop((climb, resolve));
    tx.execute_batch(
        "UPDATE calls SET target_symbol_id = n.symbol_id
         FROM link_super s JOIN link_names n ON n.name = s.class || '.<super>.' || s.member
         WHERE calls.id = s.call_id;
         DROP TABLE link_super;
         DROP TABLE link_climb;
         DROP TABLE link_bases;
         DROP INDEX link_names_symbol;",
    )?;
    Ok(())
}
