//! `type_params`: PEP 695 type parameters of generic functions, classes and `type` aliases
//! (`def f[T: int = str]`, `class C[*Ts]`, `type A[**P] = ...`), with their owner, position,
//! kind, bound or constraints, and PEP 696 default. Node kinds: TypeParamTypeVar,
//! TypeParamTypeVarTuple, TypeParamParamSpec (their owner through the parent chain).

use ruff_python_ast::{AnyNodeRef, Expr, NodeKind, TypeParam};
use ruff_text_size::Ranged;

use crate::extract::scope_value;
use crate::extract::testing::scope_of_def;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeEntry, NodeIndex, ScopeId};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let kinds = [NodeKind::TypeParamTypeVar, NodeKind::TypeParamTypeVarTuple, NodeKind::TypeParamParamSpec];
    for (_, entry) in index.of_kinds(&kinds) {
        let Some(owner) = Owner::of(index, entry) else { continue };
        let (name, kind, bound, default) = match entry.node {
            AnyNodeRef::TypeParamTypeVar(p) => (&p.name, "typevar", p.bound.as_deref(), p.default.as_deref()),
            AnyNodeRef::TypeParamTypeVarTuple(p) => (&p.name, "typevartuple", None, p.default.as_deref()),
            AnyNodeRef::TypeParamParamSpec(p) => (&p.name, "paramspec", None, p.default.as_deref()),
            _ => continue,
        };
        let position = owner.params.iter().position(|p| p.range() == entry.node.range()).unwrap_or_default();
        let (line, col) = index.position(entry.node.start());
        facts.push(
            Table::TypeParams,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                owner.name.into(),
                position.into(),
                name.as_str().into(),
                kind.into(),
                bound.map(|b| index.text(b)).into(),
                default.map(|d| index.text(d)).into(),
                owner.kind.into(),
                owner.symbol.map_or(Value::Null, |s| scope_value(Some(s))),
                matches!(bound, Some(Expr::Tuple(_))).into(),
            ],
        );
    }
}

/// The generic function, class or alias a type parameter belongs to.
struct Owner<'a> {
    kind: &'static str,
    name: String,
    symbol: Option<ScopeId>,
    params: &'a [TypeParam],
}

impl<'a> Owner<'a> {
    /// The parameter's parent is the `TypeParams` list, whose parent is the owner.
    fn of(index: &NodeIndex<'a>, entry: &NodeEntry<'a>) -> Option<Owner<'a>> {
        let (owner_id, owner) = index.ancestors(entry).nth(1)?;
        match owner.node {
            AnyNodeRef::StmtFunctionDef(def) => {
                let symbol = scope_of_def(index, owner_id)?;
                let params = &def.type_params.as_deref()?.type_params;
                Some(Owner {
                    kind: "function",
                    name: index.scope(symbol).qualname.clone(),
                    symbol: Some(symbol),
                    params,
                })
            }
            AnyNodeRef::StmtClassDef(def) => {
                let symbol = scope_of_def(index, owner_id)?;
                let params = &def.type_params.as_deref()?.type_params;
                Some(Owner {
                    kind: "class",
                    name: index.scope(symbol).qualname.clone(),
                    symbol: Some(symbol),
                    params,
                })
            }
            AnyNodeRef::StmtTypeAlias(alias) => {
                let params = &alias.type_params.as_deref()?.type_params;
                Some(Owner { kind: "alias", name: index.text(&*alias.name).to_owned(), symbol: None, params })
            }
            _ => None,
        }
    }
}
