//! Django URLconfs: the `path()`, `re_path()` and `url()` entries of a module's `urlpatterns`
//! (assigned, annotated, extended with `+=`, `.append(...)`, `.extend([...])`, `i18n_patterns(...)`,
//! also inside `if settings.DEBUG:`), one `routes` row
//! per entry (per method when the view's methods are known here, `ANY` otherwise: the link stage
//! refines views defined in other files). The URLconf itself is a `route_objects` row (kind
//! `urlconf`); `include("app.urls")`, `include(module)`, `include(router.urls)`, `urlpatterns +=
//! router.urls` and inline `include([...])` lists are `route_mounts` with the entry's route as
//! prefix. Views: functions, `View.as_view(...)`, and wrappers such as `login_required(view)`
//! (recorded as controls). Node kinds: StmtAssign, StmtAugAssign, StmtAnnAssign (module level).

use ruff_python_ast::{self as ast, Expr, Operator};
use ruff_text_size::Ranged;

use super::helpers::{
    argument, as_call, callee_name, elements, is_auth_name, is_one_of, keyword, string_value,
};
use super::objects::RouteObject;
use super::{Context, Control, Route, module_definition, push_route, view_controls, view_methods, views};
use crate::facts::{FileFacts, Value};
use crate::index::ScopeDef;
use crate::index::names::{dotted_name, join_dotted};
use crate::store::schema::Table;

const PATH_FUNCTIONS: &[&str] =
    &["django.urls.path", "django.urls.re_path", "django.conf.urls.url", "django.conf.urls.re_path"];
const INCLUDE: &[&str] = &["django.urls.include", "django.conf.urls.include"];
/// How deeply inline `include([...])` lists and view wrappers are followed.
const MAX_DEPTH: usize = 8;

pub fn extract(context: &mut Context<'_, '_>, facts: &mut FileFacts) {
    let index = context.index;
    let mut values: Vec<(&Expr, u32)> = Vec::new();
    for (node, entry) in index.assigns() {
        if entry.scope.is_none()
            && matches!(node.targets.as_slice(), [Expr::Name(n)] if n.id.as_str() == "urlpatterns")
        {
            values.push((&node.value, index.position(node.start()).0));
        }
    }
    for (node, entry) in index.ann_assigns() {
        if let (None, Expr::Name(n), Some(value)) = (entry.scope, &*node.target, &node.value)
            && n.id.as_str() == "urlpatterns"
        {
            values.push((value, index.position(node.start()).0));
        }
    }
    for (node, entry) in index.aug_assigns() {
        if entry.scope.is_none()
            && node.op == Operator::Add
            && matches!(&*node.target, Expr::Name(n) if n.id.as_str() == "urlpatterns")
        {
            values.push((&node.value, index.position(node.start()).0));
        }
    }
    // `urlpatterns.append(path(...))` and `urlpatterns.extend([...])` (an appended entry is
    // handed over as the call itself: `entries` reads a lone call as one entry).
    for (call, entry) in index.calls() {
        if let (None, Expr::Attribute(attribute)) = (entry.scope, &*call.func)
            && matches!(&*attribute.value, Expr::Name(n) if n.id.as_str() == "urlpatterns")
            && matches!(attribute.attr.as_str(), "append" | "extend")
            && let Some(argument) = call.arguments.args.first()
        {
            values.push((argument, index.position(call.start()).0));
        }
    }
    values.sort_by_key(|(value, _)| value.start());
    let mut urlconf: Option<RouteObject> = None;
    for (value, line) in values {
        let object = urlconf.get_or_insert_with(|| new_urlconf(context, "urlpatterns", line, facts)).clone();
        entries(context, &object, value, 0, facts);
    }
}

/// A `route_objects` row for a URLconf (`urlpatterns`, or `<include>` for an inline list).
fn new_urlconf(context: &mut Context<'_, '_>, name: &str, line: u32, facts: &mut FileFacts) -> RouteObject {
    let row = facts.push(
        Table::RouteObjects,
        [
            Value::File,
            Value::Null,
            line.into(),
            "django".into(),
            "urlconf".into(),
            name.into(),
            Value::Null,
            Value::Null,
            false.into(),
        ],
    );
    let object =
        RouteObject { row, scope: None, name: name.to_owned(), framework: "django", kind: "urlconf" };
    context.objects.list.push(object.clone());
    object
}

/// The entries of a `urlpatterns` value: a list or tuple, `a + b`, `router.urls`,
/// `format_suffix_patterns([...])`, `i18n_patterns(...)`, or one entry (`urlpatterns.append(...)`).
fn entries(
    context: &mut Context<'_, '_>,
    urlconf: &RouteObject,
    value: &Expr,
    depth: usize,
    facts: &mut FileFacts,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Expr::BinOp(binary) if binary.op == Operator::Add => {
            entries(context, urlconf, &binary.left, depth + 1, facts);
            entries(context, urlconf, &binary.right, depth + 1, facts);
        }
        Expr::Attribute(attribute) if attribute.attr.as_str() == "urls" => {
            let line = context.index.position(value.start()).0;
            push_mount(context, urlconf, &attribute.value, "", line, facts);
        }
        Expr::Call(call) if callee_name(value).is_some_and(|n| n.ends_with("format_suffix_patterns")) => {
            if let Some(inner) = call.arguments.args.first() {
                entries(context, urlconf, inner, depth + 1, facts);
            }
        }
        // `i18n_patterns(path(...), ...)`: each argument is an entry.
        Expr::Call(call) if callee_name(value).is_some_and(|n| n.ends_with("i18n_patterns")) => {
            for argument in call.arguments.args.iter() {
                if let Some(inner) = as_call(argument) {
                    entry(context, urlconf, inner, depth, facts);
                }
            }
        }
        // One appended entry.
        Expr::Call(call) => entry(context, urlconf, call, depth, facts),
        _ => {
            for element in elements(value).unwrap_or_default() {
                if let Some(call) = as_call(element) {
                    entry(context, urlconf, call, depth, facts);
                }
            }
        }
    }
}

/// One `path(route, view, name=...)` entry.
fn entry(
    context: &mut Context<'_, '_>,
    urlconf: &RouteObject,
    call: &ast::ExprCall,
    depth: usize,
    facts: &mut FileFacts,
) {
    let index = context.index;
    let Some(written) = dotted_name(&call.func) else { return };
    let qualified = index.names().qualify(index, None, &written);
    if !is_one_of(qualified.as_deref(), &written, PATH_FUNCTIONS) {
        return;
    }
    let route = argument(call, "route", 0).or_else(|| keyword(call, "regex")).and_then(string_value);
    let Some(view) = argument(call, "view", 1) else { return };
    let line = index.position(call.start()).0;
    if let Expr::Attribute(attribute) = view
        && attribute.attr.as_str() == "urls"
    {
        // `path("admin/", admin.site.urls)`: the object's own URLconf, mounted here.
        push_mount(context, urlconf, &attribute.value, route.unwrap_or(""), line, facts);
        return;
    }
    if let Some(target) = include_target(context, view) {
        match target {
            Expr::List(_) | Expr::Tuple(_) => {
                let inline = new_urlconf(context, "<include>", line, facts);
                push_mount_row(context, urlconf, Some(inline.row), None, route.unwrap_or(""), line, facts);
                entries(context, &inline, target, depth + 1, facts);
            }
            Expr::Attribute(attribute) if attribute.attr.as_str() == "urls" => {
                push_mount(context, urlconf, &attribute.value, route.unwrap_or(""), line, facts);
            }
            other => {
                let module = match string_value(other) {
                    Some(module) => Some(module.to_owned()),
                    None => dotted_name(other).map(|d| index.names().qualify(index, None, &d).unwrap_or(d)),
                };
                if let Some(module) = module {
                    let child = Some(join_dotted(&module, "urlpatterns"));
                    push_mount_row(context, urlconf, None, child, route.unwrap_or(""), line, facts);
                }
            }
        }
        return;
    }
    let mut controls: Vec<Control> = Vec::new();
    let Some((view_name, is_class, mapped)) = unwrap_view(view, &mut controls, 0) else { return };
    let symbol = (!view_name.contains('.')).then(|| module_definition(index, &view_name)).flatten();
    let facts_of_view = match symbol.map(|id| (id, &index.scope(id).def)) {
        Some((id, ScopeDef::Class(_))) if is_class => views::class_view(index, id).unwrap_or_default(),
        Some((id, ScopeDef::Function(_))) if !is_class => views::function_view(index, id).unwrap_or_default(),
        _ => Vec::new(),
    };
    // `ViewSet.as_view({"get": "list", "post": "create"})` maps methods explicitly.
    let mut methods = mapped.unwrap_or_else(|| view_methods(&facts_of_view));
    if methods.is_empty() {
        methods.push("ANY".to_owned());
    }
    controls.extend(view_controls(&facts_of_view));
    let handler = symbol.map_or_else(|| view_name.clone(), |id| index.scope(id).qualname.clone());
    push_route(
        &Route {
            scope: None,
            symbol,
            line,
            framework: "django",
            methods,
            path: route.map(str::to_owned),
            handler: Some(handler),
            router: None,
            endpoint: keyword(call, "name").and_then(string_value).map(str::to_owned),
            handler_qualified: index.names().qualify(index, None, &view_name),
            router_qualified: None,
            object: Some(urlconf.row),
            controls,
        },
        facts,
    );
}

/// The argument of `include(...)` (the first element of an `include((patterns, "ns"))` tuple).
fn include_target<'e>(context: &Context<'_, '_>, view: &'e Expr) -> Option<&'e Expr> {
    let call = as_call(view)?;
    let written = dotted_name(&call.func)?;
    let qualified = context.index.names().qualify(context.index, None, &written);
    if !is_one_of(qualified.as_deref(), &written, INCLUDE) {
        return None;
    }
    let target = argument(call, "arg", 0)?;
    match target {
        Expr::Tuple(tuple) if tuple.elts.len() == 2 && string_value(&tuple.elts[1]).is_some() => {
            Some(&tuple.elts[0])
        }
        other => Some(other),
    }
}

/// The view a URL entry names, through wrappers (`login_required(View.as_view())`,
/// `cache_page(60)(view)`), which become controls: (dotted name, whether it is a class view, the
/// methods of an `as_view({"get": "list"})` mapping).
fn unwrap_view(
    view: &Expr,
    controls: &mut Vec<Control>,
    depth: usize,
) -> Option<(String, bool, Option<Vec<String>>)> {
    if depth > MAX_DEPTH {
        return None;
    }
    match view {
        Expr::Call(call) => {
            if let Expr::Attribute(attribute) = &*call.func
                && attribute.attr.as_str() == "as_view"
            {
                let mapped = match argument(call, "actions", 0) {
                    Some(Expr::Dict(dict)) => Some(
                        dict.items
                            .iter()
                            .filter_map(|item| item.key.as_ref().and_then(string_value))
                            .map(str::to_ascii_uppercase)
                            .collect(),
                    ),
                    _ => None,
                };
                return Some((dotted_name(&attribute.value)?, true, mapped));
            }
            let wrapped = call.arguments.args.first()?;
            let name = callee_name(&call.func).or_else(|| dotted_name(&call.func))?;
            let is_auth = is_auth_name(&name);
            controls.push(("decorator", name, is_auth));
            unwrap_view(wrapped, controls, depth + 1)
        }
        other => Some((dotted_name(other)?, false, None)),
    }
}

/// A mount of the router object `router_expr` (`include(router.urls)`, `urlpatterns +=
/// router.urls`) on the URLconf.
fn push_mount(
    context: &mut Context<'_, '_>,
    urlconf: &RouteObject,
    router_expr: &Expr,
    prefix: &str,
    line: u32,
    facts: &mut FileFacts,
) {
    let index = context.index;
    let Some(written) = dotted_name(router_expr) else { return };
    let local = (!written.contains('.')).then(|| context.objects.visible(index, None, &written)).flatten();
    match local {
        Some(object) => {
            let row = object.row;
            push_mount_row(context, urlconf, Some(row), None, prefix, line, facts);
        }
        None => {
            let name = index.names().qualify(index, None, &written);
            push_mount_row(context, urlconf, None, name, prefix, line, facts);
        }
    }
}

fn push_mount_row(
    _context: &Context<'_, '_>,
    urlconf: &RouteObject,
    child: Option<crate::facts::RowRef>,
    child_name: Option<String>,
    prefix: &str,
    line: u32,
    facts: &mut FileFacts,
) {
    facts.push(
        Table::RouteMounts,
        [
            Value::File,
            Value::Null,
            line.into(),
            "django".into(),
            "include".into(),
            urlconf.row.into(),
            Value::Null,
            child.into(),
            child_name.into(),
            prefix.into(),
            false.into(),
        ],
    );
}
