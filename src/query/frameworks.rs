//! `query routes|models|tasks|findings`: listings of the framework and security tables
//! (`routes` + `route_controls`, `orm_models` + `orm_fields`, `tasks`, `security_findings`),
//! with the filters that apply to each: `--framework`, `--method`, `--file`, `--rule`.

use anyhow::Result;
use rusqlite::{Connection, Row, params_from_iter};
use serde::Serialize;

use super::{Filters, Index, location, take_limited};
use crate::report::{Report, Section, or_dash};

/// A filtered listing.
#[derive(Debug, Serialize)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub truncated: bool,
}

/// SQL conditions and their parameters, built from the filters a listing accepts.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    params: Vec<String>,
}

impl Conditions {
    fn push(&mut self, condition: &str, value: String) {
        let n = self.params.len() + 1;
        self.sql.push(condition.replace("?", &format!("?{n}")));
        self.params.push(value);
    }

    /// `f.path` equal to the file, inside it as a directory, or ending with it.
    fn file(&mut self, index: &Index, file: &Option<String>) {
        if let Some(file) = file {
            let path = index.repo_relative(file);
            let path = path.trim_end_matches('/').to_owned();
            let n = self.params.len() + 1;
            self.sql.push(format!(
                "(f.path = ?{n} OR substr(f.path, 1, length(?{n}) + 1) = ?{n} || '/' \
                 OR substr(f.path, -length(?{n}) - 1) = '/' || ?{n})"
            ));
            self.params.push(path);
        }
    }

    fn framework(&mut self, column: &str, framework: &Option<String>) {
        if let Some(framework) = framework {
            self.push(&format!("{column} = ? COLLATE NOCASE"), framework.clone());
        }
    }

    fn where_clause(&self) -> String {
        if self.sql.is_empty() { String::new() } else { format!("WHERE {}", self.sql.join(" AND ")) }
    }

    fn query<T>(
        &self,
        conn: &Connection,
        sql: &str,
        limit: usize,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<(Vec<T>, bool)> {
        let mut stmt = conn.prepare(sql)?;
        take_limited(stmt.query_map(params_from_iter(&self.params), map)?, limit)
    }
}

/// One HTTP method of one route.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    pub method: String,
    pub path: Option<String>,
    /// The path with router, blueprint and include prefixes applied, when resolved.
    pub full_path: Option<String>,
    pub handler: Option<String>,
    pub framework: String,
    pub router: Option<String>,
    pub has_auth: bool,
    /// `kind:name` of each control (decorator, dependency, permission).
    pub controls: Vec<String>,
    pub file: String,
    pub line: i64,
}

/// `query routes [--framework F] [--method M] [--file FILE]`.
pub fn routes(index: &Index, filters: &Filters, limit: usize) -> Result<Listing<Route>> {
    let mut conditions = Conditions::default();
    conditions.framework("r.framework", &filters.framework);
    if let Some(method) = &filters.method {
        conditions.push("r.method = ?", method.to_uppercase());
    }
    conditions.file(index, &filters.file);
    select_routes(&index.conn, &conditions, limit)
}

/// The routes declared in the file at `path` exactly (for `query file`).
pub fn routes_in_file(conn: &Connection, path: &str, limit: usize) -> Result<Listing<Route>> {
    let mut conditions = Conditions::default();
    conditions.push("f.path = ?", path.to_owned());
    select_routes(conn, &conditions, limit)
}

fn select_routes(conn: &Connection, conditions: &Conditions, limit: usize) -> Result<Listing<Route>> {
    let sql = format!(
        "SELECT r.id, r.method, r.path, r.full_path, r.handler, r.framework, r.router, r.has_auth, f.path, r.line
         FROM routes r JOIN files f ON f.id = r.file_id {} ORDER BY f.path, r.line, r.id",
        conditions.where_clause()
    );
    let (mut rows, truncated) = conditions.query(conn, &sql, limit, |row| {
        Ok((
            row.get::<_, i64>(0)?,
            Route {
                method: row.get(1)?,
                path: row.get(2)?,
                full_path: row.get(3)?,
                handler: row.get(4)?,
                framework: row.get(5)?,
                router: row.get(6)?,
                has_auth: row.get::<_, i64>(7)? != 0,
                controls: Vec::new(),
                file: row.get(8)?,
                line: row.get(9)?,
            },
        ))
    })?;
    let mut controls =
        conn.prepare("SELECT kind || ':' || name FROM route_controls WHERE route_id = ?1 ORDER BY id")?;
    for (id, route) in &mut rows {
        route.controls = controls.query_map([*id], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    }
    Ok(Listing { items: rows.into_iter().map(|(_, r)| r).collect(), truncated })
}

/// One field of a model.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: String,
    pub field_type: Option<String>,
    pub is_primary_key: bool,
    pub is_foreign_key: bool,
    pub nullable: Option<bool>,
    pub is_unique: bool,
    pub target: Option<String>,
    pub line: i64,
}

/// One ORM model with its fields.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub name: String,
    pub framework: String,
    pub table_name: Option<String>,
    pub is_abstract: bool,
    pub fields: Vec<Field>,
    pub file: String,
    pub line: i64,
}

/// `query models [--framework F] [--file FILE]`.
pub fn models(index: &Index, filters: &Filters, limit: usize) -> Result<Listing<Model>> {
    let mut conditions = Conditions::default();
    conditions.framework("m.framework", &filters.framework);
    conditions.file(index, &filters.file);
    let sql = format!(
        "SELECT m.id, m.name, m.framework, m.table_name, m.is_abstract, f.path, m.line
         FROM orm_models m JOIN files f ON f.id = m.file_id {} ORDER BY f.path, m.line, m.id",
        conditions.where_clause()
    );
    let (mut rows, truncated) = conditions.query(&index.conn, &sql, limit, |row| {
        Ok((
            row.get::<_, i64>(0)?,
            Model {
                name: row.get(1)?,
                framework: row.get(2)?,
                table_name: row.get(3)?,
                is_abstract: row.get::<_, i64>(4)? != 0,
                fields: Vec::new(),
                file: row.get(5)?,
                line: row.get(6)?,
            },
        ))
    })?;
    let mut fields = index.conn.prepare(
        "SELECT name, field_type, is_primary_key, is_foreign_key, nullable, is_unique, target, line
         FROM orm_fields WHERE model_id = ?1 ORDER BY id",
    )?;
    for (id, model) in &mut rows {
        model.fields = fields
            .query_map([*id], |row| {
                Ok(Field {
                    name: row.get(0)?,
                    field_type: row.get(1)?,
                    is_primary_key: row.get::<_, i64>(2)? != 0,
                    is_foreign_key: row.get::<_, i64>(3)? != 0,
                    nullable: row.get::<_, Option<i64>>(4)?.map(|n| n != 0),
                    is_unique: row.get::<_, i64>(5)? != 0,
                    target: row.get(6)?,
                    line: row.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(Listing { items: rows.into_iter().map(|(_, m)| m).collect(), truncated })
}

/// One background task.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub name: String,
    pub framework: String,
    /// The task function's qualname.
    pub function: Option<String>,
    pub options: Option<String>,
    pub file: String,
    pub line: i64,
}

/// `query tasks [--framework F] [--file FILE]`.
pub fn tasks(index: &Index, filters: &Filters, limit: usize) -> Result<Listing<Task>> {
    let mut conditions = Conditions::default();
    conditions.framework("t.framework", &filters.framework);
    conditions.file(index, &filters.file);
    let sql = format!(
        "SELECT t.name, t.framework, s.qualname, t.options, f.path, t.line
         FROM tasks t JOIN files f ON f.id = t.file_id LEFT JOIN symbols s ON s.id = t.symbol_id
         {} ORDER BY f.path, t.line, t.id",
        conditions.where_clause()
    );
    let (items, truncated) = conditions.query(&index.conn, &sql, limit, |row| {
        Ok(Task {
            name: row.get(0)?,
            framework: row.get(1)?,
            function: row.get(2)?,
            options: row.get(3)?,
            file: row.get(4)?,
            line: row.get(5)?,
        })
    })?;
    Ok(Listing { items, truncated })
}

/// One security finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub callee: Option<String>,
    pub detail: Option<String>,
    /// The enclosing definition's qualname; `None` at module level.
    pub scope: Option<String>,
    pub file: String,
    pub line: i64,
    /// 0-based UTF-8 byte column, as everywhere in the index.
    pub col: i64,
}

/// `query findings [--rule R] [--file FILE]`.
pub fn findings(index: &Index, filters: &Filters, limit: usize) -> Result<Listing<Finding>> {
    let mut conditions = Conditions::default();
    if let Some(rule) = &filters.rule {
        conditions.push("x.rule = ?", rule.clone());
    }
    conditions.file(index, &filters.file);
    let sql = format!(
        "SELECT x.rule, x.callee, x.detail, s.qualname, f.path, x.line, x.col
         FROM security_findings x JOIN files f ON f.id = x.file_id LEFT JOIN symbols s ON s.id = x.scope_id
         {} ORDER BY f.path, x.line, x.col, x.id",
        conditions.where_clause()
    );
    let (items, truncated) = conditions.query(&index.conn, &sql, limit, finding)?;
    Ok(Listing { items, truncated })
}

/// The findings of one file (for `query file`).
pub fn findings_in_file(conn: &Connection, file_id: i64, limit: usize) -> Result<(Vec<Finding>, bool)> {
    let mut stmt = conn.prepare(
        "SELECT x.rule, x.callee, x.detail, s.qualname, f.path, x.line, x.col
         FROM security_findings x JOIN files f ON f.id = x.file_id LEFT JOIN symbols s ON s.id = x.scope_id
         WHERE x.file_id = ?1 ORDER BY x.line, x.col, x.id",
    )?;
    take_limited(stmt.query_map([file_id], finding)?, limit)
}

fn finding(row: &Row<'_>) -> rusqlite::Result<Finding> {
    Ok(Finding {
        rule: row.get(0)?,
        callee: row.get(1)?,
        detail: row.get(2)?,
        scope: row.get(3)?,
        file: row.get(4)?,
        line: row.get(5)?,
        col: row.get(6)?,
    })
}

pub fn routes_section(title: String, routes: &[Route], truncated: bool) -> Section {
    let mut section = Section::new(title, &["method", "path", "handler", "framework", "auth", "declared at"]);
    for r in routes {
        section.row(vec![
            r.method.clone(),
            or_dash(r.full_path.as_deref().or(r.path.as_deref())),
            or_dash(r.handler.as_deref()),
            r.framework.clone(),
            if r.has_auth { "yes".into() } else { "no".into() },
            location(&r.file, r.line),
        ]);
    }
    section.truncated(truncated, "raise --limit or filter");
    section
}

pub fn findings_section(title: String, findings: &[Finding], truncated: bool) -> Section {
    let mut section = Section::new(title, &["rule", "callee", "detail", "in", "at"]);
    for x in findings {
        section.row(vec![
            x.rule.clone(),
            or_dash(x.callee.as_deref()),
            or_dash(x.detail.as_deref()),
            or_dash(x.scope.as_deref()),
            format!("{}:{}", location(&x.file, x.line), x.col + 1),
        ]);
    }
    section.truncated(truncated, "raise --limit or filter");
    section
}

impl Report for Listing<Route> {
    fn sections(&self) -> Vec<Section> {
        vec![routes_section(format!("{} route(s)", self.items.len()), &self.items, self.truncated)]
    }
}

impl Report for Listing<Model> {
    fn sections(&self) -> Vec<Section> {
        let mut section = Section::new(
            format!("{} model(s)", self.items.len()),
            &["model", "framework", "table", "fields", "declared at"],
        );
        for m in &self.items {
            let mut name = m.name.clone();
            if m.is_abstract {
                name.push_str(" (abstract)");
            }
            let fields: Vec<String> = m
                .fields
                .iter()
                .map(|f| {
                    let mut text = f.name.clone();
                    if f.is_primary_key {
                        text.push_str(" (pk)");
                    } else if f.is_foreign_key {
                        text.push_str(&format!(" -> {}", f.target.as_deref().unwrap_or("?")));
                    }
                    text
                })
                .collect();
            section.row(vec![
                name,
                m.framework.clone(),
                or_dash(m.table_name.as_deref()),
                fields.join(", "),
                location(&m.file, m.line),
            ]);
        }
        section.truncated(self.truncated, "raise --limit or filter");
        vec![section]
    }
}

impl Report for Listing<Task> {
    fn sections(&self) -> Vec<Section> {
        let mut section = Section::new(
            format!("{} task(s)", self.items.len()),
            &["task", "framework", "function", "options", "declared at"],
        );
        for t in &self.items {
            section.row(vec![
                t.name.clone(),
                t.framework.clone(),
                or_dash(t.function.as_deref()),
                or_dash(t.options.as_deref()),
                location(&t.file, t.line),
            ]);
        }
        section.truncated(self.truncated, "raise --limit or filter");
        vec![section]
    }
}

impl Report for Listing<Finding> {
    fn sections(&self) -> Vec<Section> {
        vec![findings_section(format!("{} finding(s)", self.items.len()), &self.items, self.truncated)]
    }
}
