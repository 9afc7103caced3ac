//! Web routes (issue 9): Flask, FastAPI, Django URLconfs and DRF, with their controls.
//!
//! The `routes` extractor finds, in order: the file's route objects (`objects.rs`), decorated
//! handlers (`decorated.rs`), `add_url_rule` and the mounts that attach routers, blueprints,
//! URLconfs and ViewSets to one another (`calls.rs`), and Django `urlpatterns` (`urlconf.rs`).
//! Prefixes that come from other files, routes on objects imported from other files, Django views
//! defined in other files and the routes of DRF ViewSets are completed by the link stage
//! (`src/link/frameworks_routes.rs`) from `route_objects`, `route_mounts` and `route_views`.

pub mod calls;
pub mod decorated;
pub mod dependencies;
pub mod helpers;
pub mod objects;
pub mod receivers;
pub mod urlconf;
pub mod views;

use ruff_python_ast::NodeKind;

use super::{Extractor, scope_value};
use crate::facts::{FileFacts, RowRef, Value};
use crate::index::{NodeIndex, ScopeId};
use crate::store::schema::Table;
use dependencies::Dependencies;
use objects::RouteObjects;
use receivers::FileFrameworks;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor {
        name: "routes",
        kinds: &[NodeKind::Decorator, NodeKind::ExprCall, NodeKind::StmtAssign, NodeKind::StmtAugAssign],
        run: extract,
    },
    Extractor {
        name: "route_views",
        kinds: &[NodeKind::StmtClassDef, NodeKind::StmtFunctionDef],
        run: views::extract,
    },
];

/// What the parts of the `routes` extractor share for one file.
pub struct Context<'i, 'a> {
    pub index: &'i NodeIndex<'a>,
    pub objects: RouteObjects,
    pub dependencies: Dependencies,
    pub frameworks: FileFrameworks,
}

fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let dependencies = Dependencies::collect(index);
    for (name, line, carried) in &dependencies.aliases {
        for dependency in carried {
            facts.push(
                Table::RouteDependencyAliases,
                [
                    Value::File,
                    (*line).into(),
                    name.as_str().into(),
                    dependency.name.as_str().into(),
                    dependency.is_auth.into(),
                ],
            );
        }
    }
    let objects = RouteObjects::collect(index, &dependencies, facts);
    let mut context = Context { index, objects, dependencies, frameworks: FileFrameworks::of(index) };
    decorated::extract(&mut context, facts);
    calls::extract(&mut context, facts);
    urlconf::extract(&mut context, facts);
}

/// One control of a route: (kind, name, is_auth).
pub type Control = (&'static str, String, bool);

/// A route declaration, before it is split into one row per method.
#[derive(Debug, Clone, Default)]
pub struct Route {
    pub scope: Option<ScopeId>,
    pub symbol: Option<ScopeId>,
    pub line: u32,
    pub framework: &'static str,
    pub methods: Vec<String>,
    pub path: Option<String>,
    pub handler: Option<String>,
    pub router: Option<String>,
    pub endpoint: Option<String>,
    pub handler_qualified: Option<String>,
    pub router_qualified: Option<String>,
    pub object: Option<RowRef>,
    pub controls: Vec<Control>,
}

/// Pushes one `routes` row per method, each with the route's controls.
pub fn push_route(route: &Route, facts: &mut FileFacts) {
    let has_auth = route.controls.iter().any(|c| c.2);
    for method in &route.methods {
        let row = facts.push(
            Table::Routes,
            [
                Value::File,
                route.symbol.map(|s| Value::Row(Table::Symbols, s)).into(),
                route.line.into(),
                route.framework.into(),
                method.as_str().into(),
                route.path.as_deref().into(),
                Value::Null,
                route.handler.as_deref().into(),
                route.router.as_deref().into(),
                has_auth.into(),
                route.endpoint.as_deref().into(),
                route.handler_qualified.as_deref().into(),
                route.router_qualified.as_deref().into(),
                route.object.into(),
            ],
        );
        for (kind, name, is_auth) in &route.controls {
            facts.push(
                Table::RouteControls,
                [row.into(), (*kind).into(), name.as_str().into(), (*is_auth).into()],
            );
        }
    }
}

/// The controls of a view's facts (`route_views`), as route controls.
pub fn view_controls(view: &[views::ViewFact]) -> Vec<Control> {
    view.iter()
        .filter_map(|fact| fact.control())
        .map(|(kind, name)| (kind, name.to_owned(), helpers::is_auth_name(name)))
        .collect()
}

/// The HTTP methods of a view's facts (empty when it declares none).
pub fn view_methods(view: &[views::ViewFact]) -> Vec<String> {
    let mut methods: Vec<String> = Vec::new();
    for method in view.iter().filter_map(|f| f.http_method()) {
        if !methods.iter().any(|m| m == method) {
            methods.push(method.to_owned());
        }
    }
    methods
}

/// The module-level definition named `name` (a function or class of this file).
pub fn module_definition(index: &NodeIndex<'_>, name: &str) -> Option<ScopeId> {
    index.scopes().iter().position(|s| s.parent.is_none() && s.name == name).map(|p| p as ScopeId)
}

/// `scope_value` re-exported for the parts of this domain.
pub fn scope_cell(scope: Option<ScopeId>) -> Value<'static> {
    scope_value(scope)
}
