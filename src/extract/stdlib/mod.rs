//! Standard-library use (issue 11): collection methods and stdlib module families, in
//! `collection_ops` and `stdlib_uses`, filled by one extractor (`stdlib`).

pub mod collection_ops;
pub mod local_types;
pub mod stdlib_uses;

use super::Extractor;
use crate::extract::classes::helpers::FastSet;
use crate::facts::FileFacts;
use crate::index::names::import_statements;
use crate::index::{NodeEntry, NodeId, NodeIndex};
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
    pub imported: ImportedNames,
}

impl<'i, 'a> CallContext<'i, 'a> {
    fn of(index: &'i NodeIndex<'a>) -> Self {
        CallContext {
            nodes: index.of_kinds(&[NodeKind::ExprCall, NodeKind::Decorator]),
            types: LocalTypes::of(index),
            imported: ImportedNames::of(index),
        }
    }
}

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
