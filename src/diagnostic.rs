//! Per-file problems: what went wrong with one file, recorded as data, never a panic.

/// The kind of a per-file problem; also the file's `status` when it is the first one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticKind {
    /// The file could not be read (permissions, not a regular file, dangling link...).
    ReadError,
    /// The bytes are not valid in the declared encoding, or contain NUL bytes.
    DecodeError,
    /// The file is larger than the configured limit and was not parsed.
    TooLarge,
    /// The source nests deeper than pyindex (and CPython) will parse.
    TooComplex,
    /// The parser reported a syntax error (error recovery still yields facts).
    SyntaxError,
    /// pyindex itself failed on this file (a bug: the file's facts are dropped, the run goes on).
    InternalError,
}

impl DiagnosticKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticKind::ReadError => "read_error",
            DiagnosticKind::DecodeError => "decode_error",
            DiagnosticKind::TooLarge => "too_large",
            DiagnosticKind::TooComplex => "too_complex",
            DiagnosticKind::SyntaxError => "syntax_error",
            DiagnosticKind::InternalError => "internal_error",
        }
    }
}

/// One problem in one file; `line` is 1-based and `col` a 0-based UTF-8 byte offset, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub kind: DiagnosticKind,
    pub line: Option<u32>,
    pub col: Option<u32>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Diagnostic { kind, line: None, col: None, message: message.into() }
    }

    pub fn at(mut self, line: u32, col: u32) -> Self {
        self.line = Some(line);
        self.col = Some(col);
        self
    }
}
