//! The single writer: creates a fresh database, bulk-loads the per-file rows with one prepared
//! statement per table inside one transaction, and turns per-file row references into global
//! ids (files in the order received, rows in source order: deterministic).

use std::path::Path;
use std::sync::mpsc::Receiver;

use anyhow::{Context, Result};
use rusqlite::{Connection, Statement};

use super::schema::{self, TABLES, Table};
use crate::facts::{FileFacts, Value};

/// Rows written per table, in `TABLES` order.
pub type RowCounts = Vec<u64>;

/// Opens a new database at `path` (which must not exist) tuned for one bulk load: no journal (a
/// failed load is thrown away whole: the caller renames the file into place only when complete).
pub fn create(path: &Path) -> Result<Connection> {
    disable_memory_statistics();
    let conn = Connection::open(path).with_context(|| format!("cannot create database {}", path.display()))?;
    conn.execute_batch(
        "PRAGMA page_size = 16384;
         PRAGMA journal_mode = OFF;
         PRAGMA synchronous = OFF;
         PRAGMA locking_mode = EXCLUSIVE;
         PRAGMA temp_store = MEMORY;
         PRAGMA threads = 4;
         PRAGMA cache_size = -131072;",
    )?;
    conn.execute_batch(&schema::ddl()).context("cannot create the schema")?;
    Ok(conn)
}

/// SQLite's memory statistics take a global mutex on every allocation; pyindex never reads
/// them. Only possible before SQLite initialises, so later calls are no-ops.
fn disable_memory_statistics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config is called before any connection exists in this process (or
        // returns SQLITE_MISUSE, harmlessly, when SQLite is already initialised).
        unsafe {
            rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0);
        }
    });
}

/// Writes every batch of file facts received, in order, in one transaction. Ids are not bound:
/// SQLite gives each new row max(id) + 1, which in a fresh table loaded in order is exactly the
/// id `next_ids` predicts (and cheaper: appends need no seek). `load` checks this at the end.
pub fn load(conn: &Connection, batches: Receiver<Vec<FileFacts>>) -> Result<RowCounts> {
    let tx = conn.unchecked_transaction()?;
    let mut statements = Table::ALL
        .iter()
        .map(|&table| tx.prepare(&schema::insert_sql(table)))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut next_ids: Vec<i64> = vec![1; Table::COUNT];
    let mut counts: RowCounts = vec![0; Table::COUNT];
    for batch in batches {
        for facts in batch {
            write_file(&mut statements, &mut next_ids, &mut counts, &facts)?;
        }
    }
    drop(statements);
    for &table in Table::ALL {
        let max: i64 = tx.query_row(&format!("SELECT COALESCE(MAX(id), 0) FROM {}", table.name()), [], |r| r.get(0))?;
        anyhow::ensure!(max == next_ids[table as usize] - 1, "ids of table {} out of step", table.name());
    }
    tx.commit()?;
    Ok(counts)
}

fn write_file(
    statements: &mut [Statement<'_>],
    next_ids: &mut [i64],
    counts: &mut [u64],
    facts: &FileFacts,
) -> Result<()> {
    let bases = next_ids.to_vec();
    let file_id = bases[Table::Files as usize];
    for &table in Table::ALL {
        let statement = &mut statements[table as usize];
        for row in facts.rows(table) {
            for (position, value) in row.iter().enumerate() {
                let index = position + 1;
                match value {
                    Value::Null => statement.raw_bind_parameter(index, rusqlite::types::Null)?,
                    Value::Int(v) => statement.raw_bind_parameter(index, *v)?,
                    Value::Text(text) => statement.raw_bind_parameter(index, text.as_str())?,
                    Value::File => statement.raw_bind_parameter(index, file_id)?,
                    Value::Row(target, n) => statement.raw_bind_parameter(index, bases[*target as usize] + i64::from(*n))?,
                }
            }
            statement
                .raw_execute()
                .with_context(|| format!("cannot insert into {}", TABLES[table as usize].name))?;
            next_ids[table as usize] += 1;
            counts[table as usize] += 1;
        }
    }
    Ok(())
}

/// Builds the indexes and writes `meta`; run after the load and the link stage.
pub fn finish(conn: &Connection, meta: &[(&str, String)]) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    {
        let mut insert = tx.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
        for (key, value) in meta {
            insert.execute((key, value))?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Creates the indexes (after the bulk load: cheaper than maintaining them row by row).
pub fn create_indexes(conn: &Connection) -> Result<()> {
    conn.execute_batch(&schema::index_ddl()).context("cannot create indexes")
}
