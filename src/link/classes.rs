//! `class_ancestors`: every class's ancestors, through the repository's own classes and across
//! files, up to the first class defined outside the repository (`django.db.models.Model`,
//! `pydantic.BaseModel`). Framework domains use it to recognise a model, schema or view whose
//! base class lives in another module of the repository (`class Invoice(BaseModel)` where
//! `BaseModel(models.Model)` is defined elsewhere).
//!
//! Runs inside the link transaction, after `link_names` (every repository symbol under each of
//! its importable names, re-exports included) is complete.

use anyhow::Result;
use rusqlite::Connection;

/// How many levels of inheritance are followed (a cycle stops at the first repeated ancestor).
const MAX_DEPTH: i64 = 32;

/// Fills `class_ancestors` from `class_bases` and the temporary `link_names`.
pub fn link_ancestors(tx: &Connection) -> Result<()> {
    // A repository class's canonical name: its path module and qualname (unimportable files: the
    // name as the base was written, qualified through imports).
    tx.execute_batch(
        "CREATE TEMP TABLE link_base_edges AS
             SELECT b.symbol_id AS class_id, b.position,
                    COALESCE(f.module || '.' || s.qualname, b.name_qualified) AS name, n.symbol_id AS ancestor_id
             FROM class_bases b
                 LEFT JOIN link_names n ON n.name = b.name_qualified
                 LEFT JOIN symbols s ON s.id = n.symbol_id
                 LEFT JOIN files f ON f.id = s.file_id
             WHERE b.keyword IS NULL AND b.name_qualified IS NOT NULL;
         CREATE INDEX link_base_edges_class ON link_base_edges(class_id);
         CREATE TEMP TABLE link_ancestry (
             class_id INTEGER NOT NULL, depth INTEGER NOT NULL, path TEXT NOT NULL,
             name TEXT NOT NULL, ancestor_id INTEGER
         );
         INSERT INTO link_ancestry
             SELECT class_id, 1, printf('%04d', position), name, ancestor_id FROM link_base_edges;
         CREATE INDEX link_ancestry_depth ON link_ancestry(depth);",
    )?;
    let mut climb = tx.prepare(
        "INSERT INTO link_ancestry
             SELECT a.class_id, a.depth + 1, a.path || printf('%04d', e.position), e.name, e.ancestor_id
             FROM link_ancestry a JOIN link_base_edges e ON e.class_id = a.ancestor_id
             WHERE a.depth = ?1 AND e.class_id != a.class_id",
    )?;
    for depth in 1..MAX_DEPTH {
        if climb.execute([depth])? == 0 {
            break;
        }
    }
    drop(climb);
    // One row per (class, ancestor): the nearest occurrence, breadth first in base order.
    tx.execute_batch(
        "INSERT INTO class_ancestors (class_id, depth, name, ancestor_id)
             SELECT class_id, depth, name, ancestor_id FROM (
                 SELECT class_id, depth, path, name, ancestor_id,
                        row_number() OVER (PARTITION BY class_id, name ORDER BY depth, path) AS nth
                 FROM link_ancestry WHERE class_id != COALESCE(ancestor_id, -1)
             )
             WHERE nth = 1
             ORDER BY class_id, depth, path;
         DROP TABLE link_ancestry;
         DROP TABLE link_base_edges;",
    )?;
    Ok(())
}
