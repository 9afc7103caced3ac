//! Row buffers: what the per-file stage hands to the writer.
//!
//! Extractors push rows into a `FileFacts`, one flat `Vec<Value>` per table, in source order.
//! Rows refer to each other by their position inside the file (`Value::Row`) and to their own
//! file by `Value::File`; the writer turns both into global ids, so ids depend only on file order
//! and source order, never on which thread produced the rows.

use crate::store::schema::Table;

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    /// The id of the file these facts belong to.
    File,
    /// The id of row `n` (0-based, within this file) of a table.
    Row(Table, u32),
}

/// A pushed row's handle, usable as a reference from other rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef(pub Table, pub u32);

impl From<RowRef> for Value {
    fn from(r: RowRef) -> Self {
        Value::Row(r.0, r.1)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Int(v as i64)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Every row one file produced, per table, in source order.
#[derive(Debug, Clone)]
pub struct FileFacts {
    tables: Vec<Vec<Value>>,
}

impl Default for FileFacts {
    fn default() -> Self {
        FileFacts { tables: vec![Vec::new(); Table::COUNT] }
    }
}

impl FileFacts {
    /// Appends one row; `values` must hold exactly the table's columns (without `id`).
    pub fn push<const N: usize>(&mut self, table: Table, values: [Value; N]) -> RowRef {
        assert_eq!(N, table.width(), "row width for table {}", table.name());
        let buffer = &mut self.tables[table as usize];
        let n = (buffer.len() / N) as u32;
        buffer.extend(values);
        RowRef(table, n)
    }

    /// The rows of one table, each a slice of `table.width()` values.
    pub fn rows(&self, table: Table) -> impl ExactSizeIterator<Item = &[Value]> {
        let width = table.width().max(1);
        self.tables[table as usize].chunks_exact(width)
    }

    pub fn row_count(&self, table: Table) -> usize {
        self.tables[table as usize].len() / table.width().max(1)
    }

    pub fn total_rows(&self) -> usize {
        Table::ALL.iter().map(|&t| self.row_count(t)).sum()
    }
}
