//! `hypothesis_strategies`: property-based tests under hypothesis's `@given(...)`, one row per
//! strategy argument (positional or keyword), with the strategy function qualified through the
//! file's imports (`st.integers()` → `hypothesis.strategies.integers`). Node kinds: Decorator
//! (the decorated functions come from the scopes).

use ruff_python_ast::{ArgOrKeyword, Expr};
use ruff_text_size::Ranged;

use super::qualified;
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Function(def) = scope.def else { continue };
        for decorator in &def.decorator_list {
            let Expr::Call(call) = &decorator.expression else { continue };
            if qualified(index, scope.parent, &call.func).as_deref() != Some("hypothesis.given") {
                continue;
            }
            for (position, argument) in call.arguments.iter_source_order().enumerate() {
                let (param, value) = match argument {
                    ArgOrKeyword::Arg(value) => (None, value),
                    ArgOrKeyword::Keyword(keyword) => {
                        (keyword.arg.as_ref().map(|a| a.as_str()), &keyword.value)
                    }
                };
                // The strategy: the called function (`st.lists(...)`), or a named strategy.
                let strategy = match value {
                    Expr::Call(inner) => qualified(index, scope.parent, &inner.func),
                    other => qualified(index, scope.parent, other),
                };
                let (line, col) = index.position(value.start());
                facts.push(
                    Table::HypothesisStrategies,
                    [
                        Value::File,
                        scope_value(Some(id as ScopeId)),
                        line.into(),
                        col.into(),
                        position.into(),
                        param.into(),
                        strategy.into(),
                        index.text(value).into(),
                    ],
                );
            }
        }
    }
}
