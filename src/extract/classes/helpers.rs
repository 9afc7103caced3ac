//! Helpers shared by the language-feature extractors of the classes, stdlib and mutations
//! domains: where a definition starts, decorators qualified through the file's imports, the
//! receiver (`self`/`cls`) of a method, and which scope a name is bound in. They read scopes and
//! the fields of definition nodes only (no walk).

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::TextSize;

pub use crate::extract::common::string_value;
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, Scope, ScopeDef, ScopeId, ScopeKind};

/// Where a definition starts as Python's `ast` reports it (the `def`/`class` keyword, after
/// decorators), the same as its `symbols` row.
pub fn definition_start(index: &NodeIndex<'_>, scope: &Scope<'_>) -> TextSize {
    match scope.def {
        ScopeDef::Function(def) => index.def_start(&def.name, "def", def.is_async),
        ScopeDef::Class(def) => index.def_start(&def.name, "class", false),
        ScopeDef::Lambda(lambda) => lambda.range.start(),
    }
}

/// (line, col) of `definition_start`.
pub fn definition_position(index: &NodeIndex<'_>, scope: &Scope<'_>) -> (u32, u32) {
    index.position(definition_start(index, scope))
}

/// The decorators of a function or class (none for a lambda).
pub fn decorator_list<'a>(scope: &Scope<'a>) -> &'a [ast::Decorator] {
    match scope.def {
        ScopeDef::Function(def) => &def.decorator_list,
        ScopeDef::Class(def) => &def.decorator_list,
        ScopeDef::Lambda(_) => &[],
    }
}

/// The decorated callable of a decorator expression: `f` for `@f` and for `@f(...)`.
pub fn decorator_callee(expression: &Expr) -> &Expr {
    match expression {
        Expr::Call(call) => &call.func,
        other => other,
    }
}

/// A decorator with its callee as written and as qualified. Decorators are evaluated in the
/// scope enclosing the definition, so that is where their names are looked up.
pub struct QualifiedDecorator<'a> {
    pub decorator: &'a ast::Decorator,
    pub written: Option<String>,
    pub qualified: Option<String>,
}

impl QualifiedDecorator<'_> {
    /// Whether the decorator is one of `names` (absolute dotted names).
    pub fn is_any(&self, names: &[&str]) -> bool {
        self.qualified.as_deref().is_some_and(|q| names.contains(&q))
    }
}

pub fn qualified_decorators<'a>(index: &NodeIndex<'a>, scope: &Scope<'a>) -> Vec<QualifiedDecorator<'a>> {
    decorator_list(scope)
        .iter()
        .map(|decorator| {
            let written = dotted_name(decorator_callee(&decorator.expression));
            let qualified = written.as_deref().and_then(|w| index.names().qualify(index, scope.parent, w));
            QualifiedDecorator { decorator, written, qualified }
        })
        .collect()
}

/// The parameters of a function or lambda scope (None for a class).
pub fn parameters<'a>(scope: &Scope<'a>) -> Option<&'a ast::Parameters> {
    match scope.def {
        ScopeDef::Function(def) => Some(&def.parameters),
        ScopeDef::Lambda(lambda) => lambda.parameters.as_deref(),
        ScopeDef::Class(_) => None,
    }
}

/// Whether `name` is a parameter of the function or lambda `scope`.
pub fn is_parameter(scope: &Scope<'_>, name: &str) -> bool {
    parameters(scope).is_some_and(|params| params.iter().any(|p| p.name().as_str() == name))
}

/// What the first parameter of a method receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    /// The instance (`self`).
    Instance,
    /// The class (`cls` of a classmethod, `__new__`, `__init_subclass__`, or a metaclass method).
    Class,
}

/// The receiver parameter of a method (name and what it receives); None for functions, lambdas,
/// staticmethods and methods without positional parameters.
pub fn receiver<'a>(index: &NodeIndex<'a>, scope: &Scope<'a>) -> Option<(&'a str, Receiver)> {
    let ScopeDef::Function(def) = scope.def else { return None };
    if scope.kind != ScopeKind::Method {
        return None;
    }
    let first = def.parameters.posonlyargs.iter().chain(&def.parameters.args).next()?;
    let name = first.parameter.name.as_str();
    let decorators = qualified_decorators(index, scope);
    if decorators.iter().any(|d| d.is_any(&["builtins.staticmethod"])) {
        return None;
    }
    let implicit_classmethod =
        matches!(def.name.as_str(), "__new__" | "__init_subclass__" | "__class_getitem__");
    let class_named = matches!(name, "cls" | "mcs" | "mcls" | "metacls");
    let is_class =
        implicit_classmethod || class_named || decorators.iter().any(|d| d.is_any(&["builtins.classmethod"]));
    Some((name, if is_class { Receiver::Class } else { Receiver::Instance }))
}

/// The `global` and `nonlocal` declarations of a file, by declaring scope.
#[derive(Default)]
pub struct Declarations<'a> {
    pub globals: FastSet<(ScopeId, &'a str)>,
    pub nonlocals: FastSet<(ScopeId, &'a str)>,
}

impl<'a> Declarations<'a> {
    pub fn of(index: &NodeIndex<'a>) -> Self {
        let mut declarations = Declarations::default();
        for (global, entry) in index.globals() {
            if let Some(scope) = entry.scope {
                declarations.globals.extend(global.names.iter().map(|n| (scope, n.as_str())));
            }
        }
        for (nonlocal, entry) in index.nonlocals() {
            if let Some(scope) = entry.scope {
                declarations.nonlocals.extend(nonlocal.names.iter().map(|n| (scope, n.as_str())));
            }
        }
        declarations
    }
}

/// Where a name used in some scope is bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// In this function, lambda or class scope.
    Scope(ScopeId),
    /// At module level (or nowhere in the file: a builtin or an undefined name).
    Module,
}

/// The scope whose binding of `name` a use in `from` refers to, by Python's rules: the scope
/// itself, then enclosing function and lambda scopes (class bodies are visible only to their own
/// statements), then the module; `global` jumps to the module, `nonlocal` skips the declaring
/// scope.
pub fn binding_of(
    index: &NodeIndex<'_>,
    declarations: &Declarations<'_>,
    from: Option<ScopeId>,
    name: &str,
) -> Binding {
    let names = index.names();
    let mut current = from;
    let mut first = true;
    while let Some(id) = current {
        let scope = index.scope(id);
        if declarations.globals.contains(&(id, name)) {
            return Binding::Module;
        }
        let visible = first || scope.kind != ScopeKind::Class;
        if visible && !declarations.nonlocals.contains(&(id, name)) && names.is_local(id, name) {
            return Binding::Scope(id);
        }
        current = scope.parent;
        first = false;
    }
    Binding::Module
}

/// The id of the innermost function or method around `scope`, through lambdas (None at module
/// level or directly in a class body).
pub fn enclosing_function_id(index: &NodeIndex<'_>, scope: Option<ScopeId>) -> Option<ScopeId> {
    let mut current = scope;
    while let Some(id) = current {
        let scope = index.scope(id);
        match scope.kind {
            ScopeKind::Function | ScopeKind::Method => return Some(id),
            ScopeKind::Class => return None,
            ScopeKind::Lambda => current = scope.parent,
        }
    }
    None
}

/// The leftmost name of an attribute/subscript chain (`self` in `self.a[k].b`); None when the
/// chain goes through anything else (a call's result is a new object, not the name's).
pub fn root_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attribute) => root_name(&attribute.value),
        Expr::Subscript(subscript) => root_name(&subscript.value),
        _ => None,
    }
}

/// Maps and sets with a fast non-cryptographic hash (rustc's FxHash) for per-file data: the
/// keys are names and scope ids of one file, so there is nothing to resist, and the default
/// SipHash showed in profiles.
pub type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
pub type FastSet<K> = rustc_hash::FxHashSet<K>;
