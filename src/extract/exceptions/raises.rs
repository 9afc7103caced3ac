//! `raises`: one row per `raise`, with the exception as written and qualified through the file's
//! imports (`raise errors.Invalid(...)` → `pkg.errors.Invalid`), the message argument, the `from`
//! cause, whether it re-raises (bare `raise`, or raising the name an enclosing `except ... as`
//! bound, also through `.with_traceback(...)`), and the test of the innermost enclosing `if`/`elif`/`else` clause of the same scope.
//! Node kinds: StmtRaise (enclosing handlers and ifs through the parent chain).

use ruff_python_ast::{self as ast, AnyNodeRef, Expr};
use ruff_text_size::Ranged;

use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeEntry, NodeIndex};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (raise, entry) in index.raises() {
        let exc = raise.exc.as_deref();
        let (exception, message) = match exc {
            // `raise e.with_traceback(tb)` raises `e`.
            Some(Expr::Call(call)) if is_with_traceback(&call.func) => (with_traceback_of(&call.func), None),
            Some(Expr::Call(call)) => (dotted_name(&call.func), call.arguments.args.first()),
            Some(other) => (dotted_name(other), None),
            None => (None, None),
        };
        let qualified = exception.as_deref().and_then(|e| index.names().qualify(index, entry.scope, e));
        let condition = Condition::of(index, entry);
        let (line, col) = index.position(raise.start());
        facts.push(
            Table::Raises,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                exception.into(),
                qualified.into(),
                exc.map(|e| index.text(e)).into(),
                message.map(|m| index.text(m)).into(),
                raise.cause.as_deref().map(|c| index.text(c)).into(),
                is_reraise(index, entry, exc).into(),
                condition.as_ref().map(|c| index.text(c.test)).into(),
                condition.map(|c| c.branch).into(),
            ],
        );
    }
}

/// A bare `raise`, or `raise e` (or `e.with_traceback(...)`) inside `except ... as e` (of the same
/// scope).
fn is_reraise(index: &NodeIndex<'_>, entry: &NodeEntry<'_>, exc: Option<&Expr>) -> bool {
    let Some(exc) = exc else { return true };
    // `raise e` or `raise e.with_traceback(tb)`.
    let raised = match exc {
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(attribute) if is_with_traceback(&call.func) => &*attribute.value,
            _ => return false,
        },
        other => other,
    };
    let Expr::Name(name) = raised else { return false };
    same_scope_ancestors(index, entry).any(|node| match node {
        AnyNodeRef::ExceptHandlerExceptHandler(handler) => {
            handler.name.as_ref().is_some_and(|bound| bound.as_str() == name.id.as_str())
        }
        _ => false,
    })
}

fn is_with_traceback(func: &Expr) -> bool {
    matches!(func, Expr::Attribute(attribute) if attribute.attr.as_str() == "with_traceback")
}

/// `e` of `e.with_traceback`, as a dotted name.
fn with_traceback_of(func: &Expr) -> Option<String> {
    let Expr::Attribute(attribute) = func else { return None };
    dotted_name(&attribute.value)
}

/// The enclosing nodes up to (not into) the enclosing function, class or lambda.
fn same_scope_ancestors<'i, 'a>(
    index: &'i NodeIndex<'a>,
    entry: &'i NodeEntry<'a>,
) -> impl Iterator<Item = AnyNodeRef<'a>> + 'i {
    index.ancestors(entry).map(|(_, e)| e.node).take_while(|node| {
        !matches!(
            node,
            AnyNodeRef::StmtFunctionDef(_) | AnyNodeRef::StmtClassDef(_) | AnyNodeRef::ExprLambda(_)
        )
    })
}

/// The `if` clause a raise sits in: its test and whether it is the `if`, an `elif` or the
/// `else` (whose test is that of the clause before it).
struct Condition<'a> {
    test: &'a Expr,
    branch: &'static str,
}

impl<'a> Condition<'a> {
    fn of(index: &NodeIndex<'a>, entry: &NodeEntry<'a>) -> Option<Condition<'a>> {
        let mut clause: Option<&'a ast::ElifElseClause> = None;
        for node in same_scope_ancestors(index, entry) {
            match node {
                AnyNodeRef::ElifElseClause(found) => clause = Some(found),
                AnyNodeRef::StmtIf(stmt_if) => return Some(Condition::in_if(stmt_if, clause)),
                _ => clause = None,
            }
        }
        None
    }

    fn in_if(stmt_if: &'a ast::StmtIf, clause: Option<&'a ast::ElifElseClause>) -> Condition<'a> {
        let Some(clause) = clause else { return Condition { test: &stmt_if.test, branch: "if" } };
        if let Some(test) = &clause.test {
            return Condition { test, branch: "elif" };
        }
        // `else`: the test of the clause before it.
        let before = stmt_if
            .elif_else_clauses
            .iter()
            .take_while(|c| c.range() != clause.range())
            .filter_map(|c| c.test.as_ref())
            .last();
        Condition { test: before.unwrap_or(&stmt_if.test), branch: "else" }
    }
}
