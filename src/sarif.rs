//! `pyindex export --sarif FILE`: the `security_findings` table as a SARIF 2.1.0 log, the format
//! code-scanning services and editors read.
//!
//! One run; `tool.driver.rules` lists every rule that has findings (sorted), each result points
//! to its rule by `ruleId` and `ruleIndex`, and its location is the finding's file, relative to
//! the indexed root (`uriBaseId` `%SRCROOT%`, whose absolute URI is given when `meta.root` is
//! known), with a 1-based `startLine` and `startColumn`.
//!
//! A result's `level` is `warning`, or follows a `severity` column of `security_findings` when
//! the table has one (high/critical: `error`, low/info: `note`).
//!
//! Columns: the index stores 0-based UTF-8 byte offsets; SARIF's default column unit is the
//! UTF-16 code unit, 1-based. Where the finding's line can be read from the file (UTF-8 text, the
//! offset on a character boundary) the column is converted; otherwise, and on every ASCII line,
//! the byte offset plus one is the same value.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde_json::{Value, json};

use crate::query::Index;

pub const SARIF_VERSION: &str = "2.1.0";
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A finding as read from the index.
struct Row {
    /// SARIF level: from a `severity` column when the security domain provides one.
    level: &'static str,
    rule: String,
    callee: Option<String>,
    detail: Option<String>,
    scope: Option<String>,
    path: String,
    line: i64,
    col: i64,
}

/// The SARIF log of every security finding of the index.
pub fn sarif_log(index: &Index) -> Result<Value> {
    let severity =
        if has_column(&index.conn, "security_findings", "severity")? { "x.severity" } else { "NULL" };
    let mut stmt = index.conn.prepare(&format!(
        "SELECT x.rule, x.callee, x.detail, s.qualname, f.path, x.line, x.col, {severity}
         FROM security_findings x JOIN files f ON f.id = x.file_id LEFT JOIN symbols s ON s.id = x.scope_id
         ORDER BY f.path, x.line, x.col, x.id"
    ))?;
    let rows: Vec<Row> = stmt
        .query_map([], |row| {
            Ok(Row {
                rule: row.get(0)?,
                callee: row.get(1)?,
                detail: row.get(2)?,
                scope: row.get(3)?,
                path: row.get(4)?,
                line: row.get(5)?,
                col: row.get(6)?,
                level: level(row.get::<_, Option<String>>(7)?.as_deref()),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let rule_ids: Vec<&str> =
        rows.iter().map(|r| r.rule.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
    let rule_index: HashMap<&str, usize> = rule_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| {
            json!({
                "id": id,
                "name": id,
                "shortDescription": { "text": format!("pyindex security rule {id}") },
                "defaultConfiguration": { "level": "warning" },
            })
        })
        .collect();
    let mut columns = Columns::new(index.root.clone());
    let results: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "ruleId": r.rule,
                "ruleIndex": rule_index[r.rule.as_str()],
                "level": r.level,
                "message": { "text": message(r) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_path(&r.path), "uriBaseId": "%SRCROOT%" },
                        "region": {
                            "startLine": r.line.max(1),
                            "startColumn": columns.sarif_column(&r.path, r.line, r.col),
                        },
                    },
                }],
            })
        })
        .collect();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "pyindex",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            },
        },
        "results": results,
    });
    if let Some(root) = &index.root {
        run["originalUriBaseIds"] = json!({ "%SRCROOT%": { "uri": directory_uri(root) } });
    }
    Ok(json!({ "$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run] }))
}

/// The SARIF level of a severity (`warning` when there is none or it is not known).
fn level(severity: Option<&str>) -> &'static str {
    match severity.map(str::to_ascii_lowercase).as_deref() {
        Some("critical" | "high" | "error") => "error",
        Some("low" | "info" | "note" | "informational") => "note",
        _ => "warning",
    }
}

fn has_column(conn: &rusqlite::Connection, table: &str, column: &str) -> Result<bool> {
    let count: i64 = conn.query_row(
        "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
        rusqlite::params![table, column],
        |row| row.get(0),
    )?;
    Ok(count > 0)
}

/// The result message: the rule, the call involved, why it matched, and where.
fn message(r: &Row) -> String {
    let mut text = r.rule.clone();
    if let Some(callee) = &r.callee {
        text.push_str(&format!(": call to {callee}"));
    }
    if let Some(detail) = &r.detail {
        text.push_str(&format!(" ({detail})"));
    }
    if let Some(scope) = &r.scope {
        text.push_str(&format!(" in {scope}"));
    }
    text
}

/// A relative path as a URI reference: each segment percent-encoded where URIs need it.
fn uri_path(path: &str) -> String {
    path.split('/').map(percent_encode).collect::<Vec<_>>().join("/")
}

fn percent_encode(segment: &str) -> String {
    let mut out = String::new();
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `file:///abs/root/` (with the trailing slash SARIF requires of a base).
fn directory_uri(root: &Path) -> String {
    let text = root.to_string_lossy().replace('\\', "/");
    let encoded = uri_path(text.trim_end_matches('/'));
    let prefix = if encoded.starts_with('/') { "file://" } else { "file:///" };
    format!("{prefix}{encoded}/")
}

/// Converts byte columns to SARIF's 1-based UTF-16 columns, reading each file at most once.
struct Columns {
    root: Option<PathBuf>,
    files: HashMap<String, Option<Vec<String>>>,
}

impl Columns {
    fn new(root: Option<PathBuf>) -> Columns {
        Columns { root, files: HashMap::new() }
    }

    fn sarif_column(&mut self, path: &str, line: i64, byte_col: i64) -> i64 {
        let fallback = byte_col.max(0) + 1;
        let Some(root) = &self.root else { return fallback };
        let lines = self.files.entry(path.to_owned()).or_insert_with(|| {
            let text = std::fs::read(root.join(path)).ok()?;
            let text = String::from_utf8(text).ok()?;
            Some(text.split('\n').map(str::to_owned).collect())
        });
        let Some(lines) = lines else { return fallback };
        let Some(text) = usize::try_from(line - 1).ok().and_then(|i| lines.get(i)) else { return fallback };
        match text.get(..byte_col.max(0) as usize) {
            Some(prefix) => prefix.encode_utf16().count() as i64 + 1,
            None => fallback,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(uri_path("pkg/my file.py"), "pkg/my%20file.py");
        assert_eq!(uri_path("pkg/é.py"), "pkg/%C3%A9.py");
        assert_eq!(directory_uri(Path::new("/tmp/repo")), "file:///tmp/repo/");
    }
}
