//! `collection_ops`: operations on collections, one row per call: methods of lists, dicts, sets,
//! deques and strings (`items.append(x)`, `d.setdefault(k, [])`, `", ".join(parts)`), builtin
//! helpers (`len`, `sorted`, `zip`, ...), and functions of `itertools`, `functools`,
//! `collections`, `heapq` and `bisect` qualified through the file's imports (also a bare
//! `@functools.cache` decorator). The collection's type comes from a literal receiver or from the
//! name's last plain assignment or annotation in its scope (`local_types`); NULL when unknown.
//! Node kinds: ExprCall, Decorator.

use ruff_python_ast::{AnyNodeRef, Expr};
use ruff_text_size::Ranged;

use super::local_types::{LocalTypes, known_type};
use super::{CallContext, Heads, ImportedNames, head_name, is_decorator};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeId};
use crate::store::schema::Table;

/// Methods of each family: (name, mutates the collection in place).
const LIST_METHODS: &[(&str, bool)] = &[
    ("append", true),
    ("extend", true),
    ("insert", true),
    ("pop", true),
    ("remove", true),
    ("clear", true),
    ("sort", true),
    ("reverse", true),
    ("index", false),
    ("count", false),
    ("copy", false),
];
const DICT_METHODS: &[(&str, bool)] = &[
    ("setdefault", true),
    ("update", true),
    ("pop", true),
    ("popitem", true),
    ("clear", true),
    ("get", false),
    ("keys", false),
    ("items", false),
    ("values", false),
    ("copy", false),
    ("fromkeys", false),
    ("most_common", false),
    ("elements", false),
    ("subtract", true),
    ("move_to_end", true),
];
const SET_METHODS: &[(&str, bool)] = &[
    ("add", true),
    ("discard", true),
    ("remove", true),
    ("pop", true),
    ("clear", true),
    ("update", true),
    ("intersection_update", true),
    ("difference_update", true),
    ("symmetric_difference_update", true),
    ("union", false),
    ("intersection", false),
    ("difference", false),
    ("symmetric_difference", false),
    ("issubset", false),
    ("issuperset", false),
    ("isdisjoint", false),
    ("copy", false),
];
const DEQUE_METHODS: &[(&str, bool)] = &[
    ("appendleft", true),
    ("extendleft", true),
    ("popleft", true),
    ("rotate", true),
    ("append", true),
    ("extend", true),
    ("insert", true),
    ("pop", true),
    ("remove", true),
    ("clear", true),
    ("reverse", true),
    ("index", false),
    ("count", false),
    ("copy", false),
];
const TUPLE_METHODS: &[(&str, bool)] = &[("index", false), ("count", false)];
const STRING_METHODS: &[&str] = &[
    "capitalize",
    "casefold",
    "center",
    "count",
    "decode",
    "encode",
    "endswith",
    "expandtabs",
    "find",
    "format",
    "format_map",
    "index",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isidentifier",
    "islower",
    "isnumeric",
    "isprintable",
    "isspace",
    "istitle",
    "isupper",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "maketrans",
    "partition",
    "removeprefix",
    "removesuffix",
    "replace",
    "rfind",
    "rindex",
    "rjust",
    "rpartition",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "swapcase",
    "title",
    "translate",
    "upper",
    "zfill",
];
/// Methods several families share: on a receiver of unknown type, their family is unknown.
const SHARED_METHODS: &[&str] = &["pop", "clear", "copy", "update", "remove", "count", "index"];

const BUILTIN_HELPERS: &[&str] = &[
    "all",
    "any",
    "dict",
    "enumerate",
    "filter",
    "frozenset",
    "iter",
    "len",
    "list",
    "map",
    "max",
    "min",
    "next",
    "range",
    "reversed",
    "set",
    "sorted",
    "sum",
    "tuple",
    "zip",
];
/// Functions of `heapq` and `bisect` that change the list they are given.
const MUTATING_HELPERS: &[&str] = &[
    "heapq.heappush",
    "heapq.heappop",
    "heapq.heapify",
    "heapq.heapreplace",
    "heapq.heappushpop",
    "bisect.insort",
    "bisect.insort_left",
    "bisect.insort_right",
];

/// One operation: family, method, collection type, whether it mutates, the collection's text.
struct Operation<'a> {
    kind: &'static str,
    method: String,
    collection_type: Option<&'static str>,
    mutates: bool,
    target: Option<&'a str>,
}

pub fn extract(index: &NodeIndex<'_>, calls: &CallContext<'_, '_>, facts: &mut FileFacts) {
    let (types, heads) = (&calls.types, &calls.heads);
    let imported = &heads.names;
    for (_, entry) in &calls.nodes {
        let operation = match entry.node {
            AnyNodeRef::ExprCall(call) => {
                let first_argument = call.arguments.args.first();
                operation(index, types, heads, entry.scope, &call.func, first_argument)
            }
            // A bare decorator (`@functools.cache`); a called one is an ExprCall.
            AnyNodeRef::Decorator(decorator)
                if !matches!(decorator.expression, Expr::Call(_))
                    && head_name(&decorator.expression).is_some_and(|head| imported.contains(head)) =>
            {
                let callee = dotted_name(&decorator.expression);
                let qualified = callee.and_then(|callee| index.names().qualify(index, entry.scope, &callee));
                qualified.and_then(|qualified| module_function(index, &qualified, None, || None))
            }
            _ => None,
        };
        let Some(operation) = operation else { continue };
        // A decorator's row sits at its expression, after the `@` (as in `decorators`).
        let start = match entry.node {
            AnyNodeRef::Decorator(decorator) => decorator.expression.start(),
            node => node.start(),
        };
        let (line, col) = index.position(start);
        facts.push(
            Table::CollectionOps,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                operation.kind.into(),
                operation.method.into(),
                operation.collection_type.into(),
                operation.mutates.into(),
                operation.target.into(),
                is_decorator(index, entry).into(),
            ],
        );
    }
}

fn operation<'a>(
    index: &NodeIndex<'a>,
    types: &LocalTypes<'_, 'a>,
    imported: &Heads,
    scope: Option<ScopeId>,
    func: &'a Expr,
    first_argument: Option<&'a Expr>,
) -> Option<Operation<'a>> {
    if !is_candidate(&imported.names, func) {
        return None;
    }
    // Only a callee whose leftmost name can resolve is qualified (most receivers are locals).
    let resolvable = head_name(func).is_some_and(|head| imported.may_resolve(head));
    let qualified = dotted_name(func)
        .filter(|_| resolvable)
        .and_then(|callee| index.names().qualify(index, scope, &callee));
    if let Some(qualified) = &qualified {
        let argument_type = || first_argument.and_then(|a| types.expr_type(scope, a));
        if let Some(operation) = module_function(index, qualified, first_argument, argument_type) {
            return Some(operation);
        }
    }
    let Expr::Attribute(attribute) = func else { return None };
    let receiver = &*attribute.value;
    let method = attribute.attr.as_str();
    // `os.path.join`, `self.update`, `Config.get`: a function of a module or a method of a class,
    // not an operation on a collection value. `str.join(...)`, `dict.fromkeys(...)` are.
    let collection_type = match qualified.as_deref().map(|q| q.strip_prefix("builtins.")) {
        Some(Some(builtin)) => Some(known_type(&format!("builtins.{}", builtin.split('.').next()?))?),
        Some(None) => return None,
        None => types.expr_type(scope, receiver),
    };
    let (kind, mutates) = method_family(collection_type, method)?;
    Some(Operation {
        kind,
        method: method.to_owned(),
        collection_type,
        mutates,
        target: Some(index.text(receiver)),
    })
}

/// Whether a callee can be a collection operation: a builtin helper, a name reached through an
/// import, or a method some collection has. Only candidates are qualified.
fn is_candidate(imported: &ImportedNames, func: &Expr) -> bool {
    match func {
        Expr::Name(name) => {
            BUILTIN_HELPERS.contains(&name.id.as_str()) || imported.contains(name.id.as_str())
        }
        Expr::Attribute(attribute) => {
            is_collection_method(attribute.attr.as_str())
                || head_name(func).is_some_and(|head| imported.contains(head))
        }
        _ => false,
    }
}

/// Whether `method` is in one of the method tables (a `match`: this runs for every call).
pub(super) fn is_collection_method(method: &str) -> bool {
    matches!(
        method,
        "add"
            | "append"
            | "appendleft"
            | "capitalize"
            | "casefold"
            | "center"
            | "clear"
            | "copy"
            | "count"
            | "decode"
            | "difference"
            | "difference_update"
            | "discard"
            | "elements"
            | "encode"
            | "endswith"
            | "expandtabs"
            | "extend"
            | "extendleft"
            | "find"
            | "format"
            | "format_map"
            | "fromkeys"
            | "get"
            | "index"
            | "insert"
            | "intersection"
            | "intersection_update"
            | "isalnum"
            | "isalpha"
            | "isascii"
            | "isdecimal"
            | "isdigit"
            | "isdisjoint"
            | "isidentifier"
            | "islower"
            | "isnumeric"
            | "isprintable"
            | "isspace"
            | "issubset"
            | "issuperset"
            | "istitle"
            | "isupper"
            | "items"
            | "join"
            | "keys"
            | "ljust"
            | "lower"
            | "lstrip"
            | "maketrans"
            | "most_common"
            | "move_to_end"
            | "partition"
            | "pop"
            | "popitem"
            | "popleft"
            | "remove"
            | "removeprefix"
            | "removesuffix"
            | "replace"
            | "reverse"
            | "rfind"
            | "rindex"
            | "rjust"
            | "rotate"
            | "rpartition"
            | "rsplit"
            | "rstrip"
            | "setdefault"
            | "sort"
            | "split"
            | "splitlines"
            | "startswith"
            | "strip"
            | "subtract"
            | "swapcase"
            | "symmetric_difference"
            | "symmetric_difference_update"
            | "title"
            | "translate"
            | "union"
            | "update"
            | "upper"
            | "values"
            | "zfill"
    )
}

/// The family of `method` on a collection of type `collection_type` (None: unknown type), and
/// whether it mutates; None when it is not a collection method.
fn method_family(collection_type: Option<&str>, method: &str) -> Option<(&'static str, bool)> {
    let in_table =
        |table: &[(&str, bool)]| table.iter().find(|(m, _)| *m == method).map(|(_, mutates)| *mutates);
    let family = match collection_type {
        Some("list" | "bytearray") => ("list", in_table(LIST_METHODS)?),
        Some("dict" | "defaultdict" | "OrderedDict" | "Counter" | "ChainMap") => {
            ("dict", in_table(DICT_METHODS)?)
        }
        Some("set" | "frozenset") => ("set", in_table(SET_METHODS)?),
        Some("deque") => ("deque", in_table(DEQUE_METHODS)?),
        Some("tuple") => ("tuple", in_table(TUPLE_METHODS)?),
        Some("str" | "bytes") => ("string", STRING_METHODS.contains(&method).then_some(false)?),
        Some(_) => return None,
        None if SHARED_METHODS.contains(&method) => {
            let mutates = !matches!(method, "copy" | "count" | "index");
            ("collection", mutates)
        }
        None => {
            let unique = [
                ("list", LIST_METHODS),
                ("dict", DICT_METHODS),
                ("set", SET_METHODS),
                ("deque", DEQUE_METHODS),
            ];
            let found = unique.iter().find_map(|(family, table)| Some((*family, in_table(table)?)));
            match found {
                Some(found) => found,
                None => ("string", STRING_METHODS.contains(&method).then_some(false)?),
            }
        }
    };
    Some(family)
}

/// A builtin helper or a function of `itertools`, `functools`, `collections`, `heapq` or
/// `bisect`, by its qualified name.
fn module_function<'a>(
    index: &NodeIndex<'a>,
    qualified: &str,
    first_argument: Option<&'a Expr>,
    argument_type: impl Fn() -> Option<&'static str>,
) -> Option<Operation<'a>> {
    let (module, function) = qualified.split_once('.')?;
    let target = first_argument.map(|a| index.text(a));
    let (kind, collection_type) = match module {
        "builtins" if BUILTIN_HELPERS.contains(&function) => ("builtin", argument_type()),
        "collections" if !function.starts_with("abc") => ("collections", known_type(qualified)),
        "itertools" => ("itertools", None),
        "functools" => ("functools", None),
        "heapq" => ("heapq", argument_type()),
        "bisect" => ("bisect", argument_type()),
        _ => return None,
    };
    Some(Operation {
        kind,
        method: function.to_owned(),
        collection_type,
        mutates: MUTATING_HELPERS.contains(&qualified),
        target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_of_the_tables_is_a_collection_method() {
        let tables = [LIST_METHODS, DICT_METHODS, SET_METHODS, DEQUE_METHODS, TUPLE_METHODS];
        for (method, _) in tables.iter().flat_map(|table| table.iter()) {
            assert!(is_collection_method(method), "{method}");
        }
        for method in STRING_METHODS.iter().chain(SHARED_METHODS) {
            assert!(is_collection_method(method), "{method}");
        }
    }
}
