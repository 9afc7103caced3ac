//! Reading and decoding Python source files the way CPython's `compile()` does: UTF-8 BOM,
//! PEP 263 coding cookies on the first two lines, NUL bytes refused, and decode errors reported
//! with a position while a lossy text is still handed to the parser.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use encoding_rs::{DecoderResult, Encoding};

use crate::diagnostic::{Diagnostic, DiagnosticKind};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The outcome of decoding one file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text to parse, or None when the file must not be parsed (NUL bytes, unknown
    /// encoding, BOM/cookie conflict, too large). With a decode error it is the lossy text.
    pub text: Option<String>,
    /// The encoding used, named as Python's codecs name it ("utf-8", "utf-8-sig" when a BOM
    /// was dropped, "latin-1", "cp1252", "shift_jis", ...). When no codec could be used it is
    /// the name the cookie declared; it is empty when the bytes were never looked at.
    pub encoding: String,
    /// A decode problem, if any; positions are 1-based lines and 0-based byte columns of the
    /// raw bytes (after the BOM).
    pub diagnostic: Option<Diagnostic>,
}

/// One file read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The size in bytes (from metadata when the file was too large to read).
    pub bytes: u64,
    /// The blake3 hex digest of the raw bytes; None when the file was too large to read.
    pub hash: Option<String>,
    /// Modification time (nanoseconds since the Unix epoch) as of just before the read.
    pub mtime_ns: Option<i64>,
    pub decoded: Decoded,
}

/// A file's size and modification time (nanoseconds since the Unix epoch), as an incremental
/// run compares them with the stored ones.
pub fn stamp(meta: &std::fs::Metadata) -> (u64, Option<i64>) {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_nanos()).ok());
    (meta.len(), mtime)
}

/// Reads and decodes a regular file; files over `max_bytes` are not read and get a TooLarge
/// diagnostic. Err is a ReadError diagnostic (the file could not be read at all).
pub fn read_source(path: &Path, max_bytes: u64) -> Result<SourceFile, Diagnostic> {
    let read_error =
        |err: std::io::Error| Diagnostic::new(DiagnosticKind::ReadError, format!("cannot read: {err}"));
    // Checked before opening: opening a FIFO would block.
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_file() {
        return Err(Diagnostic::new(DiagnosticKind::ReadError, "not a regular file"));
    }
    let (_, mtime_ns) = stamp(&meta);
    if meta.len() > max_bytes {
        return Ok(too_large(meta.len(), max_bytes, mtime_ns));
    }
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut data = Vec::new();
    // Bounded read: the file may have grown since the metadata call.
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut data).map_err(read_error)?;
    let size = data.len() as u64;
    if size > max_bytes {
        return Ok(too_large(size, max_bytes, mtime_ns));
    }
    Ok(SourceFile {
        bytes: size,
        hash: Some(blake3::hash(&data).to_hex().to_string()),
        mtime_ns,
        decoded: decode(&data),
    })
}

fn too_large(size: u64, max_bytes: u64, mtime_ns: Option<i64>) -> SourceFile {
    let message = format!("file is {size} bytes, over the limit of {max_bytes} bytes");
    SourceFile {
        bytes: size,
        hash: None,
        mtime_ns,
        decoded: Decoded {
            text: None,
            encoding: String::new(),
            diagnostic: Some(Diagnostic::new(DiagnosticKind::TooLarge, message)),
        },
    }
}

/// Decodes source bytes as CPython would; never panics.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (body, has_bom) = match bytes.strip_prefix(BOM) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let cookie = find_cookie(body);
    let chosen = choose_codec(has_bom, cookie.as_ref());
    // CPython refuses NUL bytes before it looks at the encoding.
    if let Some(offset) = body.iter().position(|&b| b == 0) {
        let encoding = match &chosen {
            Ok(codec) => codec.name(has_bom),
            Err(_) => declared_name(cookie.as_ref()),
        };
        let message = "source code cannot contain null bytes";
        return refused(encoding, at_offset(body, offset, message));
    }
    match chosen {
        Ok(codec) => codec.decode(body, has_bom),
        Err(diagnostic) => refused(declared_name(cookie.as_ref()), diagnostic),
    }
}

fn refused(encoding: String, diagnostic: Diagnostic) -> Decoded {
    Decoded { text: None, encoding, diagnostic: Some(diagnostic) }
}

fn declared_name(cookie: Option<&Cookie>) -> String {
    cookie.map_or_else(|| "utf-8".to_string(), |c| normal_name(&c.name).to_lowercase())
}

/// A DecodeError located at a byte offset of `body`.
fn at_offset(body: &[u8], offset: usize, message: impl Into<String>) -> Diagnostic {
    let (line, col) = line_col(body, offset);
    Diagnostic::new(DiagnosticKind::DecodeError, message).at(line, col)
}

/// 1-based line and 0-based byte column of `offset`; lines end at `\n`, `\r\n` or a lone `\r`.
fn line_col(body: &[u8], offset: usize) -> (u32, u32) {
    let offset = offset.min(body.len());
    let mut line = 1usize;
    let mut line_start = 0usize;
    for (i, &b) in body[..offset].iter().enumerate() {
        let lone_cr = b == b'\r' && body.get(i + 1) != Some(&b'\n');
        if b == b'\n' || lone_cr {
            line += 1;
            line_start = i + 1;
        }
    }
    (saturate(line), saturate(offset - line_start))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------------
// PEP 263 coding cookie.

/// A coding declaration: the name as written, and where the name starts.
#[derive(Debug)]
struct Cookie {
    name: String,
    line: u32,
    col: u32,
}

/// The cookie of line 1, or of line 2 when line 1 is blank or a comment.
fn find_cookie(body: &[u8]) -> Option<Cookie> {
    for (index, line) in lines(body).take(2).enumerate() {
        if let Some((col, name)) = cookie_in_line(line) {
            return Some(Cookie { name, line: saturate(index + 1), col: saturate(col) });
        }
        if !is_blank_or_comment(line) {
            return None;
        }
    }
    None
}

/// Lines without terminators; `\n`, `\r\n` and lone `\r` end a line (CPython translates
/// newlines before looking for the cookie).
fn lines(body: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0usize;
    std::iter::from_fn(move || {
        if start >= body.len() {
            return None;
        }
        let rest = &body[start..];
        let end = rest.iter().position(|&b| b == b'\n' || b == b'\r').unwrap_or(rest.len());
        let crlf = rest.get(end) == Some(&b'\r') && rest.get(end + 1) == Some(&b'\n');
        start += end + if crlf { 2 } else { 1 };
        Some(&rest[..end])
    })
}

fn skip_blanks(line: &[u8]) -> &[u8] {
    let n = line.iter().take_while(|&&b| matches!(b, b' ' | b'\t' | b'\x0c')).count();
    &line[n..]
}

fn is_blank_or_comment(line: &[u8]) -> bool {
    matches!(skip_blanks(line).first(), None | Some(b'#'))
}

/// Matches `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)` (ASCII); returns the name's column.
fn cookie_in_line(line: &[u8]) -> Option<(usize, String)> {
    let comment = skip_blanks(line);
    if comment.first() != Some(&b'#') {
        return None;
    }
    let base = line.len() - comment.len();
    let mut from = 1;
    while let Some(found) = find(&comment[from..], b"coding") {
        let after = from + found + b"coding".len();
        from += found + 1;
        if !matches!(comment.get(after), Some(b':' | b'=')) {
            continue;
        }
        let start = after + 1 + comment[after + 1..].iter().take_while(|&&b| b == b' ' || b == b'\t').count();
        let len = comment[start..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            .count();
        if len > 0 {
            let name = String::from_utf8_lossy(&comment[start..start + len]).into_owned();
            return Some((base + start, name));
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// CPython's `get_normal_name`: spots utf-8 and latin-1 spellings (also emacs-style
/// suffixes like "utf-8-unix") in the first 12 characters; other names are returned as is.
fn normal_name(name: &str) -> Cow<'_, str> {
    let head: String =
        name.chars().take(12).map(|c| if c == '_' { '-' } else { c.to_ascii_lowercase() }).collect();
    if head == "utf-8" || head.starts_with("utf-8-") {
        return Cow::Borrowed("utf-8");
    }
    let latin = ["latin-1", "iso-8859-1", "iso-latin-1"];
    if latin.iter().any(|l| head == *l || head.starts_with(&format!("{l}-"))) {
        return Cow::Borrowed("iso-8859-1");
    }
    Cow::Borrowed(name)
}

// ---------------------------------------------------------------------------------------------
// Codecs.

/// How the body is decoded. Latin-1 and ASCII are done by hand: encoding_rs follows WHATWG,
/// which maps both labels to windows-1252.
#[derive(Debug, Clone, Copy)]
enum Codec {
    Utf8,
    Latin1,
    Ascii,
    Other(&'static Encoding),
}

fn choose_codec(has_bom: bool, cookie: Option<&Cookie>) -> Result<Codec, Diagnostic> {
    let Some(cookie) = cookie else {
        return Ok(Codec::Utf8);
    };
    let name = normal_name(&cookie.name);
    let located =
        |message: String| Diagnostic::new(DiagnosticKind::DecodeError, message).at(cookie.line, cookie.col);
    // Like CPython, only the exact normal name "utf-8" agrees with a BOM (not "utf8").
    if has_bom && name != "utf-8" {
        return Err(located(format!("encoding problem: {name} with BOM")));
    }
    lookup(&name).ok_or_else(|| located(format!("unknown encoding: {name}")))
}

/// Python's codec lookup, for the codecs encoding_rs can provide.
fn lookup(name: &str) -> Option<Codec> {
    const UTF8: &[&str] = &["utf_8", "utf8", "u8", "utf", "utf8_ucs2", "utf8_ucs4", "cp65001"];
    const LATIN1: &[&str] = &[
        "latin_1",
        "latin1",
        "latin",
        "l1",
        "iso8859",
        "iso8859_1",
        "iso_8859_1",
        "iso_8859_1_1987",
        "iso_ir_100",
        "8859",
        "cp819",
        "csisolatin1",
        "ibm819",
    ];
    const ASCII: &[&str] = &[
        "ascii",
        "us_ascii",
        "us",
        "646",
        "cp367",
        "csascii",
        "ibm367",
        "iso646_us",
        "iso_646.irv_1991",
        "iso_ir_6",
        "ansi_x3.4_1968",
        "ansi_x3_4_1968",
        "ansi_x3.4_1986",
    ];
    let key = python_key(name);
    if UTF8.contains(&key.as_str()) {
        return Some(Codec::Utf8);
    }
    if LATIN1.contains(&key.as_str()) {
        return Some(Codec::Latin1);
    }
    if ASCII.contains(&key.as_str()) {
        return Some(Codec::Ascii);
    }
    let lower = name.to_ascii_lowercase();
    [lower.clone(), lower.replace('_', "-"), lower.replace('-', "_")]
        .iter()
        .find_map(|label| Encoding::for_label_no_replacement(label.as_bytes()))
        .filter(|enc| *enc != encoding_rs::X_USER_DEFINED)
        .map(Codec::Other)
}

/// Python's `normalize_encoding` plus lower-casing: runs of punctuation other than '.'
/// become one '_', leading and trailing punctuation is dropped.
fn python_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut pending = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if pending && !key.is_empty() {
                key.push('_');
            }
            key.push(c.to_ascii_lowercase());
            pending = false;
        } else {
            pending = true;
        }
    }
    key
}

/// Python's codec name for an encoding_rs encoding.
fn python_codec_name(enc: &'static Encoding) -> String {
    let name = enc.name();
    if let Some(rest) = name.strip_prefix("windows-") {
        return format!("cp{rest}");
    }
    if let Some(rest) = name.strip_prefix("ISO-8859-") {
        return format!("iso8859-{}", rest.trim_end_matches("-I"));
    }
    let python = match name {
        "Shift_JIS" => "shift_jis",
        "EUC-JP" => "euc_jp",
        "ISO-2022-JP" => "iso2022_jp",
        "EUC-KR" => "euc_kr",
        "IBM866" => "cp866",
        "macintosh" => "mac-roman",
        "x-mac-cyrillic" => "mac-cyrillic",
        "UTF-16LE" => "utf-16-le",
        "UTF-16BE" => "utf-16-be",
        other => return other.to_ascii_lowercase(),
    };
    python.to_string()
}

/// The first undecodable byte sequence: its offset in the body and Python's reason.
struct BadBytes {
    offset: usize,
    codec: String,
    reason: &'static str,
}

impl BadBytes {
    fn new(offset: usize, codec: &str, reason: &'static str) -> Self {
        BadBytes { offset, codec: codec.to_string(), reason }
    }
}

impl Codec {
    fn name(self, has_bom: bool) -> String {
        match self {
            Codec::Utf8 if has_bom => "utf-8-sig".to_string(),
            Codec::Utf8 => "utf-8".to_string(),
            Codec::Latin1 => "latin-1".to_string(),
            Codec::Ascii => "ascii".to_string(),
            Codec::Other(enc) => python_codec_name(enc),
        }
    }

    fn decode(self, body: &[u8], has_bom: bool) -> Decoded {
        let (text, bad) = match self {
            Codec::Utf8 => decode_utf8(body),
            Codec::Latin1 => (body.iter().map(|&b| char::from(b)).collect(), None),
            Codec::Ascii => {
                let (text, bad) = decode_single_byte(body, |_| None);
                (text, bad.map(|offset| BadBytes::new(offset, "ascii", "ordinal not in range(128)")))
            }
            Codec::Other(enc) if enc.is_single_byte() => {
                let table = high_half(enc);
                let (text, bad) = decode_single_byte(body, |b| table[usize::from(b - 0x80)]);
                let reason = "character maps to <undefined>";
                (text, bad.map(|offset| BadBytes::new(offset, "charmap", reason)))
            }
            Codec::Other(enc) => decode_multi_byte(body, enc),
        };
        let diagnostic = bad.map(|bad| {
            let byte = body.get(bad.offset).copied().unwrap_or(0);
            let message = format!(
                "'{}' codec can't decode byte 0x{byte:02x} in position {}: {}",
                bad.codec, bad.offset, bad.reason
            );
            at_offset(body, bad.offset, message)
        });
        Decoded { text: Some(text), encoding: self.name(has_bom), diagnostic }
    }
}

fn decode_utf8(body: &[u8]) -> (String, Option<BadBytes>) {
    match std::str::from_utf8(body) {
        Ok(text) => (text.to_string(), None),
        Err(err) => {
            let offset = err.valid_up_to();
            let first = body.get(offset).copied().unwrap_or(0);
            let reason = match err.error_len() {
                None => "unexpected end of data",
                Some(_) if matches!(first, 0x80..=0xC1 | 0xF5..=0xFF) => "invalid start byte",
                Some(_) => "invalid continuation byte",
            };
            let lossy = String::from_utf8_lossy(body).into_owned();
            (lossy, Some(BadBytes::new(offset, "utf-8", reason)))
        }
    }
}

/// Decodes a single-byte encoding: ASCII bytes are themselves, `high` maps 0x80..=0xFF.
/// Returns the text and the offset of the first undefined byte.
fn decode_single_byte(body: &[u8], high: impl Fn(u8) -> Option<char>) -> (String, Option<usize>) {
    let mut text = String::with_capacity(body.len());
    let mut first_bad = None;
    for (offset, &b) in body.iter().enumerate() {
        let c = if b < 0x80 { Some(char::from(b)) } else { high(b) };
        if c.is_none() && first_bad.is_none() {
            first_bad = Some(offset);
        }
        text.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    (text, first_bad)
}

/// The upper half of a single-byte encoding as Python's tables have it: WHATWG fills the
/// holes of the windows-* code pages with C1 controls, Python leaves them undefined.
fn high_half(enc: &'static Encoding) -> [Option<char>; 128] {
    let windows = enc.name().starts_with("windows-");
    let mut table = [None; 128];
    for (slot, b) in table.iter_mut().zip(0x80u8..=0xFF) {
        let byte = [b];
        let decoded = enc.decode_without_bom_handling_and_without_replacement(&byte);
        let c = decoded.and_then(|s| s.chars().next());
        *slot = c.filter(|c| !(windows && ('\u{80}'..='\u{9f}').contains(c)));
    }
    table
}

fn decode_multi_byte(body: &[u8], enc: &'static Encoding) -> (String, Option<BadBytes>) {
    let (text, _) = enc.decode_without_bom_handling(body);
    let codec = python_codec_name(enc);
    let bad = first_malformed(body, enc).map(|(offset, at_end)| {
        let reason = if at_end { "incomplete multibyte sequence" } else { "illegal multibyte sequence" };
        BadBytes::new(offset, &codec, reason)
    });
    (text.into_owned(), bad)
}

/// Offset of the first malformed sequence, and whether it runs to the end of the input.
fn first_malformed(body: &[u8], enc: &'static Encoding) -> Option<(usize, bool)> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = vec![0u8; 8192];
    let mut read_total = 0usize;
    loop {
        let input = body.get(read_total..)?;
        let (result, read, _) = decoder.decode_to_utf8_without_replacement(input, &mut out, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => return None,
            // No progress would loop forever; the buffer is far larger than any character.
            DecoderResult::OutputFull if read == 0 => return None,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, after) => {
                let end = read_total.saturating_sub(usize::from(after));
                let offset = end.saturating_sub(usize::from(bad));
                return Some((offset, end >= body.len()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_regex_edges() {
        assert_eq!(cookie_in_line(b"# -*- coding: latin-1 -*-").map(|c| c.1), Some("latin-1".into()));
        assert_eq!(
            cookie_in_line(b"\x0c # vim: set fileencoding=cp1252 :").map(|c| c.1),
            Some("cp1252".into())
        );
        assert_eq!(cookie_in_line(b"#coding:utf-8").map(|c| c.0), Some(8));
        assert_eq!(cookie_in_line(b"# coding: \t koi8_r").map(|c| c.1), Some("koi8_r".into()));
        // An empty name keeps searching, a later "coding" may match.
        assert_eq!(cookie_in_line(b"# coding: ; coding=gbk").map(|c| c.1), Some("gbk".into()));
        assert!(cookie_in_line(b"x = 1  # coding: latin-1").is_none());
        assert!(cookie_in_line(b"# coding latin-1").is_none());
        assert!(cookie_in_line(b"# codin").is_none());
    }

    #[test]
    fn normal_names() {
        assert_eq!(normal_name("UTF_8"), "utf-8");
        assert_eq!(normal_name("utf-8-unix"), "utf-8");
        assert_eq!(normal_name("utf8"), "utf8");
        assert_eq!(normal_name("Latin_1"), "iso-8859-1");
        assert_eq!(normal_name("iso-latin-1-unix"), "iso-8859-1");
        assert_eq!(normal_name("cp1252"), "cp1252");
    }

    #[test]
    fn python_keys() {
        assert_eq!(python_key("UTF-8"), "utf_8");
        assert_eq!(python_key("--iso--8859-1-"), "iso_8859_1");
        assert_eq!(python_key("ansi_x3.4_1968"), "ansi_x3.4_1968");
    }

    #[test]
    fn line_col_counts_all_line_endings() {
        let body = b"a\r\nb\rc\nd";
        assert_eq!(line_col(body, 0), (1, 0));
        assert_eq!(line_col(body, 3), (2, 0));
        assert_eq!(line_col(body, 5), (3, 0));
        assert_eq!(line_col(body, 7), (4, 0));
        assert_eq!(line_col(body, 99), (4, 1));
    }

    #[test]
    fn python_codec_names() {
        assert_eq!(python_codec_name(encoding_rs::WINDOWS_1252), "cp1252");
        assert_eq!(python_codec_name(encoding_rs::ISO_8859_8_I), "iso8859-8");
        assert_eq!(python_codec_name(encoding_rs::SHIFT_JIS), "shift_jis");
        assert_eq!(python_codec_name(encoding_rs::KOI8_R), "koi8-r");
        assert_eq!(python_codec_name(encoding_rs::GBK), "gbk");
    }
}
