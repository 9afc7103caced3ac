//! `literal_values`: one row per value of a `Literal[...]` type (nested Literals flattened), with
//! where it is used: a parameter annotation, a return annotation, a variable annotation, a type
//! alias (`type`, `TypeAlias`, `TypeAliasType`, or a plain module-level `X = Literal[...]`), or
//! elsewhere (`cast`, a subscript in an expression). Node kinds: ExprSubscript (the context
//! through the parent chain).

use ruff_python_ast::{self as ast, AnyNodeRef, Expr, UnaryOp};
use ruff_text_size::Ranged;

use super::{is_typing, slice_elements};
use crate::extract::scope_value;
use crate::extract::testing::scope_of_def;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeEntry, NodeIndex, ScopeId};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (subscript, entry) in index.subscripts() {
        if !is_literal(index, entry.scope, subscript) || inside_literal(index, entry) {
            continue;
        }
        let usage = Usage::of(index, subscript, entry);
        let mut values = Vec::new();
        flatten(index, entry.scope, subscript, &mut values);
        for (position, value) in values.into_iter().enumerate() {
            let (line, col) = index.position(value.start());
            facts.push(
                Table::LiteralValues,
                [
                    Value::File,
                    scope_value(entry.scope),
                    line.into(),
                    col.into(),
                    usage.context.into(),
                    usage.owner.as_deref().into(),
                    usage.symbol.map_or(Value::Null, |s| scope_value(Some(s))),
                    position.into(),
                    index.text(value).into(),
                    value_kind(value).into(),
                ],
            );
        }
    }
}

fn is_literal(index: &NodeIndex<'_>, scope: Option<ScopeId>, subscript: &ast::ExprSubscript) -> bool {
    is_typing(index, scope, &subscript.value, "Literal")
}

/// Whether the subscript is a value of an enclosing `Literal[...]` (then that one reports it).
fn inside_literal(index: &NodeIndex<'_>, entry: &NodeEntry<'_>) -> bool {
    for (_, ancestor) in index.ancestors(entry) {
        match ancestor.node {
            AnyNodeRef::ExprTuple(_) => continue,
            AnyNodeRef::ExprSubscript(outer) => return is_literal(index, ancestor.scope, outer),
            _ => return false,
        }
    }
    false
}

/// The values of a Literal, with nested `Literal[...]` values inlined (PEP 586).
fn flatten<'a>(
    index: &NodeIndex<'_>,
    scope: Option<ScopeId>,
    literal: &'a ast::ExprSubscript,
    out: &mut Vec<&'a Expr>,
) {
    for value in slice_elements(&literal.slice) {
        match value {
            Expr::Subscript(inner) if is_literal(index, scope, inner) => flatten(index, scope, inner, out),
            other => out.push(other),
        }
    }
}

fn value_kind(value: &Expr) -> &'static str {
    match value {
        Expr::StringLiteral(_) => "str",
        Expr::BytesLiteral(_) => "bytes",
        Expr::BooleanLiteral(_) => "bool",
        Expr::NoneLiteral(_) => "none",
        Expr::NumberLiteral(_) => "int",
        Expr::UnaryOp(unary)
            if unary.op == UnaryOp::USub && matches!(*unary.operand, Expr::NumberLiteral(_)) =>
        {
            "int"
        }
        Expr::Attribute(_) => "enum",
        _ => "other",
    }
}

/// Where a Literal is used.
struct Usage {
    context: &'static str,
    owner: Option<String>,
    symbol: Option<ScopeId>,
}

impl Usage {
    /// The first enclosing parameter, definition or statement decides; a call on the way
    /// (`cast(Literal[...], x)`) makes it `other`, except `TypeAliasType(...)`.
    fn of(index: &NodeIndex<'_>, subscript: &ast::ExprSubscript, entry: &NodeEntry<'_>) -> Usage {
        let other = Usage { context: "other", owner: None, symbol: None };
        let mut in_call = false;
        for (id, ancestor) in index.ancestors(entry) {
            match ancestor.node {
                AnyNodeRef::Parameter(parameter) => {
                    let function = index.ancestors(ancestor).find_map(|(def_id, e)| match e.node {
                        AnyNodeRef::StmtFunctionDef(_) => scope_of_def(index, def_id),
                        _ => None,
                    });
                    return Usage {
                        context: "parameter",
                        owner: Some(parameter.name.as_str().to_owned()),
                        symbol: function,
                    };
                }
                AnyNodeRef::StmtFunctionDef(_) => {
                    let symbol = scope_of_def(index, id);
                    let owner = symbol.map(|s| index.scope(s).qualname.clone());
                    return Usage { context: "return", owner, symbol };
                }
                AnyNodeRef::ExprCall(call) => {
                    let is_alias_type = is_typing(index, ancestor.scope, &call.func, "TypeAliasType");
                    in_call |= !is_alias_type;
                }
                AnyNodeRef::StmtTypeAlias(alias) => {
                    return Usage {
                        context: "alias",
                        owner: Some(index.text(&*alias.name).to_owned()),
                        symbol: None,
                    };
                }
                AnyNodeRef::StmtAnnAssign(assign) => {
                    let target = Some(index.text(&*assign.target).to_owned());
                    if assign.annotation.range().contains_range(subscript.range()) {
                        return Usage { context: "variable", owner: target, symbol: None };
                    }
                    let is_alias = is_typing(index, ancestor.scope, &assign.annotation, "TypeAlias");
                    return if is_alias && !in_call {
                        Usage { context: "alias", owner: target, symbol: None }
                    } else {
                        other
                    };
                }
                AnyNodeRef::StmtAssign(assign) => {
                    return match &assign.targets[..] {
                        [target @ Expr::Name(_)] if !in_call && ancestor.scope.is_none() => Usage {
                            context: "alias",
                            owner: Some(index.text(target).to_owned()),
                            symbol: None,
                        },
                        _ => other,
                    };
                }
                node if node.is_statement() => return other,
                _ => {}
            }
        }
        other
    }
}
