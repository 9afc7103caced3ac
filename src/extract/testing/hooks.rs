//! `pytest_hooks`: pytest plugin hook functions (`pytest_*`, in a conftest, a plugin module or a
//! plugin class), as implementations or, under `@hookspec`, as specifications, with the
//! `hookimpl` options. Node kinds: StmtFunctionDef (through the scopes).

use ruff_python_ast::{self as ast, Expr};

use super::{decorator_parts, is_true, qualified};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeDef, ScopeId, ScopeKind};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Function(def) = scope.def else { continue };
        // Hooks are module-level functions or methods of a plugin object, never nested functions.
        let placed = scope.parent.is_none() || scope.kind == ScopeKind::Method;
        if !placed || !def.name.as_str().starts_with("pytest_") {
            continue;
        }
        let options = HookOptions::of(index, scope.parent, &def.decorator_list);
        let line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
        let mut param_count = def.parameters.len();
        if scope.kind == ScopeKind::Method && param_count > 0 {
            param_count -= 1; // `self` is not a hook argument
        }
        facts.push(
            Table::PytestHooks,
            [
                Value::File,
                scope_value(Some(id as ScopeId)),
                line.into(),
                (if options.spec { "spec" } else { "impl" }).into(),
                def.name.as_str().into(),
                param_count.into(),
                options.tryfirst.into(),
                options.trylast.into(),
                options.wrapper.into(),
            ],
        );
    }
}

#[derive(Default)]
struct HookOptions {
    spec: bool,
    tryfirst: bool,
    trylast: bool,
    wrapper: bool,
}

impl HookOptions {
    /// `@pytest.hookimpl(tryfirst=True, hookwrapper=True)`, `@pytest.mark.tryfirst` (old style),
    /// `@pytest.hookspec(...)` or a `hookspec = pluggy.HookspecMarker(...)` marker.
    fn of(index: &NodeIndex<'_>, outer: Option<ScopeId>, decorators: &[ast::Decorator]) -> HookOptions {
        let mut options = HookOptions::default();
        for decorator in decorators {
            let (callee, call) = decorator_parts(&decorator.expression);
            let name = qualified(index, outer, callee).or_else(|| crate::index::names::dotted_name(callee));
            let option =
                |key: &str| is_true(call.and_then(|c| c.arguments.find_keyword(key)).map(|k| &k.value));
            match name.as_deref().unwrap_or("") {
                "pytest.hookimpl" | "hookimpl" => {
                    options.tryfirst |= option("tryfirst");
                    options.trylast |= option("trylast");
                    options.wrapper |= option("hookwrapper") || option("wrapper");
                }
                "pytest.hookspec" | "hookspec" => options.spec = true,
                "pytest.mark.tryfirst" => options.tryfirst = true,
                "pytest.mark.trylast" => options.trylast = true,
                _ if matches!(callee, Expr::Name(n) if n.id.as_str().ends_with("hookspec")) => {
                    options.spec = true
                }
                _ => {}
            }
        }
        options
    }
}
