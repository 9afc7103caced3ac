//! `except_handlers`: one row per `except` or `except*` clause, with what it catches and how it
//! deals with the error (`strategy`). Node kinds: ExceptHandlerExceptHandler; StmtRaise,
//! StmtReturn and ExprCall for what happens in a handler's body.
//!
//! A raise, return or logging call belongs to its innermost handler in the same scope (found
//! from its ancestors, so a `raise` in an `if` inside the handler counts, one in a nested
//! handler or nested function does not).

use ruff_python_ast::{
    AnyNodeRef, ExceptHandlerExceptHandler, Expr, ExprCall, NodeKind, Stmt, StmtRaise, StmtReturn,
};
use ruff_text_size::Ranged;

use super::super::scope_value;
use super::branches::branch_ids;
use super::enclosing::{ancestors_in_scope, body_holds, row_of};
use crate::facts::{FileFacts, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeEntry, NodeId, NodeIndex};
use crate::store::schema::Table;

/// Logger methods: `log.error(...)`, `self.logger.exception(...)`.
const LOG_METHODS: &[&str] =
    &["critical", "debug", "error", "exception", "fatal", "info", "log", "warn", "warning"];

/// Functions that report an error without raising.
const REPORTING_FUNCTIONS: &[&str] =
    &["builtins.print", "traceback.print_exc", "traceback.print_exception", "warnings.warn"];

/// What the statements of one handler's body do (filled from the file's raises, returns and calls).
#[derive(Default, Clone)]
struct Handling {
    reraises: bool,
    raises_other: bool,
    returns_none: bool,
    returns_value: bool,
    logs: bool,
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let handlers: Vec<(NodeId, &NodeEntry<'_>)> =
        index.of_kind(NodeKind::ExceptHandlerExceptHandler).collect();
    let ids: Vec<NodeId> = handlers.iter().map(|(id, _)| *id).collect();
    let handling = handling(index, &handlers, &ids);
    let branches = branch_ids(index);
    for ((_, entry), handling) in handlers.iter().zip(handling) {
        let AnyNodeRef::ExceptHandlerExceptHandler(handler) = entry.node else { continue };
        let try_node = entry.parent.map(|parent| (parent, index.node(parent).node));
        let is_star = matches!(try_node, Some((_, AnyNodeRef::StmtTry(node))) if node.is_star);
        let try_row =
            try_node.and_then(|(id, _)| row_of(&branches, id)).map(|row| Value::Row(Table::Branches, row));
        let (line, col) = index.position(handler.start());
        facts.push(
            Table::ExceptHandlers,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                (if is_star { "except_star" } else { "except" }).into(),
                handler.type_.as_deref().map(|t| index.text(t)).into(),
                handler.name.as_ref().map(|n| n.as_str()).into(),
                handler.type_.is_none().into(),
                handling.reraises.into(),
                strategy(handler, &handling).into(),
                try_row.into(),
                is_broad(index, entry, handler).into(),
                handling.logs.into(),
            ],
        );
    }
}

/// Attributes every raise, return and logging call of the file to its innermost handler.
fn handling(index: &NodeIndex<'_>, handlers: &[(NodeId, &NodeEntry<'_>)], ids: &[NodeId]) -> Vec<Handling> {
    let mut found = vec![Handling::default(); handlers.len()];
    if handlers.is_empty() {
        return found;
    }
    for (raise, entry) in index.raises() {
        if let Some(row) = innermost_handler(index, entry, ids) {
            let handler = handlers[row].1.node;
            if is_reraise(raise, handler) {
                found[row].reraises = true;
            } else {
                found[row].raises_other = true;
            }
        }
    }
    for (ret, entry) in index.returns() {
        if let Some(row) = innermost_handler(index, entry, ids) {
            if returns_none(ret) {
                found[row].returns_none = true;
            } else {
                found[row].returns_value = true;
            }
        }
    }
    for (call, entry) in index.calls() {
        if let Some(row) = innermost_handler(index, entry, ids)
            && is_logging_call(index, entry, call)
        {
            found[row].logs = true;
        }
    }
    found
}

/// The position (in `ids`) of the handler whose body holds `entry`, innermost first, in the
/// same scope.
fn innermost_handler(index: &NodeIndex<'_>, entry: &NodeEntry<'_>, ids: &[NodeId]) -> Option<usize> {
    let range = entry.node.range();
    ancestors_in_scope(index, entry)
        .find(|(_, ancestor)| {
            matches!(ancestor.node, AnyNodeRef::ExceptHandlerExceptHandler(h) if body_holds(&h.body, range))
        })
        .and_then(|(id, _)| row_of(ids, id))
        .map(|row| row as usize)
}

/// A bare `raise`, or `raise e` (also `raise e from ...`) with the handler's own name.
fn is_reraise(raise: &StmtRaise, handler: AnyNodeRef<'_>) -> bool {
    let AnyNodeRef::ExceptHandlerExceptHandler(handler) = handler else { return false };
    match (raise.exc.as_deref(), &handler.name) {
        (None, _) => true,
        (Some(Expr::Name(raised)), Some(name)) => raised.id.as_str() == name.as_str(),
        _ => false,
    }
}

/// `return` or `return None`.
fn returns_none(ret: &StmtReturn) -> bool {
    matches!(ret.value.as_deref(), None | Some(Expr::NoneLiteral(_)))
}

/// A call that reports the error: a `logging` function, a logger method (`log.error`,
/// `self.logger.exception`: the receiver's last name contains `log`; or
/// `logging.getLogger(...).warning`), `print`, `warnings.warn` or
/// `traceback.print_exc`/`print_exception`.
fn is_logging_call(index: &NodeIndex<'_>, entry: &NodeEntry<'_>, call: &ExprCall) -> bool {
    if let Expr::Attribute(method) = &*call.func
        && LOG_METHODS.contains(&method.attr.as_str())
        && is_logger(&method.value)
    {
        return true;
    }
    let Some(callee) = dotted_name(&call.func) else { return false };
    let Some(qualified) = index.names().qualify(index, entry.scope, &callee) else { return false };
    qualified.starts_with("logging.") || REPORTING_FUNCTIONS.contains(&qualified.as_str())
}

/// A receiver that names a logger (`log`, `self._logger`, `LOG`) or gets one (`getLogger(...)`).
fn is_logger(receiver: &Expr) -> bool {
    match receiver {
        Expr::Call(call) => dotted_name(&call.func).is_some_and(|name| name.ends_with("getLogger")),
        other => dotted_name(other).is_some_and(|name| {
            name.rsplit('.').next().is_some_and(|last| last.to_ascii_lowercase().contains("log"))
        }),
    }
}

/// `except:`, or a caught type that is `Exception` or `BaseException` (alone or in a tuple).
fn is_broad(index: &NodeIndex<'_>, entry: &NodeEntry<'_>, handler: &ExceptHandlerExceptHandler) -> bool {
    let Some(caught) = handler.type_.as_deref() else { return true };
    let types: &[Expr] = match caught {
        Expr::Tuple(tuple) => &tuple.elts,
        single => std::slice::from_ref(single),
    };
    types.iter().any(|t| {
        dotted_name(t)
            .and_then(|name| index.names().qualify(index, entry.scope, &name))
            .is_some_and(|q| matches!(q.as_str(), "builtins.Exception" | "builtins.BaseException"))
    })
}

/// How the handler deals with the error, first match wins:
/// `swallow` (its body only has `pass`, `...`, constants or `continue`), `log_and_reraise`,
/// `reraise`, `convert` (raises another exception), `return_default` (returns a value),
/// `return_none`, `assign_default` (its body only assigns: `value = None`), `log` (reports and
/// goes on), `other`.
fn strategy(handler: &ExceptHandlerExceptHandler, handling: &Handling) -> &'static str {
    if handler.body.iter().all(does_nothing) {
        "swallow"
    } else if handling.reraises {
        if handling.logs { "log_and_reraise" } else { "reraise" }
    } else if handling.raises_other {
        "convert"
    } else if handling.returns_value {
        "return_default"
    } else if handling.returns_none {
        "return_none"
    } else if handler.body.iter().all(|stmt| matches!(stmt, Stmt::Assign(_) | Stmt::AnnAssign(_))) {
        "assign_default"
    } else if handling.logs {
        "log"
    } else {
        "other"
    }
}

/// `pass`, `...`, a docstring-like constant or `continue`: statements that drop the error.
fn does_nothing(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Pass(_) | Stmt::Continue(_) => true,
        Stmt::Expr(expr) => expr.value.is_literal_expr(),
        _ => false,
    }
}
