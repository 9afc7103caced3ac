//! Standard-library use (issue 11): collection methods and stdlib module families, in
//! `collection_ops` and `stdlib_uses`, filled by one extractor (`stdlib`).

pub mod collection_ops;
pub mod local_types;
pub mod stdlib_uses;

use super::Extractor;
use crate::extract::classes::helpers::FastSet;
use crate::facts::FileFacts;
use crate::index::names::import_statements;
use crate::index::{NodeEntry, NodeId, NodeIndex, ScopeDef, ScopeKind};
use local_types::LocalTypes;
use ruff_python_ast::{AnyNodeRef, Expr, NodeKind};

/// This domain's extractors, in the order they run. One extractor fills both tables: they read
/// the same calls, local types and imported names, which are worth building once per file.
pub const EXTRACTORS: &[Extractor] =
    &[Extractor { name: "stdlib", kinds: &[NodeKind::ExprCall, NodeKind::Decorator], run: extract }];

/// `collection_ops` and `stdlib_uses` of one file.
fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let calls = CallContext::of(index);
    collection_ops::extract(index, &calls, facts);
    stdlib_uses::extract(index, &calls, facts);
}

/// What both tables are computed from: the calls and decorators in source order, the known
/// types of local names, and the names the imports bind.
pub struct CallContext<'i, 'a> {
    pub nodes: Vec<(NodeId, &'i NodeEntry<'a>)>,
    pub types: LocalTypes<'i, 'a>,
    pub heads: Heads<'i>,
}

impl<'i, 'a> CallContext<'i, 'a> {
    fn of(index: &'i NodeIndex<'a>) -> Self {
        let nodes = calls_and_decorators(index);
        let heads = Heads::of(index);
        let wanted = typed_names(&nodes, &heads);
        CallContext { types: LocalTypes::of(index, wanted), nodes, heads }
    }
}

/// The names whose type a row may need: the receiver of a collection method
/// (`items.append(x)`) and the first argument of a call that can resolve (`sorted(items)`).
fn typed_names<'a>(nodes: &[(NodeId, &NodeEntry<'a>)], heads: &Heads<'_>) -> FastSet<&'a str> {
    let mut wanted = FastSet::default();
    for (_, entry) in nodes {
        let AnyNodeRef::ExprCall(call) = entry.node else { continue };
        if let Expr::Attribute(attribute) = &*call.func
            && let Expr::Name(receiver) = &*attribute.value
            && collection_ops::is_collection_method(attribute.attr.as_str())
        {
            wanted.insert(receiver.id.as_str());
        }
        if let Some(Expr::Name(argument)) = call.arguments.args.first()
            && head_name(&call.func).is_some_and(|head| heads.may_resolve(head))
        {
            wanted.insert(argument.id.as_str());
        }
    }
    wanted
}

/// Calls and decorators in source order: the two sorted lists merged (no sort).
fn calls_and_decorators<'i, 'a>(index: &'i NodeIndex<'a>) -> Vec<(NodeId, &'i NodeEntry<'a>)> {
    let mut calls = index.of_kind(NodeKind::ExprCall).peekable();
    let mut decorators = index.of_kind(NodeKind::Decorator).peekable();
    let mut merged = Vec::new();
    loop {
        let next = match (calls.peek(), decorators.peek()) {
            (Some(call), Some(decorator)) if decorator.0 < call.0 => decorators.next(),
            (Some(_), _) => calls.next(),
            (None, _) => decorators.next(),
        };
        match next {
            Some(node) => merged.push(node),
            None => return merged,
        }
    }
}

/// Leftmost names that `Names::qualify` can resolve: imported names, the module's own functions
/// and classes, method receivers (`self`, `cls`) and the builtin types. Any other name is a local
/// value, so a callee starting with it is not qualified at all.
pub struct Heads<'i> {
    pub names: ImportedNames,
    others: FastSet<&'i str>,
}

impl<'i> Heads<'i> {
    fn of(index: &'i NodeIndex<'_>) -> Self {
        let mut others: FastSet<&'i str> = BUILTIN_TYPES.iter().copied().collect();
        for scope in index.scopes() {
            if scope.parent.is_none() && scope.kind != ScopeKind::Lambda {
                others.insert(scope.name.as_str());
            }
            if let (ScopeKind::Method, ScopeDef::Function(def)) = (scope.kind, scope.def) {
                let first = def.parameters.posonlyargs.iter().chain(&def.parameters.args).next();
                others.extend(first.map(|p| p.parameter.name.as_str()));
            }
        }
        Heads { names: ImportedNames::of(index), others }
    }

    pub fn may_resolve(&self, head: &str) -> bool {
        self.names.contains(head) || self.others.contains(head)
    }
}

/// Builtin types whose methods are collection operations when called on the type
/// (`dict.fromkeys`, `str.join`), and the builtin helpers.
const BUILTIN_TYPES: &[&str] = &[
    "bytearray",
    "bytes",
    "dict",
    "frozenset",
    "list",
    "set",
    "str",
    "tuple",
    "all",
    "any",
    "enumerate",
    "filter",
    "iter",
    "len",
    "map",
    "max",
    "min",
    "next",
    "range",
    "reversed",
    "sorted",
    "sum",
    "zip",
];

/// Whether a call or name is a decorator: the `Decorator` node itself, or a call that is a
/// decorator's whole expression (`@lru_cache(maxsize=32)`).
pub fn is_decorator(index: &NodeIndex<'_>, entry: &NodeEntry<'_>) -> bool {
    match entry.node {
        AnyNodeRef::Decorator(_) => true,
        _ => entry.parent.is_some_and(|parent| matches!(index.node(parent).node, AnyNodeRef::Decorator(_))),
    }
}

/// The names the file's imports bind, in any scope. Only a callee whose leftmost name is one of
/// them (or a builtin) can be a standard-library function, so other calls are not qualified at
/// all: qualifying every call of a file would cost as much as the rest of the extractor.
pub struct ImportedNames(FastSet<String>);

impl ImportedNames {
    pub fn of(index: &NodeIndex<'_>) -> Self {
        let names = import_statements(index).flat_map(|(_, bindings)| bindings).filter_map(|b| b.bound_name);
        ImportedNames(names.collect())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.contains(name)
    }
}

/// The leftmost name of a name/attribute chain (`os` in `os.path.join`).
pub fn head_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attribute) => head_name(&attribute.value),
        _ => None,
    }
}
