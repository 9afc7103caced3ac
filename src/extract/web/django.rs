//! Django (and DRF) items in `framework_items` + `framework_item_details`: class-based views
//! (`view`: model, template, permission mixins and decorators, allowed methods, the methods it
//! overrides such as `get_queryset`), forms and their fields (`form`, `form_field`), admin classes
//! and registrations (`admin`: `@admin.register(Model)`, `admin.site.register(Model, Admin)`),
//! middleware (`middleware`: class style with its hooks, function style), signals and receivers
//! (`signal`: `Signal()`; `receiver`: `@receiver(...)`, `signal.connect(handler)`), managers and
//! querysets (`manager`, `queryset`: subclasses, and `objects = X()` on a model).
//!
//! Classes are recognised by their bases (`orm::known`), within the file. Node kinds:
//! StmtClassDef, StmtFunctionDef (through the scopes), ExprCall (registrations, `connect`),
//! StmtAssign / StmtAnnAssign (signals); the class and function bodies' own statements.

use std::collections::HashMap;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::extract::orm::known::{
    self, ClassInfo, ClassKind, Role, body_assignments, callee_last, meta_options, string_value,
};
use crate::facts::{FileFacts, RowRef};
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeDef, ScopeId, ScopeKind};

/// Middleware hook methods (class style).
const MIDDLEWARE_HOOKS: &[&str] = &[
    "process_request",
    "process_view",
    "process_response",
    "process_exception",
    "process_template_response",
    "__call__",
    "__acall__",
];
/// View attributes recorded as details (one row per item for lists).
const VIEW_OPTIONS: &[&str] = &[
    "model",
    "queryset",
    "template_name",
    "form_class",
    "fields",
    "context_object_name",
    "paginate_by",
    "success_url",
    "serializer_class",
    "permission_required",
    "permission_classes",
    "authentication_classes",
    "login_url",
    "raise_exception",
];
/// Admin options recorded as details.
const ADMIN_OPTIONS: &[&str] = &[
    "list_display",
    "list_filter",
    "search_fields",
    "readonly_fields",
    "ordering",
    "list_editable",
    "list_display_links",
    "raw_id_fields",
    "autocomplete_fields",
    "exclude",
    "fields",
    "actions",
    "inlines",
    "model",
    "list_per_page",
    "date_hierarchy",
];
/// Decorators that guard a view (`@method_decorator(login_required, name="dispatch")`).
const PERMISSION_DECORATORS: &[&str] =
    &["login_required", "permission_required", "staff_member_required", "user_passes_test"];

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let classes = known::classify_classes(index);
    let registrations = admin_registrations(index);
    for class in &classes {
        // A class registered as an admin class is one, whatever its bases.
        let registered = registrations.iter().any(|r| r.admin == Some(class.name()));
        match class.kind {
            ClassKind::Known { role: Role::Item(framework, "view"), .. } => {
                push_view(index, class, framework, facts)
            }
            ClassKind::Known { role: Role::Item(_, "form"), .. } => push_form(index, class, facts),
            ClassKind::Known { role: Role::Item(_, "admin"), .. } => {
                push_admin(index, class, &registrations, facts);
            }
            ClassKind::Known { role: Role::Item(_, kind @ ("manager" | "queryset" | "signal")), .. } => {
                push_manager_class(index, class, kind, facts);
            }
            ClassKind::Plain | ClassKind::Candidate if registered => {
                push_admin(index, class, &registrations, facts);
            }
            ClassKind::Candidate => push_candidate_item(index, class, facts),
            _ => {}
        }
        if matches!(class.kind, ClassKind::Known { role: Role::DjangoModel, .. } | ClassKind::Candidate) {
            push_model_managers(index, class, facts);
        }
        if is_class_middleware(class) {
            push_class_middleware(index, class, facts);
        }
    }
    push_unowned_registrations(&classes, &registrations, facts);
    push_function_middleware(index, facts);
    let signal_classes: Vec<&str> = classes
        .iter()
        .filter(|c| matches!(c.role(), Some(Role::Item(_, "signal"))))
        .map(|c| c.name())
        .collect();
    push_signals(index, &signal_classes, facts);
    push_receivers(index, &signal_classes, facts);
    push_queryset_chains(index, facts);
}

fn push_detail(facts: &mut FileFacts, item: RowRef, line: u32, key: &str, value: Option<&str>) {
    super::push_detail_at(facts, item, Some(line), key, value);
}

fn line_of(index: &NodeIndex<'_>, node: &impl Ranged) -> u32 {
    index.position(node.start()).0
}

/// A class-level option: one detail row per item of a list or tuple, or one for the value.
fn push_option(index: &NodeIndex<'_>, facts: &mut FileFacts, item: RowRef, key: &str, value: &Expr) {
    let line = line_of(index, value);
    match value {
        Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => {
            for element in elts {
                push_detail(facts, item, line, key, Some(known::value_or_text(index, element)));
            }
        }
        other => push_detail(facts, item, line, key, Some(known::value_or_text(index, other))),
    }
}

/// The methods a class body defines: (name, def).
fn methods<'a>(class: &ClassInfo<'a>) -> impl Iterator<Item = &'a ast::StmtFunctionDef> {
    class.def.body.iter().filter_map(|stmt| match stmt {
        Stmt::FunctionDef(def) => Some(def),
        _ => None,
    })
}

/// The model a view or form is about: `model = X`, else the model of `queryset = X.objects...`.
fn view_model<'a>(index: &NodeIndex<'a>, class: &ClassInfo<'a>) -> Option<&'a str> {
    let options = body_assignments(&class.def.body);
    if let Some((_, _, Some(model), _)) = options.iter().find(|(name, ..)| *name == "model") {
        return Some(index.text(*model));
    }
    let (_, _, queryset, _) = options.iter().find(|(name, ..)| *name == "queryset")?;
    let text = index.text((*queryset)?);
    text.split_once(".objects").map(|(model, _)| model)
}

fn push_view(index: &NodeIndex<'_>, class: &ClassInfo<'_>, framework: &str, facts: &mut FileFacts) {
    let line = class.line(index);
    let item = super::push_item(
        facts,
        Some(class.scope),
        line,
        framework,
        "view",
        Some(class.name()),
        view_model(index, class),
    );
    push_detail(facts, item, line, "base", class.base());
    push_permission_bases(index, class, facts, item);
    for decorator in &class.def.decorator_list {
        push_permission_decorator(index, facts, item, decorator);
    }
    for (name, _, value, _) in body_assignments(&class.def.body) {
        let Some(value) = value else { continue };
        if name == "http_method_names" {
            push_option(index, facts, item, "http_method", value);
        } else if VIEW_OPTIONS.contains(&name) {
            push_option(index, facts, item, name, value);
        }
    }
    for def in methods(class) {
        let def_line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
        push_detail(facts, item, def_line, "method", Some(def.name.as_str()));
        if def.name.as_str() == "dispatch" {
            for decorator in &def.decorator_list {
                push_permission_decorator(index, facts, item, decorator);
            }
        }
    }
}

/// Permission mixins among the bases: `django.contrib.auth.mixins.*`, any `*RequiredMixin`.
fn push_permission_bases(index: &NodeIndex<'_>, class: &ClassInfo<'_>, facts: &mut FileFacts, item: RowRef) {
    for base in class.def.bases() {
        let Some(dotted) = dotted_name(base) else { continue };
        let last = dotted.rsplit('.').next().unwrap_or(&dotted);
        let qualified = index.names().qualify(index, class.outer, &dotted).unwrap_or_default();
        if qualified.starts_with("django.contrib.auth.mixins.") || last.ends_with("RequiredMixin") {
            push_detail(facts, item, line_of(index, base), "permission", Some(last));
        }
    }
}

/// `@method_decorator(login_required, name="dispatch")` or `@login_required`-style guards.
fn push_permission_decorator(
    index: &NodeIndex<'_>,
    facts: &mut FileFacts,
    item: RowRef,
    decorator: &ast::Decorator,
) {
    let guard = match &decorator.expression {
        Expr::Call(call) if callee_last(call).as_deref() == Some("method_decorator") => {
            call.arguments.find_positional(0)
        }
        other => Some(other),
    };
    let Some(guard) = guard else { return };
    let callee = match guard {
        Expr::Call(call) => &*call.func,
        other => other,
    };
    let Some(dotted) = dotted_name(callee) else { return };
    let last = dotted.rsplit('.').next().unwrap_or(&dotted);
    if PERMISSION_DECORATORS.contains(&last) {
        push_detail(facts, item, line_of(index, decorator), "permission", Some(index.text(guard)));
    }
}

fn push_form(index: &NodeIndex<'_>, class: &ClassInfo<'_>, facts: &mut FileFacts) {
    let line = class.line(index);
    let meta = meta_options(&class.def.body);
    let model = meta.get("model").map(|m| index.text(*m));
    let form = super::push_item(facts, Some(class.scope), line, "django", "form", Some(class.name()), model);
    push_detail(facts, form, line, "base", class.base());
    for (key, value) in
        [("model", meta.get("model")), ("fields", meta.get("fields")), ("exclude", meta.get("exclude"))]
    {
        if let Some(value) = value {
            push_option(index, facts, form, key, value);
        }
    }
    for def in methods(class) {
        let def_line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
        push_detail(facts, form, def_line, "method", Some(def.name.as_str()));
    }
    push_form_fields(index, class, "django", facts);
}

/// One `form_field` row per `*Field(...)` of a form body, with its options.
fn push_form_fields(index: &NodeIndex<'_>, class: &ClassInfo<'_>, framework: &str, facts: &mut FileFacts) {
    let method_names: Vec<&str> = methods(class).map(|d| d.name.as_str()).collect();
    for (name, _, value, stmt) in body_assignments(&class.def.body) {
        let Some(Expr::Call(call)) = value else { continue };
        if !callee_last(call).is_some_and(|last| last.ends_with("Field")) {
            continue;
        }
        let field_line = line_of(index, stmt);
        let field = super::push_item(
            facts,
            Some(class.scope),
            field_line,
            framework,
            "form_field",
            Some(name),
            Some(class.name()),
        );
        push_detail(facts, field, field_line, "type", Some(index.text(&*call.func)));
        for keyword in &call.arguments.keywords {
            if let Some(arg) = &keyword.arg {
                push_option(index, facts, field, arg.as_str(), &keyword.value);
            }
        }
        let clean = format!("clean_{name}");
        if method_names.contains(&clean.as_str()) {
            push_detail(facts, field, field_line, "validator", Some(&clean));
        }
    }
}

/// One admin registration: the model(s), the admin class (None: the default `ModelAdmin`).
struct Registration<'a> {
    line: u32,
    models: Vec<&'a str>,
    admin: Option<&'a str>,
    how: &'static str,
}

/// `admin.site.register(Model, Admin)` calls (and `register([A, B], Admin)`), and
/// `@admin.register(Model, ...)` decorators, keyed by admin class name (None: no admin class).
fn admin_registrations<'a>(index: &NodeIndex<'a>) -> Vec<Registration<'a>> {
    let mut found = Vec::new();
    for (call, entry) in index.calls() {
        // Cheap test first: this runs over every call of every file.
        if !matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "register") {
            continue;
        }
        let Some(dotted) = dotted_name(&call.func) else { continue };
        if !dotted.ends_with("site.register") {
            continue;
        }
        let qualified = index.names().qualify(index, entry.scope, &dotted).unwrap_or_default();
        if !(qualified.starts_with("django.contrib") || dotted == "admin.site.register") {
            continue;
        }
        let models = match call.arguments.find_positional(0) {
            Some(Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. })) => {
                elts.iter().map(|e| index.text(e)).collect()
            }
            Some(model) => vec![index.text(model)],
            None => continue,
        };
        let admin = call.arguments.find_argument_value("admin_class", 1).map(|a| index.text(a));
        found.push(Registration { line: line_of(index, call), models, admin, how: "site.register" });
    }
    for scope in index.scopes() {
        let ScopeDef::Class(def) = scope.def else { continue };
        for decorator in &def.decorator_list {
            let Expr::Call(call) = &decorator.expression else { continue };
            if !dotted_name(&call.func)
                .is_some_and(|d| d == "admin.register" || d.ends_with(".admin.register"))
            {
                continue;
            }
            let models = call.arguments.args.iter().map(|m| index.text(m)).collect();
            let line = line_of(index, decorator);
            found.push(Registration { line, models, admin: Some(def.name.as_str()), how: "decorator" });
        }
    }
    found
}

fn push_admin(
    index: &NodeIndex<'_>,
    class: &ClassInfo<'_>,
    registrations: &[Registration<'_>],
    facts: &mut FileFacts,
) {
    let line = class.line(index);
    let mine: Vec<&Registration<'_>> =
        registrations.iter().filter(|r| r.admin == Some(class.name())).collect();
    let inline_model = body_assignments(&class.def.body)
        .into_iter()
        .find(|(name, ..)| *name == "model")
        .and_then(|(_, _, value, _)| value.map(|v| index.text(v)));
    let target = mine.iter().flat_map(|r| r.models.first()).next().copied().or(inline_model);
    let item =
        super::push_item(facts, Some(class.scope), line, "django", "admin", Some(class.name()), target);
    if let Some(base) = class.base() {
        push_detail(facts, item, line, "base", Some(base));
    }
    for registration in &mine {
        for model in &registration.models {
            push_detail(facts, item, registration.line, "registered_model", Some(model));
        }
        push_detail(facts, item, registration.line, "registered_by", Some(registration.how));
    }
    for (name, _, value, _) in body_assignments(&class.def.body) {
        if let Some(value) = value
            && ADMIN_OPTIONS.contains(&name)
            && name != "model"
        {
            push_option(index, facts, item, name, value);
        }
    }
    for def in methods(class) {
        let def_line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
        push_detail(facts, item, def_line, "method", Some(def.name.as_str()));
    }
}

/// Registrations whose admin class is not an admin class of this file: the default
/// `ModelAdmin` (`admin.site.register(Tag)`) or an imported admin class.
fn push_unowned_registrations(
    classes: &[ClassInfo<'_>],
    registrations: &[Registration<'_>],
    facts: &mut FileFacts,
) {
    let local_admin = |name: &str| {
        classes.iter().any(|c| c.name() == name && matches!(c.role(), None | Some(Role::Item(_, "admin"))))
    };
    for registration in registrations {
        if registration.admin.is_some_and(local_admin) {
            continue;
        }
        for model in &registration.models {
            let item = super::push_item(
                facts,
                None,
                registration.line,
                "django",
                "admin",
                registration.admin,
                Some(model),
            );
            push_detail(facts, item, registration.line, "registered_model", Some(model));
            push_detail(facts, item, registration.line, "registered_by", Some(registration.how));
        }
    }
}

/// A class whose base may be a view, form, admin, manager or queryset class of another module of
/// the repository: `framework` and `kind` `candidate`, with what its own body says in any of
/// those roles (options, `Meta`, permission bases; field calls as `form_field` rows of framework
/// `candidate`). The link stage confirms it through `class_ancestors` (setting framework and
/// kind, adding `base` and `method` details) or deletes it.
fn push_candidate_item(index: &NodeIndex<'_>, class: &ClassInfo<'_>, facts: &mut FileFacts) {
    let line = class.line(index);
    let meta = meta_options(&class.def.body);
    let target = view_model(index, class).or_else(|| meta.get("model").map(|m| index.text(*m)));
    let item = super::push_item(
        facts,
        Some(class.scope),
        line,
        "candidate",
        "candidate",
        Some(class.name()),
        target,
    );
    push_permission_bases(index, class, facts, item);
    for (name, _, value, _) in body_assignments(&class.def.body) {
        let Some(value) = value else { continue };
        if name == "http_method_names" {
            push_option(index, facts, item, "http_method", value);
        } else if VIEW_OPTIONS.contains(&name) || ADMIN_OPTIONS.contains(&name) {
            push_option(index, facts, item, name, value);
        }
    }
    for key in ["model", "fields", "exclude"] {
        if let Some(value) = meta.get(key) {
            push_option(index, facts, item, key, value);
        }
    }
    push_form_fields(index, class, "candidate", facts);
}

fn push_manager_class(index: &NodeIndex<'_>, class: &ClassInfo<'_>, kind: &str, facts: &mut FileFacts) {
    let line = class.line(index);
    let item = super::push_item(facts, Some(class.scope), line, "django", kind, Some(class.name()), None);
    push_detail(facts, item, line, "base", class.base());
    for def in methods(class) {
        let def_line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
        push_detail(facts, item, def_line, "method", Some(def.name.as_str()));
    }
}

/// `objects = OrderManager()`, `objects = OrderQuerySet.as_manager()`,
/// `objects = Manager.from_queryset(OrderQuerySet)()` in a model body.
fn push_model_managers(index: &NodeIndex<'_>, class: &ClassInfo<'_>, facts: &mut FileFacts) {
    for (name, _, value, stmt) in body_assignments(&class.def.body) {
        let Some(Expr::Call(call)) = value else { continue };
        let manager = match &*call.func {
            // `Manager.from_queryset(QS)()`
            Expr::Call(inner) if callee_last(inner).as_deref() == Some("from_queryset") => {
                Some(index.text(call))
            }
            func => match dotted_name(func) {
                Some(d) if d.ends_with("Manager") => Some(index.text(&*call.func)),
                Some(d) if d.ends_with(".as_manager") => Some(index.text(call)),
                _ => None,
            },
        };
        let Some(manager) = manager else { continue };
        let line = line_of(index, stmt);
        let item =
            super::push_item(facts, Some(class.scope), line, "django", "manager", Some(name), Some(manager));
        push_detail(facts, item, line, "model", Some(class.name()));
    }
}

/// Class-style middleware: a `MiddlewareMixin` subclass, a class whose `__init__` takes
/// `get_response`, or a `*Middleware` class with a hook method.
fn is_class_middleware(class: &ClassInfo<'_>) -> bool {
    if matches!(class.role(), Some(Role::Item(_, "middleware"))) {
        return true;
    }
    let takes_get_response = methods(class).any(|def| {
        def.name.as_str() == "__init__" && def.parameters.iter().any(|p| p.name().as_str() == "get_response")
    });
    let has_hook = methods(class).any(|def| MIDDLEWARE_HOOKS[..5].contains(&def.name.as_str()));
    takes_get_response || (class.name().ends_with("Middleware") && has_hook)
}

fn push_class_middleware(index: &NodeIndex<'_>, class: &ClassInfo<'_>, facts: &mut FileFacts) {
    let line = class.line(index);
    let item =
        super::push_item(facts, Some(class.scope), line, "django", "middleware", Some(class.name()), None);
    push_detail(facts, item, line, "style", Some("class"));
    for def in methods(class) {
        if MIDDLEWARE_HOOKS.contains(&def.name.as_str()) {
            let def_line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
            push_detail(facts, item, def_line, "hook", Some(def.name.as_str()));
        }
    }
}

/// Function-style middleware: `def timing(get_response):` that defines an inner function and
/// returns it (a bounded look at the factory's own body statements).
fn push_function_middleware(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Function(def) = scope.def else { continue };
        if scope.kind != ScopeKind::Function {
            continue;
        }
        let params: Vec<&str> = def.parameters.iter().map(|p| p.name().as_str()).collect();
        if params != ["get_response"] {
            continue;
        }
        let inner = def.body.iter().find_map(|stmt| match stmt {
            Stmt::FunctionDef(inner) => Some(inner.name.as_str()),
            _ => None,
        });
        let returns_inner = def.body.iter().any(|stmt| match stmt {
            Stmt::Return(ret) => {
                matches!(ret.value.as_deref(), Some(Expr::Name(n)) if Some(n.id.as_str()) == inner)
            }
            _ => false,
        });
        let Some(inner) = inner.filter(|_| returns_inner) else { continue };
        let line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
        let item = super::push_item(
            facts,
            Some(id as ScopeId),
            line,
            "django",
            "middleware",
            Some(def.name.as_str()),
            None,
        );
        push_detail(facts, item, line, "style", Some("function"));
        push_detail(facts, item, line, "hook", Some(inner));
    }
}

/// Names of the signals defined in this file (`order_placed = Signal()`, or an instance of a
/// `Signal` subclass of the file).
fn local_signals<'a>(
    index: &NodeIndex<'a>,
    signal_classes: &[&str],
) -> Vec<(&'a str, &'a ast::ExprCall, u32, Option<ScopeId>)> {
    let mut found = Vec::new();
    for (assign, entry) in index.assigns() {
        let ([Expr::Name(name)], Expr::Call(call)) = (&assign.targets[..], &*assign.value) else { continue };
        let callee = match &*call.func {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => continue,
        };
        if callee != "Signal" && !signal_classes.contains(&callee) {
            continue;
        }
        let Some(dotted) = dotted_name(&call.func) else { continue };
        let qualified = index.names().qualify(index, entry.scope, &dotted).unwrap_or_default();
        if qualified == "django.dispatch.Signal"
            || qualified == "django.dispatch.dispatcher.Signal"
            || signal_classes.contains(&dotted.as_str())
        {
            found.push((name.id.as_str(), call, line_of(index, assign), entry.scope));
        }
    }
    found
}

fn push_signals(index: &NodeIndex<'_>, signal_classes: &[&str], facts: &mut FileFacts) {
    for (name, call, line, scope) in local_signals(index, signal_classes) {
        let item = super::push_item(facts, scope, line, "django", "signal", Some(name), None);
        if let Some(args) = known::keyword(call, "providing_args") {
            push_option(index, facts, item, "providing_arg", args);
        }
        if let Some(use_caching) = known::keyword(call, "use_caching") {
            push_option(index, facts, item, "use_caching", use_caching);
        }
    }
}

/// `@receiver(signal, sender=X)` on functions, and `signal.connect(handler, sender=X)` calls.
fn push_receivers(index: &NodeIndex<'_>, signal_classes: &[&str], facts: &mut FileFacts) {
    let signals: Vec<&str> =
        local_signals(index, signal_classes).into_iter().map(|(name, ..)| name).collect();
    let functions: HashMap<&str, ScopeId> = index
        .scopes()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.parent.is_none() && s.kind == ScopeKind::Function)
        .map(|(id, s)| (s.name.as_str(), id as ScopeId))
        .collect();
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Function(def) = scope.def else { continue };
        for decorator in &def.decorator_list {
            let Expr::Call(call) = &decorator.expression else { continue };
            let Some(dotted) = dotted_name(&call.func) else { continue };
            let qualified = index.names().qualify(index, scope.parent, &dotted).unwrap_or_default();
            if qualified != "django.dispatch.receiver" && qualified != "django.dispatch.dispatcher.receiver" {
                continue;
            }
            let line = line_of(index, decorator);
            let signal_list: Vec<&Expr> = match call.arguments.find_positional(0) {
                Some(Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. })) => {
                    elts.iter().collect()
                }
                Some(signal) => vec![signal],
                None => Vec::new(),
            };
            let target = signal_list.first().map(|s| index.text(*s));
            let item = super::push_item(
                facts,
                Some(id as ScopeId),
                line,
                "django",
                "receiver",
                Some(def.name.as_str()),
                target,
            );
            for signal in &signal_list {
                push_detail(facts, item, line, "signal", Some(index.text(*signal)));
            }
            push_detail(facts, item, line, "connected_by", Some("decorator"));
            push_receiver_options(index, facts, item, call);
        }
    }
    for (call, entry) in index.calls() {
        let Expr::Attribute(attribute) = &*call.func else { continue };
        if attribute.attr.as_str() != "connect" {
            continue;
        }
        let Some(signal) = dotted_name(&attribute.value) else { continue };
        let Some(handler) = call.arguments.find_argument_value("receiver", 0) else { continue };
        let qualified = index.names().qualify(index, entry.scope, &signal).unwrap_or_default();
        let is_signal = qualified.starts_with("django.")
            || qualified.contains(".signals.")
            || signals.contains(&signal.as_str())
            || known::keyword(call, "sender").is_some();
        if !is_signal || dotted_name(handler).is_none() {
            continue;
        }
        let handler_name = index.text(handler);
        let line = line_of(index, call);
        let symbol = functions.get(handler_name).copied();
        let item =
            super::push_item(facts, symbol, line, "django", "receiver", Some(handler_name), Some(&signal));
        push_detail(facts, item, line, "signal", Some(&signal));
        push_detail(facts, item, line, "connected_by", Some("connect"));
        push_receiver_options(index, facts, item, call);
    }
}

/// QuerySet methods whose chains are recorded.
const QUERYSET_METHODS: &[&str] = &[
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "annotate",
    "aggregate",
    "values",
    "values_list",
    "distinct",
];
/// The methods that make a chain a QuerySet chain (`values` and `distinct` alone are common
/// names on other objects).
const QUERYSET_SPECIFIC: &[&str] = &[
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "annotate",
    "aggregate",
    "values_list",
];

/// `Order.objects.filter(...).exclude(...).order_by(...)`: a chain of two or more QuerySet
/// methods (`queryset_chain`, one `method` detail per call in order; `target`: the receiver the
/// chain starts from). Only the outermost call of a chain is recorded.
fn push_queryset_chains(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (call, entry) in index.calls() {
        let Expr::Attribute(attribute) = &*call.func else { continue };
        if !QUERYSET_METHODS.contains(&attribute.attr.as_str()) {
            continue;
        }
        let chained_further = entry.parent.is_some_and(|parent| {
            matches!(index.node(parent).node, ruff_python_ast::AnyNodeRef::ExprAttribute(outer)
                if QUERYSET_METHODS.contains(&outer.attr.as_str()))
        });
        if chained_further {
            continue;
        }
        // Down the receivers of this one expression (a bounded look at the call's own fields).
        let mut methods = Vec::new();
        let mut current = call;
        let root: &Expr = loop {
            match &*current.func {
                Expr::Attribute(a) if QUERYSET_METHODS.contains(&a.attr.as_str()) => {
                    methods.push(a.attr.as_str());
                    match &*a.value {
                        Expr::Call(inner) => current = inner,
                        other => break other,
                    }
                }
                _ => break &current.func,
            }
        };
        if methods.len() < 2 || !methods.iter().any(|m| QUERYSET_SPECIFIC.contains(m)) {
            continue;
        }
        // `self.get_queryset().filter(...)`: the receiver is the call below the chain.
        let root_text =
            if std::ptr::eq(root, &*current.func) { index.text(current) } else { index.text(root) };
        let line = line_of(index, call);
        let scope = entry.scope;
        let item = super::push_item(facts, scope, line, "django", "queryset_chain", None, Some(root_text));
        for method in methods.iter().rev() {
            push_detail(facts, item, line, "method", Some(method));
        }
    }
}

fn push_receiver_options(index: &NodeIndex<'_>, facts: &mut FileFacts, item: RowRef, call: &ast::ExprCall) {
    for key in ["sender", "dispatch_uid", "weak"] {
        if let Some(value) = known::keyword(call, key) {
            let line = line_of(index, value);
            push_detail(
                facts,
                item,
                line,
                key,
                Some(string_value(value).unwrap_or_else(|| index.text(value))),
            );
        }
    }
}
