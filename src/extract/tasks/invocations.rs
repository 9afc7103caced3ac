//! `task_calls`: where tasks are enqueued or composed. `t.delay(...)`, `t.apply_async(args,
//! countdown=..., eta=..., queue=...)`, `t.s(...)`, `t.si(...)`; `t.apply(...)`, `t.map`,
//! `t.starmap`, `t.chunks` only for a task of this file or of a module named `*task*` (those
//! method names are common elsewhere); the receiver must be imported or defined in the module (a
//! local variable such as a `multiprocessing` pool is not a task); `chain(...)`, `group(...)`, `chord(...)` (one row per
//! member task); `signature("name")` and `app.send_task("name")`. The task is its qualified name
//! when it can be resolved (`app.tasks.send_email`), else as written; the link stage sets
//! `task_id` when it is a task of the repository. Node kinds: ExprCall.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::definitions::task_decorator;
use crate::extract::routes::helpers::{argument, callee_name, elements, keyword, last_segment, string_value};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeEntry, NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

const ALWAYS: &[&str] = &["delay", "apply_async", "s", "si"];
const WHEN_KNOWN: &[&str] = &["apply", "map", "starmap", "chunks"];
const CANVAS: &[&str] = &["chain", "group", "chord"];

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let modules = plain_imports(index);
    for (call, entry) in index.calls() {
        let written = dotted_name(&call.func);
        let qualified = written.as_deref().and_then(|w| index.names().qualify(index, entry.scope, w));
        let canvas = qualified.as_deref().filter(|q| q.starts_with("celery.")).map(last_segment);
        match (&*call.func, canvas) {
            (_, Some(kind)) if CANVAS.contains(&kind) => composition(index, facts, entry, call, kind),
            (_, Some("signature")) => {
                if let Some(task) = argument(call, "varies", 0).and_then(string_value) {
                    push(index, facts, entry, call, task.to_owned(), "signature");
                }
            }
            (Expr::Attribute(attribute), _) => {
                let method = attribute.attr.as_str();
                if method == "send_task" {
                    if let Some(task) = argument(call, "name", 0).and_then(string_value) {
                        push(index, facts, entry, call, task.to_owned(), "send_task");
                    }
                    continue;
                }
                if !ALWAYS.contains(&method) && !WHEN_KNOWN.contains(&method) {
                    continue;
                }
                // `attr.s(...)` (attrs): a function of a module is not a task's method.
                if dotted_name(&attribute.value).is_some_and(|r| modules.contains(&r)) {
                    continue;
                }
                let Some(task) = task_of(index, entry.scope, &attribute.value, WHEN_KNOWN.contains(&method))
                else {
                    continue;
                };
                push(index, facts, entry, call, task, method);
            }
            _ => {}
        }
    }
}

/// The task a receiver names: qualified through the file's names, else as written. With
/// `strict`, only a task of this file or of a module named `*task*`.
fn task_of(index: &NodeIndex<'_>, scope: Option<ScopeId>, receiver: &Expr, strict: bool) -> Option<String> {
    let written = dotted_name(receiver)?;
    let head = written.split('.').next().unwrap_or(&written);
    if head == "self" || head == "cls" {
        return None;
    }
    // A local variable or parameter (`pool.apply_async`, `screen.delay`) is not a task: the
    // receiver must be imported or defined in this module.
    let qualified = index.names().qualify(index, scope, &written).filter(|q| !q.starts_with("builtins."))?;
    if strict {
        let local_task = !written.contains('.') && is_local_task(index, &written);
        let from_tasks_module = qualified.rsplit_once('.').is_some_and(|(module, _)| module.contains("task"));
        if !local_task && !from_tasks_module {
            return None;
        }
    }
    Some(qualified)
}

/// Whether `name` is a module-level function of this file decorated as a task.
fn is_local_task(index: &NodeIndex<'_>, name: &str) -> bool {
    index.scopes().iter().any(|s| match s.def {
        ScopeDef::Function(def) if s.parent.is_none() && s.name == name => {
            def.decorator_list.iter().any(|d| {
                callee_name(&d.expression).is_some_and(|w| {
                    task_decorator(index.names().qualify(index, None, &w).as_deref(), &w).is_some()
                })
            })
        }
        _ => false,
    })
}

/// One row per member task of `chain(...)`, `group(...)` or `chord(header, body)`.
fn composition(
    index: &NodeIndex<'_>,
    facts: &mut FileFacts,
    entry: &NodeEntry<'_>,
    call: &ast::ExprCall,
    kind: &str,
) {
    let mut members: Vec<&Expr> = Vec::new();
    for argument in call.arguments.args.iter() {
        match argument {
            Expr::Generator(generator) => members.push(&generator.elt),
            Expr::ListComp(comprehension) => members.push(&comprehension.elt),
            other => match elements(other) {
                Some(listed) => members.extend(listed.iter()),
                None => members.push(other),
            },
        }
    }
    for member in members {
        if let Some(task) = member_task(index, entry.scope, member) {
            push(index, facts, entry, call, task, kind);
        }
    }
}

/// The task of a composition member: `t.s(...)`, `t.si(...)`, `signature("name")`, `t`.
fn member_task(index: &NodeIndex<'_>, scope: Option<ScopeId>, member: &Expr) -> Option<String> {
    match member {
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(attribute) if matches!(attribute.attr.as_str(), "s" | "si" | "signature") => {
                task_of(index, scope, &attribute.value, false)
            }
            _ if callee_name(member).is_some_and(|n| last_segment(&n) == "signature") => {
                argument(call, "varies", 0).and_then(string_value).map(str::to_owned)
            }
            _ => None,
        },
        other => task_of(index, scope, other, false),
    }
}

fn push(
    index: &NodeIndex<'_>,
    facts: &mut FileFacts,
    entry: &NodeEntry<'_>,
    call: &ast::ExprCall,
    task: String,
    method: &str,
) {
    let (line, col) = index.position(call.start());
    let option = |name: &str| {
        keyword(call, name)
            .map(|value| string_value(value).map_or_else(|| index.text(value).to_owned(), str::to_owned))
    };
    facts.push(
        Table::TaskCalls,
        [
            Value::File,
            scope_value(entry.scope),
            line.into(),
            task.into(),
            method.into(),
            col.into(),
            call.arguments.len().into(),
            option("countdown").into(),
            option("eta").into(),
            option("queue").into(),
            Value::Null,
        ],
    );
}

/// Names bound to modules by plain `import x` / `import x.y` / `import x as y` statements.
fn plain_imports(index: &NodeIndex<'_>) -> Vec<String> {
    let mut modules = Vec::new();
    for (_, bindings) in crate::index::names::import_statements(index) {
        for binding in bindings {
            if binding.name.is_none()
                && let Some(bound) = binding.bound_name
            {
                modules.push(bound);
            }
        }
    }
    modules
}
