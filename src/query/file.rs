//! `query file FILE`: one file's summary: what it is (module, status, size), its definitions,
//! imports, routes, security findings and diagnostics.

use anyhow::Result;
use serde::Serialize;

use super::frameworks::{self, Finding, Route};
use super::imports::{self, FileRef, Import};
use super::{Index, take_limited};
use crate::report::{Report, Section, or_dash};

/// A definition of the file, briefly.
#[derive(Debug, Clone, Serialize)]
pub struct Definition {
    pub kind: String,
    pub qualname: String,
    pub line: i64,
    pub end_line: i64,
    pub is_async: bool,
}

/// A problem met while indexing the file.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub kind: String,
    pub line: Option<i64>,
    pub col: Option<i64>,
    pub message: String,
}

/// The answer to `query file`.
#[derive(Debug, Serialize)]
pub struct FileSummary {
    #[serde(flatten)]
    pub file: FileRef,
    pub status: String,
    pub lines: Option<i64>,
    pub bytes: Option<i64>,
    pub encoding: Option<String>,
    pub is_package: bool,
    pub is_stub: bool,
    pub is_test: bool,
    pub symbols: Vec<Definition>,
    pub imports: Vec<Import>,
    /// How many imports elsewhere in the repository reach this file.
    pub imported_by: i64,
    pub routes: Vec<Route>,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// True when any of the lists was cut at the limit.
    pub truncated: bool,
}

/// `query file FILE`, each list bounded by `limit`.
pub fn summary(index: &Index, arg: &str, limit: usize) -> Result<FileSummary> {
    let file = imports::resolve_file(index, arg)?;
    let conn = &index.conn;
    let (status, lines, bytes, encoding, is_package, is_stub, is_test) = conn.query_row(
        "SELECT status, lines, bytes, encoding, is_package, is_stub, is_test FROM files WHERE id = ?1",
        [file.id],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get::<_, i64>(4)? != 0,
                row.get::<_, i64>(5)? != 0,
                row.get::<_, i64>(6)? != 0,
            ))
        },
    )?;
    let mut stmt = conn.prepare(
        "SELECT kind, qualname, line, end_line, is_async FROM symbols
         WHERE file_id = ?1 AND kind != 'lambda' ORDER BY id",
    )?;
    let (symbols, symbols_cut) = take_limited(
        stmt.query_map([file.id], |row| {
            Ok(Definition {
                kind: row.get(0)?,
                qualname: row.get(1)?,
                line: row.get(2)?,
                end_line: row.get(3)?,
                is_async: row.get::<_, i64>(4)? != 0,
            })
        })?,
        limit,
    )?;
    let (imports, imports_cut) = imports::imports_of(conn, file.id, limit)?;
    let imported_by: i64 =
        conn.query_row("SELECT count(*) FROM imports WHERE resolved_file_id = ?1", [file.id], |row| {
            row.get(0)
        })?;
    let routes = frameworks::routes_in_file(conn, &file.path, limit)?;
    let (findings, findings_cut) = frameworks::findings_in_file(conn, file.id, limit)?;
    let mut stmt =
        conn.prepare("SELECT kind, line, col, message FROM diagnostics WHERE file_id = ?1 ORDER BY id")?;
    let (diagnostics, diagnostics_cut) = take_limited(
        stmt.query_map([file.id], |row| {
            Ok(Diagnostic { kind: row.get(0)?, line: row.get(1)?, col: row.get(2)?, message: row.get(3)? })
        })?,
        limit,
    )?;
    Ok(FileSummary {
        file,
        status,
        lines,
        bytes,
        encoding,
        is_package,
        is_stub,
        is_test,
        symbols,
        imports,
        imported_by,
        routes: routes.items,
        findings,
        diagnostics,
        truncated: symbols_cut || imports_cut || routes.truncated || findings_cut || diagnostics_cut,
    })
}

impl Report for FileSummary {
    fn sections(&self) -> Vec<Section> {
        let mut traits = Vec::new();
        for (flag, name) in [(self.is_package, "package"), (self.is_stub, "stub"), (self.is_test, "test")] {
            if flag {
                traits.push(name);
            }
        }
        let mut header = Section::new(self.file.path.clone(), &[]);
        header.note(format!("module:      {}", or_dash(self.file.module.as_deref())));
        header.note(format!("status:      {}", self.status));
        header.note(format!(
            "size:        {} lines, {} bytes ({})",
            self.lines.map_or("?".into(), |n| n.to_string()),
            self.bytes.map_or("?".into(), |n| n.to_string()),
            or_dash(self.encoding.as_deref()),
        ));
        if !traits.is_empty() {
            header.note(format!("kind:        {}", traits.join(", ")));
        }
        header.note(format!("imported by: {} import(s) in the repository", self.imported_by));

        let mut symbols =
            Section::new(format!("definitions ({})", self.symbols.len()), &["kind", "qualname", "lines"]);
        for s in &self.symbols {
            let kind = if s.is_async { format!("async {}", s.kind) } else { s.kind.clone() };
            symbols.row(vec![kind, s.qualname.clone(), format!("{}-{}", s.line, s.end_line)]);
        }
        let imports =
            imports::imports_section(format!("imports ({})", self.imports.len()), &self.imports, false);
        let mut sections = vec![header, symbols, imports];
        if !self.routes.is_empty() {
            sections.push(frameworks::routes_section(
                format!("routes ({})", self.routes.len()),
                &self.routes,
                false,
            ));
        }
        sections.push(frameworks::findings_section(
            format!("security findings ({})", self.findings.len()),
            &self.findings,
            false,
        ));
        let mut diagnostics =
            Section::new(format!("diagnostics ({})", self.diagnostics.len()), &["kind", "at", "message"]);
        for d in &self.diagnostics {
            let at = match (d.line, d.col) {
                (Some(line), Some(col)) => format!("{line}:{}", col + 1),
                (Some(line), None) => line.to_string(),
                _ => "-".into(),
            };
            diagnostics.row(vec![d.kind.clone(), at, d.message.clone()]);
        }
        diagnostics.truncated(self.truncated, "some lists were cut: raise --limit");
        sections.push(diagnostics);
        sections
    }
}
