//! `framework_items` and `framework_item_details` of the Flask application family:
//! - `app_factory`: the function that itself creates the application (`app = Flask(__name__)` in
//!   its own body; FastAPI's `FastAPI(...)` too), with its configuration sources
//!   (`app.config.from_object(...)`) and the blueprints it registers;
//! - `extension`: `db = SQLAlchemy(app)`, `login_manager = LoginManager()`, `Migrate(app, db)`,
//!   ... (constructors from `flask_*` packages, or with a known extension name in a file that
//!   imports Flask), and `ext.init_app(app)` (`extension_init`);
//! - `cors`: `CORS(app, origins=...)` and `@cross_origin(...)`, with each origin and whether it
//!   allows every origin;
//! - `request_hook`: `@app.before_request`, `@bp.after_app_request`, `@app.teardown_appcontext`,
//!   ... and `app.before_request(func)`;
//! - `error_handler`: `@app.errorhandler(404)`, `@bp.app_errorhandler(Exception)`,
//!   `app.register_error_handler(500, func)`;
//! - `socketio_handler`: `@socketio.on("event", namespace="/chat")`, `@socketio.event`;
//! - `cli_command`: `@app.cli.command("name")`, `@click.command()`, `@click.group()`,
//!   `@group.command()`, with their `click.option` / `click.argument` parameters (framework
//!   `click` unless on `app.cli`);
//! - `rate_limit`: `@limiter.limit("5/minute")`, `@limiter.exempt`;
//! - `cache`: `@cache.cached(timeout=60)`, `@cache.memoize(...)`.
//!
//! Node kinds: StmtFunctionDef (decorators, through the scopes), StmtAssign, StmtExpr, ExprCall.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::{push_detail, push_item};
use crate::extract::common::qualified;
use crate::extract::routes::helpers::{
    argument, as_call, callee_name, keyword, last_segment, string_list, string_value,
};
use crate::facts::{FileFacts, RowRef};
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeDef, ScopeId};

const APP_CONSTRUCTORS: &[(&str, &str)] = &[
    ("flask.Flask", "flask"),
    ("flask.app.Flask", "flask"),
    ("quart.Quart", "flask"),
    ("apiflask.APIFlask", "flask"),
    ("fastapi.FastAPI", "fastapi"),
];

const HOOKS: &[&str] = &[
    "before_request",
    "after_request",
    "teardown_request",
    "teardown_appcontext",
    "before_first_request",
    "before_app_request",
    "after_app_request",
    "teardown_app_request",
    "before_app_first_request",
    "context_processor",
    "app_context_processor",
    "url_value_preprocessor",
    "url_defaults",
    "shell_context_processor",
];

/// Extension classes recognised when they are not imported from a `flask_*` package (the
/// package decides otherwise).
const EXTENSION_NAMES: &[&str] = &[
    "SQLAlchemy",
    "LoginManager",
    "Migrate",
    "Mail",
    "Bcrypt",
    "Limiter",
    "Cache",
    "SocketIO",
    "JWTManager",
    "Marshmallow",
    "Admin",
    "CSRFProtect",
    "Session",
    "Talisman",
    "Babel",
    "Compress",
    "Moment",
    "Bootstrap",
    "DebugToolbarExtension",
    "OAuth",
    "Principal",
    "Security",
    "Caching",
    "Api",
];

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    app_factories(index, facts);
    constructed(index, facts);
    decorated(index, facts);
    registrations(index, facts);
}

fn def_line(index: &NodeIndex<'_>, def: &ast::StmtFunctionDef) -> u32 {
    index.position(index.def_start(&def.name, "def", def.is_async)).0
}

/// Functions whose own body creates the application.
fn app_factories(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let mut seen: Vec<ScopeId> = Vec::new();
    for (assign, entry) in index.assigns() {
        let Some(scope) = entry.scope else { continue };
        let ScopeDef::Function(def) = index.scope(scope).def else { continue };
        let [Expr::Name(target)] = assign.targets.as_slice() else { continue };
        let Some(call) = as_call(&assign.value) else { continue };
        let Some(callee) = qualified(index, Some(scope), &call.func) else { continue };
        let Some(&(_, framework)) = APP_CONSTRUCTORS.iter().find(|(name, _)| *name == callee) else {
            continue;
        };
        if seen.contains(&scope) {
            continue;
        }
        seen.push(scope);
        let app = target.id.as_str();
        let item = push_item(
            facts,
            Some(scope),
            def_line(index, def),
            framework,
            "app_factory",
            Some(&index.scope(scope).qualname),
            Some(app),
        );
        // The factory's own calls on the application (its body's calls, not nested functions').
        for (call, call_entry) in index.calls() {
            if call_entry.scope != Some(scope) {
                continue;
            }
            let Some(callee) = dotted_name(&call.func) else { continue };
            if callee.starts_with(&format!("{app}.config.from_")) {
                let source = call.arguments.args.first().map(|a| index.text(a));
                push_detail(facts, item, "config", source);
            } else if callee == format!("{app}.register_blueprint") {
                let blueprint = call.arguments.args.first().map(|a| index.text(a));
                push_detail(facts, item, "blueprint", blueprint);
            }
        }
    }
}

/// Extensions and CORS created by a call (assigned or as a statement).
fn constructed(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let imports_flask = crate::extract::routes::receivers::FileFrameworks::of(index).flask;
    let assigned = index.assigns().filter_map(|(assign, entry)| match assign.targets.as_slice() {
        [Expr::Name(target)] => Some((Some(target.id.as_str()), &*assign.value, entry)),
        _ => None,
    });
    let statements = index.expr_stmts().map(|(statement, entry)| (None, &*statement.value, entry));
    let mut found: Vec<_> = assigned.chain(statements).collect();
    found.sort_by_key(|(_, value, _)| value.start());
    for (variable, value, entry) in found {
        let Some(call) = as_call(value) else { continue };
        let Some(written) = dotted_name(&call.func) else { continue };
        let qualified = index.names().qualify(index, entry.scope, &written);
        let class = last_segment(qualified.as_deref().unwrap_or(&written));
        let from_flask_package = qualified.as_deref().is_some_and(|q| q.starts_with("flask_"));
        let line = index.position(value.start()).0;
        if class == "CORS" && (from_flask_package || qualified.is_none()) {
            cors(index, facts, None, line, variable, call);
        } else if from_flask_package && class.chars().next().is_some_and(char::is_uppercase)
            || qualified.is_none() && EXTENSION_NAMES.contains(&class) && imports_flask
        {
            if !from_flask_package && variable.is_none() {
                continue;
            }
            let item = push_item(facts, None, line, "flask", "extension", Some(class), variable);
            if let Some(app) = call.arguments.args.first() {
                push_detail(facts, item, "app", Some(index.text(app)));
            }
            if let Some(module) = qualified.as_deref() {
                push_detail(facts, item, "class", Some(module));
            }
            for name in ["default_limits", "storage_uri", "cors_allowed_origins", "async_mode"] {
                if let Some(value) = keyword(call, name) {
                    push_detail(facts, item, name, Some(index.text(value)));
                }
            }
        } else if let Expr::Attribute(attribute) = &*call.func
            && attribute.attr.as_str() == "init_app"
            && let Some(app) = call.arguments.args.first()
        {
            let extension = dotted_name(&attribute.value);
            if extension.as_deref().is_none_or(|e| e == "self" || e.starts_with("self.")) {
                continue;
            }
            let item = push_item(
                facts,
                None,
                line,
                "flask",
                "extension_init",
                extension.as_deref(),
                Some(index.text(app)),
            );
            // The extension object's absolute name: imported, or a variable of this module.
            let absolute = extension.and_then(|e| {
                index.names().qualify(index, entry.scope, &e).or_else(|| {
                    (!e.contains('.')).then(|| crate::index::names::join_dotted(&index.context.module, &e))
                })
            });
            if let Some(absolute) = absolute {
                push_detail(facts, item, "extension", Some(&absolute));
            }
        }
    }
}

/// A `cors` item: `CORS(app, origins=...)` or `@cross_origin(...)`.
fn cors(
    index: &NodeIndex<'_>,
    facts: &mut FileFacts,
    symbol: Option<ScopeId>,
    line: u32,
    name: Option<&str>,
    call: &ast::ExprCall,
) {
    let target = if symbol.is_none() { call.arguments.args.first().map(|a| index.text(a)) } else { None };
    let item = push_item(facts, symbol, line, "flask", "cors", name, target);
    let origins_expr = keyword(call, "origins").or_else(|| keyword(call, "resources"));
    let origins: Vec<&str> = keyword(call, "origins").and_then(string_list).unwrap_or_default();
    for origin in &origins {
        push_detail(facts, item, "origin", Some(origin));
    }
    // flask-cors allows every origin unless told otherwise.
    let permissive = origins_expr.is_none() || origins.contains(&"*");
    push_detail(facts, item, "permissive", Some(if permissive { "1" } else { "0" }));
    if let Some(credentials) = keyword(call, "supports_credentials") {
        push_detail(facts, item, "supports_credentials", Some(index.text(credentials)));
    }
}

/// Items declared by decorators on functions.
fn decorated(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Function(def) = scope.def else { continue };
        let id = id as ScopeId;
        let mut command: Option<RowRef> = None;
        for decorator in &def.decorator_list {
            let expr = &decorator.expression;
            let line = index.position(expr.start()).0;
            let call = as_call(expr);
            let Some(written) = callee_name(expr) else { continue };
            let attr = last_segment(&written);
            let receiver = written.rsplit_once('.').map(|(r, _)| r);
            let function = Some(scope.qualname.as_str());
            let qualified = index.names().qualify(index, scope.parent, &written);
            if receiver.is_some() && HOOKS.contains(&attr) {
                let item = push_item(facts, Some(id), line, "flask", "request_hook", function, receiver);
                push_detail(facts, item, "hook", Some(attr));
            } else if receiver.is_some() && matches!(attr, "errorhandler" | "app_errorhandler") {
                let handled = call.and_then(|c| c.arguments.args.first());
                let item = push_item(
                    facts,
                    Some(id),
                    line,
                    "flask",
                    "error_handler",
                    function,
                    handled.map(|h| index.text(h)),
                );
                if let Some(handled) = handled {
                    let key = if matches!(handled, Expr::NumberLiteral(_)) { "code" } else { "exception" };
                    push_detail(facts, item, key, Some(index.text(handled)));
                }
            } else if receiver.is_some_and(|r| last_segment(r).to_ascii_lowercase().contains("socketio"))
                && matches!(attr, "on" | "event" | "on_error" | "on_error_default")
            {
                let event = match attr {
                    "on" => {
                        call.and_then(|c| argument(c, "message", 0)).and_then(string_value).map(str::to_owned)
                    }
                    "event" => Some(def.name.to_string()),
                    _ => None,
                };
                let item =
                    push_item(facts, Some(id), line, "flask", "socketio_handler", function, event.as_deref());
                if let Some(namespace) = call.and_then(|c| keyword(c, "namespace")).and_then(string_value) {
                    push_detail(facts, item, "namespace", Some(namespace));
                }
            } else if matches!(attr, "command" | "group")
                && (written.ends_with("cli.command")
                    || written.ends_with("cli.group")
                    || qualified.as_deref().is_some_and(|q| q == "click.command" || q == "click.group")
                    || receiver.is_some_and(|r| is_click_group(index, r)))
            {
                let explicit = call.and_then(|c| argument(c, "name", 0)).and_then(string_value);
                // click names a command after its function, with `_` turned into `-`.
                let name = explicit.map_or_else(|| def.name.replace('_', "-"), str::to_owned);
                let item = push_item(
                    facts,
                    Some(id),
                    line,
                    // `app.cli.command()` is Flask's; a plain click command or group is click's.
                    if written.contains(".cli.") { "flask" } else { "click" },
                    "cli_command",
                    Some(&name),
                    receiver.or(Some(&written)),
                );
                push_detail(facts, item, "function", function);
                command = Some(item);
            } else if (written.starts_with("click.")
                || qualified.as_deref().is_some_and(|q| q.starts_with("click.")))
                && matches!(attr, "option" | "argument")
            {
                // Parameters are listed above (after) the command decorator; collected below.
            } else if receiver.is_some()
                && matches!(attr, "limit" | "exempt" | "shared_limit")
                && receiver.is_some_and(|r| last_segment(r).to_ascii_lowercase().contains("limit"))
            {
                let limit = call.and_then(|c| argument(c, "limit_value", 0)).and_then(string_value);
                let item = push_item(facts, Some(id), line, "flask", "rate_limit", function, limit);
                push_detail(facts, item, "type", Some(attr));
            } else if receiver.is_some()
                && matches!(attr, "cached" | "memoize")
                && receiver.is_some_and(|r| last_segment(r).to_ascii_lowercase().contains("cache"))
            {
                let item = push_item(facts, Some(id), line, "flask", "cache", function, receiver);
                push_detail(facts, item, "type", Some(attr));
                if let Some(timeout) = call.and_then(|c| argument(c, "timeout", 0)) {
                    push_detail(facts, item, "timeout", Some(index.text(timeout)));
                }
            } else if attr == "cross_origin"
                && let Some(call) = call
            {
                cors(index, facts, Some(id), line, function, call);
            }
        }
        if let Some(item) = command {
            for decorator in &def.decorator_list {
                let Some(call) = as_call(&decorator.expression) else { continue };
                let Some(written) = callee_name(&decorator.expression) else { continue };
                let attr = last_segment(&written);
                if matches!(attr, "option" | "argument") && written.contains("click") {
                    let declared =
                        call.arguments.args.iter().filter_map(string_value).collect::<Vec<_>>().join(" ");
                    push_detail(facts, item, attr, Some(&declared));
                }
            }
        }
    }
}

/// Whether `name` is a click group defined in this file (`@click.group()` on `def cli()`).
fn is_click_group(index: &NodeIndex<'_>, name: &str) -> bool {
    index.scopes().iter().any(|s| match s.def {
        ScopeDef::Function(def) if s.parent.is_none() && s.name == name => def
            .decorator_list
            .iter()
            .any(|d| callee_name(&d.expression).is_some_and(|n| n.ends_with("group"))),
        _ => false,
    })
}

/// Hooks and error handlers registered by a call: `app.before_request(load_user)`,
/// `app.register_error_handler(404, not_found)`.
fn registrations(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (call, entry) in index.calls() {
        let Expr::Attribute(attribute) = &*call.func else { continue };
        let attr = attribute.attr.as_str();
        let receiver = dotted_name(&attribute.value);
        if receiver.as_deref().is_none_or(|r| r.starts_with("self")) {
            continue;
        }
        let line = index.position(call.start()).0;
        let function_of = |expr: Option<&Expr>| expr.and_then(dotted_name);
        if HOOKS.contains(&attr) && call.arguments.args.len() == 1 && !is_decorator_call(index, entry) {
            let function = function_of(call.arguments.args.first());
            let symbol = function.as_deref().and_then(|f| module_function(index, f));
            let item = push_item(
                facts,
                symbol,
                line,
                "flask",
                "request_hook",
                function.as_deref(),
                receiver.as_deref(),
            );
            push_detail(facts, item, "hook", Some(attr));
        } else if attr == "register_error_handler" && call.arguments.args.len() == 2 {
            let handled = &call.arguments.args[0];
            let function = function_of(call.arguments.args.get(1));
            let symbol = function.as_deref().and_then(|f| module_function(index, f));
            let item = push_item(
                facts,
                symbol,
                line,
                "flask",
                "error_handler",
                function.as_deref(),
                Some(index.text(handled)),
            );
            let key = if matches!(handled, Expr::NumberLiteral(_)) { "code" } else { "exception" };
            push_detail(facts, item, key, Some(index.text(handled)));
        }
    }
}

/// Whether a call is itself a decorator expression (`@app.before_request` written as a call is
/// handled with the decorators).
fn is_decorator_call(index: &NodeIndex<'_>, entry: &crate::index::NodeEntry<'_>) -> bool {
    entry.parent.is_some_and(|p| matches!(index.node(p).node, ruff_python_ast::AnyNodeRef::Decorator(_)))
}

/// The module-level function of this file named `name`.
fn module_function(index: &NodeIndex<'_>, name: &str) -> Option<ScopeId> {
    index.scopes().iter().position(|s| s.parent.is_none() && s.name == name).map(|p| p as ScopeId)
}
