//! Small readers of expressions shared by the route, web-application and task extractors: string
//! literals, lists of strings, callee names, the authentication-name test. No node kinds of their
//! own: they read the fields of nodes other extractors hand them.

use ruff_python_ast::{self as ast, Expr};

pub use crate::extract::common::string_value;
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeId};

/// The elements of a list, tuple or set display.
pub fn elements(expr: &Expr) -> Option<&[Expr]> {
    match expr {
        Expr::List(list) => Some(&list.elts),
        Expr::Tuple(tuple) => Some(&tuple.elts),
        Expr::Set(set) => Some(&set.elts),
        _ => None,
    }
}

/// The strings of a list/tuple/set of string literals (`["GET", "POST"]`); a single string
/// literal counts as a list of one. Non-literal elements are skipped.
pub fn string_list(expr: &Expr) -> Option<Vec<&str>> {
    if let Some(single) = string_value(expr) {
        return Some(vec![single]);
    }
    Some(elements(expr)?.iter().filter_map(string_value).collect())
}

/// The dotted name a decorator or call refers to: `login_required` for `@login_required` and
/// `@login_required()`, `app.route` for `@app.route("/")`.
pub fn callee_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Call(call) => dotted_name(&call.func),
        other => dotted_name(other),
    }
}

/// The call of a decorator or value, when it is one.
pub fn as_call(expr: &Expr) -> Option<&ast::ExprCall> {
    match expr {
        Expr::Call(call) => Some(call),
        _ => None,
    }
}

/// The last component of a dotted name (`login_required` for `auth.login_required`).
pub fn last_segment(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted)
}

/// A keyword argument's value.
pub fn keyword<'a>(call: &'a ast::ExprCall, name: &str) -> Option<&'a Expr> {
    call.arguments.find_keyword(name).map(|k| &k.value)
}

/// An argument given by keyword `name` or at `position`.
pub fn argument<'a>(call: &'a ast::ExprCall, name: &str, position: usize) -> Option<&'a Expr> {
    call.arguments.find_argument_value(name, position)
}

/// `dotted` qualified through the file's imports and definitions, or as written when it cannot be.
pub fn qualified_or_written(index: &NodeIndex<'_>, scope: Option<ScopeId>, dotted: &str) -> String {
    index.names().qualify(index, scope, dotted).unwrap_or_else(|| dotted.to_owned())
}

/// Whether `name` (a qualified or written callee) is one of `candidates` (absolute names), or,
/// when it could not be qualified, whether its last segment is the last segment of one.
pub fn is_one_of(qualified: Option<&str>, written: &str, candidates: &[&str]) -> bool {
    match qualified {
        Some(q) => candidates.contains(&q),
        None => candidates.iter().any(|c| last_segment(c) == written),
    }
}

/// Whether a decorator, dependency or permission name says that it authenticates or authorises:
/// one of its words (split at `_`, `.` and case changes) is an authentication word
/// (`login_required`, `jwt_required`, `get_current_user`, `IsAuthenticated`, `RolesRequired`,
/// `verify_api_key`, `oauth2_scheme`, `HTTPBearer`, `staff_member_required`).
pub fn is_auth_name(name: &str) -> bool {
    let words = words(last_segment(name));
    let has = |w: &str| words.iter().any(|x| x == w);
    const AUTH_WORDS: &[&str] = &[
        "auth",
        "authenticated",
        "authenticate",
        "authentication",
        "authorize",
        "authorized",
        "authorization",
        "login",
        "jwt",
        "token",
        "permission",
        "permissions",
        "perm",
        "perms",
        "role",
        "roles",
        "admin",
        "staff",
        "superuser",
        "oauth",
        "oauth2",
        "bearer",
        "apikey",
        "scopes",
        "security",
        "secured",
        "protected",
        "principal",
        "credentials",
    ];
    AUTH_WORDS.iter().any(|w| has(w))
        || (has("current") && has("user"))
        || (has("api") && has("key"))
        || (has("user") && has("passes"))
        || (has("http") && (has("basic") || has("digest")))
}

/// Lower-case words of an identifier: `get_current_user` → get, current, user;
/// `IsAuthenticated` → is, authenticated; `HTTPBearer` → http, bearer.
fn words(identifier: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let chars: Vec<char> = identifier.chars().collect();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let previous_lower = i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let previous_upper = i > 0 && chars[i - 1].is_uppercase();
        if c.is_uppercase() && !current.is_empty() && (previous_lower || (previous_upper && next_lower)) {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// HTTP methods a decorator attribute stands for (`@app.get` → GET).
pub const HTTP_VERBS: &[&str] = &["get", "post", "put", "delete", "patch", "options", "head", "trace"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_snake_and_camel_case() {
        assert_eq!(words("get_current_user"), ["get", "current", "user"]);
        assert_eq!(words("IsAuthenticated"), ["is", "authenticated"]);
        assert_eq!(words("HTTPBearer"), ["http", "bearer"]);
        assert_eq!(words("OAuth2PasswordBearer"), ["o", "auth2", "password", "bearer"]);
    }

    #[test]
    fn auth_names() {
        for name in [
            "login_required",
            "flask_login.login_required",
            "jwt_required",
            "roles_required",
            "get_current_user",
            "get_current_active_user",
            "IsAuthenticated",
            "IsAdminUser",
            "verify_api_key",
            "oauth2_scheme",
            "HTTPBearer",
            "user_passes_test",
            "staff_member_required",
            "permission_required",
        ] {
            assert!(is_auth_name(name), "{name}");
        }
        for name in ["get_db", "get_author", "cache.cached", "limiter.limit", "csrf_exempt", "get_settings"] {
            assert!(!is_auth_name(name), "{name}");
        }
    }
}
