//! What a `cfg_statements` row says about one statement or clause header: its line, the lines its
//! block covers because of it, its kind and a bounded text. Looks only at the node's own fields.

use ruff_python_ast::{self as ast, StmtRef};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::index::NodeIndex;

/// Longest `text` kept for a statement (its first line, cut at a character boundary).
const MAX_TEXT: usize = 200;

/// One row of `cfg_statements` before it is written.
#[derive(Debug, Clone)]
pub struct Statement<'a> {
    pub line: u32,
    /// Last line of the part that executes in this block (a compound statement's header, not
    /// its body; a `def`'s signature, not its body).
    pub end_line: u32,
    pub kind: &'static str,
    pub text: &'a str,
}

impl<'a> Statement<'a> {
    /// A statement or clause from `start` (where Python's `ast` puts it) to `header_end` (end of
    /// what runs in its own block); its text is the first line of `start..end`.
    fn new(
        index: &NodeIndex<'a>,
        kind: &'static str,
        start: TextSize,
        header_end: TextSize,
        end: TextSize,
    ) -> Self {
        let line = index.position(start).0;
        let end_line = index.position(header_end).0.max(line);
        let text = first_line(index.slice(TextRange::new(start, end.max(start))));
        Statement { line, end_line, kind, text }
    }

    /// The row of a statement of a body.
    pub fn of(index: &NodeIndex<'a>, stmt: StmtRef<'a>) -> Self {
        let (start, header_end) = extent(index, stmt);
        // The text runs to the statement's end, so a one-line compound statement reads whole.
        Statement::new(index, kind(stmt), start.min(header_end), header_end, stmt.end())
    }
}

/// The statement kind: Python's `ast` class name in snake case (`aug_assign`, `async_for`,
/// `try_star`).
pub fn kind(stmt: StmtRef<'_>) -> &'static str {
    match stmt {
        StmtRef::FunctionDef(def) if def.is_async => "async_function_def",
        StmtRef::FunctionDef(_) => "function_def",
        StmtRef::ClassDef(_) => "class_def",
        StmtRef::Return(_) => "return",
        StmtRef::Delete(_) => "delete",
        StmtRef::TypeAlias(_) => "type_alias",
        StmtRef::Assign(_) => "assign",
        StmtRef::AugAssign(_) => "aug_assign",
        StmtRef::AnnAssign(_) => "ann_assign",
        StmtRef::For(node) if node.is_async => "async_for",
        StmtRef::For(_) => "for",
        StmtRef::While(_) => "while",
        StmtRef::If(_) => "if",
        StmtRef::With(node) if node.is_async => "async_with",
        StmtRef::With(_) => "with",
        StmtRef::Match(_) => "match",
        StmtRef::Raise(_) => "raise",
        StmtRef::Try(node) if node.is_star => "try_star",
        StmtRef::Try(_) => "try",
        StmtRef::Assert(_) => "assert",
        StmtRef::Import(_) => "import",
        StmtRef::ImportFrom(_) => "import_from",
        StmtRef::Global(_) => "global",
        StmtRef::Nonlocal(_) => "nonlocal",
        StmtRef::Expr(_) => "expr",
        StmtRef::Pass(_) => "pass",
        StmtRef::Break(_) => "break",
        StmtRef::Continue(_) => "continue",
        StmtRef::IpyEscapeCommand(_) => "ipy_escape_command",
    }
}

/// Where a statement starts (as Python's `ast` says) and where the part of it that runs in its
/// own block ends: the whole of a simple statement, the header of a compound one.
fn extent(index: &NodeIndex<'_>, stmt: StmtRef<'_>) -> (TextSize, TextSize) {
    match stmt {
        StmtRef::FunctionDef(def) => {
            let start = index.def_start(&def.name, "def", def.is_async);
            let signature = def.returns.as_ref().map_or(def.parameters.end(), |r| r.end());
            (start, signature)
        }
        StmtRef::ClassDef(def) => {
            let start = index.def_start(&def.name, "class", false);
            let header = def.arguments.as_ref().map_or(def.name.end(), |a| a.end());
            (start, header)
        }
        StmtRef::If(node) => (node.start(), node.test.end()),
        StmtRef::While(node) => (node.start(), node.test.end()),
        StmtRef::For(node) => (node.start(), node.iter.end()),
        StmtRef::With(node) => (node.start(), node.items.last().map_or(node.start(), |item| item.end())),
        StmtRef::Match(node) => (node.start(), node.subject.end()),
        StmtRef::Try(node) => (node.start(), node.start()),
        _ => (stmt.start(), stmt.end()),
    }
}

/// The `elif` clause header of an `if` chain (the `else` clause has no row of its own).
pub fn elif<'a>(index: &NodeIndex<'a>, clause: &ast::ElifElseClause, test: &ast::Expr) -> Statement<'a> {
    Statement::new(index, "elif", clause.start(), test.end(), clause.end())
}

/// An `except` (or `except*`) clause header.
pub fn except<'a>(
    index: &NodeIndex<'a>,
    handler: &ast::ExceptHandlerExceptHandler,
    star: bool,
) -> Statement<'a> {
    let kind = if star { "except_star" } else { "except" };
    let end = match (&handler.name, &handler.type_) {
        (Some(name), _) => name.end(),
        (None, Some(type_)) => type_.end(),
        (None, None) => handler.start(),
    };
    Statement::new(index, kind, handler.start(), end, handler.end())
}

/// A `case` clause header, pattern and guard.
pub fn case<'a>(index: &NodeIndex<'a>, case: &ast::MatchCase) -> Statement<'a> {
    let end = case.guard.as_ref().map_or(case.pattern.end(), |guard| guard.end());
    Statement::new(index, "case", case.start(), end, case.end())
}

/// A `finally:` clause header at `keyword`.
pub fn finally<'a>(index: &NodeIndex<'a>, keyword: TextSize) -> Statement<'a> {
    let end = keyword + TextSize::new("finally".len() as u32);
    let mut statement = Statement::new(index, "finally", keyword, end, end);
    // Just the keyword line: what follows the colon on it is a statement of the next block.
    statement.text = "finally:";
    statement
}

/// A lambda's body: the one expression its graph evaluates.
pub fn lambda_body<'a>(index: &NodeIndex<'a>, body: &ast::Expr) -> Statement<'a> {
    Statement::new(index, "expr", body.start(), body.end(), body.end())
}

/// The first line of `text`, right-trimmed, at most `MAX_TEXT` bytes.
fn first_line(text: &str) -> &str {
    let line = text.split(['\n', '\r']).next().unwrap_or("").trim_end();
    if line.len() <= MAX_TEXT {
        return line;
    }
    let mut cut = MAX_TEXT;
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    &line[..cut]
}

/// Where the `finally` keyword of a `try` is: the first `finally` word after `after`, skipping
/// blanks and comments (only those, and `;`, can separate it from the preceding clause).
pub fn finally_keyword(index: &NodeIndex<'_>, after: TextSize, before: TextSize) -> Option<TextSize> {
    let text = index.slice(TextRange::new(after, before.max(after)));
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'f' if text[i..].starts_with("finally") => return Some(after + TextSize::new(i as u32)),
            _ => i += 1,
        }
    }
    None
}
