//! Celery beat schedules as `framework_items` (kind `schedule`) with `framework_item_details`:
//! the entries of `app.conf.beat_schedule = {...}`, `beat_schedule = {...}` /
//! `CELERY_BEAT_SCHEDULE = {...}` (settings modules), `app.conf.update(beat_schedule={...})`, and
//! `sender.add_periodic_task(schedule, task.s(...), name=...)`, and `@periodic_task(run_every=...)`
//! functions (Celery 3). Each entry gives its name, its task
//! (the `"task"` string, or the task of the signature), the schedule expression and its type
//! (`crontab`, `timedelta`, `solar`, `schedule`, `number`), args and kwargs.
//! Node kinds: StmtAssign, ExprCall.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use crate::extract::routes::helpers::{argument, callee_name, keyword, last_segment, string_value};
use crate::extract::web::{push_detail, push_item};
use crate::facts::FileFacts;
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeId};

const SETTING_NAMES: &[&str] = &["beat_schedule", "CELERY_BEAT_SCHEDULE", "CELERYBEAT_SCHEDULE"];

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let mut schedules: Vec<&Expr> = Vec::new();
    for (assign, _) in index.assigns() {
        let named = assign.targets.iter().any(|t| {
            dotted_name(t)
                .is_some_and(|d| d.ends_with(".beat_schedule") || SETTING_NAMES.contains(&d.as_str()))
        });
        if named {
            schedules.push(&assign.value);
        }
    }
    let mut periodic = Vec::new();
    for (call, entry) in index.calls() {
        match &*call.func {
            Expr::Attribute(a) if a.attr.as_str() == "update" => {
                schedules.extend(keyword(call, "beat_schedule"));
            }
            Expr::Attribute(a) if a.attr.as_str() == "add_periodic_task" => {
                periodic.push((entry.scope, call))
            }
            _ => {}
        }
    }
    for schedule in schedules {
        let Expr::Dict(dict) = schedule else { continue };
        for item in &dict.items {
            let (Some(key), value) = (&item.key, &item.value) else { continue };
            let Some(name) = string_value(key) else { continue };
            let line = index.position(key.start()).0;
            let fields = entry_fields(value);
            let task = fields.iter().find(|(k, _)| *k == "task").and_then(|(_, v)| string_value(v));
            let row = push_item(facts, None, line, "celery", "schedule", Some(name), task);
            if let Some((_, schedule)) = fields.iter().find(|(k, _)| *k == "schedule") {
                push_detail(facts, row, "schedule", Some(index.text(*schedule)));
                push_detail(facts, row, "schedule_type", Some(schedule_type(schedule)));
            }
            for key in ["args", "kwargs", "options"] {
                if let Some((_, value)) = fields.iter().find(|(k, _)| *k == key) {
                    push_detail(facts, row, key, Some(index.text(*value)));
                }
            }
        }
    }
    for (scope, call) in periodic {
        periodic_task(index, facts, scope, call);
    }
    periodic_decorators(index, facts);
}

/// The fields of one schedule entry: a dict literal or `dict(task=..., ...)`.
fn entry_fields(value: &Expr) -> Vec<(&str, &Expr)> {
    match value {
        Expr::Dict(dict) => dict
            .items
            .iter()
            .filter_map(|item| Some((string_value(item.key.as_ref()?)?, &item.value)))
            .collect(),
        Expr::Call(call) if dotted_name(&call.func).as_deref() == Some("dict") => call
            .arguments
            .keywords
            .iter()
            .filter_map(|k| Some((k.arg.as_ref()?.as_str(), &k.value)))
            .collect(),
        _ => Vec::new(),
    }
}

/// `crontab`, `timedelta`, `solar`, `schedule` (a celery schedule object) or `number`.
fn schedule_type(expr: &Expr) -> &'static str {
    match expr {
        Expr::NumberLiteral(_) => "number",
        Expr::Call(_) => match callee_name(expr).as_deref().map(last_segment) {
            Some("crontab") => "crontab",
            Some("timedelta") => "timedelta",
            Some("solar") => "solar",
            Some("schedule") => "schedule",
            _ => "other",
        },
        _ => "other",
    }
}

/// `sender.add_periodic_task(10.0, test.s("hello"), name="add every 10")`.
fn periodic_task(index: &NodeIndex<'_>, facts: &mut FileFacts, scope: Option<ScopeId>, call: &ast::ExprCall) {
    let Some(schedule) = argument(call, "schedule", 0) else { return };
    let Some(signature) = argument(call, "sig", 1) else { return };
    let task = match signature {
        Expr::Call(inner) => match &*inner.func {
            Expr::Attribute(a) if matches!(a.attr.as_str(), "s" | "si" | "signature") => {
                dotted_name(&a.value)
            }
            _ => None,
        },
        other => dotted_name(other),
    }
    .map(|written| index.names().qualify(index, scope, &written).unwrap_or(written));
    let name = keyword(call, "name").and_then(string_value);
    let line = index.position(call.start()).0;
    let row = push_item(facts, None, line, "celery", "schedule", name, task.as_deref());
    push_detail(facts, row, "schedule", Some(index.text(schedule)));
    push_detail(facts, row, "schedule_type", Some(schedule_type(schedule)));
}

/// `@periodic_task(run_every=crontab(...))` (Celery 3): the function is its own schedule's task.
fn periodic_decorators(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let crate::index::ScopeDef::Function(def) = scope.def else { continue };
        for decorator in &def.decorator_list {
            let Expr::Call(call) = &decorator.expression else { continue };
            let Some(written) = dotted_name(&call.func) else { continue };
            let qualified = index.names().qualify(index, scope.parent, &written);
            if !qualified
                .as_deref()
                .is_some_and(|q| q.starts_with("celery.") && q.ends_with(".periodic_task"))
            {
                continue;
            }
            let task = crate::index::names::join_dotted(&index.context.module, &scope.qualname);
            let line = index.position(decorator.expression.start()).0;
            let row = push_item(
                facts,
                Some(id as ScopeId),
                line,
                "celery",
                "schedule",
                Some(&scope.qualname),
                Some(&task),
            );
            if let Some(every) = keyword(call, "run_every") {
                push_detail(facts, row, "schedule", Some(index.text(every)));
                push_detail(facts, row, "schedule_type", Some(schedule_type(every)));
            }
        }
    }
}
