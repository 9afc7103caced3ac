//! Rendering answers for people: each answer is a list of `Section`s (a title, an aligned table,
//! notes), printed as plain text. The JSON form of the same answers is their serde
//! serialization; nothing here decides what an answer contains.

/// Longest cell shown in a table; longer text is cut with `…` (the JSON form keeps it whole).
const MAX_CELL_CHARS: usize = 80;

/// One titled table of an answer, with notes printed under it (truncation, hints).
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub title: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    pub notes: Vec<String>,
}

impl Section {
    pub fn new(title: impl Into<String>, columns: &[&'static str]) -> Section {
        Section { title: title.into(), columns: columns.to_vec(), ..Section::default() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.rows.push(cells);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// Adds the standard note for a list cut at `limit`.
    pub fn truncated(&mut self, truncated: bool, limit_hint: &str) {
        if truncated {
            self.note(format!("(more rows left out: {limit_hint})"));
        }
    }
}

/// Something that renders as sections of tables.
pub trait Report {
    fn sections(&self) -> Vec<Section>;

    /// The plain-text rendering: each section's title, its aligned table (or `(none)`), notes.
    fn to_text(&self) -> String {
        let mut out = String::new();
        for (i, section) in self.sections().iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            render_section(section, &mut out);
        }
        out
    }
}

fn render_section(section: &Section, out: &mut String) {
    if !section.title.is_empty() {
        out.push_str(&section.title);
        out.push('\n');
    }
    if !section.columns.is_empty() {
        if section.rows.is_empty() {
            out.push_str("  (none)\n");
        } else {
            render_table(&section.columns, &section.rows, out);
        }
    }
    for note in &section.notes {
        out.push_str("  ");
        out.push_str(note);
        out.push('\n');
    }
}

/// An aligned table: a header, a rule, then the rows; columns are padded to their widest cell,
/// and the last column is not padded (no trailing spaces).
pub fn render_table(columns: &[&str], rows: &[Vec<String>], out: &mut String) {
    let rows: Vec<Vec<String>> = rows.iter().map(|row| row.iter().map(|c| clip(c)).collect()).collect();
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let header: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    for row in std::iter::once(&header).chain(std::iter::once(&rule)).chain(&rows) {
        let mut line = String::from("  ");
        for (i, (cell, width)) in row.iter().zip(&widths).enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(width - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// One line of at most `MAX_CELL_CHARS` characters (newlines would break the alignment).
fn clip(cell: &str) -> String {
    let one_line = cell.replace(['\n', '\r', '\t'], " ");
    if one_line.chars().count() <= MAX_CELL_CHARS {
        one_line
    } else {
        let mut cut: String = one_line.chars().take(MAX_CELL_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

/// An optional cell: the text, or `-`.
pub fn or_dash(value: Option<&str>) -> String {
    value.filter(|v| !v.is_empty()).unwrap_or("-").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_aligned_without_trailing_spaces() {
        let mut out = String::new();
        render_table(
            &["kind", "name"],
            &[vec!["function".into(), "go".into()], vec!["class".into(), "Base".into()]],
            &mut out,
        );
        assert_eq!(out, "  kind      name\n  --------  ----\n  function  go\n  class     Base\n");
    }

    #[test]
    fn long_and_multiline_cells_are_clipped_to_one_line() {
        assert_eq!(clip("a\nb"), "a b");
        let long = "x".repeat(200);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_CHARS);
        assert!(clip(&long).ends_with('…'));
    }
}
