//! Types (issue 10): PEP 695 type parameters and `type` aliases, old-style TypeVars, `Generic[T]`
//! and `Protocol[T]` bases, protocol classes and their members, TypedDict fields, Literal values
//! and `@overload` variants.

pub mod generic_bases;
pub mod literal_values;
pub mod overloads;
pub mod protocol_classes;
pub mod type_aliases;
pub mod type_params;
pub mod type_vars;
pub mod typeddict_fields;

use ruff_python_ast::{Expr, NodeKind};

use super::Extractor;
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeId};

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor {
        name: "type_params",
        kinds: &[NodeKind::TypeParamTypeVar, NodeKind::TypeParamTypeVarTuple, NodeKind::TypeParamParamSpec],
        run: type_params::extract,
    },
    Extractor {
        name: "type_aliases",
        kinds: &[NodeKind::StmtTypeAlias, NodeKind::StmtAnnAssign, NodeKind::StmtAssign],
        run: type_aliases::extract,
    },
    Extractor { name: "type_vars", kinds: &[NodeKind::StmtAssign], run: type_vars::extract },
    Extractor { name: "generic_bases", kinds: &[NodeKind::StmtClassDef], run: generic_bases::extract },
    Extractor {
        name: "typeddict_fields",
        kinds: &[NodeKind::StmtClassDef, NodeKind::StmtAssign],
        run: typeddict_fields::extract,
    },
    Extractor { name: "literal_values", kinds: &[NodeKind::ExprSubscript], run: literal_values::extract },
    Extractor { name: "overloads", kinds: &[NodeKind::Decorator], run: overloads::extract },
    Extractor { name: "protocol_classes", kinds: &[NodeKind::StmtClassDef], run: protocol_classes::extract },
];

/// Which of `members` of `typing` (or `typing_extensions`) a name/attribute chain used in `scope`
/// refers to, through the file's imports: `t.Literal` with `import typing as t` → `Literal`.
/// An attribute chain must end in one of the members (checked before qualifying, which is the
/// costly part); a bare name may be an import alias (`from typing import Literal as L`).
pub fn typing_member(
    index: &NodeIndex<'_>,
    scope: Option<ScopeId>,
    expr: &Expr,
    members: &[&'static str],
) -> Option<&'static str> {
    match expr {
        Expr::Attribute(attribute) if !members.contains(&attribute.attr.as_str()) => return None,
        Expr::Attribute(_) | Expr::Name(_) => {}
        _ => return None,
    }
    let written = dotted_name(expr)?;
    let qualified = index.names().qualify(index, scope, &written)?;
    let member =
        qualified.strip_prefix("typing.").or_else(|| qualified.strip_prefix("typing_extensions."))?;
    members.iter().copied().find(|&m| m == member)
}

/// Whether a name/attribute chain refers to `typing.<member>` (or typing_extensions').
pub fn is_typing(index: &NodeIndex<'_>, scope: Option<ScopeId>, expr: &Expr, member: &'static str) -> bool {
    typing_member(index, scope, expr, &[member]).is_some()
}

/// The elements of a subscript's slice: `X[a, b]` → `[a, b]`, `X[a]` → `[a]`.
pub fn slice_elements(slice: &Expr) -> Vec<&Expr> {
    match slice {
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        other => vec![other],
    }
}
