//! Authentication and authorization decorators on functions and classes (`@login_required`,
//! `@permission_required("polls.add")`, `@method_decorator(login_required, name="dispatch")`,
//! `@jwt_required()`, DRF's `@permission_classes([...])`), and `@csrf_exempt`, which removes a
//! protection. One finding per decorator, with the decorated definition in `symbol_id`.
//! Node kinds: StmtFunctionDef, StmtClassDef (their decorator lists).

use ruff_python_ast::{Decorator, Expr};

use super::site::Finding;
use super::strings::shorten;
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeDef, ScopeId};

/// Decorator names (last part of the dotted name) that guard a view.
const AUTH_DECORATORS: &[&str] = &[
    "login_required",
    "permission_required",
    "permissions_required",
    "staff_member_required",
    "superuser_required",
    "user_passes_test",
    "requires_auth",
    "require_auth",
    "auth_required",
    "authenticated",
    "authorize",
    "authorized",
    "requires_permission",
    "require_permission",
    "permission_classes",
    "authentication_classes",
    "roles_required",
    "roles_accepted",
    "admin_required",
    "jwt_required",
    "fresh_jwt_required",
    "token_required",
    "verify_jwt",
    "check_auth",
    "requires",
];

pub fn collect(index: &NodeIndex<'_>, out: &mut Vec<Finding>) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let decorators: &[Decorator] = match scope.def {
            ScopeDef::Function(def) => &def.decorator_list,
            ScopeDef::Class(class) => &class.decorator_list,
            ScopeDef::Lambda(_) => continue,
        };
        for decorator in decorators {
            let Some((rule, name)) = classify(&decorator.expression) else { continue };
            let names = index.names();
            let qualified = names.qualify(index, scope.parent, &name).unwrap_or(name);
            let mut finding = Finding::at(index, &decorator.expression, scope.parent, rule)
                .detail(shorten(index.text(&decorator.expression), 200));
            finding.callee = Some(qualified);
            finding.symbol = Some(id as ScopeId);
            out.push(finding);
        }
    }
}

/// The rule and dotted name of a decorator expression: the decorator itself (`login_required`,
/// `permission_required(...)`) or the first argument of Django's `method_decorator(...)`.
fn classify(expression: &Expr) -> Option<(&'static str, String)> {
    let callee = match expression {
        Expr::Call(call) => &*call.func,
        other => other,
    };
    let name = dotted_name(callee)?;
    let last = name.rsplit('.').next().unwrap_or(&name).to_owned();
    if last == "method_decorator"
        && let Expr::Call(call) = expression
        && let Some(inner) = call.arguments.args.first()
    {
        return classify(inner);
    }
    if last == "csrf_exempt" {
        return Some(("csrf_exempt", name));
    }
    let lower = last.to_lowercase();
    AUTH_DECORATORS.contains(&lower.as_str()).then_some(("auth_decorator", name))
}
