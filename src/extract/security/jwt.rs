//! JWT use: `encode`/`decode` calls of PyJWT (`jwt`), python-jose (`jose.jwt`) and Authlib
//! (`authlib.jose.jwt`), matched through the file's imports (`import jwt as pyjwt` too), with
//! where the key comes from, the algorithms named, and whether verification is turned off
//! (`options={"verify_signature": False}`, `verify=False`, the `none` algorithm). Feeds the
//! `jwt_uses`/`jwt_algorithms` tables and the `jwt_*` findings. Node kinds: ExprCall.

use ruff_python_ast::Expr;

use super::bindings::Bindings;
use super::site::{CallSite, is_false_literal};
use super::strings::literal_str;
use crate::index::NodeIndex;
use crate::index::names::dotted_name;

/// One JWT call as the rules and the table see it.
pub struct JwtUse<'a> {
    pub library: &'static str,
    pub operation: &'static str,
    pub secret: Option<&'a Expr>,
    /// `hardcoded`, `environment`, `config`, `variable` or `unknown`; `None` without a key.
    pub secret_source: Option<&'static str>,
    pub algorithms: Vec<String>,
    /// How verification is disabled, if it is.
    pub disabled_by: Option<String>,
}

/// The JWT use of a call, if the callee is one of the libraries' encode/decode functions.
pub fn jwt_use<'a>(
    index: &NodeIndex<'a>,
    bindings: &Bindings<'a>,
    site: &CallSite<'a>,
) -> Option<JwtUse<'a>> {
    let name = site.qualified.as_deref()?;
    let (module, function) = name.rsplit_once('.')?;
    let library = match module {
        "jwt" | "jwt.api_jwt" => "pyjwt",
        "jose.jwt" => "python-jose",
        "authlib.jose.jwt" => "authlib",
        _ => return None,
    };
    let operation = match function {
        "encode" => "encode",
        "decode" | "decode_complete" => "decode",
        _ => return None,
    };
    let key_position = if library == "authlib" && operation == "encode" { 2 } else { 1 };
    let secret = site.argument("key", key_position);
    let secret_source = secret.map(|s| secret_source(index, bindings, site, s));
    let algorithms = match (library, operation) {
        ("authlib", "encode") => {
            site.first_argument().and_then(|h| dict_value(h, "alg")).into_iter().collect()
        }
        (_, "encode") => {
            site.argument("algorithm", 2).and_then(literal_str).map(str::to_owned).into_iter().collect()
        }
        _ => site.argument("algorithms", 2).map(literal_strings).unwrap_or_default(),
    };
    let disabled_by = disabled_by(site, &algorithms);
    Some(JwtUse { library, operation, secret, secret_source, algorithms, disabled_by })
}

fn disabled_by(site: &CallSite<'_>, algorithms: &[String]) -> Option<String> {
    let options_off = site.keyword("options").is_some_and(|options| match options {
        Expr::Dict(dict) => dict.iter().any(|item| {
            item.key.as_ref().and_then(literal_str) == Some("verify_signature")
                && is_false_literal(&item.value)
        }),
        _ => false,
    });
    if options_off {
        return Some("options verify_signature=False".to_owned());
    }
    if site.keyword("verify").is_some_and(is_false_literal) {
        return Some("verify=False".to_owned());
    }
    algorithms.iter().any(|a| a.eq_ignore_ascii_case("none")).then(|| "algorithm none".to_owned())
}

/// The string literals of a literal string, list, tuple or set.
fn literal_strings(expr: &Expr) -> Vec<String> {
    let elements: Vec<&Expr> = match expr {
        Expr::List(list) => list.iter().collect(),
        Expr::Tuple(tuple) => tuple.iter().collect(),
        Expr::Set(set) => set.iter().collect(),
        other => vec![other],
    };
    elements.into_iter().filter_map(literal_str).map(str::to_owned).collect()
}

/// The string value of `key` in a dict literal.
fn dict_value(expr: &Expr, key: &str) -> Option<String> {
    let Expr::Dict(dict) = expr else { return None };
    dict.iter()
        .find(|item| item.key.as_ref().and_then(literal_str) == Some(key))
        .and_then(|item| literal_str(&item.value))
        .map(str::to_owned)
}

/// Where a key comes from: a literal (directly or through a name bound to one), the
/// environment, configuration/settings objects, another variable, or anything else.
fn secret_source<'a>(
    index: &NodeIndex<'a>,
    bindings: &Bindings<'a>,
    site: &CallSite<'a>,
    expr: &'a Expr,
) -> &'static str {
    if let Some(source) = direct_source(index, site, expr) {
        return source;
    }
    let Expr::Name(name) = expr else { return "unknown" };
    use ruff_text_size::Ranged;
    match bindings.latest(site.entry.scope, name.id.as_str(), site.call.start()) {
        Some(bound) => direct_source(index, site, bound.value).unwrap_or("variable"),
        None => "variable",
    }
}

fn direct_source(index: &NodeIndex<'_>, site: &CallSite<'_>, expr: &Expr) -> Option<&'static str> {
    match expr {
        Expr::StringLiteral(_) | Expr::BytesLiteral(_) => return Some("hardcoded"),
        Expr::Call(call) if is_string_method(call) => {
            if let Expr::Attribute(attribute) = &*call.func {
                return direct_source(index, site, &attribute.value);
            }
        }
        _ => {}
    }
    let base = match expr {
        Expr::Call(call) => &*call.func,
        Expr::Subscript(subscript) => &*subscript.value,
        other => other,
    };
    let dotted = dotted_name(base)?;
    let qualified = index.names().qualify(index, site.entry.scope, &dotted).unwrap_or_else(|| dotted.clone());
    if qualified.starts_with("os.environ") || qualified == "os.getenv" || qualified == "os.getenvb" {
        return Some("environment");
    }
    let parts: Vec<String> = dotted.split('.').map(str::to_lowercase).collect();
    if parts.iter().any(|p| p == "environ" || p == "env" || p == "getenv") {
        return Some("environment");
    }
    let config_words = ["config", "settings", "conf", "cfg", "configuration", "secrets"];
    if parts.iter().any(|p| config_words.iter().any(|w| p == w || p.ends_with(&format!("_{w}")))) {
        return Some("config");
    }
    None
}

/// `"...".encode()`: the key is the receiver string.
fn is_string_method(call: &ruff_python_ast::ExprCall) -> bool {
    matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "encode" && matches!(&*a.value, Expr::StringLiteral(_)))
}
