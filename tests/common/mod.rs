//! Shared helper of the extractor tests: Python source in, the rows of one table out, one line
//! per row, so a test can compare a whole table with `assert_eq!`.
//!
//! The per-file stage runs in-process (parse → node index → extractors), without SQLite. A row
//! is rendered as its values in the table's column order (`src/store/schema.rs`, without `id`),
//! joined by ` | `:
//! - NULL → `NULL`, integers (booleans too: 0/1) as decimals, text as is with `\n`, `\r` and
//!   `\t` escaped so a row stays one line;
//! - `file_id` (`Value::File`) → `F`;
//! - a reference to a `symbols` row → `@` + that symbol's qualname (`@C.m`);
//! - a reference to any other row → `<table>#<n>` (`calls#0`: the file's first `calls` row).

#![allow(dead_code)]

use pyindex::extract::run_extractor;
use pyindex::facts::{FileFacts, Value};
use pyindex::index::{FileContext, NodeIndex};
use pyindex::parse::{LineIndex, parse};
use pyindex::store::schema::Table;

/// Column of `symbols.qualname` in a symbols row (after `file_id`, `parent_id`, `kind`, `name`).
const QUALNAME: usize = 4;

/// The rows of `table` after running `extractor` on `source` as the file `pkg/mod.py`
/// (module `pkg.mod`, not a package). `source` is `dedent`ed first.
pub fn rows(source: &str, extractor: &str, table: &str) -> Vec<String> {
    rows_in("pkg/mod.py", "pkg.mod", false, source, extractor, table)
}

/// `rows` for a file at `path` with module name `module` (`is_package` for an `__init__.py`).
pub fn rows_in(
    path: &str,
    module: &str,
    is_package: bool,
    source: &str,
    extractor: &str,
    table: &str,
) -> Vec<String> {
    let table = table_named(table);
    let facts = facts_in(path, module, is_package, &dedent(source), extractor);
    facts.rows(table).map(|row| render(&facts, &row)).collect()
}

/// The qualnames of every symbol pyindex extracts from `source` (in row order; not dedented).
pub fn qualnames(source: &str) -> Vec<String> {
    let facts = facts_in("pkg/mod.py", "pkg.mod", false, source, "symbols");
    facts.rows(Table::Symbols).map(|row| text(&row[QUALNAME]).to_owned()).collect()
}

/// Runs `symbols` (so scopes have their rows), then `extractor` unless it is `symbols`.
/// Panics on a syntax error: a fixture with a typo would otherwise give fewer rows silently.
fn facts_in(path: &str, module: &str, is_package: bool, source: &str, extractor: &str) -> FileFacts {
    let context = FileContext { path: path.to_owned(), module: module.to_owned(), is_package };
    let lines = LineIndex::new(source);
    let (parsed, diagnostics) =
        parse(source, &lines, false).unwrap_or_else(|problem| panic!("cannot parse fixture: {problem:?}"));
    assert!(diagnostics.is_empty(), "fixture has syntax errors: {diagnostics:?}\n{source}");
    let index = NodeIndex::build(&context, source, &lines, parsed.syntax());
    let mut facts = FileFacts::default();
    run_extractor("symbols", &index, &mut facts);
    if extractor != "symbols" {
        run_extractor(extractor, &index, &mut facts);
    }
    facts
}

fn table_named(name: &str) -> Table {
    *Table::ALL.iter().find(|t| t.name() == name).unwrap_or_else(|| panic!("no table {name}"))
}

fn render(facts: &FileFacts, row: &[Value]) -> String {
    row.iter().map(|value| render_value(facts, value)).collect::<Vec<_>>().join(" | ")
}

fn render_value(facts: &FileFacts, value: &Value) -> String {
    match value {
        Value::Null => "NULL".to_owned(),
        Value::Int(n) => n.to_string(),
        Value::Text(s) => {
            s.replace('\\', "\\\\").replace('\n', "\\n").replace('\r', "\\r").replace('\t', "\\t")
        }
        Value::File => "F".to_owned(),
        Value::Row(Table::Symbols, n) => {
            let symbol = facts
                .rows(Table::Symbols)
                .nth(*n as usize)
                .unwrap_or_else(|| panic!("reference to symbols row {n}, which does not exist"));
            format!("@{}", text(&symbol[QUALNAME]))
        }
        Value::Row(table, n) => format!("{}#{n}", table.name()),
    }
}

fn text<'a>(value: &'a Value<'_>) -> &'a str {
    match value {
        Value::Text(s) => s,
        other => panic!("expected text, got {other:?}"),
    }
}

/// `source` without its first newline and without the indentation common to its non-blank
/// lines, so snippets can be indented with the test code. Line 1 is the line after `r#"`.
pub fn dedent(source: &str) -> String {
    let source = source.strip_prefix('\n').unwrap_or(source);
    let indent = source
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        if line.trim().is_empty() {
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(&line[indent..]);
        }
    }
    out
}

/// Asserts that `actual` holds exactly the `expected` rows, in order. On a mismatch, prints both
/// lists one row per line, marking with `!` the positions where they differ.
#[track_caller]
pub fn assert_rows(actual: Vec<String>, expected: &[&str]) {
    if actual.iter().map(String::as_str).eq(expected.iter().copied()) {
        return;
    }
    let mut report = String::new();
    let longest = actual.len().max(expected.len());
    for i in 0..longest {
        let want = expected.get(i).copied();
        let got = actual.get(i).map(String::as_str);
        let mark = if want == got { ' ' } else { '!' };
        report.push_str(&format!("{mark} {i:>3} expected: {}\n", want.unwrap_or("<none>")));
        report.push_str(&format!("{mark} {i:>3} actual:   {}\n", got.unwrap_or("<none>")));
    }
    panic!("rows differ ({} expected, {} actual):\n{report}", expected.len(), actual.len());
}
