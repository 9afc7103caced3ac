//! Routes declared by decorators: Flask `@app.route(path, methods=[...])`, `@bp.route`,
//! `@app.get/post/...`; FastAPI `@app.get(...)`, `@router.post(...)`, `@router.api_route(path,
//! methods=[...])`; a class decorated with a route (Flask-RESTX style resources) serves the HTTP
//! methods it defines. Controls: the handler's other decorators, FastAPI dependencies of its
//! parameters (default `Depends(x)` / `Security(x)`, `Annotated[T, Depends(x)]`, aliases of
//! those) and of the decorator's `dependencies=[...]`.
//! Node kinds: Decorator (through the scopes' definitions).

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::helpers::{HTTP_VERBS, argument, callee_name, is_auth_name, keyword, string_list, string_value};
use super::receivers::{Receiver, resolve};
use super::{Context, Control, Route, push_route, view_controls, view_methods, views};
use crate::facts::FileFacts;
use crate::index::names::join_dotted;
use crate::index::{ScopeDef, ScopeId};

/// A route decorator: its line, receiver, methods, path and endpoint.
struct Declaration {
    line: u32,
    receiver: Receiver,
    /// None: the methods of the decorated class.
    methods: Option<Vec<String>>,
    path: Option<String>,
    endpoint: Option<String>,
    dependencies: Vec<Control>,
}

pub fn extract(context: &mut Context<'_, '_>, facts: &mut FileFacts) {
    let index = context.index;
    for (id, scope) in index.scopes().iter().enumerate() {
        let id = id as ScopeId;
        let (decorators, function) = match scope.def {
            ScopeDef::Function(def) => (&def.decorator_list, Some(def)),
            ScopeDef::Class(def) => (&def.decorator_list, None),
            ScopeDef::Lambda(_) => continue,
        };
        let mut declarations = Vec::new();
        let mut controls: Vec<Control> = Vec::new();
        for decorator in decorators {
            match declaration(context, scope.parent, &decorator.expression, function.is_none(), facts) {
                Some(found) => declarations.push(found),
                None => {
                    let name = callee_name(&decorator.expression)
                        .unwrap_or_else(|| index.text(&decorator.expression).to_owned());
                    let is_auth = is_auth_name(&name);
                    controls.push(("decorator", name, is_auth));
                }
            }
        }
        if declarations.is_empty() {
            continue;
        }
        let view = match function {
            Some(def) => {
                controls.extend(parameter_dependencies(context, id, def));
                Vec::new()
            }
            None => views::class_view(index, id).unwrap_or_default(),
        };
        controls.extend(view_controls(&view));
        for declaration in declarations {
            let methods = declaration.methods.unwrap_or_else(|| {
                let methods = view_methods(&view);
                if methods.is_empty() { vec!["GET".to_owned()] } else { methods }
            });
            let mut all_controls = controls.clone();
            all_controls.extend(declaration.dependencies);
            let receiver = declaration.receiver;
            push_route(
                &Route {
                    scope: scope.parent,
                    symbol: Some(id),
                    line: declaration.line,
                    framework: receiver.framework,
                    methods,
                    path: declaration.path,
                    handler: Some(scope.qualname.clone()),
                    router: Some(receiver.written),
                    endpoint: declaration.endpoint,
                    handler_qualified: Some(join_dotted(&index.context.module, &scope.qualname)),
                    router_qualified: receiver.qualified,
                    object: receiver.object.map(|o| o.row),
                    controls: all_controls,
                },
                facts,
            );
        }
    }
}

/// The route a decorator declares, when its receiver is a route object and its attribute a route
/// method.
fn declaration(
    context: &mut Context<'_, '_>,
    outer: Option<ScopeId>,
    expr: &Expr,
    on_class: bool,
    facts: &mut FileFacts,
) -> Option<Declaration> {
    let index = context.index;
    let Expr::Call(call) = expr else { return None };
    let Expr::Attribute(attribute) = &*call.func else { return None };
    let attr = attribute.attr.as_str();
    let is_verb = HTTP_VERBS.contains(&attr);
    if !is_verb && attr != "route" && attr != "api_route" {
        return None;
    }
    let path_expr = argument(call, "path", 0).or_else(|| keyword(call, "rule"));
    let path = path_expr.and_then(string_value).map(str::to_owned);
    let hint = if attr == "route" { "flask" } else { "fastapi" };
    let line = index.position(expr.start()).0;
    let receiver =
        resolve(index, &mut context.objects, context.frameworks, outer, &attribute.value, hint, line, facts)?;
    // A receiver not created here must look like a route declaration: a literal path.
    if receiver.object.is_none() && path.is_none() {
        return None;
    }
    let methods = if is_verb {
        Some(vec![attr.to_ascii_uppercase()])
    } else {
        match keyword(call, "methods").and_then(string_list) {
            Some(methods) => Some(methods.iter().map(|m| m.to_ascii_uppercase()).collect()),
            None if on_class => None,
            None => Some(vec!["GET".to_owned()]),
        }
    };
    let endpoint = keyword(call, "endpoint").or_else(|| keyword(call, "name")).and_then(string_value);
    let mut dependencies = Vec::new();
    if let Some(list) = keyword(call, "dependencies").and_then(super::helpers::elements) {
        for element in list {
            if let Some(found) = context.dependencies.dependency(index, outer, element, None) {
                dependencies.push(("dependency", found.name, found.is_auth));
            }
        }
    }
    Some(Declaration { line, receiver, methods, path, endpoint: endpoint.map(str::to_owned), dependencies })
}

/// The FastAPI dependencies of a handler's parameters.
fn parameter_dependencies(
    context: &Context<'_, '_>,
    id: ScopeId,
    def: &ast::StmtFunctionDef,
) -> Vec<Control> {
    // Defaults and annotations belong to the scope around the function.
    let outer = context.index.scope(id).parent;
    def.parameters
        .iter_non_variadic_params()
        .flat_map(|parameter| context.dependencies.of_parameter(context.index, outer, parameter))
        .map(|d| ("dependency", d.name, d.is_auth))
        .collect()
}
