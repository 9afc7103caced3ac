//! `parametrizations` and `parametrize_values`: `@pytest.mark.parametrize(argnames, argvalues)` on
//! test functions and classes, and one row per parameter value of each value set (a set is one
//! element of `argvalues`; `pytest.param(...)` gives its values and `id`). Node kinds: Decorator
//! (the decorated definitions come from the scopes).

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::fixtures::{literal_elements, pytest_param};
use super::{qualified, string_or_text, string_value};
use crate::extract::scope_value;
use crate::facts::{FileFacts, RowRef, Value};
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let decorators = match scope.def {
            ScopeDef::Function(def) => &def.decorator_list,
            ScopeDef::Class(def) => &def.decorator_list,
            ScopeDef::Lambda(_) => continue,
        };
        for decorator in decorators {
            let Expr::Call(call) = &decorator.expression else { continue };
            let name = qualified(index, scope.parent, &call.func);
            if name.as_deref() != Some("pytest.mark.parametrize") {
                continue;
            }
            push_parametrization(index, Some(id as ScopeId), call, facts);
        }
    }
}

fn push_parametrization(
    index: &NodeIndex<'_>,
    symbol: Option<ScopeId>,
    call: &ast::ExprCall,
    facts: &mut FileFacts,
) {
    let arguments = &call.arguments;
    let Some(argnames) = arguments.find_argument_value("argnames", 0) else { return };
    let names = argument_names(argnames);
    // pytest takes each set as the value of a single name given as a string (`"x"`), and
    // unpacks sets for names given as a tuple or list, even of one name (`("x",)`).
    let unpack = string_value(argnames).is_none();
    let argvalues = arguments.find_argument_value("argvalues", 1);
    let sets = argvalues.and_then(literal_elements);
    let indirect = arguments.find_keyword("indirect").is_some_and(|k| !is_false(&k.value));
    let ids = arguments.find_keyword("ids").map(|k| index.text(&k.value));
    let (line, col) = index.position(call.start());
    let names_text = match &names {
        Some(names) => names.join(","),
        None => index.text(argnames).to_owned(),
    };
    let row = facts.push(
        Table::Parametrizations,
        [
            Value::File,
            scope_value(symbol),
            line.into(),
            col.into(),
            names_text.into(),
            argvalues.map(|v| index.text(v)).into(),
            sets.map(<[Expr]>::len).into(),
            indirect.into(),
            ids.into(),
        ],
    );
    if let (Some(names), Some(sets)) = (names, sets) {
        for (set_position, set) in sets.iter().enumerate() {
            push_values(index, row, set_position, &names, unpack, set, facts);
        }
    }
}

/// The values of one set, one row per parameter. A set of several parameters that is not a
/// tuple or list display (a variable, a call) cannot be split: it gives no rows.
fn push_values(
    index: &NodeIndex<'_>,
    parametrization: RowRef,
    set_position: usize,
    names: &[&str],
    unpack: bool,
    set: &Expr,
    facts: &mut FileFacts,
) {
    let (values, set_label): (Vec<&Expr>, Option<&str>) = match pytest_param(set) {
        Some(param) => {
            let id = param.arguments.find_keyword("id").map(|k| string_or_text(index, &k.value));
            (param.arguments.args.iter().collect(), id)
        }
        None if !unpack && names.len() == 1 => (vec![set], None),
        None => match literal_elements(set) {
            Some(elements) => (elements.iter().collect(), None),
            None => return,
        },
    };
    // `pytest.param(x)` for a single name holds the one value.
    for (param_position, (name, value)) in names.iter().zip(values).enumerate() {
        facts.push(
            Table::ParametrizeValues,
            [
                parametrization.into(),
                set_position.into(),
                param_position.into(),
                (*name).into(),
                index.text(value).into(),
                set_label.into(),
            ],
        );
    }
}

/// `"a, b"`, `"a,b"`, `("a", "b")` or `["a", "b"]` → the names; None when not literal.
fn argument_names(expr: &Expr) -> Option<Vec<&str>> {
    if let Some(text) = string_value(expr) {
        return Some(text.split(',').map(str::trim).filter(|n| !n.is_empty()).collect());
    }
    literal_elements(expr)?.iter().map(string_value).collect()
}

fn is_false(expr: &Expr) -> bool {
    matches!(expr, Expr::BooleanLiteral(b) if !b.value)
}
