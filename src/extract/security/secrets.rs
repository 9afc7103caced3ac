//! Hard-coded secrets and temporary directories: a string literal assigned to a secret-like
//! name (`password`, `api_key`, `self.token`, `conf["secret"]`), compared with one
//! (`password == "x"`), given as a secret-like parameter default or dict entry (B105, B107);
//! string literals naming `/tmp`, `/var/tmp` or `/dev/shm` (B108), and the `"0.0.0.0"` address
//! (B104). Keyword arguments (B106) are checked with the other call rules. Node kinds: StmtAssign, StmtAnnAssign,
//! ExprCompare, StmtFunctionDef, ExprDict, ExprStringLiteral, ExprFString.

use ruff_python_ast::{self as ast, Expr, InterpolatedStringElement};
use ruff_text_size::Ranged;

use super::site::Finding;
use super::strings::{literal_str, shorten};
use crate::index::{NodeIndex, ScopeId};

const DETAIL_MAX: usize = 200;

/// Bandit's password words (`pas+wo?r?d`, `pass`, `passphrase`, `pwd`, `token`, `secrete?`)
/// as whole `_`-separated (or camelCase) parts of a name, plus key-like names (`api_key`,
/// `private_key`, `secret_key`, `access_key`, `signing_key`, `encryption_key`, `auth_key`).
pub fn is_secret_name(name: &str) -> bool {
    let words = split_words(name);
    if words.iter().any(|w| is_password_word(w)) {
        return true;
    }
    let joined: String = words.concat();
    [
        "apikey",
        "privatekey",
        "secretkey",
        "accesskey",
        "signingkey",
        "encryptionkey",
        "authkey",
        "clientsecret",
    ]
    .iter()
    .any(|k| joined.contains(k))
}

fn is_password_word(word: &str) -> bool {
    if matches!(word, "pass" | "passphrase" | "pwd" | "token" | "secret" | "secrete") {
        return true;
    }
    // pas+wo?r?d
    let Some(rest) = word.strip_prefix("pa") else { return false };
    let rest = rest.trim_start_matches('s');
    if rest.len() + 2 == word.len() {
        return false; // no `s`
    }
    let Some(rest) = rest.strip_prefix('w') else { return false };
    let rest = rest.strip_prefix('o').unwrap_or(rest);
    let rest = rest.strip_prefix('r').unwrap_or(rest);
    rest == "d"
}

/// Lower-case words of a name split at `_`, `-` and camelCase boundaries.
fn split_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c == '_' || c == '-' || c == '.' || c == ' ' {
            words.push(std::mem::take(&mut current));
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    words.push(current);
    words.retain(|w| !w.is_empty());
    words
}

/// The secret-like name a target names: a variable, an attribute, or a string subscript key.
fn target_name(target: &Expr) -> Option<&str> {
    match target {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attribute) => Some(attribute.attr.as_str()),
        Expr::Subscript(subscript) => literal_str(&subscript.slice),
        _ => None,
    }
    .filter(|name| is_secret_name(name))
}

pub fn collect(index: &NodeIndex<'_>, out: &mut Vec<Finding>) {
    assignments(index, out);
    comparisons(index, out);
    defaults(index, out);
    dict_entries(index, out);
    temp_dirs(index, out);
}

fn secret(
    index: &NodeIndex<'_>,
    node: &impl Ranged,
    scope: Option<ScopeId>,
    detail: String,
    bandit: &'static str,
) -> Finding {
    Finding::at(index, node, scope, "hardcoded_secret").detail(detail).bandit(bandit).dynamic(false)
}

fn assignments(index: &NodeIndex<'_>, out: &mut Vec<Finding>) {
    let assigns = index.assigns().map(|(a, e)| (a.targets.iter().collect::<Vec<_>>(), Some(&*a.value), e));
    let annotated = index.ann_assigns().map(|(a, e)| (vec![&*a.target], a.value.as_deref(), e));
    for (targets, value, entry) in assigns.chain(annotated) {
        let Some(value @ Expr::StringLiteral(_)) = value else { continue };
        for target in targets {
            if let Some(name) = target_name(target) {
                let detail = format!("{name} = {}", shorten(index.text(value), DETAIL_MAX));
                out.push(secret(index, target, entry.scope, detail, "B105"));
            }
        }
    }
}

/// `password == "x"` (and `"x" == password`).
fn comparisons(index: &NodeIndex<'_>, out: &mut Vec<Finding>) {
    for (compare, entry) in index.compares() {
        let (Some(right), Some(op)) = (compare.comparators.first(), compare.ops.first()) else { continue };
        if !matches!(op, ast::CmpOp::Eq | ast::CmpOp::NotEq) {
            continue;
        }
        let (name_side, literal) = match (&*compare.left, right) {
            (left, literal @ Expr::StringLiteral(_)) => (left, literal),
            (literal @ Expr::StringLiteral(_), right) => (right, literal),
            _ => continue,
        };
        if let Some(name) = target_name(name_side).filter(|_| !matches!(name_side, Expr::Subscript(_))) {
            let detail = format!("{name} {} {}", op.as_str(), shorten(index.text(literal), DETAIL_MAX));
            out.push(secret(index, compare, entry.scope, detail, "B105"));
        }
    }
}

/// `def connect(password="admin")` (B107).
fn defaults(index: &NodeIndex<'_>, out: &mut Vec<Finding>) {
    for (def, entry) in index.function_defs() {
        let parameters =
            def.parameters.posonlyargs.iter().chain(&def.parameters.args).chain(&def.parameters.kwonlyargs);
        for parameter in parameters {
            let Some(default @ Expr::StringLiteral(_)) = parameter.default.as_deref() else { continue };
            let name = parameter.parameter.name.as_str();
            if is_secret_name(name) {
                let detail = format!("{name}={}", shorten(index.text(default), DETAIL_MAX));
                out.push(secret(index, &parameter.parameter, entry.scope, detail, "B107"));
            }
        }
    }
}

/// `{"password": "x"}`.
fn dict_entries(index: &NodeIndex<'_>, out: &mut Vec<Finding>) {
    for (dict, entry) in index.dicts() {
        for item in dict.iter() {
            let (Some(key), Expr::StringLiteral(_)) = (&item.key, &item.value) else { continue };
            let Some(name) = literal_str(key).filter(|k| is_secret_name(k)) else { continue };
            let detail = format!("{name}: {}", shorten(index.text(&item.value), DETAIL_MAX));
            out.push(secret(index, key, entry.scope, detail, "B105"));
        }
    }
}

const TMP_PREFIXES: &[&str] = &["/tmp", "/var/tmp", "/dev/shm"];

/// String literals (and f-strings starting with a literal part) naming a shared temporary
/// directory (B108).
fn temp_dirs(index: &NodeIndex<'_>, out: &mut Vec<Finding>) {
    let is_tmp = |text: &str| TMP_PREFIXES.iter().any(|p| text.starts_with(p));
    for (literal, entry) in index.string_literals() {
        let text = literal.value.to_str();
        if is_tmp(text) {
            out.push(tmp_finding(index, literal, entry.scope));
        } else if text == "0.0.0.0" {
            out.push(
                Finding::at(index, literal, entry.scope, "bind_all_interfaces")
                    .detail(index.text(literal))
                    .bandit("B104"),
            );
        }
    }
    for (fstring, entry) in index.fstrings() {
        let first = fstring.value.elements().next();
        if let Some(InterpolatedStringElement::Literal(literal)) = first
            && is_tmp(&literal.value)
        {
            out.push(tmp_finding(index, fstring, entry.scope));
        }
    }
}

fn tmp_finding(index: &NodeIndex<'_>, node: &impl Ranged, scope: Option<ScopeId>) -> Finding {
    Finding::at(index, node, scope, "hardcoded_tmp")
        .detail(shorten(index.text(node), DETAIL_MAX))
        .bandit("B108")
        .dynamic(false)
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;

    #[test]
    fn secret_names() {
        for name in [
            "password",
            "PASSWORD",
            "db_password",
            "passwd",
            "pwd",
            "auth_token",
            "api_key",
            "apiKey",
            "SECRET_KEY",
            "client_secret",
            "dbPassword",
            "pass",
            "my_secret_value",
            "private_key_pem",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["passage", "tokens", "compass", "keyboard", "secretary", "path", "bypass_cache"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }
}
