//! `query symbol NAME`: where a function, class or method is defined.
//!
//! A name is matched in tiers and the first tier with a match wins:
//! 1. a module-qualified name (`pkg.mod.func`, `pkg.mod.Class.method`);
//! 2. a qualname (`Class.method`, `outer.<locals>.inner`), or, for a name without dots, every
//!    definition with that name (functions, classes and methods alike);
//! 3. a name a module re-exports (`pkg.func` where `pkg/__init__.py` does
//!    `from .impl import func`), followed through the recorded imports;
//! 4. a suffix of the module-qualified name (`mod.Class.method`, `sub.mod.main`);
//! 5. the same name in another letter case.
//!
//! Lambdas are never matched (they have no name to look for).

use std::collections::HashSet;

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::{Index, NotFound, full_name, location, suggest, take_limited};
use crate::report::{Report, Section};

/// How many re-export hops a module-qualified name is followed through.
const MAX_REEXPORT_HOPS: usize = 8;

/// One definition.
#[derive(Debug, Clone, Serialize)]
pub struct Symbol {
    #[serde(skip)]
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub qualname: String,
    /// Module and qualname: `pkg.mod.Class.method`.
    pub full_name: String,
    pub module: Option<String>,
    pub file: String,
    pub line: i64,
    pub col: i64,
    pub end_line: i64,
    pub is_async: bool,
    pub returns: Option<String>,
    /// The first line of the docstring.
    pub doc: Option<String>,
}

const SELECT: &str = "SELECT s.id, s.kind, s.name, s.qualname, f.module, f.path, s.line, s.col, s.end_line,
        s.is_async, s.returns, s.docstring
    FROM symbols s JOIN files f ON f.id = s.file_id";

impl Symbol {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Symbol> {
        let module: Option<String> = row.get(4)?;
        let qualname: String = row.get(3)?;
        let docstring: Option<String> = row.get(11)?;
        Ok(Symbol {
            id: row.get(0)?,
            kind: row.get(1)?,
            name: row.get(2)?,
            full_name: full_name(module.as_deref(), &qualname),
            qualname,
            module,
            file: row.get(5)?,
            line: row.get(6)?,
            col: row.get(7)?,
            end_line: row.get(8)?,
            is_async: row.get::<_, i64>(9)? != 0,
            returns: row.get(10)?,
            doc: docstring.and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned)),
        })
    }

    /// `path:line`.
    pub fn location(&self) -> String {
        location(&self.file, self.line)
    }
}

/// The definition with row id `id`.
pub fn by_id(conn: &Connection, id: i64) -> Result<Option<Symbol>> {
    Ok(conn.query_row(&format!("{SELECT} WHERE s.id = ?1"), [id], Symbol::from_row).optional()?)
}

/// Which tier of the lookup matched.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    ModulePath,
    Qualname,
    Name,
    Reexport,
    Suffix,
    OtherCase,
}

/// The answer to `query symbol`.
#[derive(Debug, Serialize)]
pub struct SymbolAnswer {
    pub query: String,
    pub matched_by: MatchKind,
    pub symbols: Vec<Symbol>,
    pub truncated: bool,
}

/// `query symbol NAME`.
pub fn lookup(index: &Index, name: &str, limit: usize) -> Result<SymbolAnswer> {
    match resolve(&index.conn, name, limit)? {
        Some((matched_by, symbols, truncated)) => {
            Ok(SymbolAnswer { query: name.to_owned(), matched_by, symbols, truncated })
        }
        None => Err(not_found(&index.conn, "symbol", name)?.into()),
    }
}

/// The definitions `name` designates (at most `limit`, and whether more were left out), or
/// `None` when no tier matches.
pub fn resolve(
    conn: &Connection,
    name: &str,
    limit: usize,
) -> Result<Option<(MatchKind, Vec<Symbol>, bool)>> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(None);
    }
    let order = "ORDER BY f.path, s.line, s.id";
    let dotted = name.contains('.');
    if dotted {
        let symbols = module_path(conn, name, limit)?;
        if !symbols.is_empty() {
            let truncated = symbols.len() > limit;
            return Ok(Some((MatchKind::ModulePath, cut(symbols, limit), truncated)));
        }
        let (symbols, truncated) = select(
            conn,
            &format!("{SELECT} WHERE s.qualname = ?1 AND s.kind != 'lambda' {order}"),
            name,
            limit,
        )?;
        if !symbols.is_empty() {
            return Ok(Some((MatchKind::Qualname, symbols, truncated)));
        }
        if let Some(target) = follow_reexports(conn, name)? {
            let symbols = module_path(conn, &target, limit)?;
            if !symbols.is_empty() {
                let truncated = symbols.len() > limit;
                return Ok(Some((MatchKind::Reexport, cut(symbols, limit), truncated)));
            }
        }
        let last = name.rsplit('.').next().unwrap_or(name);
        let suffix = format!(".{name}");
        let (candidates, _) = select(
            conn,
            &format!("{SELECT} WHERE s.name = ?1 AND s.kind != 'lambda' {order}"),
            last,
            usize::MAX,
        )?;
        let matching: Vec<Symbol> = candidates
            .into_iter()
            .filter(|s| s.full_name.ends_with(&suffix) || s.qualname.ends_with(&suffix))
            .collect();
        if !matching.is_empty() {
            let truncated = matching.len() > limit;
            return Ok(Some((MatchKind::Suffix, cut(matching, limit), truncated)));
        }
    } else {
        let (symbols, truncated) =
            select(conn, &format!("{SELECT} WHERE s.name = ?1 AND s.kind != 'lambda' {order}"), name, limit)?;
        if !symbols.is_empty() {
            return Ok(Some((MatchKind::Name, symbols, truncated)));
        }
    }
    let column = if dotted { "s.qualname" } else { "s.name" };
    let (symbols, truncated) = select(
        conn,
        &format!("{SELECT} WHERE {column} = ?1 COLLATE NOCASE AND s.kind != 'lambda' {order}"),
        name,
        limit,
    )?;
    Ok((!symbols.is_empty()).then_some((MatchKind::OtherCase, symbols, truncated)))
}

/// `NotFound` for `name`, with near matches among the names, qualnames and module-qualified
/// names of every definition.
pub fn not_found(conn: &Connection, what: &'static str, name: &str) -> Result<NotFound> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT s.name, s.qualname, f.module FROM symbols s JOIN files f ON f.id = s.file_id
         WHERE s.kind != 'lambda'",
    )?;
    let mut candidates: HashSet<String> = HashSet::new();
    let dotted = name.contains('.');
    let rows = stmt.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, Option<String>>(2)?))
    })?;
    for row in rows {
        let (short, qualname, module) = row?;
        if dotted {
            candidates.insert(full_name(module.as_deref(), &qualname));
            candidates.insert(qualname);
        } else {
            candidates.insert(short);
        }
    }
    let mut sorted: Vec<&str> = candidates.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    Ok(NotFound { what, name: name.to_owned(), near: suggest::near_matches(name, sorted), ambiguous: false })
}

/// Definitions whose module-qualified name is `name`: every split of `name` into a module (a
/// `files.module`) and a qualname is tried. Returns up to `limit + 1` rows.
fn module_path(conn: &Connection, name: &str, limit: usize) -> Result<Vec<Symbol>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE f.module = ?1 AND s.qualname = ?2 AND s.kind != 'lambda' ORDER BY f.path, s.line, s.id"
    ))?;
    let mut found = Vec::new();
    for (dot, _) in name.match_indices('.') {
        let (module, qualname) = (&name[..dot], &name[dot + 1..]);
        for symbol in stmt.query_map(params![module, qualname], Symbol::from_row)? {
            found.push(symbol?);
            if found.len() > limit {
                return Ok(found);
            }
        }
    }
    Ok(found)
}

/// `pkg.func`, where module `pkg` binds `func` by importing it, as the name it imports
/// (`pkg.impl.func`), hop after hop; `None` when `name` is not a re-export.
fn follow_reexports(conn: &Connection, name: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.resolved_name FROM imports i JOIN files f ON f.id = i.file_id
         WHERE f.module = ?1 AND i.bound_name = ?2 AND i.scope_id IS NULL AND i.resolved_name IS NOT NULL
         ORDER BY i.id LIMIT 1",
    )?;
    let mut current = name.to_owned();
    let mut followed = false;
    for _ in 0..MAX_REEXPORT_HOPS {
        let mut next = None;
        for (dot, _) in current.match_indices('.') {
            let (module, rest) = (&current[..dot], &current[dot + 1..]);
            let (bound, tail) = rest.split_once('.').map_or((rest, None), |(b, t)| (b, Some(t)));
            let resolved: Option<String> =
                stmt.query_row(params![module, bound], |row| row.get(0)).optional()?;
            if let Some(resolved) = resolved {
                next = Some(match tail {
                    Some(tail) => format!("{resolved}.{tail}"),
                    None => resolved,
                });
                break;
            }
        }
        match next {
            Some(next) if next != current => {
                current = next;
                followed = true;
            }
            _ => break,
        }
    }
    Ok(followed.then_some(current))
}

fn select(conn: &Connection, sql: &str, param: &str, limit: usize) -> Result<(Vec<Symbol>, bool)> {
    let mut stmt = conn.prepare_cached(sql)?;
    take_limited(stmt.query_map([param], Symbol::from_row)?, limit)
}

fn cut(mut symbols: Vec<Symbol>, limit: usize) -> Vec<Symbol> {
    symbols.truncate(limit);
    symbols
}

impl Report for SymbolAnswer {
    fn sections(&self) -> Vec<Section> {
        // The docstring column only when some definition has one.
        let with_doc = self.symbols.iter().any(|s| s.doc.is_some());
        let columns: &[&str] =
            if with_doc { &["kind", "name", "location", "doc"] } else { &["kind", "name", "location"] };
        let mut section =
            Section::new(format!("{} definition(s) of `{}`", self.symbols.len(), self.query), columns);
        for s in &self.symbols {
            let kind = if s.is_async { format!("async {}", s.kind) } else { s.kind.clone() };
            let mut row = vec![kind, s.full_name.clone(), s.location()];
            if with_doc {
                row.push(s.doc.clone().unwrap_or_default());
            }
            section.row(row);
        }
        section.truncated(self.truncated, "raise --limit");
        vec![section]
    }
}
