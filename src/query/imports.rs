//! `query imports FILE` (what a file imports, and which repository file each import reaches)
//! and `query importers MODULE_OR_FILE` (which files import a repository module, through
//! `imports.resolved_file_id`; for a module outside the repository, the imports naming it).
//! Also the lookup of a file argument shared by the file-based queries.

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::{Index, NotFound, location, suggest, take_limited};
use crate::report::{Report, Section};

/// A file of the index.
#[derive(Debug, Clone, Serialize)]
pub struct FileRef {
    #[serde(skip)]
    pub id: i64,
    pub path: String,
    pub module: Option<String>,
}

/// The file `arg` designates: a path relative to the current directory or to the root (a
/// package's directory stands for its `__init__.py`), a module name (`pkg.sub.mod`), or the end
/// of a path (`sub/mod.py`) when it names exactly one file.
pub fn resolve_file(index: &Index, arg: &str) -> Result<FileRef> {
    match find_file(index, arg)? {
        Found::One(file) => Ok(file),
        Found::Several(paths) => {
            Err(NotFound { what: "file", name: arg.to_owned(), near: paths, ambiguous: true }.into())
        }
        Found::None => Err(file_not_found(&index.conn, arg)?.into()),
    }
}

enum Found {
    One(FileRef),
    Several(Vec<String>),
    None,
}

fn find_file(index: &Index, arg: &str) -> Result<Found> {
    let conn = &index.conn;
    let relative = index.repo_relative(arg);
    let by = |sql: &str, param: &str| -> Result<Option<FileRef>> {
        Ok(conn.query_row(sql, [param], file_ref).optional()?)
    };
    if let Some(file) = by("SELECT id, path, module FROM files WHERE path = ?1", &relative)? {
        return Ok(Found::One(file));
    }
    // A package's directory stands for its `__init__` file.
    let package = format!("{}/__init__.py", relative.trim_end_matches('/'));
    let by_package =
        "SELECT id, path, module FROM files WHERE path IN (?1, ?1 || 'i') ORDER BY is_stub LIMIT 1";
    if let Some(file) = by(by_package, &package)? {
        return Ok(Found::One(file));
    }
    if let Some(file) =
        by("SELECT id, path, module FROM files WHERE module = ?1 ORDER BY is_stub, id LIMIT 1", arg)?
    {
        return Ok(Found::One(file));
    }
    let mut stmt = conn.prepare(
        "SELECT id, path, module FROM files WHERE substr(path, -length(?1) - 1) = '/' || ?1 ORDER BY id LIMIT 10",
    )?;
    let mut suffixed: Vec<FileRef> =
        stmt.query_map([&relative], file_ref)?.collect::<rusqlite::Result<_>>()?;
    Ok(match suffixed.len() {
        0 => Found::None,
        1 => Found::One(suffixed.remove(0)),
        _ => Found::Several(suffixed.into_iter().map(|f| f.path).collect()),
    })
}

fn file_ref(row: &Row<'_>) -> rusqlite::Result<FileRef> {
    Ok(FileRef { id: row.get(0)?, path: row.get(1)?, module: row.get(2)? })
}

/// `NotFound` for a file, with near paths, file names and modules.
pub fn file_not_found(conn: &Connection, arg: &str) -> Result<NotFound> {
    let mut stmt = conn.prepare("SELECT path, module FROM files ORDER BY id")?;
    let files: Vec<(String, Option<String>)> =
        stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut candidates: Vec<&str> = Vec::new();
    for (path, module) in &files {
        candidates.push(path);
        if let Some(module) = module {
            candidates.push(module);
        }
    }
    // A mistyped file name (`utl.py`) is compared with file names too, reported as full paths.
    let wanted_name = arg.rsplit('/').next().unwrap_or(arg);
    let by_name =
        suggest::near_matches(wanted_name, files.iter().map(|(p, _)| p.rsplit('/').next().unwrap_or(p)));
    let mut near = suggest::near_matches(arg, candidates);
    for name in by_name {
        for (path, _) in &files {
            if path.rsplit('/').next() == Some(name.as_str()) && !near.contains(path) {
                near.push(path.clone());
            }
        }
    }
    near.truncate(suggest::MAX_SUGGESTIONS);
    Ok(NotFound { what: "file", name: arg.to_owned(), near, ambiguous: false })
}

/// One import statement's row, as written and as resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Import {
    /// The importing file.
    pub file: String,
    pub line: i64,
    /// The statement, rebuilt: `from .impl import func`, `import pkg.sub as s`.
    pub statement: String,
    /// The absolute name imported (`pkg.impl.func`).
    pub resolved_name: Option<String>,
    /// The repository file reached; `None` outside the repository.
    pub target_file: Option<String>,
    pub is_type_checking: bool,
    /// True for an import inside a function or class rather than at module level.
    pub is_local: bool,
}

const SELECT_IMPORTS: &str = "SELECT f.path, i.line, i.module, i.name, i.alias, i.resolved_name, t.path,
        i.is_type_checking, i.scope_id IS NOT NULL
    FROM imports i JOIN files f ON f.id = i.file_id LEFT JOIN files t ON t.id = i.resolved_file_id";

fn import(row: &Row<'_>) -> rusqlite::Result<Import> {
    let module: Option<String> = row.get(2)?;
    let name: Option<String> = row.get(3)?;
    let alias: Option<String> = row.get(4)?;
    let module = module.unwrap_or_default();
    let mut statement = match name {
        Some(name) => format!("from {module} import {name}"),
        None => format!("import {module}"),
    };
    if let Some(alias) = alias {
        statement.push_str(" as ");
        statement.push_str(&alias);
    }
    Ok(Import {
        file: row.get(0)?,
        line: row.get(1)?,
        statement,
        resolved_name: row.get(5)?,
        target_file: row.get(6)?,
        is_type_checking: row.get::<_, i64>(7)? != 0,
        is_local: row.get::<_, i64>(8)? != 0,
    })
}

/// The imports of one file (at most `limit`).
pub fn imports_of(conn: &Connection, file_id: i64, limit: usize) -> Result<(Vec<Import>, bool)> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_IMPORTS} WHERE i.file_id = ?1 ORDER BY i.id"))?;
    take_limited(stmt.query_map([file_id], import)?, limit)
}

/// The answer to `query imports FILE`.
#[derive(Debug, Serialize)]
pub struct ImportsAnswer {
    pub file: FileRef,
    pub imports: Vec<Import>,
    pub truncated: bool,
}

/// `query imports FILE`.
pub fn imports(index: &Index, file: &str, limit: usize) -> Result<ImportsAnswer> {
    let file = resolve_file(index, file)?;
    let (imports, truncated) = imports_of(&index.conn, file.id, limit)?;
    Ok(ImportsAnswer { file, imports, truncated })
}

/// The answer to `query importers MODULE_OR_FILE`.
#[derive(Debug, Serialize)]
pub struct ImportersAnswer {
    pub query: String,
    /// The repository file imported; `None` for a module outside the repository.
    pub file: Option<FileRef>,
    pub importers: Vec<Import>,
    pub truncated: bool,
}

/// `query importers MODULE_OR_FILE`.
pub fn importers(index: &Index, target: &str, limit: usize) -> Result<ImportersAnswer> {
    let conn = &index.conn;
    let file = match find_file(index, target)? {
        Found::One(file) => Some(file),
        Found::Several(paths) => {
            return Err(
                NotFound { what: "file", name: target.to_owned(), near: paths, ambiguous: true }.into()
            );
        }
        Found::None => None,
    };
    let (importers, truncated) = match &file {
        Some(file) => {
            let mut stmt =
                conn.prepare(&format!("{SELECT_IMPORTS} WHERE i.resolved_file_id = ?1 ORDER BY i.id"))?;
            take_limited(stmt.query_map([file.id], import)?, limit)?
        }
        None => {
            // A module outside the repository (`requests`, `os.path`): the imports naming it or
            // one of its submodules.
            let mut stmt = conn.prepare(&format!(
                "{SELECT_IMPORTS} WHERE i.resolved_module = ?1 OR substr(i.resolved_module, 1, length(?1) + 1) = ?1 || '.'
                 OR (i.name IS NOT NULL AND i.resolved_name = ?1) ORDER BY i.id"
            ))?;
            take_limited(stmt.query_map(params![target], import)?, limit)?
        }
    };
    if file.is_none() && importers.is_empty() {
        let mut not_found = file_not_found(conn, target)?;
        not_found.what = "module or file";
        let mut stmt =
            conn.prepare("SELECT DISTINCT resolved_module FROM imports WHERE resolved_module IS NOT NULL")?;
        let modules: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut candidates: Vec<&str> = not_found.near.iter().map(String::as_str).collect();
        candidates.extend(modules.iter().map(String::as_str));
        not_found.near = suggest::near_matches(target, candidates);
        return Err(not_found.into());
    }
    Ok(ImportersAnswer { query: target.to_owned(), file, importers, truncated })
}

/// The imports table shared by `imports` and `file`.
pub fn imports_section(title: String, imports: &[Import], truncated: bool) -> Section {
    let mut section = Section::new(title, &["line", "import", "resolves to", "file"]);
    for i in imports {
        let mut statement = i.statement.clone();
        if i.is_type_checking {
            statement.push_str("  [TYPE_CHECKING]");
        }
        section.row(vec![
            i.line.to_string(),
            statement,
            i.resolved_name.clone().unwrap_or_else(|| "-".into()),
            i.target_file.clone().unwrap_or_else(|| "(outside the repository)".into()),
        ]);
    }
    section.truncated(truncated, "raise --limit");
    section
}

impl Report for ImportsAnswer {
    fn sections(&self) -> Vec<Section> {
        vec![imports_section(format!("imports of {}", self.file.path), &self.imports, self.truncated)]
    }
}

impl Report for ImportersAnswer {
    fn sections(&self) -> Vec<Section> {
        let what = match &self.file {
            Some(file) => match &file.module {
                Some(module) => format!("{module} ({})", file.path),
                None => file.path.clone(),
            },
            None => format!("{} (outside the repository)", self.query),
        };
        let mut section = Section::new(format!("files importing {what}"), &["file", "import", "imports"]);
        for i in &self.importers {
            section.row(vec![
                location(&i.file, i.line),
                i.statement.clone(),
                i.resolved_name.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
        section.truncated(self.truncated, "raise --limit");
        vec![section]
    }
}
