//! Bad input never stops a run: each case is a temporary repository holding one odd file and
//! one good file; the odd file gets its row and diagnostics, the good one is indexed as usual.
//! Plus a property test: whatever the bytes of a file, `index_file` gives exactly one files row
//! and never fails internally.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use pyindex::discover::{DiscoverOptions, Discovered};
use pyindex::facts::Value;
use pyindex::pipeline::{self, IndexOptions, Summary, index_file};
use pyindex::store::schema::Table;
use rusqlite::Connection;
use support::*;

const GOOD: &[u8] = b"def good():\n    return 1\n";

#[allow(dead_code)]
struct Case {
    dir: tempfile::TempDir,
    db: PathBuf,
    summary: Summary,
    conn: Connection,
}

/// The `files` row of one path.
#[derive(Debug, PartialEq)]
struct FileRow {
    status: String,
    encoding: String,
    lines: String,
    bytes: String,
    hash: String,
}

impl Case {
    fn file(&self, path: &str) -> FileRow {
        let all = rows_with(
            &self.conn,
            "SELECT status, encoding, lines, bytes, hash FROM files WHERE path = ?1",
            path,
        );
        assert_eq!(all.len(), 1, "one files row for {path}: {:?}", self.paths());
        let r = &all[0];
        FileRow {
            status: r[0].clone(),
            encoding: r[1].clone(),
            lines: r[2].clone(),
            bytes: r[3].clone(),
            hash: r[4].clone(),
        }
    }

    /// (kind, line, col, message) of each diagnostic of `path`.
    fn diagnostics(&self, path: &str) -> Vec<(String, String, String, String)> {
        rows_with(
            &self.conn,
            "SELECT d.kind, d.line, d.col, d.message FROM diagnostics d JOIN files f ON f.id = d.file_id
             WHERE f.path = ?1 ORDER BY d.id",
            path,
        )
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()))
        .collect()
    }

    /// (qualname, line, col) of the symbols of `path`.
    fn symbols(&self, path: &str) -> Vec<(String, String, String)> {
        rows_with(
            &self.conn,
            "SELECT s.qualname, s.line, s.col FROM symbols s JOIN files f ON f.id = s.file_id
             WHERE f.path = ?1 ORDER BY s.id",
            path,
        )
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect()
    }

    fn paths(&self) -> Vec<String> {
        rows(&self.conn, "SELECT path FROM files ORDER BY id").into_iter().map(|mut r| r.remove(0)).collect()
    }

    /// The good file is indexed whatever its neighbour did.
    fn assert_good(&self) {
        let good = self.file("good.py");
        assert_eq!(good.status, "ok");
        assert_eq!(good.lines, "2");
        assert_eq!(self.symbols("good.py"), [("good".into(), "1".into(), "0".into())]);
        assert!(self.diagnostics("good.py").is_empty());
    }

    /// Indexes the same tree again with other options, into another database (kept in this
    /// case's directory; the returned case's `dir` is an empty placeholder).
    fn rerun(&self, name: &str, tweak: impl FnOnce(&mut IndexOptions)) -> Case {
        let db = self.dir.path().join(name);
        let mut options = options(self.dir.path(), Some(&db), 2);
        tweak(&mut options);
        let summary = pipeline::run(&options, &()).expect("indexing succeeds");
        let conn = open(&db);
        Case { dir: tempfile::tempdir().unwrap(), db, summary, conn }
    }
}

/// A repository holding `good.py` and `files`, indexed with default options (2 threads).
fn case(files: &[(&str, &[u8])]) -> Case {
    case_with(files, |_| {})
}

fn case_with(files: &[(&str, &[u8])], tweak: impl FnOnce(&Path)) -> Case {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.py", GOOD);
    for (rel, bytes) in files {
        write(dir.path(), rel, bytes);
    }
    tweak(dir.path());
    let db = dir.path().join("out.db");
    let summary = index(dir.path(), &db, 2);
    let conn = open(&db);
    Case { dir, db, summary, conn }
}

fn diag(kind: &str, line: &str, col: &str, message: &str) -> (String, String, String, String) {
    (kind.into(), line.into(), col.into(), message.into())
}

#[test]
fn syntax_error() {
    let c = case(&[("x.py", b"def ok():\n    pass\n\ndef f(:\n    pass\n")]);
    c.assert_good();
    let row = c.file("x.py");
    assert_eq!(
        (row.status.as_str(), row.encoding.as_str(), row.lines.as_str()),
        ("syntax_error", "utf-8", "5")
    );
    let diagnostics = c.diagnostics("x.py");
    assert!(!diagnostics.is_empty());
    assert!(
        diagnostics.iter().all(|d| d.0 == "syntax_error" && d.1 == "4" && d.2 != "NULL"),
        "{diagnostics:?}"
    );
    assert_eq!(c.symbols("x.py")[0], ("ok".into(), "1".into(), "0".into()));
    assert_eq!(c.summary.files_with_errors, 1);
}

#[test]
fn invalid_utf8() {
    let c = case(&[("x.py", b"x = 1\ny = \"\xff\"\n")]);
    c.assert_good();
    let row = c.file("x.py");
    assert_eq!((row.status.as_str(), row.encoding.as_str()), ("decode_error", "utf-8"));
    assert_ne!(row.hash, "NULL");
    assert_eq!(
        c.diagnostics("x.py"),
        [diag(
            "decode_error",
            "2",
            "5",
            "'utf-8' codec can't decode byte 0xff in position 11: invalid start byte"
        )]
    );
}

#[test]
fn bom() {
    let c = case(&[("x.py", b"\xEF\xBB\xBFdef f():\n    pass\n")]);
    c.assert_good();
    let row = c.file("x.py");
    assert_eq!(
        (row.status.as_str(), row.encoding.as_str(), row.lines.as_str(), row.bytes.as_str()),
        ("ok", "utf-8-sig", "2", "21")
    );
    assert_eq!(c.symbols("x.py"), [("f".into(), "1".into(), "0".into())]);
}

#[test]
fn latin1_cookie() {
    let c = case(&[("x.py", b"# -*- coding: latin-1 -*-\nS = '\xe9t\xe9'\n")]);
    c.assert_good();
    let row = c.file("x.py");
    assert_eq!((row.status.as_str(), row.encoding.as_str(), row.lines.as_str()), ("ok", "latin-1", "2"));
    let values = rows(
        &c.conn,
        "SELECT target, value FROM assignments a JOIN files f ON f.id = a.file_id WHERE f.path = 'x.py'",
    );
    assert_eq!(values, [["S".to_string(), "'été'".to_string()]]);
}

#[test]
fn nul_filled_binary() {
    let mut bytes = vec![0u8; 4096];
    bytes.extend_from_slice(b"def hidden():\n    pass\n");
    let c = case(&[("x.py", &bytes)]);
    c.assert_good();
    let row = c.file("x.py");
    assert_eq!(row.status, "decode_error");
    assert_eq!(row.bytes, bytes.len().to_string());
    assert_eq!(row.lines, "NULL", "not decoded, so no line count");
    assert_eq!(
        c.diagnostics("x.py"),
        [diag("decode_error", "1", "0", "source code cannot contain null bytes")]
    );
    assert!(c.symbols("x.py").is_empty(), "not parsed");
}

#[test]
fn empty_file() {
    let c = case(&[("x.py", b"")]);
    c.assert_good();
    let row = c.file("x.py");
    assert_eq!(
        row,
        FileRow {
            status: "ok".into(),
            encoding: "utf-8".into(),
            lines: "0".into(),
            bytes: "0".into(),
            hash: blake3::hash(b"").to_hex().to_string(),
        }
    );
    assert!(c.diagnostics("x.py").is_empty());
}

#[test]
fn ten_megabyte_file() {
    // Mostly comments, so it is big to read and lex but gives few rows.
    let mut source = b"x = 1\n".to_vec();
    let comment = format!("#{}\n", "a".repeat(98));
    let comment_lines = 10 * 1024 * 1024 / comment.len() + 1;
    for _ in 0..comment_lines {
        source.extend_from_slice(comment.as_bytes());
    }
    source.extend_from_slice(b"def last():\n    pass\n");
    assert!(source.len() > 10 << 20);
    let last_line = (comment_lines + 2).to_string();

    let c = case(&[("big.py", &source)]);
    c.assert_good();
    let row = c.file("big.py");
    assert_eq!(
        (row.status.as_str(), row.bytes.clone(), row.lines.clone()),
        ("ok", source.len().to_string(), (comment_lines + 3).to_string())
    );
    assert_eq!(c.symbols("big.py"), [("last".into(), last_line, "0".into())]);

    // Over the limit: recorded, with its size, not read.
    let small = c.rerun("small.db", |o| o.max_file_bytes = 1 << 20);
    small.assert_good();
    let row = small.file("big.py");
    assert_eq!(
        (row.status.as_str(), row.bytes.clone(), row.lines.as_str(), row.hash.as_str()),
        ("too_large", source.len().to_string(), "NULL", "NULL")
    );
    let diagnostics = small.diagnostics("big.py");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].0, "too_large");
    assert!(small.symbols("big.py").is_empty());
    assert_eq!(small.summary.files_with_errors, 1);
}

#[test]
fn crlf_and_lone_cr_line_endings() {
    let c = case(&[
        ("crlf.py", b"x = 1\r\ny = 2\r\ndef third():\r\n    return 3\r\n"),
        ("cr.py", b"x = 1\ry = 2\rdef third():\r    return 3\r"),
        ("mixed.py", b"x = 1\ry = 2\r\ndef third():\n    return 3\r"),
    ]);
    c.assert_good();
    for path in ["crlf.py", "cr.py", "mixed.py"] {
        let row = c.file(path);
        assert_eq!((row.status.as_str(), row.lines.as_str()), ("ok", "4"), "{path}");
        assert_eq!(c.symbols(path), [("third".into(), "3".into(), "0".into())], "{path}");
        let y = rows_with(
            &c.conn,
            "SELECT a.line, a.col FROM assignments a JOIN files f ON f.id = a.file_id WHERE f.path = ?1 AND a.target = 'y'",
            path,
        );
        assert_eq!(y, [["2".to_string(), "0".to_string()]], "{path}");
        let end = rows_with(
            &c.conn,
            "SELECT s.end_line FROM symbols s JOIN files f ON f.id = s.file_id WHERE f.path = ?1",
            path,
        );
        assert_eq!(end, [["4".to_string()]], "{path}");
    }
}

#[test]
fn deeply_nested_parentheses_are_too_complex() {
    let deep = format!("def before():\n    pass\nx = {}1{}\n", "(".repeat(1000), ")".repeat(1000));
    let fine = format!("y = {}1{}\n", "(".repeat(150), ")".repeat(150));
    let c = case(&[("deep.py", deep.as_bytes()), ("fine.py", fine.as_bytes())]);
    c.assert_good();
    assert_eq!(c.file("deep.py").status, "too_complex");
    // CPython's tokenizer stops at the 201st open bracket.
    assert_eq!(c.diagnostics("deep.py"), [diag("too_complex", "3", "204", "too many nested parentheses")]);
    let fine_row = c.file("fine.py");
    assert_eq!(fine_row.status, "ok");
    assert!(c.diagnostics("fine.py").is_empty());
    let y = rows(
        &c.conn,
        "SELECT target FROM assignments a JOIN files f ON f.id = a.file_id WHERE f.path = 'fine.py'",
    );
    assert_eq!(y, [["y".to_string()]]);
}

#[test]
fn deeply_nested_functions_are_too_complex() {
    let mut deep = String::new();
    for level in 0..1000 {
        deep.push_str(&format!("{}def f{level}():\n", " ".repeat(level)));
    }
    deep.push_str(&format!("{}pass\n", " ".repeat(1000)));
    let c = case(&[("deep.py", deep.as_bytes())]);
    c.assert_good();
    assert_eq!(c.file("deep.py").status, "too_complex");
    let diagnostics = c.diagnostics("deep.py");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(
        (diagnostics[0].0.as_str(), diagnostics[0].3.as_str()),
        ("too_complex", "too many levels of indentation")
    );
    assert_ne!(diagnostics[0].1, "NULL", "the diagnostic has a line");
}

#[test]
fn indentation_limit_is_cpythons() {
    // Python 3.11's compile() accepts 99 nested blocks and refuses 100 (a statement at
    // indentation level 100) with IndentationError "too many levels of indentation" at line 101,
    // offset 1.
    let nested = |levels: usize| {
        let mut source = String::new();
        for level in 0..levels {
            source.push_str(&format!("{}if x:\n", " ".repeat(level)));
        }
        source.push_str(&format!("{}y = 1\n", " ".repeat(levels)));
        source
    };
    let c = case(&[("deep.py", nested(100).as_bytes()), ("fine.py", nested(99).as_bytes())]);
    c.assert_good();
    assert_eq!(c.file("deep.py").status, "too_complex");
    assert_eq!(c.diagnostics("deep.py"), [diag("too_complex", "101", "0", "too many levels of indentation")]);
    assert_eq!(c.file("fine.py").status, "ok");
    assert!(c.diagnostics("fine.py").is_empty());
    let assigned = rows(
        &c.conn,
        "SELECT a.target, a.line, a.col FROM assignments a JOIN files f ON f.id = a.file_id WHERE f.path = 'fine.py'",
    );
    assert_eq!(assigned, [["y".to_string(), "100".to_string(), "99".to_string()]]);
    assert_eq!(c.summary.files_with_errors, 1);
}

#[test]
fn indentation_limit_counts_open_blocks_not_blocks_ever_opened() {
    // Two towers of 99 nested blocks one after the other: never more than 99 open at once, so
    // CPython compiles it.
    let mut source = String::new();
    for _ in 0..2 {
        for level in 0..99 {
            source.push_str(&format!("{}if x:\n", " ".repeat(level)));
        }
        source.push_str(&format!("{}pass\n", " ".repeat(99)));
    }
    let c = case(&[("towers.py", source.as_bytes())]);
    c.assert_good();
    assert_eq!(c.file("towers.py").status, "ok");
    assert!(c.diagnostics("towers.py").is_empty());
}

#[cfg(unix)]
#[test]
fn fifo_is_a_read_error_without_hanging() {
    let c = within(30, "indexing a FIFO", || {
        case_with(&[], |root| {
            let status =
                std::process::Command::new("mkfifo").arg(root.join("x.py")).status().expect("mkfifo runs");
            assert!(status.success());
        })
    });
    c.assert_good();
    let row = c.file("x.py");
    assert_eq!(
        (row.status.as_str(), row.bytes.as_str(), row.hash.as_str(), row.encoding.as_str()),
        ("read_error", "NULL", "NULL", "NULL")
    );
    let diagnostics = c.diagnostics("x.py");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].0, "read_error");
    assert!(diagnostics[0].3.contains("FIFO"), "{diagnostics:?}");
}

#[test]
fn directory_named_like_a_python_file_is_walked_into() {
    let c = case(&[("x.py/inner.py", b"def inner():\n    pass\n")]);
    c.assert_good();
    assert_eq!(c.paths(), ["good.py", "x.py/inner.py"]);
    assert_eq!(c.file("x.py/inner.py").status, "ok");
    assert_eq!(c.symbols("x.py/inner.py"), [("inner".into(), "1".into(), "0".into())]);
}

#[cfg(unix)]
#[test]
fn symlinks_dangling_and_looping() {
    use std::os::unix::fs::symlink;
    let c = within(30, "indexing symbolic links", || {
        case_with(&[("pkg/mod.py", b"def m():\n    pass\n")], |root| {
            symlink(root.join("missing.py"), root.join("dangling.py")).unwrap();
            symlink("..", root.join("pkg/loop")).unwrap();
            symlink("good.py", root.join("alias.py")).unwrap();
            symlink("self.py", root.join("self.py")).unwrap();
            let fifo = std::process::Command::new("mkfifo").arg(root.join("fifo")).status().unwrap();
            assert!(fifo.success());
            symlink("fifo", root.join("to_fifo.py")).unwrap();
        })
    });
    // Default: links are not followed, so none of them is indexed.
    c.assert_good();
    assert_eq!(c.paths(), ["good.py", "pkg/mod.py"]);
    assert!(c.summary.warnings.is_empty(), "{:?}", c.summary.warnings);

    // Following links: the dangling one and the self-referencing one get a read_error row, a
    // link to a FIFO too (never opened), and the directory loop a warning; no hang.
    let dir = c.dir.path().to_path_buf();
    let followed = within(30, "following symbolic links", move || {
        let db = dir.join("follow.db");
        let options = with_discover(
            options(&dir, Some(&db), 2),
            DiscoverOptions { follow_symlinks: true, ..DiscoverOptions::default() },
        );
        let summary = pipeline::run(&options, &()).expect("indexing succeeds");
        (db, summary)
    });
    let (db, summary) = followed;
    let conn = open(&db);
    let follow = Case { dir: tempfile::tempdir().unwrap(), db, summary, conn };
    follow.assert_good();
    assert_eq!(follow.paths(), ["alias.py", "dangling.py", "good.py", "pkg/mod.py", "self.py", "to_fifo.py"]);
    assert_eq!(follow.file("alias.py").status, "ok");
    let dangling = follow.file("dangling.py");
    assert_eq!((dangling.status.as_str(), dangling.hash.as_str()), ("read_error", "NULL"));
    assert_eq!(follow.diagnostics("dangling.py").len(), 1);
    for path in ["self.py", "to_fifo.py"] {
        assert_eq!(follow.file(path).status, "read_error", "{path}");
        assert_eq!(follow.diagnostics(path).len(), 1, "{path}");
    }
    let loop_warning = follow.summary.warnings.iter().any(|w| w.contains("loop"));
    assert!(loop_warning, "a warning names the loop: {:?}", follow.summary.warnings);
    drop(c);
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let c = case_with(&[("locked.py", b"def locked():\n    pass\n")], |root| {
        fs::set_permissions(root.join("locked.py"), fs::Permissions::from_mode(0o000)).unwrap();
    });
    c.assert_good();
    // Root (as in CI) reads it anyway; anyone else cannot.
    let readable = fs::read(c.dir.path().join("locked.py")).is_ok();
    let row = c.file("locked.py");
    if readable {
        assert_eq!(row.status, "ok");
        assert_eq!(c.symbols("locked.py").len(), 1);
    } else {
        assert_eq!((row.status.as_str(), row.hash.as_str()), ("read_error", "NULL"));
        let diagnostics = c.diagnostics("locked.py");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].0, "read_error");
    }
    fs::set_permissions(c.dir.path().join("locked.py"), fs::Permissions::from_mode(0o644)).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Property: any bytes give exactly one files row, and never an internal error (a caught panic).

const TOKENS: &[&str] = &[
    "def",
    "class",
    "lambda",
    "x",
    "f",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "=",
    ".",
    "@",
    "\n",
    "\r",
    "\r\n",
    "    ",
    "\t",
    " ",
    "'",
    "\"",
    "\"\"\"",
    "'''",
    "#",
    "\\",
    "é",
    "f\"",
    "{x}",
    "import",
    "from",
    "return",
    "yield",
    "async",
    "await",
    "if",
    "else",
    "*",
    "**",
    "->",
    ":=",
    "0",
    "1.5",
    "\u{0}",
    "\u{feff}",
    "# coding: latin-1\n",
];

fn check_one_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let path = dir.join(rel);
    fs::write(&path, bytes).unwrap();
    let file = Discovered { rel_path: rel.to_owned(), abs_path: path, problem: None };
    let (facts, _) = index_file(&file, 1 << 20);
    prop_assert_eq!(facts.row_count(Table::Files), 1);
    let status_column = Table::Files.def().columns.iter().position(|c| c.name == "status").unwrap();
    let status = facts.rows(Table::Files).next().unwrap().get(status_column).cloned();
    prop_assert!(
        matches!(&status, Some(Value::Text(s)) if s != "internal_error"),
        "status {:?} for {:?}",
        status,
        String::from_utf8_lossy(bytes)
    );
    Ok(())
}

/// `cases` cases, or PROPTEST_CASES when set (for a longer hunt).
fn runner(cases: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

#[test]
fn arbitrary_bytes_give_one_files_row() {
    let dir = tempfile::tempdir().unwrap();
    let strategy = (proptest::collection::vec(any::<u8>(), 0..512), any::<bool>());
    runner(128)
        .run(&strategy, |(bytes, stub)| {
            check_one_file(dir.path(), if stub { "x.pyi" } else { "x.py" }, &bytes)
        })
        .unwrap();
}

#[test]
fn arbitrary_python_like_text_gives_one_files_row() {
    let dir = tempfile::tempdir().unwrap();
    let token = proptest::sample::select(TOKENS);
    let strategy = (proptest::collection::vec(token, 0..200), any::<bool>());
    runner(128)
        .run(&strategy, |(tokens, stub)| {
            check_one_file(dir.path(), if stub { "x.pyi" } else { "x.py" }, tokens.concat().as_bytes())
        })
        .unwrap();
}
