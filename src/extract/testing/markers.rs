//! `test_markers`: pytest marks (`@pytest.mark.skip`, `skipif`, `xfail`, `usefixtures`,
//! `filterwarnings`, custom marks such as `slow`; `parametrize` has its own table) on functions and
//! classes and in `pytestmark = ...` assignments of a module or class body, and unittest's
//! `@unittest.skip`, `skipIf`, `skipUnless` and `expectedFailure`, with their condition and reason;
//! also the imperative forms called in a test (`pytest.skip(...)`, `pytest.xfail(...)`,
//! `pytest.importorskip(...)`, `self.skipTest(...)`). Node kinds: Decorator, StmtAssign, ExprCall
//! (decorated definitions come from the scopes).

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::{Ranged, TextRange};

use super::fixtures::literal_elements;
use super::{Framework, decorator_parts, qualified, string_or_text};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    // Decorators and `pytestmark` assignments, merged in source order.
    let mut marks: Vec<(&Expr, Option<ScopeId>, Option<ScopeId>)> = Vec::new();
    for (id, scope) in index.scopes().iter().enumerate() {
        let decorators = match scope.def {
            ScopeDef::Function(def) => &def.decorator_list,
            ScopeDef::Class(def) => &def.decorator_list,
            ScopeDef::Lambda(_) => continue,
        };
        marks.extend(decorators.iter().map(|d| (&d.expression, scope.parent, Some(id as ScopeId))));
    }
    for (assign, entry) in index.assigns() {
        let is_pytestmark =
            matches!(&assign.targets[..], [Expr::Name(name)] if name.id.as_str() == "pytestmark");
        let at_module_or_class =
            entry.scope.is_none_or(|id| matches!(index.scope(id).def, ScopeDef::Class(_)));
        if is_pytestmark && at_module_or_class {
            let elements =
                literal_elements(&assign.value).map_or_else(|| vec![&*assign.value], |e| e.iter().collect());
            marks.extend(elements.into_iter().map(|mark| (mark, entry.scope, entry.scope)));
        }
    }
    let mut found: Vec<(Mark<'_>, TextRange, Option<ScopeId>, Option<ScopeId>)> = marks
        .into_iter()
        .filter_map(|(expr, scope, symbol)| {
            Mark::of(index, scope, expr).map(|mark| (mark, expr.range(), scope, symbol))
        })
        .collect();
    // Imperative skips mark the function they are called in (the module at module level).
    for (call, entry) in index.calls() {
        if let Some(mark) = imperative_skip(index, entry.scope, call) {
            found.push((mark, call.range(), entry.scope, entry.scope));
        }
    }
    found.sort_by_key(|(_, range, _, _)| range.start());
    for (mark, range, scope, symbol) in found {
        let (line, col) = index.position(range.start());
        facts.push(
            Table::TestMarkers,
            [
                Value::File,
                scope_value(scope),
                scope_value(symbol),
                line.into(),
                col.into(),
                mark.framework.as_str().into(),
                mark.kind.into(),
                mark.name.into(),
                mark.condition.map(|c| index.text(c)).into(),
                mark.reason.map(|r| string_or_text(index, r)).into(),
                index.slice(range).into(),
                mark.is_call.into(),
            ],
        );
    }
}

struct Mark<'a> {
    framework: Framework,
    kind: &'static str,
    name: &'a str,
    condition: Option<&'a Expr>,
    reason: Option<&'a Expr>,
    is_call: bool,
}

impl<'a> Mark<'a> {
    /// The mark `expr` applies, if it is one: `pytest.mark.<name>[(...)]` or a unittest skip
    /// decorator, qualified through the file's imports.
    fn of(index: &NodeIndex<'_>, scope: Option<ScopeId>, expr: &'a Expr) -> Option<Mark<'a>> {
        let (callee, call) = decorator_parts(expr);
        let name = match callee {
            Expr::Attribute(attribute) => attribute.attr.as_str(),
            Expr::Name(name) => name.id.as_str(),
            _ => return None,
        };
        let qualified = qualified(index, scope, callee)?;
        let args = call.map_or(&[][..], |c| &c.arguments.args[..]);
        let reason_keyword = call.and_then(|c| c.arguments.find_keyword("reason")).map(|k| &k.value);
        let (framework, kind, condition, reason) = match qualified.strip_prefix("pytest.mark.") {
            Some("parametrize") => return None,
            Some("skip") => (Framework::Pytest, "skip", None, reason_keyword.or(args.first())),
            Some("skipif") => (Framework::Pytest, "skipif", args.first(), reason_keyword),
            Some("xfail") => (Framework::Pytest, "xfail", condition_argument(call), reason_keyword),
            Some("usefixtures") => (Framework::Pytest, "usefixtures", None, None),
            Some("filterwarnings") => (Framework::Pytest, "filterwarnings", None, None),
            Some(custom) if !custom.contains('.') => (Framework::Pytest, "custom", None, None),
            Some(_) => return None,
            None => match unittest_decorator(&qualified)? {
                "skip" => (Framework::Unittest, "skip", None, args.first().or(reason_keyword)),
                "expectedFailure" => (Framework::Unittest, "xfail", None, None),
                _ => (Framework::Unittest, "skipif", args.first(), args.get(1).or(reason_keyword)),
            },
        };
        Some(Mark { framework, kind, name, condition, reason, is_call: false })
    }
}

/// `xfail(condition, reason=...)`: the first positional argument, or `condition=`.
fn condition_argument(call: Option<&ast::ExprCall>) -> Option<&Expr> {
    call.and_then(|c| c.arguments.find_argument_value("condition", 0))
}

/// The unittest skip decorator a qualified name is (`unittest.skipIf` → `skipIf`).
fn unittest_decorator(qualified: &str) -> Option<&str> {
    let name = qualified.strip_prefix("unittest.case.").or_else(|| qualified.strip_prefix("unittest."))?;
    ["skip", "skipIf", "skipUnless", "expectedFailure"].contains(&name).then_some(name)
}

/// `pytest.skip(reason)`, `pytest.xfail(reason)`, `pytest.importorskip(module, reason=...)` or
/// `self.skipTest(reason)`: the mark it applies at run time.
fn imperative_skip<'a>(
    index: &NodeIndex<'_>,
    scope: Option<ScopeId>,
    call: &'a ast::ExprCall,
) -> Option<Mark<'a>> {
    let name = match &*call.func {
        Expr::Attribute(attribute) => attribute.attr.as_str(),
        Expr::Name(name) => name.id.as_str(),
        _ => return None,
    };
    if !matches!(name, "skip" | "xfail" | "importorskip" | "skipTest") {
        return None;
    }
    let arguments = &call.arguments;
    let first = arguments.args.first();
    let reason_keyword =
        arguments.find_keyword("reason").or_else(|| arguments.find_keyword("msg")).map(|k| &k.value);
    let (framework, kind, condition, reason) = match qualified(index, scope, &call.func).as_deref() {
        Some("pytest.skip") => (Framework::Pytest, "skip", None, first.or(reason_keyword)),
        Some("pytest.xfail") => (Framework::Pytest, "xfail", None, first.or(reason_keyword)),
        Some("pytest.importorskip") => (Framework::Pytest, "skipif", first, reason_keyword),
        _ if is_self_skip_test(call) => (Framework::Unittest, "skip", None, first.or(reason_keyword)),
        _ => return None,
    };
    Some(Mark { framework, kind, name, condition, reason, is_call: true })
}

/// `self.skipTest(...)`.
fn is_self_skip_test(call: &ast::ExprCall) -> bool {
    matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "skipTest"
        && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
}
