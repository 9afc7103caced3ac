//! `param_flows`: for each parameter of a function or lambda, the function's own returns whose
//! value reads it (a `return` inside a nested function belongs to that function, not to this
//! one; the predecessor matched every return in the file). A lambda's body is its return. A
//! name inside a nested lambda or comprehension of the returned expression counts when that
//! nested scope does not bind the name itself. Node kinds: StmtFunctionDef, ExprLambda,
//! StmtReturn, ExprName.

use std::collections::HashMap;

use ruff_python_ast::{self as ast, AnyNodeRef, Expr, ExprContext};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let loads: Vec<(&ast::ExprName, Option<ScopeId>)> = index
        .names_used()
        .filter(|(name, _)| name.ctx == ExprContext::Load)
        .map(|(name, entry)| (name, entry.scope))
        .collect();
    // Returns per scope, numbered like their `returns` rows.
    let mut returns: HashMap<ScopeId, Vec<(u32, &ast::StmtReturn, bool)>> = HashMap::new();
    for (row, (ret, entry)) in index.returns().enumerate() {
        if let Some(scope) = entry.scope {
            returns.entry(scope).or_default().push((row as u32, ret, is_conditional(index, entry)));
        }
    }
    for (id, scope) in index.scopes().iter().enumerate() {
        let id = id as ScopeId;
        let (parameters, lambda_body) = match scope.def {
            ScopeDef::Function(def) => (&*def.parameters, None),
            ScopeDef::Lambda(lambda) => match lambda.parameters.as_deref() {
                Some(parameters) => (parameters, Some(&*lambda.body)),
                None => continue,
            },
            ScopeDef::Class(_) => continue,
        };
        for (position, parameter) in parameters.iter().enumerate() {
            let name = parameter.name().as_str();
            let mut push = |at: TextSize, value: &Expr, row: Option<u32>, conditional: bool| {
                let kind = match value {
                    Expr::Name(n) if n.id.as_str() == name => "direct",
                    _ => "derived",
                };
                let (line, col) = index.position(at);
                facts.push(
                    Table::ParamFlows,
                    [
                        Value::File,
                        Value::Row(Table::Symbols, id),
                        line.into(),
                        col.into(),
                        name.into(),
                        position.into(),
                        row.map_or(Value::Null, |r| Value::Row(Table::Returns, r)),
                        kind.into(),
                        conditional.into(),
                    ],
                );
            };
            if let Some(body) = lambda_body {
                if reads(index, &loads, body.range(), id, name) {
                    push(body.start(), body, None, false);
                }
                continue;
            }
            for (row, ret, conditional) in returns.get(&id).into_iter().flatten() {
                if let Some(value) = ret.value.as_deref()
                    && reads(index, &loads, value.range(), id, name)
                {
                    push(ret.start(), value, Some(*row), *conditional);
                }
            }
        }
    }
}

/// Whether `range` (inside scope `owner`) loads `name` as `owner`'s own variable: in `owner`
/// itself, or in a nested scope that does not bind the name.
fn reads(
    index: &NodeIndex<'_>,
    loads: &[(&ast::ExprName, Option<ScopeId>)],
    range: TextRange,
    owner: ScopeId,
    name: &str,
) -> bool {
    let start = loads.partition_point(|(n, _)| n.start() < range.start());
    loads[start..].iter().take_while(|(n, _)| n.end() <= range.end()).any(|(n, scope)| {
        n.id.as_str() == name && scope.is_some_and(|s| s == owner || sees_through(index, s, owner, name))
    })
}

/// Whether a load of `name` in `inner` (nested in `owner`) refers to `owner`'s binding.
fn sees_through(index: &NodeIndex<'_>, inner: ScopeId, owner: ScopeId, name: &str) -> bool {
    let mut current = Some(inner);
    while let Some(id) = current {
        if id == owner {
            return true;
        }
        if index.names().binds(id, name) {
            return false;
        }
        current = index.scope(id).parent;
    }
    false
}

/// Whether a return sits under an `if`, loop, `try` or `match` of its own function.
fn is_conditional(index: &NodeIndex<'_>, entry: &crate::index::NodeEntry<'_>) -> bool {
    for (_, ancestor) in index.ancestors(entry) {
        if ancestor.scope != entry.scope {
            return false;
        }
        match ancestor.node {
            AnyNodeRef::StmtIf(_)
            | AnyNodeRef::StmtFor(_)
            | AnyNodeRef::StmtWhile(_)
            | AnyNodeRef::StmtTry(_)
            | AnyNodeRef::StmtMatch(_) => return true,
            AnyNodeRef::StmtFunctionDef(_) | AnyNodeRef::ExprLambda(_) => return false,
            _ => {}
        }
    }
    false
}
