//! `test_fixtures` and `fixture_params`: pytest fixtures (`@pytest.fixture`, `@fixture` imported
//! from pytest, `pytest_asyncio.fixture`), with their scope (pytest's default `function` when not
//! given), `autouse`, `name=` override, whether they tear down through `yield`, and one row per
//! `params=` value. Node kinds: Decorator (the decorated functions come from the scopes),
//! ExprYield, ExprYieldFrom.

use std::collections::HashSet;

use ruff_python_ast::{Expr, ExprCall};

use super::{fixture_decorator, is_true, string_or_text, string_value};
use crate::extract::scope_value;
use crate::facts::{FileFacts, RowRef, Value};
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let yielding: HashSet<Option<ScopeId>> =
        index.yields().map(|(_, e)| e.scope).chain(index.yield_froms().map(|(_, e)| e.scope)).collect();
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Function(def) = scope.def else { continue };
        let Some(call) = fixture_decorator(index, scope.parent, &def.decorator_list) else { continue };
        let keyword = |name: &str| call.and_then(|c| c.arguments.find_keyword(name)).map(|k| &k.value);
        let name = keyword("name").and_then(string_value).unwrap_or(def.name.as_str());
        // A scope given by a callable (dynamic scope) is unknown here: NULL.
        let fixture_scope = match keyword("scope") {
            None => Some("function"),
            Some(expr) => string_value(expr),
        };
        let params = keyword("params");
        let literal_params = params.and_then(literal_elements);
        let line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
        let id = Some(id as ScopeId);
        let row = facts.push(
            Table::TestFixtures,
            [
                Value::File,
                scope_value(id),
                line.into(),
                name.into(),
                fixture_scope.into(),
                is_true(keyword("autouse")).into(),
                yielding.contains(&id).into(),
                params.filter(|_| literal_params.is_none()).map(|p| index.text(p)).into(),
            ],
        );
        for (position, value) in literal_params.into_iter().flatten().enumerate() {
            push_param(index, row, position, value, facts);
        }
    }
}

/// The elements of a list or tuple display.
pub fn literal_elements(expr: &Expr) -> Option<&[Expr]> {
    match expr {
        Expr::List(list) => Some(&list.elts),
        Expr::Tuple(tuple) => Some(&tuple.elts),
        _ => None,
    }
}

/// One `params=` value; `pytest.param(value, id="x")` gives its value and id.
fn push_param(index: &NodeIndex<'_>, fixture: RowRef, position: usize, value: &Expr, facts: &mut FileFacts) {
    let (value, id) = match pytest_param(value) {
        Some(call) => {
            let id = call.arguments.find_keyword("id").map(|k| string_or_text(index, &k.value));
            let text = match &call.arguments.args[..] {
                [single] => index.text(single),
                _ => index.slice(call.arguments.inner_range()),
            };
            (text, id)
        }
        None => (index.text(value), None),
    };
    facts.push(Table::FixtureParams, [fixture.into(), position.into(), value.into(), id.into()]);
}

/// A `pytest.param(...)` call (matched by name: it is only meaningful inside pytest decorators).
pub fn pytest_param(expr: &Expr) -> Option<&ExprCall> {
    let Expr::Call(call) = expr else { return None };
    let name = crate::index::names::dotted_name(&call.func)?;
    (name == "pytest.param" || name == "param").then_some(call)
}
