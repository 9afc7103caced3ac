//! Routes across files: what per-file extraction could not know about a route.
//!
//! 1. References by name (`router_qualified`, `route_mounts.parent_name` / `child_name`) become
//!    `route_objects` ids: a module-level object is known under `module.variable` for each of its
//!    file's module names, and under every name a module binds by importing it (re-exports).
//! 2. Views named by URL entries and `add_url_rule` in other files: `symbol_id` and `handler`
//!    are set; the view's permissions and controls (`route_views`) become route controls; an
//!    `ANY` row becomes one row per HTTP method the view declares.
//!    FastAPI parameters annotated with a dependency alias imported from another module
//!    (`user: CurrentUser`, `CurrentUser = Annotated[User, Depends(get_current_user)]` in
//!    `deps.py`) get the alias's dependencies (`route_dependency_aliases`).
//! 3. DRF `router.register(prefix, ViewSet)`: one route per action of the ViewSet (its own and its
//!    repository ancestors' `route_views`, nearest first) with the ViewSet's permissions.
//! 4. Prefixes: from every root object (one that no mount attaches), the mount graph is walked
//!    breadth first, one level per statement, each object reached once (its first mount, by id):
//!    prefix(child) = prefix(parent) + mount prefix + the child's own prefix (a Flask
//!    `register_blueprint(url_prefix=...)` replaces the blueprint's own). Objects on a cycle are
//!    never reached; their routes keep a NULL `full_path`. `full_path` = prefix + path; Django and
//!    DRF paths drop the `^` of an included regex; every full path starts with `/`.
//! 5. Controls of the objects and mounts on the way (FastAPI `APIRouter(dependencies=...)`,
//!    `include_router(..., dependencies=...)`) are added to the routes below them; `has_auth`
//!    follows.
//!
//! 6. Task calls: `task_calls.task_id` is the repository task the call names, by the task
//!    function's qualified name (`app.tasks.send_email.delay()`) or by its registered name
//!    (`send_task("app.tasks.send_email")`, `signature("emails.send")`).
//!
//! Runs inside the link transaction, after `link_modules` and `link_names` are complete.

use anyhow::Result;
use rusqlite::Connection;

use crate::store::schema::Table;

/// How many re-export hops of a route object's name are followed.
const MAX_NAME_HOPS: usize = 16;
/// Rows this step links across files: any route, mount, route object, view or task fact.
pub const ANCHORS: &str = "SELECT 1 FROM routes UNION ALL SELECT 1 FROM route_mounts
     UNION ALL SELECT 1 FROM route_objects UNION ALL SELECT 1 FROM route_views
     UNION ALL SELECT 1 FROM tasks UNION ALL SELECT 1 FROM task_calls";

/// The tables whose per-file rows this step adds to or changes (see `link::rewritten_tables`).
pub const REWRITTEN: &[Table] = &[Table::Routes, Table::RouteControls, Table::RouteMounts, Table::TaskCalls];

/// How deeply mounts are followed (a blueprint in a blueprint in an app is depth 2).
const MAX_MOUNT_DEPTH: i64 = 16;

pub fn link_routes(tx: &Connection) -> Result<()> {
    resolve_object_names(tx)?;
    resolve_views(tx)?;
    imported_aliases(tx)?;
    viewset_routes(tx)?;
    prefixes(tx)?;
    inherited_controls(tx)?;
    task_calls(tx)?;
    tx.execute_batch(
        "DROP TABLE link_route_names; DROP TABLE link_route_chain; DROP TABLE link_route_prefix;",
    )?;
    Ok(())
}

/// Step 1: names → object ids.
fn resolve_object_names(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE link_route_names (name TEXT PRIMARY KEY, object_id INTEGER NOT NULL) WITHOUT ROWID;
         INSERT OR IGNORE INTO link_route_names
             SELECT m.name || '.' || o.name, o.id FROM route_objects o JOIN link_modules m ON m.file_id = o.file_id
             WHERE o.scope_id IS NULL AND o.name != '<include>'
             ORDER BY m.under_root, o.id;",
    )?;
    let mut reexport = tx.prepare(
        "INSERT OR IGNORE INTO link_route_names
             SELECT m.name || '.' || i.bound_name, n.object_id
             FROM imports i JOIN link_modules m ON m.file_id = i.file_id
                 JOIN link_route_names n ON n.name = i.resolved_name
             WHERE i.scope_id IS NULL AND i.bound_name IS NOT NULL
               AND (i.name IS NOT NULL OR i.alias IS NOT NULL)
             ORDER BY m.under_root, i.id",
    )?;
    for _ in 0..MAX_NAME_HOPS {
        if reexport.execute([])? == 0 {
            break;
        }
    }
    drop(reexport);
    tx.execute_batch(
        "UPDATE routes SET object_id = n.object_id FROM link_route_names n
             WHERE routes.object_id IS NULL AND n.name = routes.router_qualified;
         UPDATE route_mounts SET parent_id = n.object_id FROM link_route_names n
             WHERE route_mounts.parent_id IS NULL AND n.name = route_mounts.parent_name;
         UPDATE route_mounts SET child_id = n.object_id FROM link_route_names n
             WHERE route_mounts.child_id IS NULL AND route_mounts.kind != 'viewset'
               AND n.name = route_mounts.child_name;",
    )?;
    Ok(())
}

/// The columns of `routes` after `id`, for copies.
const ROUTE_COLUMNS: &str = "file_id, symbol_id, line, framework, method, path, full_path, handler, router, \
                             has_auth, endpoint, handler_qualified, router_qualified, object_id";

/// Step 2: views defined in other files.
fn resolve_views(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE link_route_views AS
             SELECT r.id AS route_id, n.symbol_id FROM routes r JOIN link_names n ON n.name = r.handler_qualified
             WHERE r.symbol_id IS NULL AND r.handler_qualified IS NOT NULL;
         UPDATE routes SET symbol_id = v.symbol_id, handler = s.qualname
             FROM link_route_views v JOIN symbols s ON s.id = v.symbol_id WHERE routes.id = v.route_id;
         INSERT INTO route_controls (route_id, kind, name, is_auth)
             SELECT v.route_id, CASE f.kind WHEN 'permission' THEN 'permission' ELSE 'decorator' END, f.name, f.is_auth
             FROM link_route_views v JOIN route_views f ON f.symbol_id = v.symbol_id
             WHERE f.kind IN ('permission', 'control')
             ORDER BY v.route_id, f.id;
         -- An ANY row takes the view's first method; a copy is added for each other method.
         CREATE TEMP TABLE link_route_methods AS
             SELECT r.id AS route_id, upper(f.method) AS method,
                    row_number() OVER (PARTITION BY r.id ORDER BY f.id) AS nth
             FROM link_route_views v JOIN routes r ON r.id = v.route_id
                 JOIN route_views f ON f.symbol_id = v.symbol_id AND f.kind = 'method'
             WHERE r.method = 'ANY';",
    )?;
    copy_routes(tx, "SELECT route_id, method FROM link_route_methods WHERE nth > 1 ORDER BY route_id, nth")?;
    tx.execute_batch(
        "UPDATE routes SET method = m.method FROM link_route_methods m
             WHERE m.route_id = routes.id AND m.nth = 1;
         DROP TABLE link_route_methods;
         DROP TABLE link_route_views;",
    )?;
    Ok(())
}

/// Adds a copy of route `route_id` with method `method` for each row of `select`, with the
/// original's controls.
fn copy_routes(tx: &Connection, select: &str) -> Result<()> {
    tx.execute_batch(&format!(
        "CREATE TEMP TABLE link_route_copies AS
             SELECT (SELECT COALESCE(max(id), 0) FROM routes) + row_number() OVER () AS id, route_id, method
             FROM ({select});
         INSERT INTO routes (id, {ROUTE_COLUMNS})
             SELECT c.id, r.file_id, r.symbol_id, r.line, r.framework, c.method, r.path, r.full_path, r.handler,
                    r.router, r.has_auth, r.endpoint, r.handler_qualified, r.router_qualified, r.object_id
             FROM link_route_copies c JOIN routes r ON r.id = c.route_id ORDER BY c.id;
         INSERT INTO route_controls (route_id, kind, name, is_auth)
             SELECT c.id, k.kind, k.name, k.is_auth FROM link_route_copies c JOIN route_controls k ON k.route_id = c.route_id
             ORDER BY c.id, k.id;
         DROP TABLE link_route_copies;"
    ))?;
    Ok(())
}

/// Step 2, FastAPI: dependencies of aliases imported from other modules.
fn imported_aliases(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "INSERT INTO route_controls (route_id, kind, name, is_auth)
             SELECT r.id, 'dependency', a.dependency, a.is_auth
             FROM routes r JOIN params p ON p.symbol_id = r.symbol_id
                 JOIN imports i ON i.file_id = r.file_id AND i.scope_id IS NULL AND i.bound_name = p.annotation
                 JOIN route_dependency_aliases a
                 JOIN link_modules m ON m.file_id = a.file_id AND i.resolved_name = m.name || '.' || a.name
             WHERE r.framework = 'fastapi' AND i.name IS NOT NULL
             ORDER BY r.id, p.position, a.id;",
    )?;
    Ok(())
}

/// Step 3: the routes of DRF ViewSets registered on routers.
fn viewset_routes(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE link_viewset_classes AS
             SELECT m.id AS mount_id, n.symbol_id AS class_id, n.symbol_id AS owner, 0 AS depth
             FROM route_mounts m JOIN link_names n ON n.name = m.child_name WHERE m.kind = 'viewset';
         INSERT INTO link_viewset_classes
             SELECT c.mount_id, c.class_id, a.ancestor_id, a.depth
             FROM link_viewset_classes c JOIN class_ancestors a ON a.class_id = c.class_id
             WHERE a.ancestor_id IS NOT NULL;
         CREATE TEMP TABLE link_viewset_actions AS
             SELECT * FROM (
                 SELECT c.mount_id, c.class_id, f.kind, f.name, f.method, f.detail, f.url_path, f.member_id, f.id AS fact_id,
                        row_number() OVER (PARTITION BY c.mount_id, f.kind, f.name, f.method
                                           ORDER BY c.depth, f.member_id IS NULL, f.id) AS nth
                 FROM link_viewset_classes c JOIN route_views f ON f.symbol_id = c.owner
                 WHERE f.kind IN ('action', 'extra_action')
             ) WHERE nth = 1;
         CREATE TEMP TABLE link_viewset_routes AS
             SELECT (SELECT COALESCE(max(id), 0) FROM routes)
                        + row_number() OVER (ORDER BY a.mount_id, a.kind,
                                             instr('list create retrieve update partial_update destroy', a.name),
                                             a.fact_id) AS id,
                    a.mount_id, a.class_id, a.kind, a.name, a.method, a.detail, a.url_path, a.member_id
             FROM link_viewset_actions a;
         INSERT INTO routes (id, file_id, symbol_id, line, framework, method, path, full_path, handler, router,
                             has_auth, endpoint, handler_qualified, router_qualified, object_id)
             SELECT v.id, m.file_id, COALESCE(v.member_id, v.class_id), m.line, 'drf', v.method,
                    rtrim(COALESCE(m.prefix, ''), '/') || '/'
                        || CASE WHEN v.detail THEN '<pk>/' ELSE '' END
                        || CASE WHEN v.kind = 'extra_action' THEN v.url_path || '/' ELSE '' END,
                    NULL, s.qualname || '.' || v.name, o.name, 0, NULL, m.child_name || '.' || v.name, NULL, m.parent_id
             FROM link_viewset_routes v JOIN route_mounts m ON m.id = v.mount_id
                 JOIN symbols s ON s.id = v.class_id LEFT JOIN route_objects o ON o.id = m.parent_id
             ORDER BY v.id;
         INSERT INTO route_controls (route_id, kind, name, is_auth)
             SELECT v.id, CASE f.kind WHEN 'permission' THEN 'permission' ELSE 'decorator' END, f.name, f.is_auth
             FROM link_viewset_routes v JOIN (SELECT DISTINCT mount_id, owner, depth FROM link_viewset_classes) c
                     ON c.mount_id = v.mount_id
                 JOIN route_views f ON f.symbol_id = c.owner
             WHERE f.kind IN ('permission', 'control')
               AND c.depth = (SELECT min(c2.depth) FROM link_viewset_classes c2 JOIN route_views f2 ON f2.symbol_id = c2.owner
                              WHERE c2.mount_id = v.mount_id AND f2.kind = f.kind)
             ORDER BY v.id, f.id;
         UPDATE routes SET has_auth = 1
             WHERE id IN (SELECT v.id FROM link_viewset_routes v JOIN route_controls k ON k.route_id = v.id WHERE k.is_auth);
         DROP TABLE link_viewset_routes;
         DROP TABLE link_viewset_actions;
         DROP TABLE link_viewset_classes;",
    )?;
    Ok(())
}

/// `a` and `b` joined as URL paths: one `/` between them (`/api` + `/users` → `/api/users`), an
/// empty side leaves the other as it is.
fn join_url(a: &str, b: &str) -> String {
    format!(
        "(CASE WHEN COALESCE({b}, '') = '' THEN COALESCE({a}, '') WHEN COALESCE({a}, '') = '' THEN {b}
               ELSE rtrim({a}, '/') || '/' || ltrim({b}, '/') END)"
    )
}

/// `a` and `b` joined as Django routes: concatenated, dropping the `^` that starts an included
/// regex.
fn join_django(a: &str, b: &str) -> String {
    format!(
        "(COALESCE({a}, '') || CASE WHEN COALESCE({a}, '') = '' THEN COALESCE({b}, '') ELSE ltrim(COALESCE({b}, ''), '^') END)"
    )
}

/// Step 4: prefixes through the mount graph, and `full_path`.
fn prefixes(tx: &Connection) -> Result<()> {
    let is_django = "o.framework IN ('django', 'drf')";
    let own = "CASE WHEN e.replaces_prefix THEN '' ELSE COALESCE(o.prefix, '') END";
    let through_mount_url = join_url(&join_url("p.prefix", "e.prefix"), own);
    let through_mount_django = join_django(&join_django("p.prefix", "e.prefix"), own);
    tx.execute_batch(
        "CREATE TEMP TABLE link_route_edges AS
             SELECT id AS mount_id, parent_id, child_id, prefix, replaces_prefix FROM route_mounts
             WHERE id IN (SELECT min(id) FROM route_mounts
                          WHERE parent_id IS NOT NULL AND child_id IS NOT NULL AND kind != 'viewset'
                          GROUP BY child_id);
         CREATE INDEX link_route_edges_parent ON link_route_edges(parent_id);
         CREATE TEMP TABLE link_route_prefix (object_id INTEGER PRIMARY KEY, prefix TEXT NOT NULL, depth INTEGER NOT NULL);
         INSERT INTO link_route_prefix
             SELECT id, COALESCE(prefix, ''), 0 FROM route_objects WHERE id NOT IN (SELECT child_id FROM link_route_edges);
         -- Each object with the objects above it and the mounts between (for inherited controls).
         CREATE TEMP TABLE link_route_chain (object_id INTEGER NOT NULL, ancestor_id INTEGER NOT NULL, mount_id INTEGER);
         INSERT INTO link_route_chain SELECT object_id, object_id, NULL FROM link_route_prefix;",
    )?;
    let mut descend = tx.prepare(&format!(
        "INSERT OR IGNORE INTO link_route_prefix
             SELECT e.child_id, CASE WHEN {is_django} THEN {through_mount_django} ELSE {through_mount_url} END, ?1 + 1
             FROM link_route_edges e JOIN link_route_prefix p ON p.object_id = e.parent_id AND p.depth = ?1
                 JOIN route_objects o ON o.id = e.child_id
             ORDER BY e.mount_id"
    ))?;
    let mut chain = tx.prepare(
        "INSERT INTO link_route_chain
             SELECT e.child_id, c.ancestor_id, c.mount_id FROM link_route_edges e
                 JOIN link_route_prefix p ON p.object_id = e.child_id AND p.depth = ?1 + 1
                 JOIN link_route_chain c ON c.object_id = e.parent_id
             UNION ALL
             SELECT e.child_id, e.child_id, e.mount_id FROM link_route_edges e
                 JOIN link_route_prefix p ON p.object_id = e.child_id AND p.depth = ?1 + 1",
    )?;
    for depth in 0..MAX_MOUNT_DEPTH {
        if descend.execute([depth])? == 0 {
            break;
        }
        chain.execute([depth])?;
    }
    drop((descend, chain));
    let full_url = join_url("p.prefix", "routes.path");
    let full_django = join_django("p.prefix", "routes.path");
    tx.execute_batch(&format!(
        "UPDATE routes SET full_path = CASE
                 WHEN routes.framework IN ('django', 'drf') THEN '/' || ltrim({full_django}, '^/')
                 ELSE CASE WHEN substr({full_url}, 1, 1) = '/' THEN {full_url} ELSE '/' || {full_url} END END
             FROM link_route_prefix p WHERE p.object_id = routes.object_id AND routes.path IS NOT NULL;
         DROP TABLE link_route_edges;"
    ))?;
    Ok(())
}

/// Step 5: controls of the objects and mounts above each route.
fn inherited_controls(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "INSERT INTO route_controls (route_id, kind, name, is_auth)
             SELECT route_id, kind, name, is_auth FROM (
                 SELECT r.id AS route_id, k.kind, k.name, k.is_auth, 0 AS from_mount, k.id AS control_id
                 FROM routes r JOIN link_route_chain c ON c.object_id = r.object_id
                     JOIN route_object_controls k ON k.object_id = c.ancestor_id
                 UNION ALL
                 SELECT r.id, k.kind, k.name, k.is_auth, 1, k.id
                 FROM routes r JOIN link_route_chain c ON c.object_id = r.object_id
                     JOIN route_mount_controls k ON k.mount_id = c.mount_id
             )
             ORDER BY route_id, from_mount, control_id;
         UPDATE routes SET has_auth = 1
             WHERE has_auth = 0 AND id IN (SELECT route_id FROM route_controls WHERE is_auth = 1);",
    )?;
    Ok(())
}

/// Step 6: task calls to the repository's tasks.
fn task_calls(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE link_task_symbols (symbol_id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL);
         INSERT OR IGNORE INTO link_task_symbols SELECT symbol_id, id FROM tasks WHERE symbol_id IS NOT NULL ORDER BY id;
         CREATE TEMP TABLE link_task_names (name TEXT PRIMARY KEY, task_id INTEGER NOT NULL) WITHOUT ROWID;
         INSERT OR IGNORE INTO link_task_names
             SELECT n.name, s.task_id FROM link_names n JOIN link_task_symbols s ON s.symbol_id = n.symbol_id
             ORDER BY s.task_id;
         DROP TABLE link_task_symbols;
         INSERT OR IGNORE INTO link_task_names SELECT name, id FROM tasks ORDER BY id;
         UPDATE task_calls SET task_id = n.task_id FROM link_task_names n WHERE n.name = task_calls.task;
         DROP TABLE link_task_names;",
    )?;
    Ok(())
}
