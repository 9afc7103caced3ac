//! Keeps `docs/schema.md` equal to the schema the code creates.
//!
//! The database is created in memory from `ddl()`, then compared with the document. Each
//! `### <table>` heading must be followed by a `| column | type | meaning |` table with one row per
//! column in creation order. The `type` cell must be the column's declaration exactly as in the
//! DDL (`INTEGER NOT NULL REFERENCES files(id)`, or `INTEGER PRIMARY KEY` for `id`). The test
//! also checks that every `*_id` column is a declared foreign key.

use std::collections::BTreeSet;

use pyindex::store::schema::{self, TABLES, ddl};
use rusqlite::Connection;

/// One documented or created column: name and declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Col {
    name: String,
    decl: String,
}

/// Collapses runs of whitespace and drops backticks, so `` `TEXT  NOT NULL` `` equals `TEXT NOT NULL`.
fn normalize(s: &str) -> String {
    s.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a Markdown table row into trimmed cells, keeping `\|` inside a cell.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').filter(|s| !s.ends_with('\\')).unwrap_or(inner);
    let mut out = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => out.last_mut().unwrap().push(chars.next().unwrap()),
            '|' => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
    }
    out.iter().map(|c| c.trim().to_string()).collect()
}

/// The `### name` sections of the document, in order, with the rows of the table that follows each.
fn documented(doc: &str) -> Vec<(String, Vec<Col>)> {
    let mut sections: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    let mut in_fence = false;
    // Whether the current section's table is still open (no non-table line since it started).
    let mut collecting = false;
    for line in doc.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if trimmed.starts_with('#') {
            collecting = false;
            if let Some(name) = trimmed.strip_prefix("### ") {
                sections.push((normalize(name), Vec::new()));
                collecting = true;
            }
            continue;
        }
        let Some((_, rows)) = sections.last_mut().filter(|_| collecting) else {
            continue;
        };
        if trimmed.starts_with('|') {
            rows.push(cells(trimmed));
        } else if !rows.is_empty() {
            collecting = false; // the table ended; later tables in this section are not columns
        }
    }

    sections
        .into_iter()
        .map(|(name, rows)| {
            assert!(rows.len() >= 2, "docs/schema.md: section `### {name}` has no Markdown table");
            let header: Vec<String> = rows[0].iter().map(|c| normalize(c)).collect();
            assert_eq!(
                header,
                ["column", "type", "meaning"],
                "docs/schema.md: table of `### {name}` must have the header | column | type | meaning |"
            );
            let cols = rows[2..]
                .iter()
                .map(|r| {
                    assert!(
                        r.len() == 3 && !r[2].is_empty(),
                        "docs/schema.md: in `### {name}`, the row {r:?} needs exactly three cells and a non-empty meaning"
                    );
                    Col { name: normalize(&r[0]), decl: normalize(&r[1]) }
                })
                .collect();
            (name, cols)
        })
        .collect()
}

/// Splits the column list of a `CREATE TABLE name (...)` statement at top-level commas.
fn column_defs(create_sql: &str) -> Vec<String> {
    let start = create_sql.find('(').expect("CREATE TABLE without (") + 1;
    let end = create_sql.rfind(')').expect("CREATE TABLE without )");
    let (mut depth, mut parts, mut cur) = (0, Vec::new(), String::new());
    for c in create_sql[start..end].chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    parts.push(cur);
    parts.into_iter().map(|p| normalize(&p)).collect()
}

/// Every table the DDL creates, in creation order, with its columns in `table_info` order. Each
/// column's declaration is taken from the CREATE TABLE text SQLite keeps, so it reads exactly as
/// written in schema.rs.
fn created(conn: &Connection) -> Vec<(String, Vec<Col>)> {
    let mut stmt =
        conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid").unwrap();
    let tables: Vec<(String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    tables
        .into_iter()
        .map(|(table, sql)| {
            let defs = column_defs(&sql);
            let mut info = conn.prepare(&format!("PRAGMA table_info({table})")).unwrap();
            let names: Vec<String> = info.query_map([], |r| r.get(1)).unwrap().map(Result::unwrap).collect();
            let cols = names
                .into_iter()
                .map(|name| {
                    let decl = defs
                        .iter()
                        .find_map(|d| d.strip_prefix(&format!("{name} ")))
                        .unwrap_or_else(|| panic!("no definition of {table}.{name} in: {sql}"));
                    Col { name, decl: decl.to_string() }
                })
                .collect();
            (table, cols)
        })
        .collect()
}

fn open() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(&ddl()).expect("ddl() must be valid SQL");
    conn
}

fn doc_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schema.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

#[test]
fn docs_match_created_schema() {
    let conn = open();
    let created = created(&conn);
    let documented = documented(&doc_text());

    // Tables: the same set, no duplicates.
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (name, _) in &documented {
        if !seen.insert(name.as_str()) {
            problems.push(format!("table {name} is documented twice"));
        }
    }
    let created_names: BTreeSet<&str> = created.iter().map(|(n, _)| n.as_str()).collect();
    for name in created_names.difference(&seen) {
        problems.push(format!("missing table {name} in docs/schema.md"));
    }
    for name in seen.difference(&created_names) {
        problems.push(format!("table {name} is documented but not created"));
    }

    // Columns of the tables both sides have: same names and declarations, in order.
    for (table, cols) in &created {
        let Some((_, doc_cols)) = documented.iter().find(|(n, _)| n == table) else {
            continue;
        };
        for col in cols {
            match doc_cols.iter().find(|d| d.name == col.name) {
                None => problems.push(format!(
                    "column {} of table {table} is missing in docs (created as `{}`)",
                    col.name, col.decl
                )),
                Some(d) if d.decl != col.decl => problems.push(format!(
                    "column {} of table {table} documented as `{}` but created as `{}`",
                    col.name, d.decl, col.decl
                )),
                Some(_) => {}
            }
        }
        let mut names = BTreeSet::new();
        for d in doc_cols {
            if !cols.iter().any(|c| c.name == d.name) {
                problems.push(format!("column {} of table {table} is documented but not created", d.name));
            } else if !names.insert(&d.name) {
                problems.push(format!("column {} of table {table} is documented twice", d.name));
            }
        }
        // Order, compared over the columns both sides have so one omission is reported once.
        let common = |a: &[Col], b: &[Col]| -> Vec<String> {
            a.iter().filter(|x| b.iter().any(|y| y.name == x.name)).map(|x| x.name.clone()).collect()
        };
        let (doc_order, created_order) = (common(doc_cols, cols), common(cols, doc_cols));
        if doc_order != created_order && names.len() == doc_order.len() {
            problems.push(format!(
                "columns of table {table} documented in the order {doc_order:?} but created in the order {created_order:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "docs/schema.md is out of date:\n  {}", problems.join("\n  "));

    let expected_order: Vec<&str> = std::iter::once("meta").chain(TABLES.iter().map(|t| t.name)).collect();
    let doc_order: Vec<&str> = documented.iter().map(|(n, _)| n.as_str()).collect();
    if let Some(i) = (0..doc_order.len()).find(|&i| doc_order[i] != expected_order[i]) {
        panic!(
            "docs/schema.md: the `###` sections must follow the order of TABLES (meta first): \
             section {} is {} but should be {}",
            i + 1,
            doc_order[i],
            expected_order[i]
        );
    }
}

#[test]
fn every_id_column_is_a_foreign_key() {
    let conn = open();
    let mut problems = Vec::new();
    for (table, cols) in created(&conn) {
        let mut stmt = conn.prepare(&format!("PRAGMA foreign_key_list({table})")).unwrap();
        // (from column, referenced table)
        let fks: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get::<_, String>(3)?, r.get::<_, String>(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for col in cols.iter().filter(|c| c.name.ends_with("_id")) {
            match fks.iter().find(|(from, _)| *from == col.name) {
                None => problems.push(format!(
                    "column {} of table {table} holds an id but has no REFERENCES clause",
                    col.name
                )),
                Some((_, target)) if !TABLES.iter().any(|t| t.name == target) => problems
                    .push(format!("column {} of table {table} references unknown table {target}", col.name)),
                Some(_) => {}
            }
        }
    }
    assert!(problems.is_empty(), "foreign keys:\n  {}", problems.join("\n  "));
}

/// The `## Indexes` table of docs/schema.md lists exactly the indexes the code builds.
#[test]
fn documented_indexes_match_the_code() {
    let doc = doc_text();
    let section = doc.split("## Indexes").nth(1).expect("docs/schema.md has an `## Indexes` section");
    let documented: Vec<Vec<String>> = section
        .lines()
        .filter(|line| line.starts_with('|'))
        .skip(2) // header and separator
        .map(cells)
        .collect();
    let built: Vec<Vec<String>> = schema::INDEXES
        .iter()
        .map(|i| {
            let condition = if i.unique { "unique".to_owned() } else { i.filter.unwrap_or("").to_owned() };
            vec![i.name.to_owned(), i.table.to_owned(), i.columns.to_owned(), condition]
        })
        .collect();
    assert_eq!(documented, built, "docs/schema.md `## Indexes` differs from INDEXES");
}
