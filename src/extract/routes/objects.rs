//! `route_objects` and `route_object_controls`: the application, blueprint and router objects a
//! file creates (`app = Flask(__name__)`, `bp = Blueprint("users", __name__, url_prefix="/u")`,
//! `router = APIRouter(prefix="/items", dependencies=[Depends(auth)])`, `router = DefaultRouter()`,
//! Flask-RESTful / Flask-RESTX `Api(app, prefix=...)` and `Namespace("todos", path=...)`),
//! the Django URLconfs (`urlpatterns`), and the objects accepted as route receivers by naming
//! convention (`is_inferred`). Route and mount rows refer to them; the link stage resolves
//! references to them from other files. Node kinds: StmtAssign, StmtAnnAssign (read through the
//! index's typed lists).

use ruff_python_ast::{self as ast, Expr};

use super::dependencies::Dependencies;
use super::helpers::{as_call, keyword, string_value};
use crate::extract::scope_value;
use crate::facts::{FileFacts, RowRef, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeId, ScopeKind};
use crate::store::schema::Table;

/// Constructors of route objects: absolute name → (framework, kind).
const CONSTRUCTORS: &[(&str, &str, &str)] = &[
    ("flask.Flask", "flask", "app"),
    ("flask.app.Flask", "flask", "app"),
    ("quart.Quart", "flask", "app"),
    ("apiflask.APIFlask", "flask", "app"),
    ("flask.Blueprint", "flask", "blueprint"),
    ("flask.blueprints.Blueprint", "flask", "blueprint"),
    ("quart.Blueprint", "flask", "blueprint"),
    ("apiflask.APIBlueprint", "flask", "blueprint"),
    ("flask_smorest.Blueprint", "flask", "blueprint"),
    ("fastapi.FastAPI", "fastapi", "app"),
    ("fastapi.applications.FastAPI", "fastapi", "app"),
    ("fastapi.APIRouter", "fastapi", "router"),
    ("fastapi.routing.APIRouter", "fastapi", "router"),
    ("flask_restful.Api", "flask", "api"),
    ("flask_restx.Api", "flask", "api"),
    ("flask_restx.Namespace", "flask", "namespace"),
    ("flask_restplus.Api", "flask", "api"),
    ("flask_restplus.Namespace", "flask", "namespace"),
    ("ninja.NinjaAPI", "ninja", "app"),
    ("ninja.Router", "ninja", "router"),
    ("sanic.Sanic", "sanic", "app"),
    ("sanic.Blueprint", "sanic", "blueprint"),
    ("aiohttp.web.RouteTableDef", "aiohttp", "router"),
    ("rest_framework.routers.DefaultRouter", "drf", "router"),
    ("rest_framework.routers.SimpleRouter", "drf", "router"),
];

/// One route object of the file.
#[derive(Debug, Clone)]
pub struct RouteObject {
    pub row: RowRef,
    pub scope: Option<ScopeId>,
    pub name: String,
    pub framework: &'static str,
    pub kind: &'static str,
}

/// The file's route objects, found before routes and mounts refer to them.
#[derive(Debug, Default)]
pub struct RouteObjects {
    pub list: Vec<RouteObject>,
}

impl RouteObjects {
    /// Finds and records every object created by a recognised constructor.
    pub fn collect(
        index: &NodeIndex<'_>,
        dependencies: &Dependencies,
        facts: &mut FileFacts,
    ) -> RouteObjects {
        let mut objects = RouteObjects::default();
        let assignments = index
            .assigns()
            .filter_map(|(node, entry)| match node.targets.as_slice() {
                [Expr::Name(target)] => Some((target.id.as_str(), &*node.value, entry)),
                _ => None,
            })
            .chain(index.ann_assigns().filter_map(|(node, entry)| match (&*node.target, &node.value) {
                (Expr::Name(target), Some(value)) => Some((target.id.as_str(), &**value, entry)),
                _ => None,
            }));
        for (name, value, entry) in assignments {
            let Some(call) = as_call(value) else { continue };
            let Some((framework, kind)) = constructor(index, entry.scope, &call.func) else { continue };
            if objects.find_in(entry.scope, name).is_some() {
                continue;
            }
            let prefix = match (framework, kind) {
                ("flask", "blueprint") => keyword(call, "url_prefix").and_then(string_value),
                ("fastapi", _) | ("flask", "api") => keyword(call, "prefix").and_then(string_value),
                ("sanic", "blueprint") => keyword(call, "url_prefix").and_then(string_value),
                ("flask", "namespace") => keyword(call, "path").and_then(string_value),
                _ => None,
            };
            let label = match kind {
                "blueprint" | "namespace" => {
                    call.arguments.find_argument_value("name", 0).and_then(string_value)
                }
                _ => None,
            };
            // A Flask-RESTX namespace without `path=` is served under `/<name>`.
            let default_path =
                (kind == "namespace" && prefix.is_none()).then(|| label.map(|l| format!("/{l}"))).flatten();
            let prefix = prefix.map(str::to_owned).or(default_path);
            let (line, _) = index.position(node_start(value));
            let row = facts.push(
                Table::RouteObjects,
                [
                    Value::File,
                    scope_value(entry.scope),
                    line.into(),
                    framework.into(),
                    kind.into(),
                    name.into(),
                    prefix.into(),
                    label.into(),
                    false.into(),
                ],
            );
            if framework == "fastapi" {
                push_dependency_controls(
                    index,
                    dependencies,
                    entry.scope,
                    call,
                    facts,
                    |kind, name, is_auth| {
                        (Table::RouteObjectControls, [row.into(), kind.into(), name.into(), is_auth.into()])
                    },
                );
            }
            objects.list.push(RouteObject {
                row,
                scope: entry.scope,
                name: name.to_owned(),
                framework,
                kind,
            });
        }
        objects
    }

    /// The object `name` refers to in `scope`: bound in that scope or an enclosing function
    /// (class bodies are not visible from the methods inside them), or at module level.
    pub fn visible(&self, index: &NodeIndex<'_>, scope: Option<ScopeId>, name: &str) -> Option<&RouteObject> {
        let mut current = scope;
        let mut first = true;
        loop {
            let visible = first || current.is_none_or(|id| index.scope(id).kind != ScopeKind::Class);
            if visible && let Some(object) = self.find_in(current, name) {
                return Some(object);
            }
            let id = current?;
            current = index.scope(id).parent;
            first = false;
        }
    }

    fn find_in(&self, scope: Option<ScopeId>, name: &str) -> Option<&RouteObject> {
        self.list.iter().find(|o| o.scope == scope && o.name == name)
    }

    /// The object for `name` in `scope`, recording it as inferred (`is_inferred`, line of its
    /// first use) when it does not exist yet.
    pub fn inferred(
        &mut self,
        index: &NodeIndex<'_>,
        scope: Option<ScopeId>,
        name: &str,
        framework: &'static str,
        kind: &'static str,
        line: u32,
        facts: &mut FileFacts,
    ) -> RouteObject {
        if let Some(object) = self.visible(index, scope, name) {
            return object.clone();
        }
        let row = facts.push(
            Table::RouteObjects,
            [
                Value::File,
                scope_value(scope),
                line.into(),
                framework.into(),
                kind.into(),
                name.into(),
                Value::Null,
                Value::Null,
                true.into(),
            ],
        );
        let object = RouteObject { row, scope, name: name.to_owned(), framework, kind };
        self.list.push(object.clone());
        object
    }
}

/// The (framework, kind) of a constructor call's callee.
fn constructor(
    index: &NodeIndex<'_>,
    scope: Option<ScopeId>,
    func: &Expr,
) -> Option<(&'static str, &'static str)> {
    let written = dotted_name(func)?;
    let qualified = index.names().qualify(index, scope, &written)?;
    CONSTRUCTORS.iter().find(|(name, _, _)| *name == qualified).map(|&(_, framework, kind)| (framework, kind))
}

fn node_start(expr: &Expr) -> ruff_text_size::TextSize {
    ruff_text_size::Ranged::start(expr)
}

/// Pushes one row per `Depends(x)` / `Security(x)` of a call's `dependencies=[...]` keyword
/// (FastAPI apps, routers, route decorators and `include_router`), through `row` which builds
/// the row of the caller's table from (kind, name, is_auth).
pub fn push_dependency_controls<const N: usize>(
    index: &NodeIndex<'_>,
    dependencies: &Dependencies,
    scope: Option<ScopeId>,
    call: &ast::ExprCall,
    facts: &mut FileFacts,
    row: impl Fn(&'static str, String, bool) -> (Table, [Value<'static>; N]),
) {
    let Some(list) = keyword(call, "dependencies").and_then(super::helpers::elements) else { return };
    for element in list {
        if let Some(dependency) = dependencies.dependency(index, scope, element, None) {
            let (table, values) = row("dependency", dependency.name, dependency.is_auth);
            facts.push(table, values);
        }
    }
}
