//! Parsing: a thin wrapper over ruff's parser, plus positions as Python's `ast` reports them.
//!
//! Syntax errors are data: the parser recovers and the errors become diagnostics. Before parsing,
//! a cheap scan refuses sources nested deeper than CPython accepts, so that no input can exhaust
//! the (large) stack of the worker threads.

use ruff_python_ast::ModModule;
use ruff_python_ast::PySourceType;
use ruff_python_parser::{Parsed, parse_unchecked_source};
use ruff_text_size::TextSize;

use crate::diagnostic::{Diagnostic, DiagnosticKind};

/// CPython's tokenizer refuses more than 200 nested brackets ("too many nested parentheses").
pub const MAX_BRACKET_DEPTH: usize = 200;
/// CPython's tokenizer (MAXINDENT) refuses a 100th level of indentation.
pub const MAX_INDENT_DEPTH: usize = 100;
/// Longest chain of operators in one bracket level that we parse (CPython's parser gives up much
/// earlier on such chains); bounds the depth of the syntax tree and so the recursion on it.
pub const MAX_OPERATOR_CHAIN: usize = 50_000;

/// Line starts of a text, to turn byte offsets into (line, column) as Python's `ast` does:
/// lines end at `\n`, `\r\n` or a lone `\r`; columns are UTF-8 byte offsets within the line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i as u32 + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    i += 1;
                    starts.push(i as u32 + 1);
                }
                b'\r' => starts.push(i as u32 + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts, len: bytes.len() as u32 }
    }

    /// 1-based line and 0-based byte column of `offset`.
    pub fn position(&self, offset: TextSize) -> (u32, u32) {
        let offset = u32::from(offset).min(self.len);
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        (line as u32 + 1, offset - self.starts[line])
    }

    /// Number of lines, counting a last line without a newline; 0 for an empty text.
    pub fn line_count(&self) -> u32 {
        let n = self.starts.len() as u32;
        if self.starts.last() == Some(&self.len) { n - 1 } else { n }
    }
}

/// A parsed module with its diagnostics, or the diagnostic that kept it from being parsed.
pub fn parse(
    text: &str,
    lines: &LineIndex,
    is_stub: bool,
) -> Result<(Parsed<ModModule>, Vec<Diagnostic>), Diagnostic> {
    check_nesting(text)?;
    let source_type = if is_stub { PySourceType::Stub } else { PySourceType::Python };
    let parsed = parse_unchecked_source(text, source_type);
    let diagnostics = parsed
        .errors()
        .iter()
        .map(|error| {
            let (line, col) = lines.position(error.location.start());
            Diagnostic::new(DiagnosticKind::SyntaxError, error.error.to_string()).at(line, col)
        })
        .collect();
    Ok((parsed, diagnostics))
}

/// Refuses sources whose nesting could make the parser or the walk recurse without bound:
/// brackets deeper than CPython allows, and very long operator chains (`a+a+...`, `--...-x`).
/// A small lexer that knows strings and comments, so brackets inside them do not count.
pub fn check_nesting(text: &str) -> Result<(), Diagnostic> {
    let bytes = text.as_bytes();
    let lines = || LineIndex::new(text);
    let too_complex = |offset: usize, message: &str| {
        let (line, col) = lines().position(TextSize::new(offset as u32));
        Err(Diagnostic::new(DiagnosticKind::TooComplex, message).at(line, col))
    };
    // Operator count per open bracket level; a comma starts a new sibling at that level.
    let mut chains: Vec<usize> = vec![0];
    let mut at_line_start = true;
    let mut indents: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if at_line_start && chains.len() == 1 {
            let width = bytes[i..].iter().take_while(|c| matches!(c, b' ' | b'\t' | b'\x0c')).count();
            let next = bytes.get(i + width).copied();
            if !matches!(next, Some(b'#' | b'\n' | b'\r') | None) {
                while indents.last().is_some_and(|&w| w >= width && width > 0) {
                    indents.pop();
                }
                if width == 0 {
                    indents.clear();
                } else if indents.last().is_none_or(|&w| w < width) {
                    indents.push(width);
                    if indents.len() >= MAX_INDENT_DEPTH {
                        return too_complex(i, "too many levels of indentation");
                    }
                }
            }
            at_line_start = false;
            i += width;
            continue;
        }
        match b {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'\\' if matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) => i += 1,
            // A newline ends a logical line only outside brackets.
            b'\n' | b'\r' if chains.len() == 1 => {
                chains[0] = 0;
                at_line_start = true;
            }
            b'(' | b'[' | b'{' => {
                let outer = *chains.last().unwrap_or(&0);
                chains.push(outer);
                if chains.len() > MAX_BRACKET_DEPTH + 1 {
                    return too_complex(i, "too many nested parentheses");
                }
            }
            b')' | b']' | b'}' if chains.len() > 1 => {
                chains.pop();
            }
            b',' | b';' => {
                let depth = chains.len();
                let outer = if depth > 1 { chains[depth - 2] } else { 0 };
                if let Some(top) = chains.last_mut() {
                    *top = outer;
                }
            }
            // Operators and words (`not`, `lambda`, `await`, `if` can chain without brackets too).
            b'+'
            | b'-'
            | b'*'
            | b'/'
            | b'%'
            | b'@'
            | b'&'
            | b'|'
            | b'^'
            | b'~'
            | b'<'
            | b'>'
            | b'.'
            | b'='
            | b':'
            | b'a'..=b'z'
            | b'A'..=b'Z'
            | b'_' => {
                if b.is_ascii_alphabetic() || b == b'_' {
                    while bytes.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
                        i += 1;
                    }
                }
                if let Some(top) = chains.last_mut() {
                    *top += 1;
                    if *top > MAX_OPERATOR_CHAIN {
                        return too_complex(i, "expression too deeply nested");
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Skips a string literal starting at its quote; returns the offset after it (or the end).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            c if c == quote => {
                if !triple {
                    return i + 1;
                }
                if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
                i += 1;
            }
            b'\n' | b'\r' if !triple => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_python_line_endings() {
        let index = LineIndex::new("a\r\nbc\rd\ne");
        assert_eq!(index.position(TextSize::new(0)), (1, 0));
        assert_eq!(index.position(TextSize::new(4)), (2, 1));
        assert_eq!(index.position(TextSize::new(6)), (3, 0));
        assert_eq!(index.position(TextSize::new(8)), (4, 0));
        assert_eq!(index.line_count(), 4);
        assert_eq!(LineIndex::new("").line_count(), 0);
        assert_eq!(LineIndex::new("x\n").line_count(), 1);
    }

    #[test]
    fn nesting_limits_match_cpython() {
        let ok = format!("x = {}1{}\n", "(".repeat(200), ")".repeat(200));
        assert!(check_nesting(&ok).is_ok());
        let deep = format!("x = {}1{}\n", "(".repeat(201), ")".repeat(201));
        let error = check_nesting(&deep).unwrap_err();
        assert_eq!(error.kind, DiagnosticKind::TooComplex);
        assert_eq!(error.message, "too many nested parentheses");
        assert_eq!((error.line, error.col), (Some(1), Some(204)));
        // Brackets in strings and comments do not count.
        let quoted = format!(
            "x = '{}'  # {}\ny = \"\"\"{}\"\"\"\n",
            "(".repeat(500),
            "[".repeat(500),
            "{".repeat(500)
        );
        assert!(check_nesting(&quoted).is_ok());
        let chain = format!("x = {}1\n", "-".repeat(MAX_OPERATOR_CHAIN + 1));
        assert_eq!(check_nesting(&chain).unwrap_err().message, "expression too deeply nested");
        let nots = format!("x = {}y\n", "not ".repeat(MAX_OPERATOR_CHAIN + 1));
        assert_eq!(check_nesting(&nots).unwrap_err().message, "expression too deeply nested");
        // A long flat list is fine: commas reset the chain.
        let flat = format!("x = [{}]\n", "-1, ".repeat(MAX_OPERATOR_CHAIN + 10));
        assert!(check_nesting(&flat).is_ok());
    }

    #[test]
    fn indentation_limit() {
        // As CPython: 100 nested blocks (a statement at indentation level 100) are refused.
        let mut src = String::new();
        for level in 0..100 {
            src.push_str(&format!("{}if x:\n", " ".repeat(level)));
        }
        src.push_str(&format!("{}pass\n", " ".repeat(100)));
        let error = check_nesting(&src).unwrap_err();
        assert_eq!(error.message, "too many levels of indentation");
        assert_eq!(error.line, Some(101));
        let mut ok = String::new();
        for level in 0..99 {
            ok.push_str(&format!("{}def f{level}():\n", " ".repeat(level)));
        }
        ok.push_str(&format!("{}pass\n", " ".repeat(99)));
        assert!(check_nesting(&ok).is_ok());
    }
}
