//! Row buffers: what the per-file stage hands to the writer.
//!
//! Extractors push rows into a `FileFacts`, one flat buffer of cells per table, in source order;
//! all text goes into one string arena per file (one allocation instead of one per value). Rows
//! refer to each other by their position inside the file (`Value::Row`) and to their own file by
//! `Value::File`; the writer turns both into global ids, so ids depend only on file order and
//! source order, never on which thread produced the rows.

use std::borrow::Cow;

use crate::store::schema::Table;

/// One value of a row, as extractors give it and as `FileFacts::rows` returns it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Text(Cow<'a, str>),
    /// The id of the file these facts belong to.
    File,
    /// The id of row `n` (0-based, within this file) of a table.
    Row(Table, u32),
}

/// A stored value: text lives in the file's arena.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Text { start: u32, len: u32 },
    File,
    Row(Table, u32),
}

/// A pushed row's handle, usable as a reference from other rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef(pub Table, pub u32);

impl From<RowRef> for Value<'_> {
    fn from(r: RowRef) -> Self {
        Value::Row(r.0, r.1)
    }
}
impl From<i64> for Value<'_> {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<u32> for Value<'_> {
    fn from(v: u32) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<usize> for Value<'_> {
    fn from(v: usize) -> Self {
        Value::Int(v as i64)
    }
}
impl From<bool> for Value<'_> {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}
impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Text(Cow::Borrowed(v))
    }
}
impl From<String> for Value<'_> {
    fn from(v: String) -> Self {
        Value::Text(Cow::Owned(v))
    }
}
impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Every row one file produced, per table, in source order.
#[derive(Debug, Clone)]
pub struct FileFacts {
    tables: Vec<Vec<Cell>>,
    text: String,
}

impl Default for FileFacts {
    fn default() -> Self {
        FileFacts { tables: vec![Vec::new(); Table::COUNT], text: String::new() }
    }
}

impl FileFacts {
    /// Appends one row; `values` must hold exactly the table's columns (without `id`).
    pub fn push<const N: usize>(&mut self, table: Table, values: [Value<'_>; N]) -> RowRef {
        assert_eq!(N, table.width(), "row width for table {}", table.name());
        let n = (self.tables[table as usize].len() / N) as u32;
        for value in values {
            let cell = match value {
                Value::Null => Cell::Null,
                Value::Int(v) => Cell::Int(v),
                Value::Text(text) => {
                    let start = self.text.len() as u32;
                    self.text.push_str(&text);
                    Cell::Text { start, len: text.len() as u32 }
                }
                Value::File => Cell::File,
                Value::Row(target, row) => Cell::Row(target, row),
            };
            self.tables[table as usize].push(cell);
        }
        RowRef(table, n)
    }

    /// The stored rows of one table, each a slice of `table.width()` cells (the writer's view).
    pub fn cells(&self, table: Table) -> impl ExactSizeIterator<Item = &[Cell]> {
        self.tables[table as usize].chunks_exact(table.width().max(1))
    }

    /// The text of a `Cell::Text`.
    pub fn text(&self, start: u32, len: u32) -> &str {
        &self.text[start as usize..(start + len) as usize]
    }

    /// The rows of one table as values (for tests and tools; the writer reads `cells`).
    pub fn rows(&self, table: Table) -> impl ExactSizeIterator<Item = Vec<Value<'_>>> {
        self.cells(table).map(|row| row.iter().map(|cell| self.value(*cell)).collect())
    }

    fn value(&self, cell: Cell) -> Value<'_> {
        match cell {
            Cell::Null => Value::Null,
            Cell::Int(v) => Value::Int(v),
            Cell::Text { start, len } => Value::Text(Cow::Borrowed(self.text(start, len))),
            Cell::File => Value::File,
            Cell::Row(table, n) => Value::Row(table, n),
        }
    }

    pub fn row_count(&self, table: Table) -> usize {
        self.tables[table as usize].len() / table.width().max(1)
    }

    pub fn total_rows(&self) -> usize {
        Table::ALL.iter().map(|&t| self.row_count(t)).sum()
    }
}
