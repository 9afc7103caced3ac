//! Decoding Python source bytes: BOM, PEP 263 cookies, NUL bytes and decode errors, checked
//! against what CPython's `compile()` does with the same bytes.

use proptest::prelude::*;
use pyindex::diagnostic::DiagnosticKind;
use pyindex::source::{Decoded, decode, read_source};

fn clean(bytes: &[u8]) -> (String, String) {
    let decoded = decode(bytes);
    assert_eq!(decoded.diagnostic, None, "unexpected diagnostic for {bytes:?}");
    (decoded.text.expect("text"), decoded.encoding)
}

/// (kind, line, col, message) of the diagnostic.
fn problem(decoded: &Decoded) -> (DiagnosticKind, Option<u32>, Option<u32>, String) {
    let d = decoded.diagnostic.clone().expect("a diagnostic");
    (d.kind, d.line, d.col, d.message)
}

#[test]
fn plain_utf8() {
    assert_eq!(clean("x = 'é'\n".as_bytes()), ("x = 'é'\n".into(), "utf-8".into()));
}

#[test]
fn empty_file() {
    assert_eq!(clean(b""), (String::new(), "utf-8".into()));
}

#[test]
fn bom_is_dropped() {
    assert_eq!(clean(b"\xEF\xBB\xBFx = 1\n"), ("x = 1\n".into(), "utf-8-sig".into()));
    assert_eq!(clean(b"\xEF\xBB\xBF"), (String::new(), "utf-8-sig".into()));
}

#[test]
fn bom_with_utf8_cookie() {
    let bytes = b"\xEF\xBB\xBF# -*- coding: utf-8 -*-\nx = 1\n";
    assert_eq!(clean(bytes).1, "utf-8-sig");
    assert_eq!(clean(b"\xEF\xBB\xBF# coding: utf-8-unix\n").1, "utf-8-sig");
}

#[test]
fn bom_with_latin1_cookie_is_refused() {
    let decoded = decode(b"\xEF\xBB\xBF# coding: latin-1\nx = 1\n");
    assert_eq!(decoded.text, None);
    let expected = "encoding problem: iso-8859-1 with BOM".to_string();
    assert_eq!(problem(&decoded), (DiagnosticKind::DecodeError, Some(1), Some(10), expected));
}

#[test]
fn bom_with_utf8_spelled_utf8_is_refused_like_cpython() {
    let decoded = decode(b"\xEF\xBB\xBF# coding: utf8\n");
    assert_eq!(decoded.text, None);
    assert_eq!(problem(&decoded).3, "encoding problem: utf8 with BOM");
}

#[test]
fn latin1_cookie() {
    let (text, encoding) = clean(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n");
    assert_eq!(text, "# -*- coding: latin-1 -*-\nx = 'é'\n");
    assert_eq!(encoding, "latin-1");
}

#[test]
fn latin1_spellings() {
    for name in ["latin-1", "latin1", "LATIN_1", "iso-8859-1", "iso8859-1", "iso-latin-1", "l1"] {
        let mut bytes = format!("# coding: {name}\nx = '").into_bytes();
        bytes.extend_from_slice(b"\xe9'\n");
        assert_eq!(clean(&bytes).1, "latin-1", "{name}");
    }
}

#[test]
fn latin1_high_controls_are_code_points() {
    let (text, _) = clean(b"# coding: latin-1\nx = '\x80\x9f'\n");
    assert!(text.contains("'\u{80}\u{9f}'"));
}

#[test]
fn cp1252_euro() {
    let (text, encoding) = clean(b"# coding: cp1252\nx = '\x80'\n");
    assert!(text.contains("'€'"));
    assert_eq!(encoding, "cp1252");
}

#[test]
fn cp1252_undefined_byte_is_an_error_like_python() {
    let decoded = decode(b"# coding: cp1252\nx = '\x81'\n");
    let (kind, line, col, message) = problem(&decoded);
    assert_eq!((kind, line, col), (DiagnosticKind::DecodeError, Some(2), Some(5)));
    assert!(message.contains("0x81") && message.contains("position 22"), "{message}");
    assert!(decoded.text.unwrap().contains('\u{FFFD}'));
}

#[test]
fn ascii_cookie_rejects_high_bytes() {
    let decoded = decode(b"# coding: ascii\nx = '\xe9'\n");
    let (kind, line, col, message) = problem(&decoded);
    assert_eq!((kind, line, col), (DiagnosticKind::DecodeError, Some(2), Some(5)));
    assert!(message.contains("'ascii' codec") && message.contains("0xe9"), "{message}");
    assert_eq!(decoded.encoding, "ascii");
}

#[test]
fn multibyte_cookies() {
    let (text, encoding) = clean(b"# coding: shift_jis\nx = '\x82\xa0'\n");
    assert!(text.contains("'あ'"));
    assert_eq!(encoding, "shift_jis");
    let (text, encoding) = clean(b"# coding: euc-jp\nx = '\xa4\xa2'\n");
    assert!(text.contains("'あ'"));
    assert_eq!(encoding, "euc_jp");
    let (text, encoding) = clean(b"# coding: koi8-r\nx = '\xc1'\n");
    assert!(text.contains("'а'"));
    assert_eq!(encoding, "koi8-r");
}

#[test]
fn multibyte_error_position() {
    let decoded = decode(b"# coding: shift_jis\nx = '\x82'\n");
    let (kind, line, col, message) = problem(&decoded);
    assert_eq!((kind, line, col), (DiagnosticKind::DecodeError, Some(2), Some(5)));
    assert!(message.contains("0x82") && message.contains("position 25"), "{message}");
}

#[test]
fn cookie_on_line_two_after_shebang() {
    let (text, encoding) = clean(b"#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\nx = '\xe9'\n");
    assert!(text.contains("'é'"));
    assert_eq!(encoding, "latin-1");
}

#[test]
fn cookie_on_line_two_after_blank_line() {
    assert_eq!(clean(b"\n# coding: latin-1\nx = '\xe9'\n").1, "latin-1");
}

#[test]
fn cookie_on_line_three_is_ignored() {
    let decoded = decode(b"#!/usr/bin/env python\n\n# coding: latin-1\nx = '\xe9'\n");
    assert_eq!(decoded.encoding, "utf-8");
    let (_, line, col, message) = problem(&decoded);
    assert_eq!((line, col), (Some(4), Some(5)));
    assert!(message.contains("0xe9") && message.contains("position 46"), "{message}");
}

#[test]
fn cookie_on_line_two_after_code_is_ignored() {
    let decoded = decode(b"x = 1\n# coding: latin-1\n");
    assert_eq!(decoded.encoding, "utf-8");
    assert_eq!(decoded.diagnostic, None);
}

#[test]
fn cookie_after_code_on_same_line_is_ignored() {
    assert_eq!(decode(b"x = 1  # coding: latin-1\n").encoding, "utf-8");
}

#[test]
fn cookie_lines_split_at_lone_cr() {
    let (text, encoding) = clean(b"#!/usr/bin/python\r# coding: latin-1\rx = '\xe9'\r");
    assert_eq!(text, "#!/usr/bin/python\r# coding: latin-1\rx = 'é'\r");
    assert_eq!(encoding, "latin-1");
}

#[test]
fn cookie_without_final_newline() {
    assert_eq!(clean(b"# coding: latin-1").1, "latin-1");
}

#[test]
fn invalid_utf8_position() {
    let decoded = decode(b"x = 1\ny = '\xff'\n");
    let (kind, line, col, message) = problem(&decoded);
    assert_eq!((kind, line, col), (DiagnosticKind::DecodeError, Some(2), Some(5)));
    assert_eq!(message, "'utf-8' codec can't decode byte 0xff in position 11: invalid start byte");
    assert_eq!(decoded.text.as_deref(), Some("x = 1\ny = '\u{FFFD}'\n"));
    assert_eq!(decoded.encoding, "utf-8");
}

#[test]
fn invalid_utf8_reasons() {
    let message = |bytes: &[u8]| problem(&decode(bytes)).3;
    assert!(message(b"'\xe2\x82'").ends_with("position 1: invalid continuation byte"));
    assert!(message(b"'\xe2\x82").ends_with("position 1: unexpected end of data"));
    assert!(message(b"\xed\xa0\x80").ends_with("position 0: invalid continuation byte"));
    assert!(message(b"\xc0\xaf").ends_with("position 0: invalid start byte"));
}

#[test]
fn invalid_utf8_after_bom_counts_from_after_the_bom() {
    let (_, line, col, message) = problem(&decode(b"\xEF\xBB\xBFab\xff"));
    assert_eq!((line, col), (Some(1), Some(2)));
    assert!(message.contains("position 2"), "{message}");
}

#[test]
fn positions_count_crlf_and_lone_cr() {
    let (_, line, col, _) = problem(&decode(b"a\r\nb\rc\nd\xff"));
    assert_eq!((line, col), (Some(4), Some(1)));
}

#[test]
fn nul_bytes_refuse_parsing() {
    let decoded = decode(b"x = 1\ny = \x00\n");
    assert_eq!(decoded.text, None);
    let expected = "source code cannot contain null bytes".to_string();
    assert_eq!(problem(&decoded), (DiagnosticKind::DecodeError, Some(2), Some(4), expected));
}

#[test]
fn nul_bytes_win_over_bad_encoding() {
    let decoded = decode(b"# coding: nope\n\x00");
    assert_eq!(decoded.text, None);
    assert_eq!(problem(&decoded).3, "source code cannot contain null bytes");
}

#[test]
fn unknown_encoding() {
    let decoded = decode(b"# coding: klingon\nx = 1\n");
    assert_eq!(decoded.text, None);
    let expected = "unknown encoding: klingon".to_string();
    assert_eq!(problem(&decoded), (DiagnosticKind::DecodeError, Some(1), Some(10), expected));
}

#[test]
fn unknown_encoding_on_line_two() {
    let decoded = decode(b"#!python\n# coding=x-user-defined\n");
    assert_eq!(problem(&decoded).1, Some(2));
    assert_eq!(decoded.text, None);
}

#[test]
fn crlf_and_lone_cr_are_unchanged() {
    assert_eq!(clean(b"x = 1\r\ny = 2\r\n").0, "x = 1\r\ny = 2\r\n");
    assert_eq!(clean(b"x = 1\ry = 2\r").0, "x = 1\ry = 2\r");
}

#[test]
fn read_source_hashes_and_decodes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.py");
    std::fs::write(&path, b"x = 1\n").unwrap();
    let file = read_source(&path, 100).unwrap();
    assert_eq!(file.bytes, 6);
    assert_eq!(file.hash.as_deref(), Some(blake3::hash(b"x = 1\n").to_hex().as_str()));
    assert_eq!(file.decoded.text.as_deref(), Some("x = 1\n"));
}

#[test]
fn read_source_too_large() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.py");
    std::fs::write(&path, b"x = 1\n").unwrap();
    let file = read_source(&path, 5).unwrap();
    assert_eq!((file.bytes, file.hash, file.decoded.text), (6, None, None));
    assert_eq!(file.decoded.diagnostic.unwrap().kind, DiagnosticKind::TooLarge);
}

#[test]
fn read_source_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_source(&dir.path().join("nope.py"), 100).unwrap_err();
    assert_eq!(err.kind, DiagnosticKind::ReadError);
    assert!(err.message.starts_with("cannot read: "), "{}", err.message);
}

#[test]
fn read_source_refuses_directories() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_source(dir.path(), 100).unwrap_err();
    assert_eq!(err.message, "not a regular file");
}

proptest! {
    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let decoded = decode(&bytes);
        let original = std::str::from_utf8(&bytes);
        if let (Some(text), None, Ok(original)) = (&decoded.text, &decoded.diagnostic, original) {
            match decoded.encoding.as_str() {
                "utf-8" => prop_assert_eq!(text.as_str(), original),
                "utf-8-sig" => prop_assert_eq!(text.as_str(), &original[3..]),
                _ => {}
            }
        }
    }

    #[test]
    fn decode_never_panics_with_cookies(
        name in "[-_.a-zA-Z0-9]{1,16}",
        body in proptest::collection::vec(any::<u8>(), 0..256),
        bom in any::<bool>(),
    ) {
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        bytes.extend_from_slice(format!("# coding: {name}\n").as_bytes());
        bytes.extend_from_slice(&body);
        let decoded = decode(&bytes);
        prop_assert!(decoded.text.is_some() || decoded.diagnostic.is_some());
    }

    #[test]
    fn valid_utf8_round_trips(text in "\\PC*") {
        let decoded = decode(text.as_bytes());
        if decoded.encoding == "utf-8" && decoded.diagnostic.is_none() {
            prop_assert_eq!(decoded.text.as_deref(), Some(text.as_str()));
        }
    }
}

#[test]
fn named_encodings_follow_python() {
    for (name, expected) in [
        ("gbk", "gbk"),
        ("big5", "big5"),
        ("euc_kr", "euc_kr"),
        ("windows-1251", "cp1251"),
        ("iso-8859-2", "iso8859-2"),
        ("utf_8", "utf-8"),
        ("UTF8", "utf-8"),
        ("us-ascii", "ascii"),
    ] {
        let bytes = format!("# coding: {name}\nx = 1\n");
        assert_eq!(clean(bytes.as_bytes()).1, expected, "{name}");
    }
}
