//! `sql_queries` and `sql_query_tables`: strings that are SQL, with their command and tables.
//! A string counts when it is given to a SQL sink (inline or through a local name; a leading SQL
//! keyword in any case is enough) or, anywhere else, when it clearly is SQL (an upper-case
//! command with the statement's shape, `sql.rs`). A method named `insert` or `select` is not a
//! sink: Tk's `text.insert("end", s)` gives no row. Node kinds: ExprCall, ExprStringLiteral,
//! ExprFString, StmtAssign, StmtAnnAssign, StmtAugAssign.

use std::collections::HashMap;

use ruff_text_size::{Ranged, TextRange};

use super::bindings::Bindings;
use super::sinks::{may_be_sql_sink, resolve_string, sql_argument, string_roots};
use super::site::call_sites_named;
use super::sql::{Evidence, parse};
use super::strings::{BuiltString, built_string, shorten};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::store::schema::Table;

/// Longest query text stored.
const TEXT_MAX: usize = 4000;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let bindings = Bindings::build(index);
    // The string expression each sink runs → the first sink's `calls` row and the string as
    // the sink sees it (with what `+=` appended to the name in between).
    let mut sink_of: HashMap<TextRange, (u32, BuiltString)> = HashMap::new();
    for site in call_sites_named(index, may_be_sql_sink) {
        let Some(argument) = sql_argument(&site) else { continue };
        if let Some(resolved) = resolve_string(index, &bindings, &site, argument) {
            sink_of.entry(resolved.expr.range()).or_insert((site.row, resolved.built));
        }
    }
    for (_, entry, expr) in string_roots(index) {
        let (call, built) = match sink_of.remove(&expr.range()) {
            Some((row, built)) => (Some(row), Some(built)),
            None => (None, built_string(index, expr)),
        };
        let evidence = if call.is_some() { Evidence::Sink } else { Evidence::Plain };
        let Some(built) = built else { continue };
        let Some(sql) = parse(&built.text, evidence) else { continue };
        let (line, col) = index.position(expr.start());
        let row = facts.push(
            Table::SqlQueries,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                sql.command.into(),
                shorten(&built.text, TEXT_MAX).into(),
                built.dynamic.into(),
                col.into(),
                call.map_or(Value::Null, |row| Value::Row(Table::Calls, row)),
            ],
        );
        for table in sql.tables {
            facts.push(Table::SqlQueryTables, [row.into(), table.into()]);
        }
    }
}
