//! `tasks` and `task_options`: Celery tasks (`@app.task`, `@celery.task(bind=True, ...)`,
//! `@shared_task`, `@app.task()` on a `Celery(...)` object of the file or an application named so)
//! and Dramatiq actors (`@dramatiq.actor`). The name is the explicit `name=`, or Celery's
//! default `module.function`. Each decorator keyword is one `task_options` row.
//! Node kinds: StmtFunctionDef (decorators, through the scopes).

use ruff_python_ast::Expr;

use crate::extract::routes::helpers::{as_call, callee_name, keyword, last_segment, string_value};
use crate::facts::{FileFacts, Value};
use crate::index::names::join_dotted;
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

/// (framework, decorator) when `written` (qualified as `qualified`) declares a task.
pub fn task_decorator(qualified: Option<&str>, written: &str) -> Option<&'static str> {
    match qualified {
        Some("celery.shared_task" | "celery.task" | "celery.app.shared_task") => return Some("celery"),
        Some("dramatiq.actor") => return Some("dramatiq"),
        Some(q) if q.starts_with("celery.") && last_segment(q) == "periodic_task" => return Some("celery"),
        Some(q) if q.starts_with("celery.") && last_segment(q) == "task" => return Some("celery"),
        _ => {}
    }
    let (receiver, attr) = written.rsplit_once('.')?;
    if attr != "task" || receiver.starts_with("self") {
        return None;
    }
    let receiver = last_segment(receiver).to_ascii_lowercase();
    let celery_like = receiver.contains("celery") || receiver == "app" || receiver.ends_with("_app");
    celery_like.then_some("celery")
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Function(def) = scope.def else { continue };
        for decorator in &def.decorator_list {
            let Some(written) = callee_name(&decorator.expression) else { continue };
            let qualified = index.names().qualify(index, scope.parent, &written);
            let Some(framework) = task_decorator(qualified.as_deref(), &written) else { continue };
            let call = as_call(&decorator.expression);
            let explicit = call.and_then(|c| keyword(c, "name").or_else(|| keyword(c, "actor_name")));
            let name = explicit
                .and_then(string_value)
                .map_or_else(|| join_dotted(&index.context.module, def.name.as_str()), str::to_owned);
            let options = call
                .filter(|c| !c.arguments.keywords.is_empty())
                .map(|c| c.arguments.keywords.iter().map(|k| index.text(k)).collect::<Vec<_>>().join(", "));
            let line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
            let row = facts.push(
                Table::Tasks,
                [
                    Value::File,
                    Value::Row(Table::Symbols, id as ScopeId),
                    line.into(),
                    framework.into(),
                    name.into(),
                    options.into(),
                ],
            );
            for keyword in call.map(|c| &c.arguments.keywords[..]).unwrap_or_default() {
                let Some(arg) = &keyword.arg else { continue };
                let value = match &keyword.value {
                    Expr::StringLiteral(s) => s.value.to_str().to_owned(),
                    other => index.text(other).to_owned(),
                };
                facts.push(Table::TaskOptions, [row.into(), arg.as_str().into(), value.into()]);
            }
            break;
        }
    }
}
