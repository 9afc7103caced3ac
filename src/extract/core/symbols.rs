//! `symbols`, `params`, `decorators`, `class_bases`: one symbol per function, method, lambda and
//! class (the index's scopes, in order), with their parameters, decorators and bases.
//! Node kinds: StmtFunctionDef, StmtClassDef, ExprLambda (through `NodeIndex::scopes`).

use ruff_python_ast::{self as ast, Decorator, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::facts::{FileFacts, RowRef, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, Scope, ScopeDef, ScopeId};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let symbol = push_symbol(index, scope, facts);
        debug_assert_eq!(symbol.1 as usize, id, "symbols rows follow scope ids");
        let outer = scope.parent;
        match scope.def {
            ScopeDef::Function(def) => {
                push_params(index, symbol, &def.parameters, facts);
                push_decorators(index, symbol, outer, &def.decorator_list, facts);
            }
            ScopeDef::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    push_params(index, symbol, parameters, facts);
                }
            }
            ScopeDef::Class(def) => {
                push_decorators(index, symbol, outer, &def.decorator_list, facts);
                if let Some(arguments) = &def.arguments {
                    push_bases(index, symbol, outer, arguments, facts);
                }
            }
        }
    }
}

fn push_symbol(index: &NodeIndex<'_>, scope: &Scope<'_>, facts: &mut FileFacts) -> RowRef {
    let (start, range, is_async, returns, body) = match scope.def {
        ScopeDef::Function(def) => (
            index.def_start(&def.name, "def", def.is_async),
            def.range,
            def.is_async,
            def.returns.as_deref().map(|r| index.text(r)),
            Some(&def.body[..]),
        ),
        ScopeDef::Class(def) => {
            (index.def_start(&def.name, "class", false), def.range, false, None, Some(&def.body[..]))
        }
        ScopeDef::Lambda(lambda) => (lambda.range.start(), lambda.range, false, None, None),
    };
    let (line, col) = index.position(start);
    let end = if body.is_some() { index.def_end(range.end()) } else { range.end() };
    let (end_line, end_col) = index.position(end);
    let parent = scope.parent.map(|p| Value::Row(Table::Symbols, p));
    facts.push(
        Table::Symbols,
        [
            Value::File,
            parent.into(),
            scope.kind.as_str().into(),
            scope.name.as_str().into(),
            scope.qualname.as_str().into(),
            line.into(),
            col.into(),
            end_line.into(),
            end_col.into(),
            is_async.into(),
            returns.into(),
            body.and_then(docstring).into(),
        ],
    )
}

/// The docstring: a string literal as the first statement of the body.
fn docstring(body: &[Stmt]) -> Option<String> {
    match body.first()? {
        Stmt::Expr(ast::StmtExpr { value, .. }) => match value.as_ref() {
            Expr::StringLiteral(literal) => Some(literal.value.to_str().to_owned()),
            _ => None,
        },
        _ => None,
    }
}

fn push_params(index: &NodeIndex<'_>, symbol: RowRef, parameters: &ast::Parameters, facts: &mut FileFacts) {
    let mut position = 0usize;
    let mut push = |parameter: &ast::Parameter, kind: &str, default: Option<&Expr>, facts: &mut FileFacts| {
        facts.push(
            Table::Params,
            [
                symbol.into(),
                position.into(),
                parameter.name.as_str().into(),
                kind.into(),
                parameter.annotation.as_deref().map(|a| index.text(a)).into(),
                default.map(|d| index.text(d)).into(),
            ],
        );
        position += 1;
    };
    for p in &parameters.posonlyargs {
        push(&p.parameter, "positional_only", p.default.as_deref(), facts);
    }
    for p in &parameters.args {
        push(&p.parameter, "positional", p.default.as_deref(), facts);
    }
    if let Some(p) = &parameters.vararg {
        push(p, "var_positional", None, facts);
    }
    for p in &parameters.kwonlyargs {
        push(&p.parameter, "keyword_only", p.default.as_deref(), facts);
    }
    if let Some(p) = &parameters.kwarg {
        push(p, "var_keyword", None, facts);
    }
}

fn push_decorators(
    index: &NodeIndex<'_>,
    symbol: RowRef,
    outer: Option<ScopeId>,
    decorators: &[Decorator],
    facts: &mut FileFacts,
) {
    for (position, decorator) in decorators.iter().enumerate() {
        let callee = match &decorator.expression {
            Expr::Call(call) => &call.func,
            other => other,
        };
        let name = dotted_name(callee);
        let qualified = name.as_deref().and_then(|n| index.names().qualify(index, outer, n));
        let (line, col) = index.position(decorator.expression.start());
        facts.push(
            Table::Decorators,
            [
                symbol.into(),
                position.into(),
                line.into(),
                col.into(),
                name.into(),
                qualified.into(),
                index.text(&decorator.expression).into(),
            ],
        );
    }
}

fn push_bases(
    index: &NodeIndex<'_>,
    symbol: RowRef,
    outer: Option<ScopeId>,
    arguments: &ast::Arguments,
    facts: &mut FileFacts,
) {
    for (position, argument) in arguments.iter_source_order().enumerate() {
        let (keyword, value) = match argument {
            ast::ArgOrKeyword::Arg(expr) => (None, expr),
            ast::ArgOrKeyword::Keyword(keyword) => {
                (Some(keyword.arg.as_ref().map_or("**", |a| a.as_str())), &keyword.value)
            }
        };
        let name = dotted_name(value);
        let qualified = name.as_deref().and_then(|n| index.names().qualify(index, outer, n));
        facts.push(
            Table::ClassBases,
            [
                symbol.into(),
                position.into(),
                keyword.into(),
                name.into(),
                qualified.into(),
                index.text(value).into(),
            ],
        );
    }
}
