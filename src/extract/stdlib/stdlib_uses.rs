//! `stdlib_uses`: calls and bare decorators of standard-library modules, by module family
//! (`FAMILIES`), with the callee qualified through the file's imports (`from os import path as
//! p; p.join()` is `os.path.join`), plus the builtins that belong to a family (`isinstance`,
//! `open`, `__import__`), and methods of a logger or compiled pattern held in a local name
//! (`log = logging.getLogger(__name__); log.info(...)`). `functools`, `itertools`, `collections`,
//! `heapq` and `bisect` are in `collection_ops`. Node kinds: ExprCall, Decorator.

use ruff_python_ast::{AnyNodeRef, Expr, ExprCall};
use ruff_text_size::Ranged;

use super::local_types::LocalTypes;
use super::{CallContext, head_name, is_decorator};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeId};
use crate::store::schema::Table;

/// Module (or builtin function) → family. The longest matching module prefix wins.
pub const FAMILIES: &[(&str, &str)] = &[
    ("re", "re"),
    ("json", "json"),
    ("logging", "logging"),
    ("datetime", "datetime"),
    ("time", "datetime"),
    ("calendar", "datetime"),
    ("zoneinfo", "datetime"),
    ("pathlib", "pathlib"),
    ("os.path", "pathlib"),
    ("shutil", "filesystem"),
    ("glob", "filesystem"),
    ("fnmatch", "filesystem"),
    ("tempfile", "filesystem"),
    ("io", "io"),
    ("builtins.open", "io"),
    ("os", "os"),
    ("sys", "sys"),
    ("subprocess", "subprocess"),
    ("threading", "threading"),
    ("queue", "threading"),
    ("multiprocessing", "multiprocessing"),
    ("asyncio", "asyncio"),
    ("concurrent.futures", "concurrent"),
    ("contextlib", "contextlib"),
    ("typing", "typing"),
    ("typing_extensions", "typing"),
    ("builtins.isinstance", "typing"),
    ("builtins.issubclass", "typing"),
    ("builtins.type", "typing"),
    ("weakref", "weakref"),
    ("contextvars", "contextvars"),
    ("pickle", "pickle"),
    ("marshal", "pickle"),
    ("shelve", "pickle"),
    ("copyreg", "pickle"),
    ("copy", "copy"),
    ("dataclasses", "dataclasses"),
    ("importlib", "importlib"),
    ("pkgutil", "importlib"),
    ("builtins.__import__", "importlib"),
    ("random", "random"),
    ("secrets", "random"),
    ("hashlib", "hashlib"),
    ("hmac", "hashlib"),
    ("socket", "network"),
    ("ssl", "network"),
    ("urllib", "network"),
    ("http", "network"),
    ("smtplib", "network"),
    ("ftplib", "network"),
    ("sqlite3", "sqlite3"),
    ("csv", "csv"),
    ("warnings", "warnings"),
    ("math", "math"),
    ("statistics", "math"),
    ("decimal", "math"),
    ("fractions", "math"),
    ("argparse", "argparse"),
];

/// Builtins that belong to a family.
const FAMILY_BUILTINS: &[&str] = &["isinstance", "issubclass", "type", "open", "__import__"];

pub fn extract(index: &NodeIndex<'_>, calls: &CallContext<'_, '_>, facts: &mut FileFacts) {
    let (types, imported) = (&calls.types, &calls.heads.names);
    for (_, entry) in &calls.nodes {
        let func = match entry.node {
            // `type(name, bases, namespace)` creates a class; only `type(x)` is a type check.
            AnyNodeRef::ExprCall(call) if is_class_creation(call) => continue,
            AnyNodeRef::ExprCall(call) => &*call.func,
            // A bare decorator (`@contextlib.contextmanager`); a called one is an ExprCall.
            AnyNodeRef::Decorator(decorator) if !matches!(decorator.expression, Expr::Call(_)) => {
                &decorator.expression
            }
            _ => continue,
        };
        let Some(head) = head_name(func) else { continue };
        let candidate =
            imported.contains(head) || FAMILY_BUILTINS.contains(&head) || types.holds_object(head);
        if !candidate {
            continue;
        }
        let Some(qualified) = qualified_callee(index, types, entry.scope, func) else { continue };
        let Some((family, module, function)) = family_of(&qualified) else { continue };
        // A decorator's row sits at its expression, after the `@` (as in `decorators`).
        let start = match entry.node {
            AnyNodeRef::Decorator(decorator) => decorator.expression.start(),
            node => node.start(),
        };
        let (line, col) = index.position(start);
        facts.push(
            Table::StdlibUses,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                family.into(),
                module.into(),
                function.into(),
                is_decorator(index, entry).into(),
            ],
        );
    }
}

/// A call `type(...)` with other than one argument.
fn is_class_creation(call: &ExprCall) -> bool {
    matches!(&*call.func, Expr::Name(name) if name.id.as_str() == "type") && call.arguments.len() != 1
}

/// The callee qualified through imports, or `logging.Logger.info` for a method of a name known
/// to hold a logger (`re.Pattern.match` for a compiled pattern).
fn qualified_callee(
    index: &NodeIndex<'_>,
    types: &LocalTypes<'_, '_>,
    scope: Option<ScopeId>,
    func: &Expr,
) -> Option<String> {
    let callee = dotted_name(func)?;
    if let Some(qualified) = index.names().qualify(index, scope, &callee) {
        return Some(qualified);
    }
    let Expr::Attribute(attribute) = func else { return None };
    let Expr::Name(holder) = &*attribute.value else { return None };
    let ty = types.type_of(scope, holder.id.as_str(), holder.start())?;
    ty.contains('.').then(|| format!("{ty}.{}", attribute.attr.as_str()))
}

/// (family, module, function) of a qualified name: the longest module prefix in `FAMILIES`;
/// the function is the rest (NULL when the name is the module itself).
fn family_of(qualified: &str) -> Option<(&'static str, &str, Option<&str>)> {
    let mut end = qualified.len();
    loop {
        let prefix = &qualified[..end];
        if let Some((module, family)) = FAMILIES.iter().find(|(m, _)| *m == prefix) {
            let rest = qualified.get(end + 1..).filter(|r| !r.is_empty());
            // `builtins.open`: the module is `builtins`, the function `open`.
            return Some(match module.split_once('.') {
                Some(("builtins", function)) => (*family, "builtins", Some(function)),
                _ => (*family, prefix, rest),
            });
        }
        end = prefix.rfind('.')?;
    }
}
