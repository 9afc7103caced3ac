//! Which expressions are route receivers (the `app` of `@app.route`, the `router` of
//! `router.include_router`), and what they refer to.
//!
//! A receiver is accepted when it is:
//! 1. an object the file creates with a recognised constructor (`Flask(...)`, `Blueprint(...)`,
//!    `FastAPI(...)`, `APIRouter(...)`, `DefaultRouter()`), visible from the use;
//! 2. imported from the repository: qualified through the file's imports to a module of the
//!    file's own top-level package (relative imports always are); the link stage finds the object;
//! 3. named by convention: its last name is `app`, `application`, `api`, `bp`, `blueprint`,
//!    `router`, `routes`, or ends with `_app`, `_api`, `_bp`, `_blueprint`, `_router` (or starts
//!    with `app_`, `bp_`, `router_`), and it is not imported from a module outside the repository
//!    that is known not to hold web objects (`unittest.mock`, `mock`, `pytest`, HTTP clients).
//!
//! Everything else is not a receiver: `@patch(...)`, `@mock.patch(...)`, `@self.app.route`, a
//! function or class of the file named like a receiver.

use ruff_python_ast::Expr;

use super::objects::{RouteObject, RouteObjects};
use crate::facts::FileFacts;
use crate::index::names::{dotted_name, import_statements, join_dotted};
use crate::index::{NodeIndex, ScopeId};

/// Modules whose names are never route objects, whatever they are called.
const NOT_WEB: &[&str] = &[
    "unittest",
    "mock",
    "pytest",
    "requests",
    "httpx",
    "aiohttp",
    "responses",
    "respx",
    "urllib",
    "urllib3",
    "http",
    "asyncio",
    "builtins",
    "django",
    "starlette.testclient",
    "fastapi.testclient",
];

/// Frameworks the file imports from (decides the framework of receivers it did not create).
#[derive(Debug, Default, Clone, Copy)]
pub struct FileFrameworks {
    pub flask: bool,
    pub fastapi: bool,
    pub drf: bool,
    pub django: bool,
}

impl FileFrameworks {
    /// Whether the file imports any web framework.
    pub fn any(self) -> bool {
        self.flask || self.fastapi || self.drf || self.django
    }

    pub fn of(index: &NodeIndex<'_>) -> FileFrameworks {
        let mut found = FileFrameworks::default();
        for (_, bindings) in import_statements(index) {
            for binding in bindings {
                let Some(module) = binding.resolved_module.as_deref() else { continue };
                let top = module.split('.').next().unwrap_or(module);
                match top {
                    "flask" | "quart" | "apiflask" | "flask_smorest" | "flask_restful" | "flask_restx" => {
                        found.flask = true
                    }
                    "fastapi" => found.fastapi = true,
                    "rest_framework" => found.drf = true,
                    "django" | "ninja" => found.django = true,
                    _ => {}
                }
            }
        }
        found
    }
}

/// What a receiver refers to.
#[derive(Debug, Clone)]
pub struct Receiver {
    /// As written (`app`, `users.router`).
    pub written: String,
    /// The object of this file it is (created, or inferred by convention).
    pub object: Option<RouteObject>,
    /// Its absolute dotted name when it is importable (module-level or imported), for the link.
    pub qualified: Option<String>,
    pub framework: &'static str,
    /// Whether the object's kind is known from its constructor (not from a convention).
    pub is_created: bool,
}

/// The kind a receiver's name suggests by convention (`app`, `blueprint`, `router`).
pub fn conventional_kind(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    let is = |exact: &[&str], suffixes: &[&str], prefixes: &[&str]| {
        exact.contains(&name.as_str())
            || suffixes.iter().any(|s| name.ends_with(s))
            || prefixes.iter().any(|p| name.starts_with(p))
    };
    if is(&["bp", "blueprint"], &["_bp", "_blueprint"], &["bp_", "blueprint_"]) {
        Some("blueprint")
    } else if is(&["router", "routes", "api_router"], &["_router"], &["router_"]) {
        Some("router")
    } else if is(&["app", "application", "api"], &["_app", "_api"], &["app_"]) {
        Some("app")
    } else {
        None
    }
}

/// Resolves the receiver `expr` used in `scope` (see the module doc for what is accepted);
/// `framework_hint` names the framework a decorator suggests when the object is not created
/// here (`route` → flask). An object accepted by convention is recorded as inferred.
#[allow(clippy::too_many_arguments)]
pub fn resolve(
    index: &NodeIndex<'_>,
    objects: &mut RouteObjects,
    frameworks: FileFrameworks,
    scope: Option<ScopeId>,
    expr: &Expr,
    framework_hint: &'static str,
    line: u32,
    facts: &mut FileFacts,
) -> Option<Receiver> {
    let written = dotted_name(expr)?;
    let head = written.split('.').next().unwrap_or(&written);
    if head == "self" || head == "cls" {
        return None;
    }
    let module = &index.context.module;
    if !written.contains('.')
        && let Some(object) = objects.visible(index, scope, &written)
    {
        let qualified = object.scope.is_none().then(|| join_dotted(module, &object.name));
        let is_created = true;
        return Some(Receiver {
            framework: object.framework,
            qualified,
            object: Some(object.clone()),
            written,
            is_created,
        });
    }
    let last = written.rsplit('.').next().unwrap_or(&written);
    let convention = conventional_kind(last);
    let framework = framework_for(convention, frameworks, framework_hint);
    match index.names().qualify(index, scope, &written) {
        Some(qualified) => {
            let defined_here = qualified == join_dotted(module, &written);
            if defined_here || is_not_web(&qualified) {
                return None;
            }
            let same_package = qualified.split('.').next() == module.split('.').next() && !module.is_empty();
            (same_package || convention.is_some()).then_some(Receiver {
                written,
                object: None,
                qualified: Some(qualified),
                framework,
                is_created: false,
            })
        }
        None => {
            let kind = convention?;
            if written.contains('.') {
                return None;
            }
            let object = objects.inferred(index, scope, &written, framework, kind, line, facts);
            let qualified = object.scope.is_none().then(|| join_dotted(module, &written));
            Some(Receiver { written, object: Some(object), qualified, framework, is_created: false })
        }
    }
}

fn is_not_web(qualified: &str) -> bool {
    NOT_WEB.iter().any(|m| qualified == *m || qualified.starts_with(&format!("{m}.")))
}

/// The framework of a receiver not created here: its conventional kind, then what the file
/// imports, then the decorator's hint.
fn framework_for(kind: Option<&str>, frameworks: FileFrameworks, hint: &'static str) -> &'static str {
    match (kind, frameworks.flask, frameworks.fastapi) {
        (Some("blueprint"), _, _) => "flask",
        (_, true, false) => "flask",
        (_, false, true) => "fastapi",
        (Some("router"), _, _) if hint != "flask" => "fastapi",
        _ => hint,
    }
}
