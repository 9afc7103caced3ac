//! Routes and mounts declared by method calls on route objects:
//! - `app.add_url_rule(rule, endpoint, view_func, methods=[...])` (a function, or a `MethodView`
//!   through `View.as_view("name")`), Flask-RESTful / Flask-RESTX `api.add_resource(Resource,
//!   "/url", ...)`, FastAPI `app.add_api_route(path, endpoint, methods=[...])`: `routes`;
//! - `app.register_blueprint(bp, url_prefix=...)` (Flask; also blueprint on blueprint),
//!   `app.include_router(router, prefix=..., dependencies=[...])` (FastAPI), `app.mount(path,
//!   sub_app)` (FastAPI sub-applications), `api.add_namespace(ns, path=...)` (Flask-RESTX),
//!   Django Ninja `api.add_router(prefix, router)`, `router.register(prefix, ViewSet)` (DRF routers):
//!   `route_mounts` and `route_mount_controls`.
//!
//! Node kinds: ExprCall.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::helpers::{argument, keyword, string_list, string_value};
use super::objects::RouteObject;
use super::receivers::{Receiver, conventional_kind, resolve};
use super::{Context, Route, module_definition, push_route, scope_cell, view_controls, view_methods, views};
use crate::facts::{FileFacts, Value};
use crate::index::ScopeId;
use crate::index::names::{dotted_name, join_dotted};
use crate::store::schema::Table;

pub fn extract(context: &mut Context<'_, '_>, facts: &mut FileFacts) {
    let index = context.index;
    for (call, entry) in index.calls() {
        let Expr::Attribute(attribute) = &*call.func else { continue };
        let scope = entry.scope;
        let line = index.position(call.start()).0;
        match attribute.attr.as_str() {
            "add_url_rule" => {
                let receiver = receiver_of(context, scope, &attribute.value, "flask", line, facts);
                if let Some(receiver) = receiver {
                    url_rule(context, scope, call, line, receiver, facts);
                }
            }
            "add_api_route" => {
                let receiver = receiver_of(context, scope, &attribute.value, "fastapi", line, facts);
                if let Some(receiver) = receiver {
                    api_route(context, scope, call, line, receiver, facts);
                }
            }
            "add_resource" => {
                let receiver = receiver_of(context, scope, &attribute.value, "flask", line, facts);
                if let Some(receiver) = receiver {
                    resource(context, scope, call, line, receiver, facts);
                }
            }
            "register_blueprint" | "include_router" | "add_namespace" => {
                let hint = if attribute.attr.as_str() == "include_router" { "fastapi" } else { "flask" };
                let receiver = receiver_of(context, scope, &attribute.value, hint, line, facts);
                if let Some(receiver) = receiver {
                    mount(context, scope, call, line, receiver, attribute.attr.as_str(), facts);
                }
            }
            "add_router" => {
                // Django Ninja: `api.add_router("/prefix", router)`.
                let receiver = ninja_receiver(context, scope, &attribute.value);
                if let Some(receiver) = receiver {
                    mount(context, scope, call, line, receiver, "add_router", facts);
                }
            }
            "mount" => {
                let receiver = sub_application_receiver(context, scope, &attribute.value);
                if let Some(receiver) = receiver {
                    mount(context, scope, call, line, receiver, "mount", facts);
                }
            }
            "register" => {
                if let Some(router) = drf_router(context, scope, &attribute.value, line, facts) {
                    viewset(context, scope, call, line, router, facts);
                }
            }
            _ => {}
        }
    }
}

/// The application, blueprint or router that `receiver` names (`hint`: the framework assumed
/// when the name alone does not tell).
fn receiver_of(
    context: &mut Context<'_, '_>,
    scope: Option<ScopeId>,
    receiver: &Expr,
    hint: &'static str,
    line: u32,
    facts: &mut FileFacts,
) -> Option<Receiver> {
    resolve(context.index, &mut context.objects, context.frameworks, scope, receiver, hint, line, facts)
}

/// A route added with `add_url_rule(rule, endpoint, view_func, methods=[...])`.
fn url_rule(
    context: &Context<'_, '_>,
    scope: Option<ScopeId>,
    call: &ast::ExprCall,
    line: u32,
    receiver: Receiver,
    facts: &mut FileFacts,
) {
    let path = argument(call, "rule", 0).and_then(string_value).map(str::to_owned);
    let endpoint = argument(call, "endpoint", 1).and_then(string_value).map(str::to_owned);
    let Some(view) = argument(call, "view_func", 2) else { return };
    let (view_name, is_class) = match view {
        Expr::Call(as_view) => match &*as_view.func {
            Expr::Attribute(a) if a.attr.as_str() == "as_view" => (dotted_name(&a.value), true),
            _ => (None, false),
        },
        other => (dotted_name(other), false),
    };
    let Some(view_name) = view_name else { return };
    let methods = keyword(call, "methods").and_then(string_list);
    let view = ViewRoute { view_name, is_class, methods, endpoint };
    view_route(context, scope, line, receiver, path, &view, facts);
}

/// A route added with FastAPI's `app.add_api_route(path, endpoint, methods=[...])`.
fn api_route(
    context: &Context<'_, '_>,
    scope: Option<ScopeId>,
    call: &ast::ExprCall,
    line: u32,
    receiver: Receiver,
    facts: &mut FileFacts,
) {
    let path = argument(call, "path", 0).and_then(string_value).map(str::to_owned);
    let Some(view_name) = argument(call, "endpoint", 1).and_then(dotted_name) else { return };
    let methods = keyword(call, "methods").and_then(string_list);
    let endpoint = keyword(call, "name").and_then(string_value).map(str::to_owned);
    let view = ViewRoute { view_name, is_class: false, methods, endpoint };
    view_route(context, scope, line, receiver, path, &view, facts);
}

/// Routes added with Flask-RESTful / Flask-RESTX `api.add_resource(Resource, "/a", "/b")`.
fn resource(
    context: &Context<'_, '_>,
    scope: Option<ScopeId>,
    call: &ast::ExprCall,
    line: u32,
    receiver: Receiver,
    facts: &mut FileFacts,
) {
    let Some((first, urls)) = call.arguments.args.split_first() else { return };
    let Some(view_name) = dotted_name(first) else { return };
    let endpoint = keyword(call, "endpoint").and_then(string_value).map(str::to_owned);
    let view = ViewRoute { view_name, is_class: true, methods: None, endpoint };
    for url in urls {
        let path = string_value(url).map(str::to_owned);
        view_route(context, scope, line, receiver.clone(), path, &view, facts);
    }
}

/// A view registered by a call: its name, whether it is a class, explicit methods, endpoint.
struct ViewRoute<'a> {
    view_name: String,
    is_class: bool,
    methods: Option<Vec<&'a str>>,
    endpoint: Option<String>,
}

/// The routes of a view registered on `receiver` at `path`: the explicit methods, or those of a
/// class view of this file, `ANY` for a class view of another file (the link stage knows its
/// methods), GET for a function.
fn view_route(
    context: &Context<'_, '_>,
    scope: Option<ScopeId>,
    line: u32,
    receiver: Receiver,
    path: Option<String>,
    view: &ViewRoute<'_>,
    facts: &mut FileFacts,
) {
    let index = context.index;
    if receiver.object.is_none() && path.is_none() {
        return;
    }
    let view_name = &view.view_name;
    let symbol = (!view_name.contains('.')).then(|| module_definition(index, view_name)).flatten();
    let facts_of_view = match symbol {
        Some(id) if view.is_class => views::class_view(index, id).unwrap_or_default(),
        _ => Vec::new(),
    };
    let methods = match &view.methods {
        Some(methods) => methods.iter().map(|m| m.to_ascii_uppercase()).collect(),
        None if !view_methods(&facts_of_view).is_empty() => view_methods(&facts_of_view),
        None if view.is_class && symbol.is_none() => vec!["ANY".to_owned()],
        None => vec!["GET".to_owned()],
    };
    let handler = match symbol {
        Some(id) => index.scope(id).qualname.clone(),
        None => view_name.clone(),
    };
    push_route(
        &Route {
            scope,
            symbol,
            line,
            framework: receiver.framework,
            methods,
            path,
            handler: Some(handler),
            router: Some(receiver.written),
            endpoint: view.endpoint.clone(),
            handler_qualified: index.names().qualify(index, scope, view_name),
            router_qualified: receiver.qualified,
            object: receiver.object.map(|o| o.row),
            controls: view_controls(&facts_of_view),
        },
        facts,
    );
}

/// A reference to a route object: this file's row, or its absolute name for the link stage.
struct ObjectRef {
    object: Option<RouteObject>,
    name: Option<String>,
}

/// What `expr` (a router, blueprint or sub-application argument) refers to.
fn object_ref(context: &Context<'_, '_>, scope: Option<ScopeId>, expr: &Expr) -> Option<ObjectRef> {
    let index = context.index;
    let written = dotted_name(expr)?;
    if !written.contains('.')
        && let Some(object) = context.objects.visible(index, scope, &written)
    {
        let name = object.scope.is_none().then(|| join_dotted(&index.context.module, &written));
        return Some(ObjectRef { object: Some(object.clone()), name });
    }
    let name = index.names().qualify(index, scope, &written).or_else(|| {
        // A module-level variable of this file (`bp = make_blueprint()`).
        (!written.contains('.')).then(|| join_dotted(&index.context.module, &written))
    });
    Some(ObjectRef { object: None, name })
}

/// A `register_blueprint`, `include_router` or `mount` call: one `route_mounts` row, and its
/// `dependencies=[...]` as `route_mount_controls`.
fn mount(
    context: &Context<'_, '_>,
    scope: Option<ScopeId>,
    call: &ast::ExprCall,
    line: u32,
    parent: Receiver,
    method: &str,
    facts: &mut FileFacts,
) {
    let index = context.index;
    let (child_expr, prefix_keyword, kind) = match method {
        "register_blueprint" => (argument(call, "blueprint", 0), "url_prefix", "blueprint"),
        "include_router" => (argument(call, "router", 0), "prefix", "router"),
        "add_namespace" => (argument(call, "ns", 0), "path", "namespace"),
        "add_router" => (argument(call, "router", 1), "prefix", "router"),
        _ => (argument(call, "app", 1), "path", "mount"),
    };
    let Some(child) = child_expr.and_then(|e| object_ref(context, scope, e)) else { return };
    let prefix_expr = match method {
        "mount" => argument(call, "path", 0),
        "add_router" => argument(call, "prefix", 0),
        _ => keyword(call, prefix_keyword),
    };
    let prefix = prefix_expr.and_then(string_value);
    let replaces_prefix = matches!(kind, "blueprint" | "namespace") && prefix.is_some();
    let row = facts.push(
        Table::RouteMounts,
        [
            Value::File,
            scope_cell(scope),
            line.into(),
            parent.framework.into(),
            kind.into(),
            parent.object.as_ref().map(|o| o.row).into(),
            parent.qualified.as_deref().into(),
            child.object.as_ref().map(|o| o.row).into(),
            child.name.as_deref().into(),
            prefix.into(),
            replaces_prefix.into(),
        ],
    );
    super::objects::push_dependency_controls(
        index,
        &context.dependencies,
        scope,
        call,
        facts,
        |kind, name, is_auth| {
            (Table::RouteMountControls, [row.into(), kind.into(), name.into(), is_auth.into()])
        },
    );
}

/// The receiver of `x.mount(path, app)` when `x` is a FastAPI application of this file (Flask
/// has no `mount`; Starlette-style mounting only).
fn sub_application_receiver(
    context: &Context<'_, '_>,
    scope: Option<ScopeId>,
    expr: &Expr,
) -> Option<Receiver> {
    let written = dotted_name(expr)?;
    let object = context.objects.visible(context.index, scope, &written)?;
    (object.framework == "fastapi").then(|| Receiver {
        written: written.clone(),
        qualified: object.scope.is_none().then(|| join_dotted(&context.index.context.module, &written)),
        object: Some(object.clone()),
        framework: "fastapi",
        is_created: true,
    })
}

/// The receiver of `api.add_router(...)` when it is a Django Ninja API or router of this file.
fn ninja_receiver(context: &Context<'_, '_>, scope: Option<ScopeId>, expr: &Expr) -> Option<Receiver> {
    let written = dotted_name(expr)?;
    let object = context.objects.visible(context.index, scope, &written)?;
    (object.framework == "ninja").then(|| Receiver {
        written: written.clone(),
        qualified: object.scope.is_none().then(|| join_dotted(&context.index.context.module, &written)),
        object: Some(object.clone()),
        framework: "ninja",
        is_created: true,
    })
}

/// The receiver of `router.register(...)` when it is a DRF router: created here by
/// `DefaultRouter()`/`SimpleRouter()`, or named like a router in a file that imports DRF.
fn drf_router(
    context: &mut Context<'_, '_>,
    scope: Option<ScopeId>,
    expr: &Expr,
    line: u32,
    facts: &mut FileFacts,
) -> Option<RouteObject> {
    let index = context.index;
    let written = dotted_name(expr)?;
    if let Some(object) = context.objects.visible(index, scope, &written) {
        return (object.framework == "drf").then(|| object.clone());
    }
    let conventional = !written.contains('.') && conventional_kind(&written) == Some("router");
    if !(conventional && context.frameworks.drf && index.names().qualify(index, scope, &written).is_none()) {
        return None;
    }
    Some(context.objects.inferred(index, scope, &written, "drf", "router", line, facts))
}

/// `router.register(prefix, ViewSet, basename=...)`: a mount of the ViewSet class on the router.
fn viewset(
    context: &Context<'_, '_>,
    scope: Option<ScopeId>,
    call: &ast::ExprCall,
    line: u32,
    router: RouteObject,
    facts: &mut FileFacts,
) {
    let index = context.index;
    let prefix = argument(call, "prefix", 0).and_then(string_value);
    let Some(viewset) = argument(call, "viewset", 1).and_then(dotted_name) else { return };
    let qualified = index.names().qualify(index, scope, &viewset).unwrap_or(viewset);
    facts.push(
        Table::RouteMounts,
        [
            Value::File,
            scope_cell(scope),
            line.into(),
            "drf".into(),
            "viewset".into(),
            Value::Row(Table::RouteObjects, router.row.1),
            Value::Null,
            Value::Null,
            qualified.into(),
            prefix.into(),
            false.into(),
        ],
    );
}
