//! The reading commands end to end, through the binary: `pyindex query ...` (tables, JSON, near
//! matches and exit codes, database discovery), `pyindex stats`, `pyindex export --sarif` (the
//! SARIF structure), and `pyindex mcp` driven by a small client speaking the protocol.
//!
//! The fixture repository (`tests/fixtures/repo`) is indexed into a temporary copy, plus a few
//! files for call-graph cycles and calls outside the repository. The framework and security
//! tables are filled by domains that land separately, so the tests insert their rows directly.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;
use serde_json::{Value, json};
use support::*;

/// The fixture, plus files for cycles and external calls, indexed into ROOT/.pyindex/index.db.
fn indexed_repo() -> tempfile::TempDir {
    let repo = fixture_copy();
    write(
        repo.path(),
        "pkg/cycle.py",
        b"import subprocess\n\n\ndef ping(n):\n    return pong(n - 1)\n\n\ndef pong(n):\n    return ping(n) if n else subprocess.run([\"true\"])\n\n\ndef again():\n    again()\n    ping(1)\n",
    );
    pyindex::pipeline::run(&options(repo.path(), None, 1), &()).expect("indexing succeeds");
    repo
}

fn db_of(repo: &tempfile::TempDir) -> std::path::PathBuf {
    repo.path().join(".pyindex/index.db")
}

fn pyindex_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyindex")).args(args).current_dir(dir).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn success(output: Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

#[track_caller]
fn json_of(output: Output) -> Value {
    let text = success(output);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// Inserts one row, filling any NOT NULL column the test does not name (a domain may have added
/// columns at the end of its table) with 0.
fn insert(conn: &Connection, table: &str, values: &[(&str, SqlValue)]) -> i64 {
    let mut stmt =
        conn.prepare(&format!("SELECT name, \"notnull\" FROM pragma_table_info('{table}')")).unwrap();
    let columns: Vec<(String, bool)> =
        stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
    let mut names: Vec<String> = values.iter().map(|(n, _)| n.to_string()).collect();
    let mut cells: Vec<SqlValue> = values.iter().map(|(_, v)| v.clone()).collect();
    for (name, not_null) in columns {
        if not_null && name != "id" && !names.contains(&name) {
            names.push(name);
            cells.push(SqlValue::Integer(0));
        }
    }
    let marks = vec!["?"; names.len()].join(", ");
    conn.execute(
        &format!("INSERT INTO {table} ({}) VALUES ({marks})", names.join(", ")),
        rusqlite::params_from_iter(cells),
    )
    .unwrap_or_else(|e| panic!("insert into {table}: {e}"));
    conn.last_insert_rowid()
}

fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.to_owned())
}

fn int(i: i64) -> SqlValue {
    SqlValue::Integer(i)
}

fn id_of(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |row| row.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Rows for the framework and security listings: two flask routes and a django one, a model with
/// fields, two tasks, and findings in two files (one on a line with non-ASCII text before it).
fn insert_domain_rows(db: &Path, root: &Path) {
    write(root, "pkg/danger.py", "import os\ndef danger(cmd):\n    s = \"é\"; os.system(cmd)\n".as_bytes());
    let conn = Connection::open(db).unwrap();
    let app = id_of(&conn, "SELECT id FROM files WHERE path = 'app.py'");
    let util = id_of(&conn, "SELECT id FROM files WHERE path = 'pkg/util.py'");
    let go = id_of(&conn, "SELECT id FROM symbols WHERE qualname = 'go'");
    let helper = id_of(&conn, "SELECT id FROM symbols WHERE qualname = 'helper'");
    // A file the index has no row for yet: the security finding's file.
    let danger = insert(
        &conn,
        "files",
        &[
            ("path", text("pkg/danger.py")),
            ("module", text("pkg.danger")),
            ("is_package", int(0)),
            ("is_stub", int(0)),
            ("is_test", int(0)),
            ("status", text("ok")),
        ],
    );
    let route = |method: &str, path: &str, framework: &str, file: i64, line: i64, auth: i64| {
        insert(
            &conn,
            "routes",
            &[
                ("file_id", int(file)),
                ("symbol_id", int(go)),
                ("line", int(line)),
                ("framework", text(framework)),
                ("method", text(method)),
                ("path", text(path)),
                ("full_path", text(&format!("/api{path}"))),
                ("handler", text("go")),
                ("router", text("bp")),
                ("has_auth", int(auth)),
            ],
        )
    };
    let get = route("GET", "/users", "flask", app, 5, 1);
    route("POST", "/users", "flask", app, 5, 0);
    route("GET", "/health", "django", util, 1, 0);
    insert(
        &conn,
        "route_controls",
        &[("route_id", int(get)), ("kind", text("decorator")), ("name", text("login_required"))],
    );

    let model = insert(
        &conn,
        "orm_models",
        &[
            ("file_id", int(util)),
            ("line", int(1)),
            ("framework", text("sqlalchemy")),
            ("name", text("User")),
            ("table_name", text("users")),
            ("is_abstract", int(0)),
        ],
    );
    for (name, pk, fk, target) in [("id", 1, 0, None), ("org_id", 0, 1, Some("orgs.id"))] {
        insert(
            &conn,
            "orm_fields",
            &[
                ("model_id", int(model)),
                ("line", int(2)),
                ("name", text(name)),
                ("field_type", text("Integer")),
                ("is_primary_key", int(pk)),
                ("is_foreign_key", int(fk)),
                ("is_unique", int(0)),
                ("target", target.map_or(SqlValue::Null, text)),
            ],
        );
    }
    for (name, framework, file) in [("send_mail", "celery", util), ("cleanup", "rq", app)] {
        insert(
            &conn,
            "tasks",
            &[
                ("file_id", int(file)),
                ("symbol_id", int(helper)),
                ("line", int(1)),
                ("framework", text(framework)),
                ("name", text(name)),
            ],
        );
    }
    let finding = |file: i64, line: i64, col: i64, rule: &str, callee: &str, detail: &str| {
        insert(
            &conn,
            "security_findings",
            &[
                ("file_id", int(file)),
                ("line", int(line)),
                ("col", int(col)),
                ("rule", text(rule)),
                ("callee", text(callee)),
                ("detail", text(detail)),
            ],
        );
    };
    // `os.system(` starts at byte 13 of `    s = "é"; os.system(cmd)` (é is 2 bytes, 1 UTF-16 unit).
    finding(danger, 3, 13, "shell_injection", "os.system", "argument built from a parameter");
    finding(util, 2, 11, "weak_hash", "hashlib.md5", "md5");
    finding(app, 7, 4, "shell_injection", "subprocess.run", "shell=True");
}

#[test]
fn symbol_table_json_and_fuzzy_forms() {
    let repo = indexed_repo();
    let root = repo.path();
    let table = success(pyindex_in(root, &["query", "symbol", "Child.run"]));
    assert!(table.contains("1 definition(s) of `Child.run`"), "{table}");
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[1].split_whitespace().collect::<Vec<_>>(), ["kind", "name", "location"], "{table}");
    assert_eq!(
        lines[3].split_whitespace().collect::<Vec<_>>(),
        ["method", "pkg.sub.mod.Child.run", "pkg/sub/mod.py:8"]
    );
    // The columns line up: every row starts its second column where the header does.
    let column = lines[1].find("name").unwrap();
    assert_eq!(lines[3].find("pkg.sub.mod.Child.run"), Some(column));

    // Each form of a name, with the tier that matched it.
    for (name, matched_by, expected) in [
        ("helper", "name", vec!["pkg.util.helper"]),
        ("Child.other", "qualname", vec!["pkg.sub.mod.Child.other"]),
        ("pkg.sub.mod.Child.run", "module_path", vec!["pkg.sub.mod.Child.run"]),
        ("pkg.func", "reexport", vec!["pkg.impl.func"]),
        ("mod.main", "suffix", vec!["pkg.sub.mod.main"]),
        ("sub.mod.Child", "suffix", vec!["pkg.sub.mod.Child"]),
        ("CHILD", "other_case", vec!["pkg.sub.mod.Child"]),
        ("func", "name", vec!["pkg.impl.func"]),
    ] {
        let json = json_of(pyindex_in(root, &["query", "symbol", name, "--json"]));
        assert_eq!(json["matched_by"], matched_by, "{name}: {json}");
        let names: Vec<&str> =
            json["symbols"].as_array().unwrap().iter().map(|s| s["full_name"].as_str().unwrap()).collect();
        assert_eq!(names, expected, "{name}");
    }
    let json = json_of(pyindex_in(root, &["query", "symbol", "run", "--json"]));
    assert_eq!(
        json["symbols"][0],
        json!({"kind": "method", "name": "run", "qualname": "Child.run", "full_name": "pkg.sub.mod.Child.run",
               "module": "pkg.sub.mod", "file": "pkg/sub/mod.py", "line": 8, "col": 4, "end_line": 10,
               "is_async": false, "returns": null, "doc": null})
    );
    assert_eq!(json["truncated"], false);
}

#[test]
fn not_found_offers_near_matches_and_exits_1() {
    let repo = indexed_repo();
    let root = repo.path();
    let output = pyindex_in(root, &["query", "symbol", "helpr"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("symbol not found: helpr (did you mean: helper?)"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).is_empty());

    let output = pyindex_in(root, &["query", "symbol", "Child.rn", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["error"], "not_found");
    assert_eq!(json["not_found"]["name"], "Child.rn");
    assert!(json["not_found"]["near"].as_array().unwrap().contains(&json!("Child.run")), "{json}");

    let output = pyindex_in(root, &["query", "imports", "pkg/utl.py"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("file not found: pkg/utl.py (did you mean: pkg/util.py"),
        "{}",
        stderr(&output)
    );

    let output = pyindex_in(root, &["query", "callers", "nothing_like_this_anywhere"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("not found: nothing_like_this_anywhere"), "{}", stderr(&output));

    // `__init__.py` is the end of several paths: the choices are listed.
    let output = pyindex_in(root, &["query", "file", "__init__.py"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("matches several files: pkg/__init__.py, pkg/sub/__init__.py"),
        "{}",
        stderr(&output)
    );

    // Substrings count as near matches too.
    let output = pyindex_in(root, &["query", "symbol", "hel"]);
    assert!(stderr(&output).contains("did you mean: helper"), "{}", stderr(&output));
}

#[test]
fn missing_and_incompatible_databases_exit_2() {
    let empty = tempfile::tempdir().unwrap();
    let output = pyindex_in(empty.path(), &["query", "symbol", "x"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("no index found") && message.contains("`pyindex index`"), "{message}");
    assert!(message.contains(".pyindex/index.db"), "{message}");

    let output = pyindex_in(empty.path(), &["stats", "--db", "missing.db"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no index at missing.db"), "{}", stderr(&output));

    let repo = indexed_repo();
    let db = db_of(&repo);
    Connection::open(&db)
        .unwrap()
        .execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'", [])
        .unwrap();
    let output = pyindex_in(repo.path(), &["query", "symbol", "go"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("schema version 999") && message.contains("re-index"), "{message}");

    let not_an_index = empty.path().join("other.db");
    Connection::open(&not_an_index).unwrap().execute_batch("CREATE TABLE t (x);").unwrap();
    let output = pyindex_in(empty.path(), &["query", "--db", "other.db", "symbol", "x"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not a pyindex index"), "{}", stderr(&output));
}

#[test]
fn database_found_from_a_subdirectory_and_paths_relative_to_it() {
    let repo = indexed_repo();
    let sub = repo.path().join("pkg/sub");
    // `mod.py` is relative to the current directory, not to the root.
    let json = json_of(pyindex_in(&sub, &["query", "imports", "mod.py", "--json"]));
    assert_eq!(json["file"]["path"], "pkg/sub/mod.py");
    let statements: Vec<(&str, Option<&str>)> = json["imports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["statement"].as_str().unwrap(), i["target_file"].as_str()))
        .collect();
    assert_eq!(
        statements,
        [
            ("from ..util import helper", Some("pkg/util.py")),
            ("from . import sibling", Some("pkg/sub/sibling.py")),
            ("from pkg.base import Base", Some("pkg/base.py")),
            ("import pkg.impl", Some("pkg/impl.py")),
        ]
    );
    // --db wins over discovery, and may come after the subcommand.
    let elsewhere = tempfile::tempdir().unwrap();
    let db = db_of(&repo);
    let out = success(pyindex_in(elsewhere.path(), &["query", "symbol", "go", "--db", db.to_str().unwrap()]));
    assert!(out.contains("app.go"), "{out}");
    let out = success(pyindex_in(&sub, &["stats"]));
    assert!(
        out.contains(&format!("root:            {}", repo.path().canonicalize().unwrap().display())),
        "{out}"
    );
}

#[test]
fn callers_and_callees_with_depth_and_cycles() {
    let repo = indexed_repo();
    let root = repo.path();
    let table = success(pyindex_in(root, &["query", "callers", "helper"]));
    let rows: Vec<Vec<&str>> = table.lines().skip(3).map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(
        rows,
        [
            vec!["1", "pkg.sub.mod.Child.other", "pkg.util.helper", "pkg/sub/mod.py:13"],
            vec!["1", "pkg.sub.mod.main", "pkg.util.helper", "pkg/sub/mod.py:22"],
        ],
        "{table}"
    );
    let json = json_of(pyindex_in(root, &["query", "callers", "helper", "--depth", "2", "--json"]));
    let edges: Vec<(u64, &str, &str)> = json["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["depth"].as_u64().unwrap(),
                c["caller"]["name"].as_str().unwrap(),
                c["callee"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            (1, "pkg.sub.mod.Child.other", "pkg.util.helper"),
            (1, "pkg.sub.mod.main", "pkg.util.helper"),
            (2, "pkg.sub.mod.Child.run", "pkg.sub.mod.Child.other"),
            (2, "app.start", "pkg.sub.mod.main"),
        ]
    );
    assert_eq!(json["roots"][0]["name"], "pkg.util.helper");
    assert_eq!(json["direction"], "callers");

    // A module-level caller and a call through a re-export (app.go calls pkg.func).
    let json = json_of(pyindex_in(root, &["query", "callers", "pkg.impl.func", "--json"]));
    let callers: Vec<&str> =
        json["calls"].as_array().unwrap().iter().map(|c| c["caller"]["name"].as_str().unwrap()).collect();
    assert_eq!(callers, ["app.go", "pkg.sub.mod.main"]);

    // Recursion and mutual recursion end: each definition is expanded once.
    let json = json_of(pyindex_in(root, &["query", "callers", "ping", "--depth", "32", "--json"]));
    let edges: Vec<(u64, &str, i64)> = json["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (c["depth"].as_u64().unwrap(), c["caller"]["name"].as_str().unwrap(), c["line"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(
        edges,
        [
            (1, "pkg.cycle.pong", 9),
            (1, "pkg.cycle.again", 14),
            (2, "pkg.cycle.ping", 5),
            (2, "pkg.cycle.again", 13)
        ]
    );
    let json = json_of(pyindex_in(root, &["query", "callees", "again", "--depth", "5", "--json"]));
    let edges: Vec<(u64, &str, &str)> = json["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["depth"].as_u64().unwrap(),
                c["caller"]["name"].as_str().unwrap(),
                c["callee"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            (1, "pkg.cycle.again", "pkg.cycle.again"),
            (1, "pkg.cycle.again", "pkg.cycle.ping"),
            (2, "pkg.cycle.ping", "pkg.cycle.pong"),
            (3, "pkg.cycle.pong", "pkg.cycle.ping"),
            (3, "pkg.cycle.pong", "subprocess.run"),
        ]
    );
    assert!(json["calls"][4]["target"].is_null());

    // Callers of a function outside the repository, by its qualified name.
    let table = success(pyindex_in(root, &["query", "callers", "subprocess.run"]));
    assert!(table.contains("pkg.cycle.pong") && table.contains("pkg/cycle.py:9"), "{table}");
    assert!(table.contains("`subprocess.run` is not defined in the repository"), "{table}");

    // The limit bounds the output and says so.
    let json =
        json_of(pyindex_in(root, &["query", "callers", "ping", "--depth", "32", "--limit", "1", "--json"]));
    assert_eq!(json["calls"].as_array().unwrap().len(), 1);
    assert_eq!(json["truncated"], true);
    let table = success(pyindex_in(root, &["query", "callers", "ping", "--depth", "3", "--limit", "1"]));
    assert!(table.contains("more rows left out"), "{table}");
}

#[test]
fn importers_within_and_outside_the_repository() {
    let repo = indexed_repo();
    let root = repo.path();
    for target in ["pkg.util", "pkg/util.py", "util.py"] {
        let json = json_of(pyindex_in(root, &["query", "importers", target, "--json"]));
        assert_eq!(json["file"]["path"], "pkg/util.py", "{target}");
        let importers: Vec<(&str, i64)> = json["importers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["file"].as_str().unwrap(), i["line"].as_i64().unwrap()))
            .collect();
        assert_eq!(importers, [("pkg/__init__.py", 3), ("pkg/sub/mod.py", 1)], "{target}");
    }
    let table = success(pyindex_in(root, &["query", "importers", "subprocess"]));
    assert!(table.contains("files importing subprocess (outside the repository)"), "{table}");
    assert!(table.contains("pkg/cycle.py:1") && table.contains("import subprocess"), "{table}");
}

#[test]
fn framework_listings_with_filters() {
    let repo = indexed_repo();
    let root = repo.path();
    let db = db_of(&repo);
    let table = success(pyindex_in(root, &["query", "routes"]));
    assert!(table.contains("0 route(s)") && table.contains("(none)"), "{table}");
    insert_domain_rows(&db, root);

    let json = json_of(pyindex_in(root, &["query", "routes", "--json"]));
    assert_eq!(json["items"].as_array().unwrap().len(), 3);
    assert_eq!(
        json["items"][0],
        json!({"method": "GET", "path": "/users", "full_path": "/api/users", "handler": "go", "framework": "flask",
               "router": "bp", "has_auth": true, "controls": ["decorator:login_required"], "file": "app.py", "line": 5})
    );
    let json =
        json_of(pyindex_in(root, &["query", "routes", "--method", "post", "--framework", "Flask", "--json"]));
    let methods: Vec<&str> =
        json["items"].as_array().unwrap().iter().map(|r| r["method"].as_str().unwrap()).collect();
    assert_eq!(methods, ["POST"]);
    let json = json_of(pyindex_in(root, &["query", "routes", "--file", "pkg", "--json"]));
    assert_eq!(json["items"][0]["path"], "/health");
    assert_eq!(json["items"].as_array().unwrap().len(), 1);
    let table = success(pyindex_in(root, &["query", "routes", "--framework", "flask"]));
    let rows: Vec<Vec<&str>> = table.lines().skip(3).map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(
        rows,
        [
            vec!["GET", "/api/users", "go", "flask", "yes", "app.py:5"],
            vec!["POST", "/api/users", "go", "flask", "no", "app.py:5"]
        ]
    );

    let json = json_of(pyindex_in(root, &["query", "models", "--json"]));
    let model = &json["items"][0];
    assert_eq!((model["name"].as_str(), model["table_name"].as_str()), (Some("User"), Some("users")));
    assert_eq!(model["fields"][1]["target"], "orgs.id");
    let table = success(pyindex_in(root, &["query", "models"]));
    assert!(table.contains("id (pk), org_id -> orgs.id"), "{table}");
    let table = success(pyindex_in(root, &["query", "models", "--framework", "django"]));
    assert!(table.contains("0 model(s)"), "{table}");

    let json = json_of(pyindex_in(root, &["query", "tasks", "--framework", "celery", "--json"]));
    assert_eq!(json["items"].as_array().unwrap().len(), 1);
    assert_eq!(json["items"][0]["name"], "send_mail");
    assert_eq!(json["items"][0]["function"], "helper");

    let json = json_of(pyindex_in(root, &["query", "findings", "--rule", "shell_injection", "--json"]));
    let found: Vec<(&str, i64)> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["file"].as_str().unwrap(), x["line"].as_i64().unwrap()))
        .collect();
    assert_eq!(found, [("app.py", 7), ("pkg/danger.py", 3)]);
    let json = json_of(pyindex_in(root, &["query", "findings", "--file", "pkg/util.py", "--json"]));
    assert_eq!(json["items"][0]["rule"], "weak_hash");
    assert_eq!(json["items"].as_array().unwrap().len(), 1);

    // One file's summary brings its routes and findings together.
    let json = json_of(pyindex_in(root, &["query", "file", "app.py", "--json"]));
    assert_eq!(json["path"], "app.py");
    assert_eq!(json["module"], "app");
    assert_eq!(json["routes"].as_array().unwrap().len(), 2);
    assert_eq!(json["findings"][0]["callee"], "subprocess.run");
    let symbols: Vec<&str> =
        json["symbols"].as_array().unwrap().iter().map(|s| s["qualname"].as_str().unwrap()).collect();
    assert_eq!(symbols, ["go", "start"]);
    assert_eq!(json["imported_by"], 1);
}

#[test]
fn file_summary_with_diagnostics() {
    let repo = indexed_repo();
    let table = success(pyindex_in(repo.path(), &["query", "file", "broken"]));
    assert!(table.starts_with("broken.py\n  module:      broken\n  status:      syntax_error\n"), "{table}");
    assert!(table.contains("function  before"), "{table}");
    let diagnostics = table.split("diagnostics (").nth(1).expect("a diagnostics section");
    assert!(diagnostics.contains("syntax_error  9:"), "{table}");
    // A package's directory stands for its `__init__.py`, from the root or from inside.
    let json = json_of(pyindex_in(repo.path(), &["query", "file", "pkg/sub", "--json"]));
    assert_eq!(json["path"], "pkg/sub/__init__.py");
    assert_eq!(json["is_package"], true);
    let json = json_of(pyindex_in(&repo.path().join("pkg"), &["query", "file", "sub", "--json"]));
    assert_eq!(json["path"], "pkg/sub/__init__.py");
}

#[test]
fn stats_table_and_json() {
    let repo = indexed_repo();
    let json = json_of(pyindex_in(repo.path(), &["stats", "--json"]));
    assert_eq!(json["files"], 13);
    assert_eq!(json["files_by_status"], json!({"ok": 12, "syntax_error": 1}));
    assert!(json["diagnostics_by_kind"]["syntax_error"].as_i64().unwrap() >= 1);
    assert_eq!(json["meta"]["schema_version"], pyindex::store::schema::SCHEMA_VERSION.to_string());
    assert!(json["meta"]["built_at"].as_str().unwrap().ends_with('Z'));
    let tables = json["tables"].as_array().unwrap();
    assert_eq!(tables[0], json!({"table": "files", "rows": 13}));
    assert_eq!(tables.len(), pyindex::store::schema::TABLES.len());
    let sum: i64 = tables.iter().map(|t| t["rows"].as_i64().unwrap()).sum();
    assert_eq!(json["total_rows"], sum);

    let table = success(pyindex_in(repo.path(), &["stats"]));
    assert!(table.contains("syntax_error  1"), "{table}");
    assert!(table.lines().any(|l| l.split_whitespace().eq(["files", "13"])), "{table}");
    assert!(table.contains("empty table(s)"), "{table}");
}

#[test]
fn sarif_export_structure() {
    let repo = indexed_repo();
    let root = repo.path();
    insert_domain_rows(&db_of(&repo), root);
    let out = root.join("findings.sarif");
    success(pyindex_in(root, &["export", "--sarif", out.to_str().unwrap()]));
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    // The required properties of SARIF 2.1.0 (sarifLog, run, tool, toolComponent, result,
    // message, location, physicalLocation, artifactLocation, region).
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "pyindex");
    let rules: Vec<&str> =
        driver["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(rules, ["shell_injection", "weak_hash"]);
    for rule in driver["rules"].as_array().unwrap() {
        assert!(rule["shortDescription"]["text"].is_string());
    }
    let base = runs[0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    assert!(base.starts_with("file:///") && base.ends_with('/'), "{base}");
    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for result in results {
        let rule = result["ruleId"].as_str().unwrap();
        assert_eq!(rules[result["ruleIndex"].as_u64().unwrap() as usize], rule);
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains(':'), "a relative URI: {uri}");
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(location["region"]["startLine"].as_i64().unwrap() >= 1);
        assert!(location["region"]["startColumn"].as_i64().unwrap() >= 1);
    }
    let locations: Vec<(&str, i64, i64)> = results
        .iter()
        .map(|r| {
            let l = &r["locations"][0]["physicalLocation"];
            (
                l["artifactLocation"]["uri"].as_str().unwrap(),
                l["region"]["startLine"].as_i64().unwrap(),
                l["region"]["startColumn"].as_i64().unwrap(),
            )
        })
        .collect();
    // 1-based columns; on pkg/danger.py's line, `é` is 2 bytes but 1 UTF-16 unit.
    assert_eq!(locations, [("app.py", 7, 5), ("pkg/danger.py", 3, 13), ("pkg/util.py", 2, 12)]);
    assert_eq!(results[0]["message"]["text"], "shell_injection: call to subprocess.run (shell=True)");

    assert!(results.iter().all(|r| r["level"] == "warning"));

    // `-` writes to standard output; a `severity` column, when the table has one, sets levels.
    let conn = Connection::open(db_of(&repo)).unwrap();
    conn.execute_batch(
        "ALTER TABLE security_findings ADD COLUMN severity TEXT;
         UPDATE security_findings SET severity = CASE rule WHEN 'weak_hash' THEN 'low' ELSE 'high' END;",
    )
    .unwrap();
    let log: Value = json_of(pyindex_in(root, &["export", "--sarif", "-"]));
    let levels: Vec<&str> =
        log["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["level"].as_str().unwrap()).collect();
    assert_eq!(levels, ["error", "error", "note"]);
}

/// A test client for `pyindex mcp`: one JSON message per line each way.
struct McpClient {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: BufReader<std::process::ChildStdout>,
}

impl McpClient {
    fn start(dir: &Path) -> McpClient {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pyindex"))
            .arg("mcp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("pyindex mcp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        McpClient { child, stdin, stdout }
    }

    fn send(&mut self, message: &str) {
        writeln!(self.stdin, "{message}").unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("a JSON line ({e}): {line:?}"))
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string());
        let response = self.receive();
        assert_eq!(response["jsonrpc"], "2.0");
        assert_eq!(response["id"], id, "{response}");
        response
    }

    fn call(&mut self, id: i64, tool: &str, arguments: Value) -> Value {
        let response = self.request(id, "tools/call", json!({"name": tool, "arguments": arguments}));
        response["result"].clone()
    }
}

#[test]
fn mcp_round_trip() {
    let repo = indexed_repo();
    let dir = repo.path().join("pkg");
    within(60, "the MCP session", move || {
        let mut client = McpClient::start(&dir);
        let init = client.request(
            1,
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}),
        );
        let result = &init["result"];
        assert_eq!(result["protocolVersion"], "2025-06-18");
        assert!(result["capabilities"]["tools"].is_object());
        assert_eq!(result["serverInfo"]["name"], "pyindex");
        // A notification gets no answer: the next line read is the ping's response.
        client.send(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
        assert_eq!(client.request(2, "ping", json!({}))["result"], json!({}));

        let tools = client.request(3, "tools/list", json!({}));
        let tools = tools["result"]["tools"].as_array().unwrap().clone();
        let names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            [
                "symbol",
                "callers",
                "callees",
                "imports",
                "importers",
                "routes",
                "models",
                "tasks",
                "findings",
                "file",
                "stats"
            ]
        );
        for tool in &tools {
            let schema = &tool["inputSchema"];
            assert_eq!(schema["type"], "object", "{tool}");
            assert!(tool["description"].as_str().unwrap().len() > 10);
            for required in schema["required"].as_array().unwrap() {
                assert!(schema["properties"][required.as_str().unwrap()].is_object(), "{tool}");
            }
        }
        let callers = tools.iter().find(|t| t["name"] == "callers").unwrap();
        assert_eq!(callers["inputSchema"]["required"], json!(["name"]));
        assert_eq!(callers["inputSchema"]["properties"]["depth"]["type"], "integer");

        // A table by default, JSON on request.
        let result = client.call(4, "symbol", json!({"name": "Child.run"}));
        assert_eq!(result["isError"], false);
        assert_eq!(result["content"][0]["type"], "text");
        assert!(result["content"][0]["text"].as_str().unwrap().contains("pkg/sub/mod.py:8"), "{result}");
        let result = client.call(5, "callers", json!({"name": "helper", "depth": 2, "format": "json"}));
        let answer: Value = serde_json::from_str(result["content"][0]["text"].as_str().unwrap()).unwrap();
        assert_eq!(answer["calls"].as_array().unwrap().len(), 4);

        // Bounded: `limit` applies.
        let result =
            client.call(6, "callers", json!({"name": "helper", "depth": 2, "limit": 1, "format": "json"}));
        let answer: Value = serde_json::from_str(result["content"][0]["text"].as_str().unwrap()).unwrap();
        assert_eq!(answer["calls"].as_array().unwrap().len(), 1);
        assert_eq!(answer["truncated"], true);

        // Not found: a tool error with the near matches.
        let result = client.call(7, "symbol", json!({"name": "helpr"}));
        assert_eq!(result["isError"], true);
        assert!(result["content"][0]["text"].as_str().unwrap().contains("did you mean: helper"), "{result}");

        let result = client.call(8, "file", json!({"file": "sub/mod.py"}));
        assert!(result["content"][0]["text"].as_str().unwrap().starts_with("pkg/sub/mod.py\n"), "{result}");
        let result = client.call(9, "stats", json!({"format": "json"}));
        let answer: Value = serde_json::from_str(result["content"][0]["text"].as_str().unwrap()).unwrap();
        assert_eq!(answer["files"], 13);

        // Protocol errors.
        let response = client.request(10, "tools/call", json!({"name": "nope", "arguments": {}}));
        assert_eq!(response["error"]["code"], -32602);
        let response =
            client.request(11, "tools/call", json!({"name": "callers", "arguments": {"depth": 2}}));
        assert_eq!(response["error"]["code"], -32602);
        assert!(response["error"]["message"].as_str().unwrap().contains("name"), "{response}");
        let response = client.request(
            12,
            "tools/call",
            json!({"name": "callers", "arguments": {"name": "x", "depth": "2"}}),
        );
        assert_eq!(response["error"]["code"], -32602);
        let response = client.request(13, "no/such/method", json!({}));
        assert_eq!(response["error"]["code"], -32601);
        client.send("{this is not json");
        let response = client.receive();
        assert_eq!(response["error"]["code"], -32700);
        assert!(response["id"].is_null());

        // The session ends when the input does.
        drop(client.stdin);
        let status = client.child.wait().unwrap();
        assert!(status.success());
    });
}
