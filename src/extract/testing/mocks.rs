//! `mocks`: `unittest.mock` (and the `mock` backport) patches as decorators, context managers and
//! plain calls (`patch`, `patch.object`, `patch.dict`, `patch.multiple`), with their target;
//! pytest-mock's `mocker.patch...` on a `mocker` fixture parameter; and mock objects (`Mock`,
//! `MagicMock`, `AsyncMock`, `create_autospec`, ...) with their spec; and the replacing methods of
//! pytest's `monkeypatch` fixture (`setattr`, `setitem`, `setenv` and their `del` forms). Callees are qualified
//! through the file's imports, so a project's own `patch` function gives no row.
//! Node kinds: ExprCall (with its parent: Decorator or WithItem).

use ruff_python_ast::{AnyNodeRef, Expr, ExprCall};
use ruff_text_size::Ranged;

use super::{qualified, scope_of_def, string_or_text};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeEntry, NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

/// The parameter names under which pytest-mock provides its fixture.
const MOCKER_FIXTURES: &[&str] =
    &["mocker", "class_mocker", "module_mocker", "package_mocker", "session_mocker"];

/// Mock object factories of `unittest.mock` (spec is the first argument or `spec=`/`spec_set=`).
const MOCK_FACTORIES: &[&str] = &[
    "Mock",
    "MagicMock",
    "AsyncMock",
    "NonCallableMock",
    "NonCallableMagicMock",
    "PropertyMock",
    "ThreadingMock",
    "create_autospec",
    "mock_open",
];

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (call, entry) in index.calls() {
        let Some((qualified, function)) = mock_function(index, entry, &call.func) else { continue };
        let (kind, symbol) = match function {
            MockFunction::Patch(_) => placement(index, entry),
            MockFunction::Factory => ("mock_object", None),
            MockFunction::Monkeypatch(_) => ("monkeypatch", None),
        };
        let (target, attribute, new) = match function {
            MockFunction::Patch(variant) => patch_arguments(index, call, variant),
            MockFunction::Factory => {
                let spec = call
                    .arguments
                    .find_keyword("spec")
                    .or_else(|| call.arguments.find_keyword("spec_set"))
                    .map(|k| &k.value)
                    .or(call.arguments.args.first())
                    .filter(|_| !qualified.ends_with(".mock_open"));
                (spec.map(|s| index.text(s)), None, None)
            }
            MockFunction::Monkeypatch(method) => monkeypatch_arguments(index, call, method),
        };
        let (line, col) = index.position(call.start());
        facts.push(
            Table::Mocks,
            [
                Value::File,
                scope_value(entry.scope),
                scope_value(symbol),
                line.into(),
                col.into(),
                kind.into(),
                dotted_name(&call.func).into(),
                qualified.into(),
                target.into(),
                attribute.into(),
                new.into(),
            ],
        );
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PatchVariant {
    Plain,
    Object,
    Dict,
    Multiple,
}

#[derive(Clone, Copy)]
enum MockFunction {
    Patch(PatchVariant),
    Factory,
    /// A method of pytest's `monkeypatch` fixture that replaces something.
    Monkeypatch(MonkeypatchMethod),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum MonkeypatchMethod {
    SetAttr,
    DelAttr,
    SetItem,
    DelItem,
    SetEnv,
    DelEnv,
}

/// The qualified name of a mock library function and what it is, or None for anything else.
fn mock_function(
    index: &NodeIndex<'_>,
    entry: &NodeEntry<'_>,
    func: &Expr,
) -> Option<(String, MockFunction)> {
    // Cheap test first: an attribute callee must end in a mock library name (a bare name may be
    // an import alias, `MagicMock as MM`, so it is qualified).
    if let Expr::Attribute(attribute) = func {
        let last = attribute.attr.as_str();
        let monkeypatch = ["setattr", "delattr", "setitem", "delitem", "setenv", "delenv"].contains(&last);
        if !matches!(last, "patch" | "object" | "dict" | "multiple")
            && !MOCK_FACTORIES.contains(&last)
            && !monkeypatch
        {
            return None;
        }
    }
    let (qualified, rest) = match qualified(index, entry.scope, func) {
        Some(name) => {
            let rest = name.strip_prefix("unittest.mock.").or_else(|| name.strip_prefix("mock."))?.to_owned();
            (name, rest)
        }
        None => {
            let written = dotted_name(func)?;
            let (head, rest) = written.split_once('.')?;
            if head == "monkeypatch" && has_parameter(index, entry.scope, head) {
                let method = match rest {
                    "setattr" => MonkeypatchMethod::SetAttr,
                    "delattr" => MonkeypatchMethod::DelAttr,
                    "setitem" => MonkeypatchMethod::SetItem,
                    "delitem" => MonkeypatchMethod::DelItem,
                    "setenv" => MonkeypatchMethod::SetEnv,
                    "delenv" => MonkeypatchMethod::DelEnv,
                    _ => return None,
                };
                return Some((format!("pytest.MonkeyPatch.{rest}"), MockFunction::Monkeypatch(method)));
            }
            if !MOCKER_FIXTURES.contains(&head) || !has_parameter(index, entry.scope, head) {
                return None;
            }
            (format!("pytest_mock.MockerFixture.{rest}"), rest.to_owned())
        }
    };
    let function = match rest.as_str() {
        "patch" => MockFunction::Patch(PatchVariant::Plain),
        "patch.object" => MockFunction::Patch(PatchVariant::Object),
        "patch.dict" => MockFunction::Patch(PatchVariant::Dict),
        "patch.multiple" => MockFunction::Patch(PatchVariant::Multiple),
        factory if MOCK_FACTORIES.contains(&factory) => MockFunction::Factory,
        _ => return None,
    };
    Some((qualified, function))
}

/// Whether `name` is a parameter of the function `scope` or of a function enclosing it.
fn has_parameter(index: &NodeIndex<'_>, scope: Option<ScopeId>, name: &str) -> bool {
    std::iter::successors(scope, |&id| index.scope(id).parent).any(|id| match index.scope(id).def {
        ScopeDef::Function(def) => def.parameters.iter().any(|p| p.name().as_str() == name),
        ScopeDef::Lambda(lambda) => {
            lambda.parameters.as_ref().is_some_and(|ps| ps.iter().any(|p| p.name().as_str() == name))
        }
        ScopeDef::Class(_) => false,
    })
}

/// How a patch is applied: as a decorator (with the decorated definition), as a `with` item, or
/// as a plain call (`patcher = patch(...)`, `mocker.patch(...)`).
fn placement(index: &NodeIndex<'_>, entry: &NodeEntry<'_>) -> (&'static str, Option<ScopeId>) {
    let parent = entry.parent.map(|p| (p, index.node(p)));
    match parent.map(|(id, e)| (id, e.node)) {
        Some((id, AnyNodeRef::Decorator(_))) => {
            let decorated = index.node(id).parent.and_then(|def| scope_of_def(index, def));
            ("patch_decorator", decorated)
        }
        Some((_, AnyNodeRef::WithItem(_))) => ("patch_context", None),
        _ => ("patch_call", None),
    }
}

/// Target, attribute and replacement of a patch call. `patch(target, new)`,
/// `patch.object(obj, "attr", new)`, `patch.dict(in_dict, values)`, `patch.multiple(target, **)`.
fn patch_arguments<'a>(
    index: &NodeIndex<'a>,
    call: &'a ExprCall,
    variant: PatchVariant,
) -> (Option<&'a str>, Option<&'a str>, Option<&'a str>) {
    let arguments = &call.arguments;
    let text = |expr: Option<&'a Expr>| expr.map(|e| string_or_text(index, e));
    let source = |expr: Option<&'a Expr>| expr.map(|e| index.text(e));
    match variant {
        PatchVariant::Plain => (
            text(arguments.find_argument_value("target", 0)),
            None,
            source(arguments.find_argument_value("new", 1)),
        ),
        PatchVariant::Object => (
            text(arguments.find_argument_value("target", 0)),
            text(arguments.find_argument_value("attribute", 1)),
            source(arguments.find_argument_value("new", 2)),
        ),
        PatchVariant::Dict => (
            text(arguments.find_argument_value("in_dict", 0)),
            None,
            source(arguments.find_argument_value("values", 1)),
        ),
        PatchVariant::Multiple => (text(arguments.find_argument_value("target", 0)), None, None),
    }
}

/// Target, attribute and new value of a `monkeypatch` call: `setattr(obj, "name", value)` or
/// `setattr("pkg.mod.name", value)`, `delattr(obj, "name")` or `delattr("pkg.mod.name")`,
/// `setitem(mapping, key, value)`, `delitem(mapping, key)`, `setenv(name, value)`, `delenv(name)`.
fn monkeypatch_arguments<'a>(
    index: &NodeIndex<'a>,
    call: &'a ExprCall,
    method: MonkeypatchMethod,
) -> (Option<&'a str>, Option<&'a str>, Option<&'a str>) {
    let args = &call.arguments.args;
    let text = |position: usize| args.get(position).map(|e| string_or_text(index, e));
    let source = |position: usize| args.get(position).map(|e| index.text(e));
    // The dotted-string forms: the first argument is a string and the attribute is not given.
    let dotted = matches!(args.first(), Some(Expr::StringLiteral(_)));
    match method {
        MonkeypatchMethod::SetAttr if dotted && args.len() == 2 => (text(0), None, source(1)),
        MonkeypatchMethod::DelAttr if dotted && args.len() == 1 => (text(0), None, None),
        MonkeypatchMethod::SetAttr | MonkeypatchMethod::SetItem => (source(0), text(1), source(2)),
        MonkeypatchMethod::DelAttr | MonkeypatchMethod::DelItem => (source(0), text(1), None),
        MonkeypatchMethod::SetEnv => (text(0), None, source(1)),
        MonkeypatchMethod::DelEnv => (text(0), None, None),
    }
}
