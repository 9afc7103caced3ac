//! The single writer: creates a fresh database, bulk-loads the per-file rows with one prepared
//! statement per table inside one transaction, and turns per-file row references into global
//! ids (files in the order received, rows in source order: deterministic).

use std::path::Path;
use std::sync::mpsc::Receiver;

use anyhow::{Context, Result};
use rusqlite::{Connection, Statement};

use super::schema::{self, Table};
use crate::facts::{Cell, FileFacts};

/// What the load wrote.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Rows written per table, in `TABLES` order.
    pub rows: Vec<u64>,
    /// Seconds spent writing (not waiting for batches): rows / busy seconds is SQLite's rate.
    pub busy_seconds: f64,
}

/// Opens a new database at `path` (which must not exist) tuned for one bulk load: no journal (a
/// failed load is thrown away whole: the caller renames the file into place only when complete),
/// a 64 MiB page cache, and index sorts that spill to temporary files beyond it, so memory stays
/// bounded whatever the size of the repository. Foreign keys are declared but not enforced
/// during the load (the bundled SQLite enforces them by default, at a lookup per reference);
/// the tests check the finished database with `PRAGMA foreign_key_check`.
pub fn create(path: &Path) -> Result<Connection> {
    disable_memory_statistics();
    let conn =
        Connection::open(path).with_context(|| format!("cannot create database {}", path.display()))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         PRAGMA page_size = 16384;
         PRAGMA journal_mode = OFF;
         PRAGMA synchronous = OFF;
         PRAGMA locking_mode = EXCLUSIVE;
         PRAGMA threads = 4;
         PRAGMA cache_size = -65536;",
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

/// Writes every batch of file facts received, in order, in one transaction (a savepoint when
/// the caller already holds one, as an incremental update does).
///
/// Rows go in with multi-row INSERTs (`rows_per_insert` rows per statement run: SQLite's
/// per-statement overhead dominates single-row inserts), table by table within each batch. Ids
/// are not bound: SQLite gives each new row max(id) + 1, which, loading in order, is exactly the
/// id predicted here for references (from each table's max(id) at the start); `load` checks this
/// at the end.
pub fn load(conn: &mut Connection, batches: Receiver<Vec<FileFacts>>) -> Result<Loaded> {
    let tx = conn.savepoint()?;
    let first_ids = Table::ALL
        .iter()
        .map(|table| max_id(&tx, *table).map(|max| max + 1))
        .collect::<Result<Vec<i64>>>()?;
    let mut next_ids = first_ids.clone();
    let mut inserts = Table::ALL
        .iter()
        .map(|&table| TableInsert::prepare(&tx, table))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut busy = std::time::Duration::ZERO;
    for batch in batches {
        let started = std::time::Instant::now();
        // The id of each file's first row in each table.
        let mut bases: Vec<Vec<i64>> = Vec::with_capacity(batch.len());
        for facts in &batch {
            bases.push(next_ids.clone());
            for &table in Table::ALL {
                next_ids[table as usize] += facts.row_count(table) as i64;
            }
        }
        for &table in Table::ALL {
            inserts[table as usize]
                .write(table, &batch, &bases)
                .with_context(|| format!("cannot insert into {}", table.name()))?;
        }
        busy += started.elapsed();
    }
    drop(inserts);
    let mut counts: Vec<u64> = Vec::with_capacity(Table::COUNT);
    for &table in Table::ALL {
        let max = max_id(&tx, table)?;
        let (first, next) = (first_ids[table as usize], next_ids[table as usize]);
        anyhow::ensure!(max == next - 1, "ids of table {} out of step", table.name());
        counts.push((next - first) as u64);
    }
    let started = std::time::Instant::now();
    tx.commit()?;
    busy += started.elapsed();
    Ok(Loaded { rows: counts, busy_seconds: busy.as_secs_f64() })
}

fn max_id(conn: &Connection, table: Table) -> Result<i64> {
    let sql = format!("SELECT COALESCE(MAX(id), 0) FROM {}", table.name());
    Ok(conn.query_row(&sql, [], |r| r.get(0))?)
}

/// The two prepared INSERTs of one table: one row, and `rows_per_insert` rows.
struct TableInsert<'c> {
    single: Statement<'c>,
    multi: Statement<'c>,
    rows_per_insert: usize,
}

impl<'c> TableInsert<'c> {
    fn prepare(conn: &'c Connection, table: Table) -> rusqlite::Result<Self> {
        // Enough rows per statement to amortise it, few enough parameters to stay well within
        // SQLite's limit.
        let rows_per_insert = (512 / table.width().max(1)).clamp(1, 64);
        Ok(TableInsert {
            single: conn.prepare(&schema::insert_sql(table, 1))?,
            multi: conn.prepare(&schema::insert_sql(table, rows_per_insert))?,
            rows_per_insert,
        })
    }

    /// Inserts this table's rows of every file of the batch, in order.
    fn write(&mut self, table: Table, batch: &[FileFacts], bases: &[Vec<i64>]) -> Result<()> {
        let width = table.width();
        let total: usize = batch.iter().map(|facts| facts.row_count(table)).sum();
        let in_full_statements = total - total % self.rows_per_insert;
        let mut written = 0;
        for (facts, file_bases) in batch.iter().zip(bases) {
            for row in facts.cells(table) {
                if written < in_full_statements {
                    let slot = written % self.rows_per_insert;
                    bind_row(&mut self.multi, slot * width, row, facts, file_bases)?;
                    if slot + 1 == self.rows_per_insert {
                        self.multi.raw_execute()?;
                    }
                } else {
                    bind_row(&mut self.single, 0, row, facts, file_bases)?;
                    self.single.raw_execute()?;
                }
                written += 1;
            }
        }
        Ok(())
    }
}

/// Binds one row's values from parameter `offset + 1` on, turning references into ids.
fn bind_row(
    statement: &mut Statement<'_>,
    offset: usize,
    row: &[Cell],
    facts: &FileFacts,
    bases: &[i64],
) -> Result<()> {
    for (position, cell) in row.iter().enumerate() {
        let index = offset + position + 1;
        match *cell {
            Cell::Null => statement.raw_bind_parameter(index, rusqlite::types::Null)?,
            Cell::Int(v) => statement.raw_bind_parameter(index, v)?,
            Cell::Text { start, len } => statement.raw_bind_parameter(index, facts.text(start, len))?,
            Cell::File => statement.raw_bind_parameter(index, bases[Table::Files as usize])?,
            Cell::Row(target, n) => {
                statement.raw_bind_parameter(index, bases[target as usize] + i64::from(n))?
            }
        }
    }
    Ok(())
}

/// Writes (or replaces) the `meta` rows; run last, when the index is complete.
pub fn write_meta(conn: &Connection, meta: &[(&str, String)]) -> Result<()> {
    let mut insert = conn.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?;
    for (key, value) in meta {
        insert.execute((key, value))?;
    }
    Ok(())
}

/// Creates indexes after the bulk load (cheaper than maintaining them row by row).
pub fn create_indexes(conn: &Connection, indexes: &[schema::IndexDef]) -> Result<()> {
    conn.execute_batch(&schema::index_ddl(indexes)).context("cannot create indexes")
}

/// Deletes every row of the files whose ids are in `temp.stale_files(id)` (an incremental run's
/// removed and changed files): children before parents, each table through its chain of
/// references to `files`, then the `files` rows themselves.
pub fn delete_stale_files(conn: &Connection) -> Result<()> {
    let tables: Vec<&schema::TableDef> = schema::TABLES.iter().collect();
    delete_rows_of_files(conn, &tables, "IN (SELECT id FROM temp.stale_files)")?;
    conn.execute("DELETE FROM files WHERE id IN (SELECT id FROM temp.stale_files)", [])?;
    Ok(())
}

/// Deletes the rows of `tables` whose file id satisfies `file_filter` (`IN (...)`, `<= 42`),
/// children before parents, each table through its chain of references to `files`.
pub fn delete_rows_of_files(
    conn: &Connection,
    tables: &[&schema::TableDef],
    file_filter: &str,
) -> Result<()> {
    let mut ordered: Vec<&schema::TableDef> = tables.to_vec();
    let position = |t: &schema::TableDef| schema::TABLES.iter().position(|d| d.name == t.name);
    ordered.sort_by_key(|t| std::cmp::Reverse(position(t)));
    for table in ordered {
        let Some(chain) = schema::owner_chain(table) else { continue };
        let (file_column, _) = chain[chain.len() - 1];
        let mut condition = format!("{file_column} {file_filter}");
        for &(column, parent) in chain[..chain.len() - 1].iter().rev() {
            condition = format!("{column} IN (SELECT id FROM {parent} WHERE {condition})");
        }
        conn.execute(&format!("DELETE FROM {} WHERE {condition}", table.name), [])
            .with_context(|| format!("cannot delete rows of {}", table.name))?;
    }
    Ok(())
}
