//! Incremental re-index: an update in place holds the same facts as a full index of the same
//! tree, with every id replaced by the row it points to (ids may differ), on edits, additions,
//! deletions, renames, files that start or stop failing to parse, and changes that alter other
//! files' linked facts. Also: no-change and touch-only runs re-index nothing, and an index of an
//! older schema is rebuilt, with a message.

mod support;

use std::collections::HashMap;
use std::path::Path;

use pyindex::pipeline::{self, IndexOptions, Summary};
use pyindex::store::schema::{TABLES, referenced_table};
use rusqlite::Connection;
use rusqlite::types::Value;

fn run(root: &Path, db: &Path, full: bool) -> Summary {
    let options = IndexOptions { full, ..support::options(root, Some(db), 2) };
    pipeline::run(&options, &()).expect("indexing succeeds")
}

/// Every row of every table as text, with ids left out and each reference replaced by the
/// (recursively canonical) row it points to; sorted per table. Equal for two databases holding
/// the same facts whatever their ids.
fn canonical(conn: &Connection) -> Vec<(String, Vec<String>)> {
    let mut by_id: HashMap<(&str, i64), String> = HashMap::new();
    let mut out = Vec::new();
    for table in referenced_first() {
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        let sql = format!("SELECT id, {} FROM {} ORDER BY id", columns.join(", "), table.name);
        let mut statement = conn.prepare(&sql).unwrap();
        let rows: Vec<Vec<Value>> = statement
            .query_map([], |row| (0..=columns.len()).map(|i| row.get::<_, Value>(i)).collect())
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut rendered = Vec::with_capacity(rows.len());
        for row in rows {
            let Value::Integer(id) = row[0] else { panic!("id is not an integer") };
            let cells: Vec<String> = table
                .columns
                .iter()
                .zip(&row[1..])
                .map(|(column, value)| match (referenced_table(column.decl), value) {
                    (Some(target), Value::Integer(target_id)) => {
                        let target = TABLES.iter().find(|t| t.name == target).unwrap().name;
                        let key = (target, *target_id);
                        format!(
                            "<{}>",
                            by_id.get(&key).unwrap_or_else(|| panic!(
                                "{}.{} points to missing {key:?}",
                                table.name, column.name
                            ))
                        )
                    }
                    (_, value) => format!("{value:?}"),
                })
                .collect();
            let text = cells.join("|");
            by_id.insert((table.name, id), text.clone());
            rendered.push(text);
        }
        rendered.sort();
        out.push((table.name.to_owned(), rendered));
    }
    out.sort();
    out
}

/// The tables, each after every other table its columns reference.
fn referenced_first() -> Vec<&'static pyindex::store::schema::TableDef> {
    let mut ordered: Vec<&'static pyindex::store::schema::TableDef> = Vec::new();
    while ordered.len() < TABLES.len() {
        let before = ordered.len();
        for table in TABLES {
            let ready = !ordered.iter().any(|t| t.name == table.name)
                && table
                    .columns
                    .iter()
                    .filter_map(|c| referenced_table(c.decl))
                    .all(|target| target == table.name || ordered.iter().any(|t| t.name == target));
            if ready {
                ordered.push(table);
            }
        }
        assert!(ordered.len() > before, "a cycle of references between tables");
    }
    ordered
}

/// Updates `db` in place after `change`, indexes the changed tree from scratch, and asserts
/// both hold the same facts; returns the update's summary.
#[track_caller]
fn assert_update_equals_full(root: &Path, db: &Path, change: impl FnOnce(&Path)) -> Summary {
    change(root);
    let summary = run(root, db, false);
    assert_eq!(summary.mode, "incremental");
    let fresh = root.parent().unwrap().join("fresh.db");
    run(root, &fresh, true);
    let (updated, full) = (canonical(&support::open(db)), canonical(&support::open(&fresh)));
    for ((table, a), (_, b)) in updated.iter().zip(&full) {
        assert_eq!(a, b, "table {table} differs between the updated and the full index");
    }
    let conn = support::open(db);
    assert_eq!(support::one(&conn, "PRAGMA integrity_check"), "ok");
    assert_eq!(support::count(&conn, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    summary
}

fn write(root: &Path, rel: &str, text: &str) {
    support::write(root, rel, text.as_bytes());
}

/// A small application whose files link to each other: imports, calls through a re-export,
/// inherited methods, a base class in another module.
fn app(root: &Path) {
    write(root, "app/__init__.py", "from .util import helper\n");
    write(root, "app/util.py", "def helper(x):\n    return x + 1\n\ndef unused():\n    pass\n");
    write(root, "app/base.py", "class Base:\n    def save(self):\n        return 1\n");
    write(
        root,
        "app/models.py",
        "from app.base import Base\nfrom app import helper\n\nclass Invoice(Base):\n    def total(self):\n        self.save()\n        return helper(2)\n",
    );
    write(
        root,
        "main.py",
        "import app.models\nfrom app import helper\n\nhelper(3)\napp.models.Invoice().total()\n",
    );
}

#[test]
fn updates_hold_the_same_facts_as_a_full_index() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let db = dir.path().join("index.db");
    app(&root);
    let first = run(&root, &db, false);
    assert_eq!((first.mode, first.files_indexed), ("full", 5));

    // An edit inside one file.
    let s = assert_update_equals_full(&root, &db, |r| {
        write(r, "app/util.py", "def helper(x, y=0):\n    return x + y\n\ndef unused():\n    pass\n")
    });
    // app/models.py has a framework candidate (its class derives from a repository class of
    // another module: files.has_linked_facts), but the repository has no framework facts that
    // could confirm it, so it is not indexed again.
    assert_eq!((s.files_indexed, s.files_unchanged, s.files_removed), (1, 4, 0));
    assert_eq!(
        support::one(&support::open(&db), "SELECT group_concat(path) FROM files WHERE has_linked_facts"),
        "app/models.py"
    );

    // A new file, then a deleted one.
    let s = assert_update_equals_full(&root, &db, |r| {
        write(r, "app/extra.py", "from app.util import helper\nhelper(9)\n")
    });
    assert_eq!((s.files_indexed, s.files_unchanged, s.files_removed), (1, 5, 0));
    let s = assert_update_equals_full(&root, &db, |r| std::fs::remove_file(r.join("app/extra.py")).unwrap());
    assert_eq!((s.files_indexed, s.files_unchanged, s.files_removed), (0, 5, 1));

    // A renamed base class: the subclass's file is unchanged, its linked facts are not.
    assert_update_equals_full(&root, &db, |r| {
        write(r, "app/base.py", "class Model:\n    def save(self):\n        return 1\n\nBase = None\n")
    });
    assert_update_equals_full(&root, &db, |r| {
        write(r, "app/base.py", "class Base:\n    def save(self):\n        return 2\n")
    });

    // A function moved to another module (re-exported from the new place): calls in unchanged
    // files resolve to the new definition.
    let s = assert_update_equals_full(&root, &db, |r| {
        write(r, "app/util.py", "def unused():\n    pass\n");
        write(r, "app/moved.py", "def helper(x):\n    return x * 2\n");
        write(r, "app/__init__.py", "from .moved import helper\n");
    });
    assert_eq!((s.files_indexed, s.files_removed), (3, 0));
    let conn = support::open(&db);
    assert_eq!(
        support::one(
            &conn,
            "SELECT f.path FROM calls c JOIN files cf ON cf.id = c.file_id JOIN symbols t ON t.id = c.target_symbol_id
             JOIN files f ON f.id = t.file_id WHERE cf.path = 'main.py' AND c.callee = 'helper'"
        ),
        "app/moved.py"
    );
    drop(conn);

    // A rename (a removal and an addition).
    assert_update_equals_full(&root, &db, |r| {
        std::fs::rename(r.join("app/moved.py"), r.join("app/relocated.py")).unwrap();
        write(r, "app/__init__.py", "from .relocated import helper\n");
    });

    // A file that starts failing to parse, then recovers.
    let s = assert_update_equals_full(&root, &db, |r| {
        write(r, "app/models.py", "from app.base import Base\n\nclass Invoice(Base:\n    pass\n")
    });
    assert_eq!(s.files_with_errors, 1);
    let s = assert_update_equals_full(&root, &db, app);
    assert_eq!(s.files_with_errors, 0);
}

#[test]
fn unchanged_and_touched_files_are_not_indexed_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let db = dir.path().join("index.db");
    app(&root);
    run(&root, &db, false);
    let before = canonical(&support::open(&db));

    let s = run(&root, &db, false);
    assert_eq!((s.mode, s.files_indexed, s.files_unchanged, s.total_rows), ("incremental", 0, 5, 0));
    let stages: Vec<&str> = s.stages.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(stages, ["discover", "compare", "finish"], "nothing to extract or link");

    // Same bytes, new modification time: read and hashed, not indexed; the new time is kept.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let text = std::fs::read(root.join("app/util.py")).unwrap();
    std::fs::write(root.join("app/util.py"), text).unwrap();
    let s = run(&root, &db, false);
    assert_eq!((s.files_indexed, s.files_unchanged), (0, 5));
    let conn = support::open(&db);
    let after = canonical(&conn);
    assert_eq!(
        before.iter().map(|(_, rows)| rows.len()).collect::<Vec<_>>(),
        after.iter().map(|(_, rows)| rows.len()).collect::<Vec<_>>()
    );
    assert_eq!(
        support::one(&conn, "SELECT mtime_ns FROM files WHERE path = 'app/util.py'"),
        source_mtime(&root.join("app/util.py")),
        "the new modification time is recorded"
    );
    drop(conn);
    assert_update_equals_full(&root, &db, |_| {});
}

fn source_mtime(path: &Path) -> String {
    pyindex::source::stamp(&std::fs::metadata(path).unwrap()).1.unwrap().to_string()
}

#[test]
fn an_index_of_another_schema_or_options_is_rebuilt_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let db = dir.path().join("index.db");
    app(&root);
    run(&root, &db, false);
    Connection::open(&db)
        .unwrap()
        .execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'", [])
        .unwrap();
    let s = run(&root, &db, false);
    assert_eq!(s.mode, "full");
    assert!(
        s.warnings.iter().any(|w| w.contains("rebuilding") && w.contains("schema_version \"0\"")),
        "{:?}",
        s.warnings
    );

    let options = IndexOptions { source_roots: vec!["lib".into()], ..support::options(&root, Some(&db), 2) };
    let s = pipeline::run(&options, &()).unwrap();
    assert_eq!(s.mode, "full");
    assert!(s.warnings.iter().any(|w| w.contains("source_roots")), "{:?}", s.warnings);

    // Not an index at all: rebuilt.
    std::fs::write(&db, b"not a database").unwrap();
    let s = run(&root, &db, false);
    assert_eq!((s.mode, s.files_indexed), ("full", 5));
    // --full always rebuilds.
    assert_eq!(run(&root, &db, true).mode, "full");
}

/// Framework facts that depend on other files: a model whose base class lives in another module,
/// routes whose prefix is set where their router is included, and a task called from elsewhere.
#[test]
fn framework_facts_across_files_follow_updates() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let db = dir.path().join("index.db");
    write(&root, "shop/__init__.py", "");
    write(
        &root,
        "shop/base.py",
        "from django.db import models\n\nclass BaseModel(models.Model):\n    created = models.DateTimeField()\n\n    class Meta:\n        abstract = True\n",
    );
    write(
        &root,
        "shop/models.py",
        "from django.db import models\nfrom shop.base import BaseModel\n\nclass Invoice(BaseModel):\n    total = models.IntegerField()\n    customer = models.ForeignKey('shop.Customer', on_delete=models.CASCADE)\n\nclass Customer(BaseModel):\n    name = models.CharField(max_length=10)\n",
    );
    write(
        &root,
        "api/items.py",
        "from fastapi import APIRouter, Depends\n\nrouter = APIRouter(prefix='/items')\n\ndef get_user():\n    pass\n\n@router.get('/{item_id}')\ndef read_item(item_id: int, user=Depends(get_user)):\n    return item_id\n",
    );
    write(
        &root,
        "main.py",
        "from fastapi import FastAPI\nfrom api.items import router\n\napp = FastAPI()\napp.include_router(router, prefix='/v1')\n",
    );
    run(&root, &db, false);
    let models = |db: &Path| {
        support::rows(
            &support::open(db),
            "SELECT name, table_name, is_abstract FROM orm_models ORDER BY name",
        )
    };
    let paths =
        |db: &Path| support::rows(&support::open(db), "SELECT method, full_path FROM routes ORDER BY id");
    assert_eq!(models(&db).len(), 3, "{:?}", models(&db));
    assert_eq!(paths(&db), [["GET".to_owned(), "/v1/items/{item_id}".to_owned()]]);

    // The prefix changes where the router is included: the route's file is unchanged.
    assert_update_equals_full(&root, &db, |r| {
        write(
            r,
            "main.py",
            "from fastapi import FastAPI\nfrom api.items import router\n\napp = FastAPI()\napp.include_router(router, prefix='/v2')\n",
        )
    });
    assert_eq!(paths(&db), [["GET".to_owned(), "/v2/items/{item_id}".to_owned()]]);

    // The base class is replaced: the abstract model is gone, and the models of the unchanged
    // file are now recognised by their Django fields alone (`detected_by`), as a full index has it.
    assert_update_equals_full(&root, &db, |r| {
        write(r, "shop/base.py", "class Mixin:\n    pass\n\nBaseModel = object\n")
    });
    assert_eq!(
        support::rows(&support::open(&db), "SELECT name, detected_by FROM orm_models ORDER BY name"),
        [["Customer", "fields"], ["Invoice", "fields"]]
    );
    // And back.
    assert_update_equals_full(&root, &db, |r| {
        write(
            r,
            "shop/base.py",
            "from django.db import models\n\nclass BaseModel(models.Model):\n    created = models.DateTimeField()\n\n    class Meta:\n        abstract = True\n",
        )
    });
    assert_eq!(models(&db).len(), 3);
    // An unrelated edit: framework rows stay as a full index has them.
    assert_update_equals_full(&root, &db, |r| write(r, "notes.py", "x = 1\n"));
}

/// A benchmark run restricted to some domains (`--domains`) records them, and a normal run
/// rebuilds that index instead of updating it; an unknown domain is refused.
#[test]
fn a_domain_subset_index_is_rebuilt_by_a_normal_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let db = dir.path().join("index.db");
    app(&root);
    let bin = env!("CARGO_BIN_EXE_pyindex");
    let run_cli = |args: &[&str]| std::process::Command::new(bin).args(args).output().unwrap();
    let (root_arg, db_arg) = (root.to_str().unwrap(), db.to_str().unwrap());
    assert!(run_cli(&["index", root_arg, "--db", db_arg, "-q", "--domains", "control"]).status.success());
    let conn = support::open(&db);
    assert_eq!(support::one(&conn, "SELECT value FROM meta WHERE key = 'domains'"), "core,control");
    assert_eq!(support::count(&conn, "SELECT COUNT(*) FROM cfg_blocks"), 0, "cfg did not run");
    assert!(support::count(&conn, "SELECT COUNT(*) FROM calls") > 0, "core always runs");
    drop(conn);
    let out = run_cli(&["index", root_arg, "--db", db_arg, "--json"]);
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["mode"], "full");
    assert!(support::count(&support::open(&db), "SELECT COUNT(*) FROM cfg_blocks") > 0);
    let bad = run_cli(&["index", root_arg, "--db", db_arg, "--domains", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown domain \"nope\""));
}
