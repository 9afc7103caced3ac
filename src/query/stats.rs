//! `pyindex stats`: what the index holds: `meta` (root, versions, when it was built), rows per
//! table, indexed files by status, and diagnostics by kind.

use std::collections::BTreeMap;

use anyhow::Result;
use rusqlite::Connection;
use serde::Serialize;

use super::Index;
use crate::report::{Report, Section};

#[derive(Debug, Serialize)]
pub struct TableRows {
    pub table: String,
    pub rows: i64,
}

#[derive(Debug, Serialize)]
pub struct Stats {
    pub db: String,
    /// Every `meta` key: `schema_version`, `pyindex_version`, `root`, `built_at`.
    pub meta: BTreeMap<String, String>,
    pub files: i64,
    /// Files per `files.status` (`ok`, `syntax_error`, ...).
    pub files_by_status: BTreeMap<String, i64>,
    /// Diagnostics per kind.
    pub diagnostics_by_kind: BTreeMap<String, i64>,
    /// Every table, in creation order, with its row count.
    pub tables: Vec<TableRows>,
    pub total_rows: i64,
}

/// `pyindex stats`.
pub fn stats(index: &Index) -> Result<Stats> {
    let conn = &index.conn;
    let meta = pairs(conn, "SELECT key, value FROM meta ORDER BY key")?;
    let files_by_status = counts(conn, "SELECT status, count(*) FROM files GROUP BY status")?;
    let diagnostics_by_kind = counts(conn, "SELECT kind, count(*) FROM diagnostics GROUP BY kind")?;
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'meta'
         ORDER BY rowid",
    )?;
    let names: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut tables = Vec::with_capacity(names.len());
    for table in names {
        let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |row| row.get(0))?;
        tables.push(TableRows { table, rows });
    }
    Ok(Stats {
        db: index.path.display().to_string(),
        meta: meta.into_iter().collect(),
        files: files_by_status.values().sum(),
        files_by_status,
        diagnostics_by_kind,
        total_rows: tables.iter().map(|t| t.rows).sum(),
        tables,
    })
}

fn pairs(conn: &Connection, sql: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(sql)?;
    let rows =
        stmt.query_map([], |row| Ok((row.get(0)?, row.get::<_, Option<String>>(1)?.unwrap_or_default())))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn counts(conn: &Connection, sql: &str) -> Result<BTreeMap<String, i64>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Report for Stats {
    fn sections(&self) -> Vec<Section> {
        let mut header = Section::new(format!("index {}", self.db), &[]);
        for key in ["root", "built_at", "pyindex_version", "schema_version"] {
            if let Some(value) = self.meta.get(key) {
                header.note(format!("{:<16} {value}", format!("{key}:")));
            }
        }
        let mut files = Section::new(format!("files ({})", self.files), &["status", "files"]);
        for (status, n) in &self.files_by_status {
            files.row(vec![status.clone(), n.to_string()]);
        }
        let total: i64 = self.diagnostics_by_kind.values().sum();
        let mut diagnostics = Section::new(format!("diagnostics ({total})"), &["kind", "count"]);
        for (kind, n) in &self.diagnostics_by_kind {
            diagnostics.row(vec![kind.clone(), n.to_string()]);
        }
        let mut tables = Section::new(format!("rows ({} in all)", self.total_rows), &["table", "rows"]);
        let empty: Vec<&str> = self.tables.iter().filter(|t| t.rows == 0).map(|t| t.table.as_str()).collect();
        for t in self.tables.iter().filter(|t| t.rows > 0) {
            tables.row(vec![t.table.clone(), t.rows.to_string()]);
        }
        if !empty.is_empty() {
            tables.note(format!("{} empty table(s): {}", empty.len(), empty.join(", ")));
        }
        vec![header, files, diagnostics, tables]
    }
}
