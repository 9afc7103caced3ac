//! `overloads`: each `@typing.overload` variant of a function or method (sync or async), with its
//! parameter list and return annotation, numbered within its qualname, and the implementation
//! that follows the variants when there is one (stubs and protocols have none).
//! Node kinds: Decorator (the decorated functions come from the scopes).

use std::collections::HashMap;

use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

use super::is_typing;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let scopes = index.scopes();
    let is_overload = |id: usize| match scopes[id].def {
        ScopeDef::Function(def) => {
            def.decorator_list.iter().any(|d| is_typing(index, scopes[id].parent, &d.expression, "overload"))
        }
        _ => false,
    };
    // Definitions by qualname and enclosing scope, to find each variant's implementation.
    let mut same_name: HashMap<(&str, Option<ScopeId>), Vec<usize>> = HashMap::new();
    for (id, scope) in scopes.iter().enumerate() {
        if matches!(scope.def, ScopeDef::Function(_)) {
            same_name.entry((scope.qualname.as_str(), scope.parent)).or_default().push(id);
        }
    }
    let mut positions: HashMap<&str, usize> = HashMap::new();
    for (id, scope) in scopes.iter().enumerate() {
        let ScopeDef::Function(def) = scope.def else { continue };
        if !is_overload(id) {
            continue;
        }
        let position = positions.entry(scope.qualname.as_str()).or_default();
        // The implementation: the next definition of the same name in the same scope that is no
        // overload variant.
        let implementation = same_name[&(scope.qualname.as_str(), scope.parent)]
            .iter()
            .find(|&&other| other > id && !is_overload(other))
            .map(|&other| other as ScopeId);
        let line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
        facts.push(
            Table::Overloads,
            [
                Value::File,
                scope_value(scope.parent),
                scope_value(Some(id as ScopeId)),
                line.into(),
                scope.qualname.as_str().into(),
                (*position).into(),
                index.text(&*def.parameters).into(),
                def.returns.as_deref().map(|r| index.text(r)).into(),
                implementation.map_or(Value::Null, |s| scope_value(Some(s))),
            ],
        );
        *position += 1;
    }
}
