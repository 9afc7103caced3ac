//! End to end: index the committed fixture repository (`tests/fixtures/repo`) and check the
//! database through SQL; determinism across thread counts; the old index surviving a failed run;
//! and the command line.

mod support;

use std::fs;
use std::path::Path;
use std::process::Command;

use pyindex::pipeline;
use pyindex::store::schema::SCHEMA_VERSION;
use support::*;

/// Every file the fixture must produce, in id (path) order:
/// (path, module, status, is_package, is_stub, is_test, encoding).
const FILES: &[(&str, &str, &str, i64, i64, i64, &str)] = &[
    ("app.py", "app", "ok", 0, 0, 0, "utf-8"),
    ("broken.py", "broken", "syntax_error", 0, 0, 0, "utf-8"),
    ("latin.py", "latin", "ok", 0, 0, 0, "latin-1"),
    ("pkg/__init__.py", "pkg", "ok", 1, 0, 0, "utf-8"),
    ("pkg/base.py", "pkg.base", "ok", 0, 0, 0, "utf-8"),
    ("pkg/impl.py", "pkg.impl", "ok", 0, 0, 0, "utf-8"),
    ("pkg/sub/__init__.py", "pkg.sub", "ok", 1, 0, 0, "utf-8"),
    ("pkg/sub/mod.py", "pkg.sub.mod", "ok", 0, 0, 0, "utf-8"),
    ("pkg/sub/sibling.py", "pkg.sub.sibling", "ok", 0, 0, 0, "utf-8"),
    ("pkg/typed.pyi", "pkg.typed", "ok", 0, 1, 0, "utf-8"),
    ("pkg/util.py", "pkg.util", "ok", 0, 0, 0, "utf-8"),
    ("tests/test_app.py", "tests.test_app", "ok", 0, 0, 1, "utf-8"),
];

fn strs(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

#[test]
fn fixture_index_contents() {
    let repo = fixture_copy();
    let root = repo.path();
    // No --db: the index goes to ROOT/.pyindex/index.db, next to a `*` .gitignore.
    let summary = pipeline::run(&options(root, None, 2), &()).expect("indexing succeeds");
    let db = root.join(".pyindex/index.db");
    assert_eq!(summary.db, root.canonicalize().unwrap().join(".pyindex/index.db"));
    assert!(db.is_file());
    assert_eq!(fs::read_to_string(root.join(".pyindex/.gitignore")).unwrap(), "*\n");
    assert!(!root.join(".pyindex/index.db.tmp").exists(), "the temporary database is moved into place");
    assert_eq!(summary.files, FILES.len() as u64);
    assert_eq!(summary.files_with_errors, 1, "only broken.py has a problem");
    assert!(summary.rows.contains(&("files".to_string(), FILES.len() as u64)), "{:?}", summary.rows);
    let conn = open(&db);

    check_files(&conn, root);
    check_broken_file(&conn);
    check_latin1_file(&conn);
    check_stub_and_symbols(&conn);
    check_imports(&conn);
    check_calls(&conn);
    check_class_bases(&conn);
    check_meta(&conn, root);

    // A second run replaces the index and keeps the existing .gitignore.
    fs::write(root.join(".pyindex/.gitignore"), "*\n# kept\n").unwrap();
    pipeline::run(&options(root, None, 1), &()).expect("re-indexing succeeds");
    assert_eq!(fs::read_to_string(root.join(".pyindex/.gitignore")).unwrap(), "*\n# kept\n");
    assert_eq!(count(&open(&db), "SELECT count(*) FROM files"), FILES.len() as i64);
}

/// Paths, ids, flags, sizes and hashes; ignored, skipped and hidden paths absent.
fn check_files(conn: &rusqlite::Connection, root: &Path) {
    let got = rows(
        conn,
        "SELECT id, path, module, status, is_package, is_stub, is_test, encoding FROM files ORDER BY id",
    );
    let expected: Vec<Vec<String>> = FILES
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                (i + 1).to_string(),
                f.0.into(),
                f.1.into(),
                f.2.into(),
                f.3.to_string(),
                f.4.to_string(),
                f.5.to_string(),
                f.6.into(),
            ]
        })
        .collect();
    assert_eq!(got, expected, "files rows (venv/, generated/, scratch_ignored.py must be absent)");
    for (path, ..) in FILES {
        let bytes = fs::read(root.join(path)).unwrap();
        let row = &rows_with(conn, "SELECT bytes, lines, hash FROM files WHERE path = ?1", path)[0];
        assert_eq!(row[0], bytes.len().to_string(), "bytes of {path}");
        let lines = bytes.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(row[1], lines.to_string(), "lines of {path}");
        assert_eq!(row[2], blake3::hash(&bytes).to_hex().to_string(), "hash of {path}");
    }
}

/// A syntax error: still indexed, a positioned diagnostic, definitions before it extracted.
fn check_broken_file(conn: &rusqlite::Connection) {
    let diagnostics = rows(
        conn,
        "SELECT d.kind, d.line, d.col FROM diagnostics d JOIN files f ON f.id = d.file_id
         WHERE f.path = 'broken.py' ORDER BY d.id",
    );
    assert!(!diagnostics.is_empty());
    for d in &diagnostics {
        assert_eq!(d[0], "syntax_error");
        assert_eq!(d[1], "9", "the error is on the `def after(:` line: {diagnostics:?}");
        assert_ne!(d[2], "NULL");
    }
    let symbols = rows(
        conn,
        "SELECT s.qualname, s.kind, s.line FROM symbols s JOIN files f ON f.id = s.file_id
         WHERE f.path = 'broken.py' AND s.line < 9 ORDER BY s.id",
    );
    assert_eq!(symbols, strs(&[&["before", "function", "1"], &["AlsoBefore", "class", "5"]]));
    // No other file has a diagnostic.
    assert_eq!(count(conn, "SELECT count(DISTINCT file_id) FROM diagnostics"), 1);
}

/// A Latin-1 file with a coding cookie: decoded, so the assigned string holds 'é'.
fn check_latin1_file(conn: &rusqlite::Connection) {
    let got = rows(
        conn,
        "SELECT a.target, a.value, a.line FROM assignments a JOIN files f ON f.id = a.file_id
         WHERE f.path = 'latin.py'",
    );
    assert_eq!(got, strs(&[&["GREETING", "\"café\"", "2"]]));
}

fn check_stub_and_symbols(conn: &rusqlite::Connection) {
    let qualified = |path: &str| {
        rows_with(
            conn,
            "SELECT s.qualname, s.kind, COALESCE(p.qualname, 'NULL') FROM symbols s
             JOIN files f ON f.id = s.file_id LEFT JOIN symbols p ON p.id = s.parent_id
             WHERE f.path = ?1 ORDER BY s.id",
            path,
        )
    };
    assert_eq!(
        qualified("pkg/typed.pyi"),
        strs(&[&["typed", "function", "NULL"], &["Typed", "class", "NULL"]])
    );
    assert_eq!(
        qualified("pkg/sub/mod.py"),
        strs(&[
            &["Child", "class", "NULL"],
            &["Child.run", "method", "Child"],
            &["Child.other", "method", "Child"],
            &["local", "function", "NULL"],
            &["main", "function", "NULL"],
        ])
    );
    // Nothing from the ignored or skipped paths.
    assert_eq!(
        count(conn, "SELECT count(*) FROM symbols WHERE name IN ('generated', 'scratch', 'in_venv')"),
        0
    );
}

/// Relative and absolute imports, resolved to names and repository files.
fn check_imports(conn: &rusqlite::Connection) {
    let got = rows(
        conn,
        "SELECT f.path, i.module, i.name, i.bound_name, i.level, i.resolved_module, i.resolved_name, rf.path
         FROM imports i JOIN files f ON f.id = i.file_id LEFT JOIN files rf ON rf.id = i.resolved_file_id
         WHERE NOT (i.name IS NULL AND i.alias IS NULL)
         ORDER BY i.id",
    );
    let expected = strs(&[
        &["app.py", "pkg", "func", "func", "0", "pkg", "pkg.func", "pkg/__init__.py"],
        &["app.py", "pkg.sub.mod", "NULL", "m", "0", "pkg.sub.mod", "pkg.sub.mod", "pkg/sub/mod.py"],
        &["pkg/__init__.py", ".impl", "func", "func", "1", "pkg.impl", "pkg.impl.func", "pkg/impl.py"],
        &["pkg/__init__.py", ".", "util", "util", "1", "pkg", "pkg.util", "pkg/util.py"],
        &[
            "pkg/sub/__init__.py",
            ".",
            "sibling",
            "sibling",
            "1",
            "pkg.sub",
            "pkg.sub.sibling",
            "pkg/sub/sibling.py",
        ],
        &["pkg/sub/mod.py", "..util", "helper", "helper", "2", "pkg.util", "pkg.util.helper", "pkg/util.py"],
        &[
            "pkg/sub/mod.py",
            ".",
            "sibling",
            "sibling",
            "1",
            "pkg.sub",
            "pkg.sub.sibling",
            "pkg/sub/sibling.py",
        ],
        &["pkg/sub/mod.py", "pkg.base", "Base", "Base", "0", "pkg.base", "pkg.base.Base", "pkg/base.py"],
        &["tests/test_app.py", "app", "go", "go", "0", "app", "app.go", "app.py"],
    ]);
    assert_eq!(got, expected);
    // `import pkg.impl` binds `pkg`, imports (resolved_name) `pkg.impl` and reaches
    // pkg/impl.py.
    let plain = rows(
        conn,
        "SELECT f.path, i.module, i.name, i.bound_name, i.level, i.resolved_module, i.resolved_name, rf.path
         FROM imports i JOIN files f ON f.id = i.file_id LEFT JOIN files rf ON rf.id = i.resolved_file_id
         WHERE i.name IS NULL AND i.alias IS NULL",
    );
    assert_eq!(
        plain,
        strs(&[&["pkg/sub/mod.py", "pkg.impl", "NULL", "pkg", "0", "pkg.impl", "pkg.impl", "pkg/impl.py"]])
    );
}

/// Calls: same-file, cross-file, through `self`, through a module attribute, through an
/// `import a.b` binding, and through a package re-export, each linked to its target symbol.
fn check_calls(conn: &rusqlite::Connection) {
    let got = rows(
        conn,
        "SELECT f.path, c.line, c.callee, c.callee_qualified, tf.path, t.qualname
         FROM calls c JOIN files f ON f.id = c.file_id
         LEFT JOIN symbols t ON t.id = c.target_symbol_id LEFT JOIN files tf ON tf.id = t.file_id
         WHERE c.callee IS NOT NULL
         ORDER BY c.id",
    );
    let expected = strs(&[
        // Re-export: `from pkg import func` reaches pkg/impl.py's func through pkg/__init__.py.
        &["app.py", "7", "func", "pkg.func", "pkg/impl.py", "func"],
        &["app.py", "11", "m.main", "pkg.sub.mod.main", "pkg/sub/mod.py", "main"],
        // Inherited: `self.describe` in Child reaches Base.describe in another file.
        &[
            "pkg/sub/mod.py",
            "9",
            "self.describe",
            "pkg.sub.mod.Child.describe",
            "pkg/base.py",
            "Base.describe",
        ],
        &["pkg/sub/mod.py", "10", "self.other", "pkg.sub.mod.Child.other", "pkg/sub/mod.py", "Child.other"],
        &["pkg/sub/mod.py", "13", "helper", "pkg.util.helper", "pkg/util.py", "helper"],
        &["pkg/sub/mod.py", "21", "local", "pkg.sub.mod.local", "pkg/sub/mod.py", "local"],
        &["pkg/sub/mod.py", "22", "helper", "pkg.util.helper", "pkg/util.py", "helper"],
        &["pkg/sub/mod.py", "23", "sibling.thing", "pkg.sub.sibling.thing", "pkg/sub/sibling.py", "thing"],
        &["pkg/sub/mod.py", "24", "pkg.impl.func", "pkg.impl.func", "pkg/impl.py", "func"],
        &["pkg/sub/mod.py", "25", "Child", "pkg.sub.mod.Child", "pkg/sub/mod.py", "Child"],
        &["tests/test_app.py", "5", "go", "app.go", "app.py", "go"],
    ]);
    assert_eq!(got, expected);
    // `Child().run()`: the callee is a call, not a dotted name; nothing to link.
    let unnamed =
        rows(conn, "SELECT line, callee_qualified, target_symbol_id FROM calls WHERE callee IS NULL");
    assert_eq!(unnamed, strs(&[&["25", "NULL", "NULL"]]));
}

/// A base class defined in one file and used in another.
fn check_class_bases(conn: &rusqlite::Connection) {
    let got = rows(
        conn,
        "SELECT s.qualname, b.position, b.name, b.name_qualified, bf.path, bs.kind
         FROM class_bases b JOIN symbols s ON s.id = b.symbol_id
         LEFT JOIN files bf ON b.name_qualified LIKE bf.module || '.%'
         LEFT JOIN symbols bs ON bs.file_id = bf.id AND bf.module || '.' || bs.qualname = b.name_qualified
         WHERE bs.id IS NOT NULL OR bf.id IS NULL
         ORDER BY b.id",
    );
    assert_eq!(got, strs(&[&["Child", "0", "Base", "pkg.base.Base", "pkg/base.py", "class"]]));
}

fn check_meta(conn: &rusqlite::Connection, root: &Path) {
    let meta = rows(conn, "SELECT key, value FROM meta ORDER BY key");
    let keys: Vec<&str> = meta.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        keys,
        [
            "built_at",
            "domains",
            "max_file_bytes",
            "pyindex_version",
            "root",
            "schema_version",
            "source_roots"
        ]
    );
    let value = |key: &str| meta.iter().find(|r| r[0] == key).unwrap()[1].clone();
    assert_eq!(value("domains"), "all");
    assert_eq!(value("schema_version"), SCHEMA_VERSION.to_string());
    assert_eq!(value("pyindex_version"), env!("CARGO_PKG_VERSION"));
    assert_eq!(value("root"), root.canonicalize().unwrap().display().to_string());
    assert_eq!(value("source_roots"), "src");
    assert_eq!(value("max_file_bytes"), pipeline::DEFAULT_MAX_FILE_BYTES.to_string());
    let built_at = value("built_at");
    let b = built_at.as_bytes();
    assert!(
        b.len() == 20
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && b[19] == b'Z'
            && built_at.starts_with("20"),
        "built_at {built_at:?} is not YYYY-MM-DDTHH:MM:SSZ"
    );
}

/// Paths Python cannot import by a dotted name (`my-dir/a.py`, `x.py/inner.py`, `a.b.py`, a
/// root `__init__.py`) get no module name, and nothing links into them through one: not
/// imports, not calls, not even calls within the file.
#[test]
fn unimportable_paths_have_no_module_and_are_not_linked() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    write(root, "__init__.py", b"def rootfn():\n    pass\n\n\nrootfn()\n");
    write(root, "a.b.py", b"def f():\n    pass\n\n\ndef only_dotted():\n    pass\n");
    write(root, "a/__init__.py", b"");
    write(root, "a/b.py", b"def f():\n    pass\n");
    write(root, "x.py/inner.py", b"def inner():\n    pass\n");
    write(root, "my-dir/a.py", b"def a():\n    pass\n\n\na()\n");
    write(root, "my-dir/b.py", b"from . import a\n\na.a()\n");
    write(
        root,
        "main.py",
        b"from a.b import f, only_dotted\nimport x.py.inner\nfrom . import rootfn\n\nf()\nonly_dotted()\nx.py.inner.inner()\nrootfn()\n",
    );
    write(root, "other.py", b"import rootfn\n\nrootfn()\n");
    let out = tempfile::tempdir().unwrap();
    let db = out.path().join("index.db");
    let summary = index(root, &db, 2);
    assert_eq!(summary.files, 9);
    assert_eq!(summary.files_with_errors, 0);
    let conn = open(&db);

    assert_eq!(
        rows(&conn, "SELECT path, module, status FROM files ORDER BY path"),
        strs(&[
            &["__init__.py", "NULL", "ok"],
            &["a.b.py", "NULL", "ok"],
            &["a/__init__.py", "a", "ok"],
            &["a/b.py", "a.b", "ok"],
            &["main.py", "main", "ok"],
            &["my-dir/a.py", "NULL", "ok"],
            &["my-dir/b.py", "NULL", "ok"],
            &["other.py", "other", "ok"],
            &["x.py/inner.py", "NULL", "ok"],
        ])
    );

    // `from a.b import f` reaches the package module a/b.py, never a.b.py; `import x.py.inner`
    // does not reach x.py/inner.py; `from . import rootfn` in a top-level module climbs above
    // the top (unresolved) and `import rootfn` names no repository module.
    assert_eq!(
        rows(
            &conn,
            "SELECT f.path, i.module, i.name, i.bound_name, i.resolved_module, i.resolved_name, COALESCE(rf.path, 'NULL')
             FROM imports i JOIN files f ON f.id = i.file_id LEFT JOIN files rf ON rf.id = i.resolved_file_id
             WHERE f.module IS NOT NULL ORDER BY i.id",
        ),
        strs(&[
            &["main.py", "a.b", "f", "f", "a.b", "a.b.f", "a/b.py"],
            &["main.py", "a.b", "only_dotted", "only_dotted", "a.b", "a.b.only_dotted", "a/b.py"],
            &["main.py", "x.py.inner", "NULL", "x", "x.py.inner", "x.py.inner", "NULL"],
            &["main.py", ".", "rootfn", "rootfn", "NULL", "NULL", "NULL"],
            &["other.py", "rootfn", "NULL", "rootfn", "rootfn", "rootfn", "NULL"],
        ])
    );
    // Within my-dir/, `from . import a` does not reach my-dir/a.py either.
    assert_eq!(
        rows(
            &conn,
            "SELECT f.path, i.name, i.resolved_file_id FROM imports i JOIN files f ON f.id = i.file_id
             WHERE f.module IS NULL ORDER BY i.id",
        ),
        strs(&[&["my-dir/b.py", "a", "NULL"]])
    );

    let calls = |sql_filter: &str| {
        rows(
            &conn,
            &format!(
                "SELECT f.path, c.line, c.callee, c.callee_qualified, COALESCE(tf.path, 'NULL'), COALESCE(t.qualname, 'NULL')
                 FROM calls c JOIN files f ON f.id = c.file_id
                 LEFT JOIN symbols t ON t.id = c.target_symbol_id LEFT JOIN files tf ON tf.id = t.file_id
                 WHERE {sql_filter} ORDER BY c.id"
            ),
        )
    };
    assert_eq!(
        calls("f.module IS NOT NULL"),
        strs(&[
            &["main.py", "5", "f", "a.b.f", "a/b.py", "f"],
            &["main.py", "6", "only_dotted", "a.b.only_dotted", "NULL", "NULL"],
            &["main.py", "7", "x.py.inner.inner", "x.py.inner.inner", "NULL", "NULL"],
            &["main.py", "8", "rootfn", "NULL", "NULL", "NULL"],
            &["other.py", "3", "rootfn", "rootfn", "NULL", "NULL"],
        ])
    );
    // Calls in the unimportable files themselves (qualified with the name their path would
    // give) link nowhere.
    assert_eq!(
        count(&conn, "SELECT count(*) FROM calls c JOIN files f ON f.id = c.file_id WHERE f.module IS NULL"),
        3
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM calls WHERE target_symbol_id IS NOT NULL"), 1);
}

#[test]
fn same_database_whatever_the_thread_count() {
    let repo = fixture_copy();
    let out = tempfile::tempdir().unwrap();
    let (one_thread, four_threads) = (out.path().join("t1.db"), out.path().join("t4.db"));
    index(repo.path(), &one_thread, 1);
    index(repo.path(), &four_threads, 4);
    let (a, b) = (dump(&open(&one_thread)), dump(&open(&four_threads)));
    let total: usize = a.iter().map(|(_, rows)| rows.len()).sum();
    assert!(total > 50, "the dump covers the fixture's rows ({total})");
    assert!(a.iter().any(|(t, _)| t == "meta") && a.iter().any(|(t, _)| t == "calls"));
    for ((table_a, rows_a), (table_b, rows_b)) in a.iter().zip(&b) {
        assert_eq!(table_a, table_b);
        assert_eq!(rows_a, rows_b, "table {table_a} differs between 1 and 4 threads");
    }
    assert_eq!(a.len(), b.len());
}

/// More files than one batch of the pipeline (256), with cross-file links, so that batches from
/// different workers meet in the writer.
#[test]
fn same_database_whatever_the_thread_count_across_batches() {
    let repo = tempfile::tempdir().unwrap();
    write(repo.path(), "lib/__init__.py", b"from .m0 import f0 as exported\n");
    for i in 0..600 {
        let source = format!(
            "from . import m{next}\nfrom lib import exported\n\n\nclass C{i}:\n    def f(self):\n        return self.g()\n\n    def g(self):\n        return m{next}.f{next}(), exported()\n\n\ndef f{i}():\n    return C{i}().f()\n",
            next = (i + 1) % 600
        );
        write(repo.path(), &format!("lib/m{i}.py"), source.as_bytes());
    }
    write(repo.path(), "lib/broken.py", b"def f(:\n");
    let out = tempfile::tempdir().unwrap();
    let (one_thread, four_threads) = (out.path().join("t1.db"), out.path().join("t4.db"));
    assert_eq!(index(repo.path(), &one_thread, 1).files, 602);
    index(repo.path(), &four_threads, 4);
    let (a, b) = (dump(&open(&one_thread)), dump(&open(&four_threads)));
    assert_eq!(a.len(), b.len());
    for ((table_a, rows_a), (table_b, rows_b)) in a.iter().zip(&b) {
        assert_eq!(table_a, table_b);
        assert!(rows_a == rows_b, "table {table_a} differs between 1 and 4 threads");
    }
    // The links crossed files, batches and a re-export.
    let conn = open(&four_threads);
    let unlinked =
        count(&conn, "SELECT count(*) FROM calls WHERE callee IS NOT NULL AND target_symbol_id IS NULL");
    assert_eq!(unlinked, 0);
    let through_reexport = count(
        &conn,
        "SELECT count(*) FROM calls c JOIN symbols s ON s.id = c.target_symbol_id JOIN files f ON f.id = s.file_id
         WHERE c.callee = 'exported' AND f.path = 'lib/m0.py' AND s.qualname = 'f0'",
    );
    assert_eq!(through_reexport, 600);
}

/// Options of a run that builds a new database (not an in-place update).
fn full(root: &Path, db: &Path) -> pipeline::IndexOptions {
    pipeline::IndexOptions { full: true, ..options(root, Some(db), 2) }
}

#[test]
fn failed_runs_keep_the_old_index() {
    let repo = fixture_copy();
    let out = tempfile::tempdir().unwrap();
    let db = out.path().join("index.db");
    let tmp = out.path().join("index.db.tmp");
    index(repo.path(), &db, 2);
    let before = dump(&open(&db));

    // The root vanished: the run fails and the old index is intact.
    let missing = out.path().join("no-such-repo");
    let error = pipeline::run(&options(&missing, Some(&db), 2), &()).unwrap_err();
    assert!(format!("{error:#}").contains("no-such-repo"), "{error:#}");
    assert_eq!(dump(&open(&db)), before);

    // The temporary path cannot be used (a non-empty directory is in the way): the run fails,
    // and the old index is intact.
    fs::create_dir(&tmp).unwrap();
    fs::write(tmp.join("keep"), b"x").unwrap();
    assert!(pipeline::run(&full(repo.path(), &db), &()).is_err());
    assert_eq!(dump(&open(&db)), before);
    fs::remove_dir_all(&tmp).unwrap();

    // Leftovers of a killed run (a half-written temporary database, a stale journal) do not
    // break the next run, and are gone after it.
    fs::write(&tmp, b"SQLite format 3\0 half written garbage").unwrap();
    let journal = out.path().join("index.db-journal");
    fs::write(&journal, vec![0xA5u8; 4096]).unwrap();
    let summary = pipeline::run(&full(repo.path(), &db), &()).unwrap();
    assert_eq!(summary.files, FILES.len() as u64);
    assert!(!tmp.exists(), "the temporary database was moved into place");
    assert!(!journal.exists(), "the stale journal was removed");
    let conn = open(&db);
    assert_eq!(conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(), "ok");
    let after = dump(&conn);
    assert_eq!(after, before, "the same tree gives the same index");
}

// ---------------------------------------------------------------------------------------------
// The command line.

fn pyindex(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pyindex")).args(args).output().expect("the binary runs")
}

#[test]
fn cli_index_json() {
    let repo = fixture_copy();
    let output = pyindex(&["index", repo.path().to_str().unwrap(), "--json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "exit {:?}: {stderr}", output.status);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(json["files"], FILES.len() as u64);
    assert_eq!(json["files_with_errors"], 1);
    let rows = json["rows"].as_object().expect("rows is an object");
    assert_eq!(rows["files"], FILES.len() as u64, "{rows:?}");
    assert!(rows.contains_key("name_uses") && rows.contains_key("orm_models"), "every table: {rows:?}");
    let stages = json["stages"].as_object().expect("stages is an object");
    // In pipeline order in the output (serde_json's parsed map sorts its keys).
    let text = String::from_utf8_lossy(&output.stdout);
    let order = ["discover", "extract_and_load", "link", "indexes", "finish"];
    let positions: Vec<usize> = order.iter().map(|s| text.find(&format!("\"{s}\"")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "stage order: {text}");
    assert_eq!(stages.len(), order.len());
    assert!(repo.path().join(".pyindex/index.db").is_file());
    assert!(repo.path().join(".pyindex/.gitignore").is_file());
}

#[test]
fn cli_missing_path_exits_2() {
    let missing = "/nonexistent/pyindex-e2e-missing";
    let output = pyindex(&["index", missing]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(missing), "stderr names the path: {stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn cli_missing_database_directory_exits_2_and_leaves_nothing() {
    let repo = support::fixture_copy();
    let db = repo.path().join("no-such-dir").join("index.db");
    let output = pyindex(&["index", repo.path().to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no-such-dir") && stderr.contains("does not exist"), "clear message: {stderr}");
    assert!(!repo.path().join("no-such-dir").exists());
}

#[test]
fn cli_schema_and_help() {
    let schema = pyindex(&["schema"]);
    assert!(schema.status.success());
    let ddl = String::from_utf8(schema.stdout).unwrap();
    assert!(ddl.contains("CREATE TABLE"), "{ddl}");
    for table in ["files", "symbols", "imports", "calls", "meta"] {
        assert!(ddl.contains(&format!("CREATE TABLE {table} (")), "the DDL creates {table}");
    }
    let help = pyindex(&["--help"]);
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(text.contains("index") && text.contains("schema"), "{text}");
}

/// Every id column is a declared foreign key, and every id the index writes points to a row
/// that exists (SQLite's own check, as foreign keys are not enforced during the bulk load).
#[test]
fn every_reference_points_to_an_existing_row() {
    let repo = support::fixture_copy();
    let db = repo.path().join("fk.db");
    support::index(repo.path(), &db, 2);
    let conn = support::open(&db);
    let violations = support::rows(&conn, "PRAGMA foreign_key_check");
    assert!(violations.is_empty(), "dangling references: {violations:?}");
    // The check is not vacuous: the fixture has linked calls, scoped rows and child rows.
    assert!(support::count(&conn, "SELECT COUNT(*) FROM calls WHERE target_symbol_id IS NOT NULL") > 0);
    assert!(support::count(&conn, "SELECT COUNT(*) FROM name_uses WHERE scope_id IS NOT NULL") > 0);
    assert!(support::count(&conn, "SELECT COUNT(*) FROM call_args") > 0);
}

/// A src layout: `src/pkg/a.py` is importable as `pkg.a` (the default source root is `src`), so
/// absolute imports and calls from outside and inside `src/` link; an exact module name wins.
#[test]
fn src_layout_imports_and_calls_link() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    support::write(root, "src/pkg/__init__.py", b"from .a import f\n");
    support::write(root, "src/pkg/a.py", b"def f():\n    return 1\n");
    support::write(root, "src/pkg/b.py", b"from pkg.a import f\n\ndef g():\n    return f()\n");
    support::write(root, "app.py", b"import pkg\nfrom pkg.a import f\nf()\npkg.f()\n");
    let db = root.join("out.db");
    support::index(root, &db, 2);
    let conn = support::open(&db);
    assert_eq!(
        support::rows(
            &conn,
            "SELECT f.path, i.resolved_name, COALESCE(t.path, 'NULL') FROM imports i
             JOIN files f ON f.id = i.file_id LEFT JOIN files t ON t.id = i.resolved_file_id
             ORDER BY i.id"
        ),
        strs(&[
            &["app.py", "pkg", "src/pkg/__init__.py"],
            &["app.py", "pkg.a.f", "src/pkg/a.py"],
            &["src/pkg/__init__.py", "src.pkg.a.f", "src/pkg/a.py"],
            &["src/pkg/b.py", "pkg.a.f", "src/pkg/a.py"],
        ])
    );
    assert_eq!(
        support::rows(
            &conn,
            "SELECT f.path, c.line, c.callee_qualified, COALESCE(t.qualname, 'NULL') FROM calls c
             JOIN files f ON f.id = c.file_id LEFT JOIN symbols t ON t.id = c.target_symbol_id
             ORDER BY c.id"
        ),
        strs(&[
            &["app.py", "3", "pkg.a.f", "f"],
            &["app.py", "4", "pkg.f", "f"],
            &["src/pkg/b.py", "4", "pkg.a.f", "f"],
        ])
    );
}

/// When a module exists both at the top and under a source root, the top-level one wins, for
/// imports and for calls, whatever the order of the paths.
#[test]
fn exact_module_names_win_over_source_root_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    support::write(root, "aaa/util.py", b"def helper():\n    pass\n");
    support::write(root, "util.py", b"def helper():\n    pass\n");
    support::write(root, "main.py", b"from util import helper\nhelper()\n");
    let db = root.join("out.db");
    let mut options = support::options(root, Some(&db), 2);
    options.source_roots = vec!["aaa".to_owned()];
    pipeline::run(&options, &()).unwrap();
    let conn = support::open(&db);
    assert_eq!(
        support::one(&conn, "SELECT t.path FROM imports i JOIN files t ON t.id = i.resolved_file_id"),
        "util.py"
    );
    assert_eq!(
        support::one(
            &conn,
            "SELECT f.path FROM calls c JOIN symbols s ON s.id = c.target_symbol_id JOIN files f ON f.id = s.file_id"
        ),
        "util.py"
    );
}

/// Inherited methods resolve through every level of bases, across files; the nearest
/// definition wins (an override in a middle class, the class's own method first).
#[test]
fn inherited_members_resolve_to_the_nearest_definition() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    support::write(
        root,
        "base.py",
        b"class A:\n    def f(self): pass\n    def g(self): pass\n    def h(self): pass\n\n\
          class B(A):\n    def g(self):\n        super().g()\n        super().missing()\n",
    );
    support::write(
        root,
        "main.py",
        b"from base import B\n\nclass C(B):\n    def h(self): pass\n    def run(self):\n        \
          self.f()\n        self.g()\n        self.h()\n        self.missing()\n",
    );
    let db = root.join("out.db");
    support::index(root, &db, 2);
    let conn = support::open(&db);
    assert_eq!(
        support::rows(
            &conn,
            "SELECT c.callee, COALESCE(f.path || ':' || t.qualname, 'NULL') FROM calls c
             LEFT JOIN symbols t ON t.id = c.target_symbol_id LEFT JOIN files f ON f.id = t.file_id
             ORDER BY c.id"
        ),
        strs(&[
            // `super().g()` in B.g skips B's own g; `super()` itself is a call to the builtin.
            &["super().g", "base.py:A.g"],
            &["super", "NULL"],
            &["super().missing", "NULL"],
            &["super", "NULL"],
            &["self.f", "base.py:A.f"],
            &["self.g", "base.py:B.g"],
            &["self.h", "main.py:C.h"],
            &["self.missing", "NULL"],
        ])
    );
}

/// `class_ancestors` follows bases across files (through a re-export), up to classes outside
/// the repository, each ancestor once at its nearest depth; a cycle of bases ends.
#[test]
fn class_ancestors_cross_files_and_stop_outside_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    support::write(root, "app/__init__.py", b"");
    support::write(
        root,
        "app/base.py",
        b"from django.db import models\n\nclass Mixin: pass\n\n\
          class BaseModel(Mixin, models.Model):\n    class Meta:\n        abstract = True\n",
    );
    support::write(root, "app/models/__init__.py", b"from ..base import BaseModel as Base\n");
    support::write(
        root,
        "app/models/invoice.py",
        b"from app.models import Base\nfrom app.base import Mixin\n\n\
          class Invoice(Base, Mixin): pass\n\nclass A(B): pass\nclass B(A): pass\n",
    );
    let db = root.join("out.db");
    support::index(root, &db, 2);
    let conn = support::open(&db);
    assert_eq!(
        support::rows(
            &conn,
            "SELECT c.qualname, a.depth, a.name, COALESCE(t.qualname, 'NULL')
             FROM class_ancestors a JOIN symbols c ON c.id = a.class_id
             LEFT JOIN symbols t ON t.id = a.ancestor_id ORDER BY a.id"
        ),
        strs(&[
            &["BaseModel", "1", "app.base.Mixin", "Mixin"],
            &["BaseModel", "1", "django.db.models.Model", "NULL"],
            &["Invoice", "1", "app.base.BaseModel", "BaseModel"],
            &["Invoice", "1", "app.base.Mixin", "Mixin"],
            &["Invoice", "2", "django.db.models.Model", "NULL"],
            &["A", "1", "app.models.invoice.B", "B"],
            &["B", "1", "app.models.invoice.A", "A"],
        ])
    );
}

/// The fixture's symbols, calls, name uses, returns, imports, assignments, decorators and dict
/// entries agree, position by position, with CPython's own `ast` (scripts/check-against-cpython.py;
/// `.ci/run` runs the same check on the whole standard library).
#[test]
fn fixture_agrees_with_cpython_ast() {
    let repo = support::fixture_copy();
    let db = repo.path().join("cpython.db");
    support::index(repo.path(), &db, 2);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check-against-cpython.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(&db)
        .arg(repo.path())
        .output()
        .expect("python3 runs (the project requires it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("no mismatches"), "{stdout}");
    assert!(!stdout.contains(" 0 facts"), "the check must see facts: {stdout}");
}

/// A run killed at any moment (SIGKILL, no chance to clean up), full or incremental, leaves
/// either the previous index or the complete new one, never a damaged or half-updated file; the
/// next run replaces the leftover `.tmp` (full) or rolls the journal back (incremental).
#[test]
fn killed_runs_never_damage_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let body = "import os\n\ndef f(x):\n    return os.path.join(x, 'y')\n\nclass C:\n    def m(self):\n        return f(1)\n";
    for i in 0..1500 {
        support::write(&repo, &format!("pkg{}/mod{i}.py", i % 30), body.as_bytes());
    }
    let db = dir.path().join("index.db");
    let db_arg = db.to_str().unwrap();
    let repo_arg = repo.to_str().unwrap();
    assert!(pyindex(&["index", repo_arg, "--db", db_arg, "-q"]).status.success());
    let count = |conn: &rusqlite::Connection| support::count(conn, "SELECT COUNT(*) FROM files");
    let complete = count(&support::open(&db));
    assert_eq!(complete, 1500);
    // More files for the next runs, so a complete new index is told apart from the old one,
    // and every file changed, so an incremental run has work to be killed in.
    support::write(&repo, "extra.py", b"x = 1\n");
    for i in 0..1500 {
        let changed = format!("{body}\nCHANGED = {i}\n");
        support::write(&repo, &format!("pkg{}/mod{i}.py", i % 30), changed.as_bytes());
    }
    for (delay_ms, mode) in [5u64, 40, 120, 300, 5, 40, 120, 300]
        .into_iter()
        .zip(["--full", "--full", "--full", "--full", "-j2", "-j2", "-j2", "-j2"])
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pyindex"))
            .args(["index", repo_arg, "--db", db_arg, "-q", mode])
            .spawn()
            .expect("the binary runs");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let conn = support::open(&db);
        assert_eq!(support::one(&conn, "PRAGMA integrity_check"), "ok", "killed after {delay_ms} ms");
        let files = count(&conn);
        assert!(
            files == complete || files == complete + 1,
            "{mode} killed after {delay_ms} ms: {files} files"
        );
        let changed = support::count(&conn, "SELECT COUNT(*) FROM assignments WHERE target = 'CHANGED'");
        assert!(
            changed == 0 || changed == 1500,
            "{mode} killed after {delay_ms} ms: {changed} of 1500 files changed"
        );
        assert_eq!(support::count(&conn, "SELECT COUNT(*) FROM meta WHERE key = 'built_at'"), 1);
    }
    // The next run completes despite whatever `.tmp` a killed run left behind.
    assert!(pyindex(&["index", repo_arg, "--db", db_arg, "-q"]).status.success());
    assert_eq!(count(&support::open(&db)), complete + 1);
    assert!(!dir.path().join("index.db.tmp").exists());
}
