//! End to end: the fixture applications of `tests/fixtures/apps/` indexed through the pipeline
//! and checked through SQL: routes with their full paths computed across files by the link stage
//! (FastAPI routers included with prefixes in other modules, Flask blueprints registered in an
//! application factory, Django URLconfs including other URLconfs, a DRF router with a ViewSet
//! whose base class lives in another module), their controls (dependencies, decorators,
//! permissions, inherited from routers and mounts), Flask application items, and Celery tasks,
//! calls and beat schedules.

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
    assert_eq!(count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"), 0, "{name}: dangling ids");
    (dir, conn)
}

/// Each row of a query as its cells joined by ` | `.
fn table(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    rows(conn, sql).into_iter().map(|r| r.join(" | ")).collect()
}

#[track_caller]
fn assert_table(conn: &rusqlite::Connection, sql: &str, expected: &[&str]) {
    let actual = table(conn, sql);
    assert_eq!(actual, expected, "\nactual:\n{}\n", actual.join("\n"));
}

/// Every route: id, file, line, framework, method, path, full_path, handler, router, has_auth,
/// whether the handler is a symbol, and its controls (kind:name:is_auth, in id order).
const ROUTES: &str =
    "SELECT r.id, f.path, r.line, r.framework, r.method, r.path, r.full_path, r.handler, r.router,
        r.has_auth, r.symbol_id IS NOT NULL,
        (SELECT group_concat(kind || ':' || name || ':' || is_auth, ', ') FROM
            (SELECT * FROM route_controls c WHERE c.route_id = r.id ORDER BY c.id))
    FROM routes r JOIN files f ON f.id = r.file_id ORDER BY r.id";

/// FastAPI: routers included with prefixes in other modules, dependencies of the app and of an
/// `include_router` inherited by every route below, an `Annotated` alias imported from `deps.py`.
#[test]
fn fastapi_routers_across_files() {
    let (_dir, conn) = indexed("fastapi_app");
    assert_table(
        &conn,
        ROUTES,
        &[
            "1 | app/api/routes/items.py | 8 | fastapi | GET | / | /api/v1/items/ | list_items | router | 1 | 1 | dependency:get_db:0, dependency:log_request:0, dependency:get_current_user:1",
            "2 | app/api/routes/items.py | 13 | fastapi | DELETE | /{item_id} | /api/v1/items/{item_id} | delete_item | router | 1 | 1 | dependency:log_request:0, dependency:get_current_user:1",
            "3 | app/api/routes/users.py | 13 | fastapi | GET | / | /api/v1/users/ | list_users | router | 0 | 1 | dependency:get_db:0, dependency:log_request:0",
            "4 | app/api/routes/users.py | 18 | fastapi | GET | /me | /api/v1/users/me | read_me | router | 1 | 1 | dependency:get_current_user:1, dependency:log_request:0",
            "5 | app/api/routes/users.py | 23 | fastapi | POST | /{user_id} | /api/v1/users/{user_id} | update_user | router | 1 | 1 | dependency:oauth2_scheme:1, dependency:log_request:0",
            "6 | app/api/routes/users.py | 28 | fastapi | GET | /{user_id}/avatar | /api/v1/users/{user_id}/avatar | avatar | router | 0 | 1 | dependency:log_request:0",
            "7 | app/api/routes/users.py | 28 | fastapi | PUT | /{user_id}/avatar | /api/v1/users/{user_id}/avatar | avatar | router | 0 | 1 | dependency:log_request:0",
            "8 | app/main.py | 10 | fastapi | GET | /health | /health | health | app | 0 | 1 | dependency:log_request:0",
        ],
    );
    // The mounts, resolved to the objects of other files.
    assert_table(
        &conn,
        "SELECT f.path, m.line, m.kind, p.name, pf.path, c.name, cf.path, m.prefix
         FROM route_mounts m JOIN files f ON f.id = m.file_id
             JOIN route_objects p ON p.id = m.parent_id JOIN files pf ON pf.id = p.file_id
             JOIN route_objects c ON c.id = m.child_id JOIN files cf ON cf.id = c.file_id
         ORDER BY m.id",
        &[
            "app/api/__init__.py | 7 | router | api_router | app/api/__init__.py | router | app/api/routes/users.py | /users",
            "app/api/__init__.py | 8 | router | api_router | app/api/__init__.py | router | app/api/routes/items.py | NULL",
            "app/main.py | 7 | router | app | app/main.py | api_router | app/api/__init__.py | /api/v1",
        ],
    );
    // `@patch(...)` and `@mock.patch(...)` in the tests are not routes.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM routes r JOIN files f ON f.id = r.file_id WHERE f.path LIKE 'tests/%'"
        ),
        0
    );
}

#[test]
fn flask_blueprints_registered_in_the_factory() {
    let (_dir, conn) = indexed("flask_app");
    assert_table(
        &conn,
        ROUTES,
        &[
            "1 | myapp/auth.py | 7 | flask | GET | /login | /auth/login | login | auth_bp | 0 | 1 | NULL",
            "2 | myapp/auth.py | 7 | flask | POST | /login | /auth/login | login | auth_bp | 0 | 1 | NULL",
            "3 | myapp/auth.py | 12 | flask | POST | /logout | /auth/logout | logout | auth_bp | 1 | 1 | decorator:login_required:1",
            "4 | myapp/views.py | 8 | flask | GET | / | /main/ | index | main | 0 | 1 | NULL",
            "5 | myapp/views.py | 23 | flask | GET | /items/<int:item_id> | /main/items/<int:item_id> | ItemAPI | main | 1 | 1 | decorator:login_required:1",
            "6 | myapp/views.py | 23 | flask | DELETE | /items/<int:item_id> | /main/items/<int:item_id> | ItemAPI | main | 1 | 1 | decorator:login_required:1",
        ],
    );
    assert_table(
        &conn,
        "SELECT f.path, i.line, i.kind, i.name, i.target, s.qualname,
                (SELECT group_concat(key || '=' || value, '; ') FROM
                    (SELECT * FROM framework_item_details d WHERE d.item_id = i.id ORDER BY d.id))
         FROM framework_items i JOIN files f ON f.id = i.file_id LEFT JOIN symbols s ON s.id = i.symbol_id
         ORDER BY i.id",
        &[
            "myapp/__init__.py | 11 | app_factory | create_app | app | create_app | config=config_name; blueprint=auth_bp; blueprint=main",
            "myapp/__init__.py | 6 | extension | SQLAlchemy | db | NULL | class=flask_sqlalchemy.SQLAlchemy",
            "myapp/__init__.py | 7 | extension | LoginManager | login_manager | NULL | class=flask_login.LoginManager",
            "myapp/__init__.py | 8 | extension | Migrate | migrate | NULL | class=flask_migrate.Migrate",
            "myapp/__init__.py | 14 | extension_init | db | app | NULL | extension=myapp.db",
            "myapp/__init__.py | 15 | extension_init | login_manager | app | NULL | extension=myapp.login_manager",
            "myapp/__init__.py | 16 | extension_init | migrate | app | NULL | extension=myapp.migrate",
            "myapp/__init__.py | 24 | request_hook | create_app.<locals>.load_user | app | create_app.<locals>.load_user | hook=before_request",
            "myapp/__init__.py | 28 | error_handler | create_app.<locals>.not_found | 404 | create_app.<locals>.not_found | code=404",
        ],
    );
}

/// Django: a project URLconf including app URLconfs by module name, function and class views of
/// other files (their methods replace `ANY`, their mixins and wrappers are controls), a DRF router
/// with a ViewSet whose standard actions come from a base class in another module, `@action`
/// extra actions, an `@api_view` function, and a Django Ninja API mounted with `api.urls`.
#[test]
fn django_urlconfs_includes_views_and_drf_router() {
    let (_dir, conn) = indexed("django_urls");
    assert_table(
        &conn,
        ROUTES,
        &[
            "1 | api/urls.py | 11 | django | GET | stats/ | /api/stats/ | stats | NULL | 0 | 1 | permission:permissions.AllowAny:0",
            "2 | blog/urls.py | 8 | django | ANY |  | /blog/ | post_list | NULL | 0 | 1 | NULL",
            "3 | blog/urls.py | 9 | django | GET | <int:pk>/ | /blog/<int:pk>/ | PostDetailView | NULL | 1 | 1 | decorator:LoginRequiredMixin:1",
            "4 | blog/urls.py | 10 | django | GET | new/ | /blog/new/ | post_create | NULL | 1 | 1 | decorator:login_required:1",
            "5 | mysite/api_ninja.py | 7 | ninja | GET | /items | /ninja/shop/items | list_items | router | 0 | 1 | NULL",
            "6 | mysite/api_ninja.py | 15 | ninja | GET | /hello | /ninja/hello | hello | api | 0 | 1 | NULL",
            "7 | mysite/urls.py | 13 | django | ANY | ^about/$ | /about/$ | AboutView | NULL | 0 | 1 | NULL",
            "8 | api/urls.py | 11 | django | POST | stats/ | /api/stats/ | stats | NULL | 0 | 1 | permission:permissions.AllowAny:0",
            "9 | blog/urls.py | 9 | django | POST | <int:pk>/ | /blog/<int:pk>/ | PostDetailView | NULL | 1 | 1 | decorator:LoginRequiredMixin:1",
            "10 | blog/urls.py | 10 | django | POST | new/ | /blog/new/ | post_create | NULL | 1 | 1 | decorator:login_required:1",
            "11 | api/urls.py | 7 | drf | GET | users/ | /api/users/ | UserViewSet.list | router | 1 | 1 | permission:permissions.IsAuthenticated:1",
            "12 | api/urls.py | 7 | drf | POST | users/ | /api/users/ | UserViewSet.create | router | 1 | 1 | permission:permissions.IsAuthenticated:1",
            "13 | api/urls.py | 7 | drf | GET | users/<pk>/ | /api/users/<pk>/ | UserViewSet.retrieve | router | 1 | 1 | permission:permissions.IsAuthenticated:1",
            "14 | api/urls.py | 7 | drf | PUT | users/<pk>/ | /api/users/<pk>/ | UserViewSet.update | router | 1 | 1 | permission:permissions.IsAuthenticated:1",
            "15 | api/urls.py | 7 | drf | PATCH | users/<pk>/ | /api/users/<pk>/ | UserViewSet.partial_update | router | 1 | 1 | permission:permissions.IsAuthenticated:1",
            "16 | api/urls.py | 7 | drf | DELETE | users/<pk>/ | /api/users/<pk>/ | UserViewSet.destroy | router | 1 | 1 | permission:permissions.IsAuthenticated:1",
            "17 | api/urls.py | 7 | drf | POST | users/<pk>/set-password/ | /api/users/<pk>/set-password/ | UserViewSet.set_password | router | 1 | 1 | permission:permissions.IsAuthenticated:1",
            "18 | api/urls.py | 7 | drf | GET | users/recent/ | /api/users/recent/ | UserViewSet.recent | router | 1 | 1 | permission:permissions.IsAuthenticated:1",
        ],
    );
    // Handlers resolved in other files point to their definitions (an inherited action to the base's method).
    assert_table(
        &conn,
        "SELECT r.id, f.path, s.qualname FROM routes r JOIN symbols s ON s.id = r.symbol_id JOIN files f ON f.id = s.file_id
         WHERE r.id IN (2, 3, 11, 16, 17) ORDER BY r.id",
        &[
            "2 | blog/views.py | post_list",
            "3 | blog/views.py | PostDetailView",
            "11 | api/views.py | UserViewSet",
            "16 | api/base.py | BaseViewSet.destroy",
            "17 | api/views.py | UserViewSet.set_password",
        ],
    );
}

#[test]
fn celery_tasks_calls_and_schedules() {
    let (_dir, conn) = indexed("celery_app");
    assert_table(
        &conn,
        "SELECT t.id, t.line, t.framework, t.name, t.options, s.qualname,
                (SELECT group_concat(name || '=' || value, '; ') FROM
                    (SELECT * FROM task_options o WHERE o.task_id = t.id ORDER BY o.id))
         FROM tasks t JOIN symbols s ON s.id = t.symbol_id ORDER BY t.id",
        &[
            "1 | 7 | celery | emails.send | bind=True, max_retries=3, queue=\"mail\", name=\"emails.send\" | send_email | bind=True; max_retries=3; queue=mail; name=emails.send",
            "2 | 12 | celery | proj.tasks.cleanup | NULL | cleanup | NULL",
            "3 | 17 | celery | emails.ping | name=\"emails.ping\" | ping | name=emails.ping",
        ],
    );
    // Every call is linked to its task: by qualified name, or by registered name (send_task).
    assert_table(
        &conn,
        "SELECT c.line, c.task, c.method, c.arg_count, c.countdown, c.queue, c.task_id, s.qualname
         FROM task_calls c LEFT JOIN symbols s ON s.id = c.scope_id ORDER BY c.id",
        &[
            "9 | proj.tasks.send_email | delay | 2 | NULL | NULL | 1 | signup",
            "10 | proj.tasks.send_email | apply_async | 3 | 60 | priority | 1 | signup",
            "11 | proj.tasks.cleanup | chain | 2 | NULL | NULL | 2 | signup",
            "11 | proj.tasks.ping | chain | 2 | NULL | NULL | 3 | signup",
            "11 | proj.tasks.cleanup | s | 1 | NULL | NULL | 2 | signup",
            "11 | proj.tasks.ping | si | 0 | NULL | NULL | 3 | signup",
            "12 | proj.tasks.send_email | group | 1 | NULL | NULL | 1 | signup",
            "12 | proj.tasks.send_email | s | 2 | NULL | NULL | 1 | signup",
            "13 | emails.ping | send_task | 1 | NULL | NULL | 3 | signup",
        ],
    );
    assert_table(
        &conn,
        "SELECT i.line, i.framework, i.kind, i.name, i.target,
                (SELECT group_concat(key || '=' || value, '; ') FROM
                    (SELECT * FROM framework_item_details d WHERE d.item_id = i.id ORDER BY d.id))
         FROM framework_items i ORDER BY i.id",
        &[
            "6 | celery | schedule | cleanup-nightly | proj.tasks.cleanup | schedule=crontab(hour=3, minute=0); schedule_type=crontab; args=(7,)",
            "11 | celery | schedule | ping-every-30s | emails.ping | schedule=30.0; schedule_type=number",
        ],
    );
}

/// Prefixes through a re-export (`from .routes import router as users_router` in a package
/// `__init__`), a router mounted twice (its first mount counts), and blueprints registered on each
/// other in a cycle (their routes get no full path, and linking ends).
#[test]
fn reexports_double_mounts_and_cycles() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    write(root, "svc/__init__.py", b"");
    write(root, "svc/api/__init__.py", b"from .routes import router as users_router\n");
    write(
        root,
        "svc/api/routes.py",
        b"from fastapi import APIRouter\n\nrouter = APIRouter(prefix=\"/users\")\n\n@router.get(\"/{id}\")\ndef get_user(id: int):\n    pass\n",
    );
    write(
        root,
        "svc/main.py",
        b"from fastapi import FastAPI\nfrom svc.api import users_router\n\napp = FastAPI()\napp.include_router(users_router, prefix=\"/v1\")\napp.include_router(users_router, prefix=\"/v2\")\n",
    );
    write(
        root,
        "svc/loop_a.py",
        b"from flask import Blueprint\nfrom svc.loop_b import b\n\na = Blueprint(\"a\", __name__)\na.register_blueprint(b, url_prefix=\"/b\")\n\n@a.route(\"/x\")\ndef x():\n    pass\n",
    );
    write(
        root,
        "svc/loop_b.py",
        b"from flask import Blueprint\n\nb = Blueprint(\"b\", __name__)\n\ndef late():\n    from svc.loop_a import a\n    b.register_blueprint(a, url_prefix=\"/a\")\n",
    );
    let db = root.join("index.db");
    index(root, &db, 1);
    let conn = open(&db);
    assert_table(
        &conn,
        "SELECT f.path, r.method, r.path, r.full_path FROM routes r JOIN files f ON f.id = r.file_id ORDER BY r.id",
        &["svc/api/routes.py | GET | /{id} | /v1/users/{id}", "svc/loop_a.py | GET | /x | NULL"],
    );
}
