//! `assertions`: `assert` statements in test code, unittest assertion methods
//! (`self.assertEqual`, `self.assertRaises`, `self.fail`, ...) in methods, and pytest's
//! `pytest.raises`/`warns`/`fail`/`deprecated_call`/`approx` in test code. Each row names the
//! test it belongs to (NULL in helpers and fixtures). Node kinds: StmtAssert, ExprCall.

use std::borrow::Cow;

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::{TestScopes, qualified};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeEntry, NodeIndex, ScopeKind};
use crate::store::schema::Table;

/// pytest's assertion helpers (qualified names).
const PYTEST_HELPERS: &[&str] =
    &["pytest.raises", "pytest.warns", "pytest.fail", "pytest.deprecated_call", "pytest.approx"];

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let tests = TestScopes::compute(index);
    // Assert statements and calls, merged in source order.
    let mut found: Vec<(u32, Assertion<'_>, &NodeEntry<'_>)> = Vec::new();
    for (assert, entry) in index.asserts() {
        if tests.is_test_code(index, entry.scope) {
            let message = assert.msg.as_deref().map(|m| index.text(m));
            let row = Assertion { kind: "assert", method: None, expr: index.text(&*assert.test), message };
            found.push((assert.start().to_u32(), row, entry));
        }
    }
    for (call, entry) in index.calls() {
        let row = if let Some(method) = unittest_method(index, entry, &call.func) {
            // `fail(msg)` takes its message first; the assertion methods take `msg=` last.
            let message = match method.as_ref() {
                "fail" => call.arguments.find_argument_value("msg", 0),
                _ => call.arguments.find_keyword("msg").map(|k| &k.value),
            };
            let message = message.map(|m| index.text(m));
            Assertion { kind: "unittest", method: Some(method), expr: index.text(call), message }
        } else if may_be_pytest_helper(&call.func)
            && tests.is_test_code(index, entry.scope)
            && let Some(name) = qualified(index, entry.scope, &call.func)
            && PYTEST_HELPERS.contains(&name.as_str())
        {
            let method = name.strip_prefix("pytest.").unwrap_or(&name).to_owned();
            let message = match method.as_str() {
                "fail" => call.arguments.find_argument_value("reason", 0),
                _ => call.arguments.find_keyword("match").map(|k| &k.value),
            };
            let message = message.map(|m| index.text(m));
            Assertion { kind: "pytest", method: Some(Cow::Owned(method)), expr: index.text(call), message }
        } else {
            continue;
        };
        found.push((call.start().to_u32(), row, entry));
    }
    found.sort_by_key(|(start, _, _)| *start);
    for (start, row, entry) in found {
        let (line, col) = index.position(start.into());
        let test = tests.enclosing_test(index, entry.scope).map(|n| Value::Row(Table::TestCases, n));
        facts.push(
            Table::Assertions,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                row.kind.into(),
                test.into(),
                row.method.map_or(Value::Null, Value::Text),
                row.expr.into(),
                row.message.into(),
            ],
        );
    }
}

struct Assertion<'a> {
    kind: &'static str,
    method: Option<MethodName<'a>>,
    expr: &'a str,
    message: Option<&'a str>,
}

/// A method name: borrowed from the source, or built (`raises` from `pytest.raises`).
type MethodName<'a> = Cow<'a, str>;

/// A cheap test before qualifying: an attribute callee must end in a helper's name.
fn may_be_pytest_helper(func: &Expr) -> bool {
    match func {
        Expr::Attribute(attribute) => {
            PYTEST_HELPERS.iter().any(|h| h.strip_prefix("pytest.") == Some(attribute.attr.as_str()))
        }
        Expr::Name(_) => true,
        _ => false,
    }
}

/// `self.assertX(...)`, `self.failX(...)` or `self.fail(...)` in a method whose first parameter is
/// `self`: the method name.
fn unittest_method<'a>(
    index: &NodeIndex<'a>,
    entry: &NodeEntry<'_>,
    func: &'a Expr,
) -> Option<MethodName<'a>> {
    let Expr::Attribute(attribute) = func else { return None };
    let Expr::Name(receiver) = &*attribute.value else { return None };
    let method = attribute.attr.as_str();
    let is_assertion = method == "fail"
        || ["assert", "fail"].iter().any(|prefix| {
            method.strip_prefix(prefix).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
        });
    if !is_assertion || receiver.id.as_str() != "self" || !inside_method(index, entry) {
        return None;
    }
    Some(Cow::Borrowed(method))
}

/// Whether the code is in a method (directly, or in a function or lambda nested in one, where
/// `self` is the method's).
fn inside_method(index: &NodeIndex<'_>, entry: &NodeEntry<'_>) -> bool {
    std::iter::successors(entry.scope, |&id| index.scope(id).parent)
        .any(|id| index.scope(id).kind == ScopeKind::Method)
}
