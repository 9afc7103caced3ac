//! End to end: the fixture applications of `tests/fixtures/apps/` indexed through the pipeline,
//! checked through SQL: routes with their full paths across files, controls, mounts; Flask
//! application items; Celery tasks and calls.

mod support;

use std::path::{Path, PathBuf};

use support::*;

fn app_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apps").join(name)
}

/// Indexes one fixture application into a temporary database and opens it.
fn indexed(name: &str) -> (tempfile::TempDir, rusqlite::Connection) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("index.db");
    index(&app_dir(name), &db, 2);
    let conn = open(&db);
    (dir, conn)
}

fn table(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    rows(conn, sql).into_iter().map(|r| r.join(" | ")).collect()
}

#[test]
fn scratch_dump() {
    for app in ["fastapi_app", "flask_app", "django_urls"] {
        let (_dir, conn) = indexed(app);
        eprintln!("== {app}");
        for row in table(&conn, "SELECT r.id, f.path, r.line, r.framework, r.method, r.path, r.full_path, r.handler, r.router, r.has_auth, r.symbol_id IS NOT NULL, (SELECT group_concat(kind || ':' || name || ':' || is_auth, ', ') FROM route_controls c WHERE c.route_id = r.id) FROM routes r JOIN files f ON f.id = r.file_id ORDER BY r.id") {
            eprintln!("\"{row}\",");
        }
        assert_eq!(count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    }
}
