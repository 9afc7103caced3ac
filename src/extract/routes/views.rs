//! `route_views`: what a view class or view function serves, for the URL entries that name it
//! (in this file, or in another one through the link stage): the HTTP methods a class view
//! handles (`get`, `post`, ... methods of a `View`, `MethodView`, `APIView` or `Resource`
//! subclass), the methods of an `@api_view([...])` / `@require_http_methods([...])` function, the
//! standard actions of a DRF ViewSet (defined, or inherited from `ModelViewSet`,
//! `ReadOnlyModelViewSet` and the mixins), its `@action` extra actions, permission classes, and
//! authentication controls (`LoginRequiredMixin`, `@method_decorator(login_required, ...)`, the
//! `decorators = [...]` of a Flask `MethodView`, decorators of a function view).
//! Node kinds: StmtClassDef, StmtFunctionDef (through `NodeIndex::scopes`).

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::helpers::{
    HTTP_VERBS, argument, as_call, callee_name, elements, is_auth_name, is_one_of, keyword, last_segment,
    string_list, string_value,
};
use crate::facts::{FileFacts, Value};
use crate::index::names::{dotted_name, join_dotted};
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

/// DRF's standard ViewSet actions: (action, HTTP method, detail).
const STANDARD_ACTIONS: &[(&str, &str, bool)] = &[
    ("list", "GET", false),
    ("create", "POST", false),
    ("retrieve", "GET", true),
    ("update", "PUT", true),
    ("partial_update", "PATCH", true),
    ("destroy", "DELETE", true),
];

/// DRF classes and the standard actions they bring.
const INHERITED_ACTIONS: &[(&str, &[&str])] = &[
    (
        "rest_framework.viewsets.ModelViewSet",
        &["list", "create", "retrieve", "update", "partial_update", "destroy"],
    ),
    ("rest_framework.viewsets.ReadOnlyModelViewSet", &["list", "retrieve"]),
    ("rest_framework.mixins.ListModelMixin", &["list"]),
    ("rest_framework.mixins.CreateModelMixin", &["create"]),
    ("rest_framework.mixins.RetrieveModelMixin", &["retrieve"]),
    ("rest_framework.mixins.UpdateModelMixin", &["update", "partial_update"]),
    ("rest_framework.mixins.DestroyModelMixin", &["destroy"]),
];

/// Decorators that fix a function view's methods.
const METHOD_DECORATORS: &[(&str, &[&str])] = &[
    ("django.views.decorators.http.require_GET", &["GET"]),
    ("django.views.decorators.http.require_POST", &["POST"]),
    ("django.views.decorators.http.require_safe", &["GET", "HEAD"]),
];
const METHOD_LIST_DECORATORS: &[&str] =
    &["rest_framework.decorators.api_view", "django.views.decorators.http.require_http_methods"];
const PERMISSION_DECORATORS: &[&str] = &["rest_framework.decorators.permission_classes"];
const ACTION_DECORATORS: &[&str] = &["rest_framework.decorators.action"];

/// One fact about a view (one `route_views` row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewFact {
    pub member: Option<ScopeId>,
    pub line: u32,
    /// `method`, `action`, `extra_action`, `permission` or `control`.
    pub kind: &'static str,
    pub name: String,
    pub method: Option<String>,
    pub detail: Option<bool>,
    pub url_path: Option<String>,
}

impl ViewFact {
    /// The HTTP method of a `method` fact.
    pub fn http_method(&self) -> Option<&str> {
        (self.kind == "method").then_some(self.method.as_deref()).flatten()
    }

    /// (kind, name) of a fact that is a route control: permissions and controls.
    pub fn control(&self) -> Option<(&'static str, &str)> {
        match self.kind {
            "permission" => Some(("permission", &self.name)),
            "control" => Some(("decorator", &self.name)),
            _ => None,
        }
    }
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let id = id as ScopeId;
        let found = match scope.def {
            ScopeDef::Class(_) => class_view(index, id),
            ScopeDef::Function(_) if scope.parent.is_none() => function_view(index, id),
            _ => None,
        };
        for fact in found.unwrap_or_default() {
            let is_auth = fact.control().is_some_and(|(_, name)| is_auth_name(name));
            facts.push(
                Table::RouteViews,
                [
                    Value::File,
                    Value::Row(Table::Symbols, id),
                    fact.member.map(|m| Value::Row(Table::Symbols, m)).into(),
                    fact.line.into(),
                    fact.kind.into(),
                    fact.name.into(),
                    fact.method.into(),
                    fact.detail.into(),
                    fact.url_path.into(),
                    is_auth.into(),
                ],
            );
        }
    }
}

/// Packages whose classes are views.
const VIEW_PACKAGES: &[&str] = &[
    "django.",
    "rest_framework.",
    "flask.",
    "flask_restful.",
    "flask_restx.",
    "flask_restplus.",
    "flask_smorest.",
    "quart.",
    "apiflask.",
];
/// How many levels of same-file base classes are followed.
const MAX_BASE_DEPTH: usize = 8;

/// Whether class `id` is a view: a base comes from a web framework (`View`, `MethodView`,
/// `APIView`, `ModelViewSet`, `Resource`, `LoginRequiredMixin`, ...), is a view class of this file,
/// or is imported from the repository (the file's own top-level package) and named like a view
/// (`...View`, `...ViewSet`, `...Resource`, `...Endpoint`) in a file that imports a web framework.
fn is_view_class(index: &NodeIndex<'_>, id: ScopeId, depth: usize) -> bool {
    let scope = index.scope(id);
    let ScopeDef::Class(class) = scope.def else { return false };
    if depth > MAX_BASE_DEPTH {
        return false;
    }
    let package = index.context.module.split('.').next().unwrap_or("");
    class.bases().iter().filter_map(dotted_name).any(|written| {
        let Some(qualified) = index.names().qualify(index, scope.parent, &written) else { return false };
        if VIEW_PACKAGES.iter().any(|p| qualified.starts_with(p)) {
            return true;
        }
        let own_module = join_dotted(&index.context.module, &written);
        if qualified == own_module {
            return super::module_definition(index, &written)
                .is_some_and(|base| base != id && is_view_class(index, base, depth + 1));
        }
        let last = last_segment(&qualified);
        qualified.split('.').next() == Some(package)
            && ["View", "ViewSet", "Resource", "Endpoint"].iter().any(|s| last.ends_with(s))
            && super::receivers::FileFrameworks::of(index).any()
    })
}

/// The facts of class `id` when it is a view class.
pub fn class_view(index: &NodeIndex<'_>, id: ScopeId) -> Option<Vec<ViewFact>> {
    let scope = index.scope(id);
    let ScopeDef::Class(class) = scope.def else { return None };
    if !is_view_class(index, id, 0) {
        return None;
    }
    let outer = scope.parent;
    let mut found = Vec::new();
    let class_line = index.position(index.def_start(&class.name, "class", false)).0;
    let members: Vec<(ScopeId, &ast::StmtFunctionDef)> = index
        .scopes()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.parent == Some(id))
        .filter_map(|(m, s)| match s.def {
            ScopeDef::Function(def) => Some((m as ScopeId, def)),
            _ => None,
        })
        .collect();
    for &(member, def) in &members {
        let name = def.name.as_str();
        let line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
        if HTTP_VERBS.contains(&name) {
            found.push(fact(Some(member), line, "method", name, Some(name.to_ascii_uppercase())));
        }
        if let Some(&(action, method, detail)) = STANDARD_ACTIONS.iter().find(|a| a.0 == name) {
            found.push(ViewFact {
                detail: Some(detail),
                ..fact(Some(member), line, "action", action, Some(method.into()))
            });
        }
        found.extend(extra_actions(index, id, member, def, line));
    }
    for base in class.bases() {
        let Some(written) = dotted_name(base) else { continue };
        let qualified = index.names().qualify(index, outer, &written);
        for &(class_name, actions) in INHERITED_ACTIONS {
            if !is_one_of(qualified.as_deref(), &written, &[class_name]) {
                continue;
            }
            for &(action, method, detail) in STANDARD_ACTIONS.iter().filter(|a| actions.contains(&a.0)) {
                if !found.iter().any(|f| f.kind == "action" && f.name == action) {
                    found.push(ViewFact {
                        detail: Some(detail),
                        ..fact(None, class_line, "action", action, Some(method.into()))
                    });
                }
            }
        }
        if last_segment(&written).ends_with("RequiredMixin")
            || last_segment(&written) == "UserPassesTestMixin"
        {
            found.push(fact(None, class_line, "control", &written, None));
        }
    }
    for decorator in &class.decorator_list {
        // `@method_decorator(login_required, name="dispatch")`: the wrapped decorator guards the view.
        let Some(call) = as_call(&decorator.expression) else { continue };
        if callee_name(&decorator.expression).is_some_and(|n| last_segment(&n) == "method_decorator")
            && let Some(inner) = argument(call, "decorator", 0)
        {
            let line = index.position(ruff_text_size::Ranged::start(&decorator.expression)).0;
            for wrapped in elements(inner).map(<[Expr]>::to_vec).unwrap_or_else(|| vec![inner.clone()]) {
                if let Some(name) = callee_name(&wrapped) {
                    found.push(fact(None, line, "control", &name, None));
                }
            }
        }
    }
    for statement in &class.body {
        found.extend(class_attribute_facts(index, statement));
    }
    Some(found)
}

/// `permission_classes = [...]` and a Flask `MethodView`'s `decorators = [...]` in a class body.
fn class_attribute_facts(index: &NodeIndex<'_>, statement: &Stmt) -> Vec<ViewFact> {
    let (target, value) = match statement {
        Stmt::Assign(assign) => match assign.targets.as_slice() {
            [Expr::Name(target)] => (target.id.as_str(), &*assign.value),
            _ => return Vec::new(),
        },
        Stmt::AnnAssign(assign) => match (&*assign.target, &assign.value) {
            (Expr::Name(target), Some(value)) => (target.id.as_str(), &**value),
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    let kind = match target {
        "permission_classes" => "permission",
        "decorators" | "method_decorators" => "control",
        _ => return Vec::new(),
    };
    let line = index.position(ruff_text_size::Ranged::start(statement)).0;
    elements(value)
        .unwrap_or_default()
        .iter()
        .filter_map(|element| callee_name(element).or_else(|| permission_operator_text(index, element)))
        .map(|name| fact(None, line, kind, &name, None))
        .collect()
}

/// `IsAuthenticated & IsOwner`: the composed permission's text.
fn permission_operator_text(index: &NodeIndex<'_>, element: &Expr) -> Option<String> {
    matches!(element, Expr::BinOp(_) | Expr::UnaryOp(_)).then(|| index.text(element).to_owned())
}

/// The `@action(detail=..., methods=[...], url_path=...)` rows of a ViewSet method.
fn extra_actions(
    index: &NodeIndex<'_>,
    class: ScopeId,
    member: ScopeId,
    def: &ast::StmtFunctionDef,
    line: u32,
) -> Vec<ViewFact> {
    let outer = index.scope(member).parent.or(Some(class));
    let mut found = Vec::new();
    for decorator in &def.decorator_list {
        let Some(written) = callee_name(&decorator.expression) else { continue };
        let qualified = index.names().qualify(index, outer, &written);
        if !is_one_of(qualified.as_deref(), &written, ACTION_DECORATORS) {
            continue;
        }
        let call = as_call(&decorator.expression);
        let detail = call.and_then(|c| keyword(c, "detail")).and_then(|d| match d {
            Expr::BooleanLiteral(b) => Some(b.value),
            _ => None,
        });
        let methods = call
            .and_then(|c| keyword(c, "methods"))
            .and_then(string_list)
            .map(|m| m.iter().map(|m| m.to_ascii_uppercase()).collect::<Vec<_>>())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| vec!["GET".to_owned()]);
        let url_path = call
            .and_then(|c| keyword(c, "url_path"))
            .and_then(string_value)
            .map(str::to_owned)
            .unwrap_or_else(|| def.name.to_string());
        for method in methods {
            found.push(ViewFact {
                detail,
                url_path: Some(url_path.clone()),
                ..fact(Some(member), line, "extra_action", def.name.as_str(), Some(method))
            });
        }
    }
    found
}

/// The facts of module-level function `id` when it is a view: decorated with `@api_view`,
/// `@require_http_methods` / `@require_GET` / ..., or taking `request` first in a file that imports
/// Django or DRF.
pub fn function_view(index: &NodeIndex<'_>, id: ScopeId) -> Option<Vec<ViewFact>> {
    let scope = index.scope(id);
    let ScopeDef::Function(def) = scope.def else { return None };
    let mut found = Vec::new();
    // Taking `request` first makes a view only in a file that uses Django or DRF (pytest
    // fixtures and aiohttp middlewares take `request` too).
    let mut is_view = def
        .parameters
        .posonlyargs
        .iter()
        .chain(&def.parameters.args)
        .next()
        .is_some_and(|p| p.name().as_str() == "request")
        && {
            let frameworks = super::receivers::FileFrameworks::of(index);
            frameworks.django || frameworks.drf
        };
    for decorator in &def.decorator_list {
        let Some(written) = callee_name(&decorator.expression) else { continue };
        let line = index.position(ruff_text_size::Ranged::start(&decorator.expression)).0;
        let qualified = index.names().qualify(index, scope.parent, &written);
        let call = as_call(&decorator.expression);
        if is_one_of(qualified.as_deref(), &written, METHOD_LIST_DECORATORS) {
            is_view = true;
            let methods = call
                .and_then(|c| argument(c, "http_method_names", 0))
                .and_then(string_list)
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| vec!["GET"]);
            for method in methods {
                found.push(fact(
                    None,
                    line,
                    "method",
                    &method.to_ascii_lowercase(),
                    Some(method.to_ascii_uppercase()),
                ));
            }
        } else if let Some(&(_, methods)) =
            METHOD_DECORATORS.iter().find(|(name, _)| is_one_of(qualified.as_deref(), &written, &[name]))
        {
            is_view = true;
            for method in methods {
                found.push(fact(
                    None,
                    line,
                    "method",
                    &method.to_ascii_lowercase(),
                    Some((*method).to_owned()),
                ));
            }
        } else if is_one_of(qualified.as_deref(), &written, PERMISSION_DECORATORS) {
            for permission in
                call.and_then(|c| c.arguments.args.first()).and_then(elements).unwrap_or_default()
            {
                if let Some(name) = callee_name(permission) {
                    found.push(fact(None, line, "permission", &name, None));
                }
            }
        } else {
            found.push(fact(None, line, "control", &written, None));
        }
    }
    is_view.then_some(found)
}

fn fact(
    member: Option<ScopeId>,
    line: u32,
    kind: &'static str,
    name: &str,
    method: Option<String>,
) -> ViewFact {
    ViewFact { member, line, kind, name: name.to_owned(), method, detail: None, url_path: None }
}
