//! Helpers shared by `tests/e2e.rs` and `tests/robustness.rs`: the fixture repository, running
//! the pipeline, and reading the resulting database back through SQL.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use pyindex::discover::DiscoverOptions;
use pyindex::pipeline::{self, IndexOptions, Summary};
use rusqlite::Connection;
use rusqlite::types::Value;

/// The committed fixture repository.
pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repo")
}

/// A copy of the fixture in a fresh temporary directory, plus the paths its `.gitignore`
/// ignores (git does not commit them, so they are created here).
pub fn fixture_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture_dir(), dir.path());
    write(dir.path(), "generated/gen.py", b"def generated():\n    pass\n");
    write(dir.path(), "generated/deep/more.py", b"X = 1\n");
    write(dir.path(), "scratch_ignored.py", b"def scratch():\n    pass\n");
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            // A stray index from someone running pyindex on the fixture in place.
            if entry.file_name() != ".pyindex" {
                copy_tree(&entry.path(), &target);
            }
        } else if kind.is_file() {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Writes `bytes` to `root/rel`, creating parent directories.
pub fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

pub fn options(root: &Path, db: Option<&Path>, threads: usize) -> IndexOptions {
    IndexOptions { db: db.map(Path::to_path_buf), threads, ..IndexOptions::new(root) }
}

pub fn index(root: &Path, db: &Path, threads: usize) -> Summary {
    pipeline::run(&options(root, Some(db), threads), &()).expect("indexing succeeds")
}

pub fn with_discover(mut options: IndexOptions, discover: DiscoverOptions) -> IndexOptions {
    options.discover = discover;
    options
}

/// A connection that reads `db` (rolling back what an interrupted update left, as queries do).
pub fn open(db: &Path) -> Connection {
    pyindex::query::open_for_reading(db).expect("the database opens")
}

/// Every row of a query, each cell rendered as text (NULL as "NULL", text unquoted).
pub fn rows(conn: &Connection, sql: &str) -> Vec<Vec<String>> {
    query(conn, sql, [])
}

/// Rows of a query with `?1` bound to a text parameter.
pub fn rows_with(conn: &Connection, sql: &str, param: &str) -> Vec<Vec<String>> {
    query(conn, sql, [param])
}

fn query(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let width = stmt.column_count();
    stmt.query_map(params, |row| (0..width).map(|i| row.get::<_, Value>(i).map(render)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The single value of a one-row, one-column query.
pub fn one(conn: &Connection, sql: &str) -> String {
    let all = rows(conn, sql);
    assert_eq!(all.len(), 1, "{sql}: expected one row, got {all:?}");
    assert_eq!(all[0].len(), 1, "{sql}: expected one column");
    all[0][0].clone()
}

pub fn count(conn: &Connection, sql: &str) -> i64 {
    one(conn, sql).parse().unwrap()
}

fn render(value: Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => format!("{r:?}"),
        Value::Text(t) => t,
        Value::Blob(b) => format!("x{b:02x?}"),
    }
}

/// A full dump: every table (by name), every row ordered by id (meta by key), without
/// `meta.built_at`, which is the one value allowed to differ between runs.
pub fn dump(conn: &Connection) -> Vec<(String, Vec<Vec<Value>>)> {
    let tables: Vec<String> = rows(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .into_iter()
    .map(|mut r| r.remove(0))
    .collect();
    tables
        .into_iter()
        .map(|table| {
            let sql = if table == "meta" {
                "SELECT * FROM meta WHERE key != 'built_at' ORDER BY key".to_owned()
            } else {
                format!("SELECT * FROM \"{table}\" ORDER BY id")
            };
            let mut stmt = conn.prepare(&sql).unwrap();
            let width = stmt.column_count();
            let all = stmt
                .query_map([], |row| (0..width).map(|i| row.get::<_, Value>(i)).collect())
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            (table, all)
        })
        .collect()
}

/// Runs `f` on another thread and fails (instead of hanging the suite) when it takes longer
/// than `seconds`.
pub fn within<T: Send + 'static>(seconds: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(f());
    });
    match receiver.recv_timeout(std::time::Duration::from_secs(seconds)) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: still running after {seconds}s (hang?)")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}
