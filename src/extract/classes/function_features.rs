//! `function_features`: one row per notable property of a function, method or lambda. Each row
//! sits where the property shows: the definition (`lambda`, `coroutine`), the first `yield` of
//! the function's own body (`generator`, `async_generator`: a yield in a nested function or
//! lambda belongs to that one), the decorator (`memoized`, `overload`, `abstract`, ...), the
//! mutable default value, the first call of the function to itself (`recursive`: resolved through
//! the caller's scope chain, or `self.m()`/`cls.m()`/`C.m()` in method `m`), or the first read of
//! each name bound in an enclosing function (`closure`, one row per captured name).
//! Node kinds: StmtFunctionDef, ExprLambda (through the scopes), ExprYield, ExprYieldFrom,
//! ExprCall, ExprName, StmtNonlocal.

use super::helpers::{FastMap, FastSet};
use ruff_python_ast::{self as ast, Expr, ExprContext, NodeKind};
use ruff_text_size::{Ranged, TextSize};

use super::helpers::{
    Binding, Declarations, QualifiedDecorator, binding_of, definition_position, parameters,
    qualified_decorators, receiver,
};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, Scope, ScopeDef, ScopeId, ScopeKind};
use crate::store::schema::Table;

/// Decorators that give a function a feature, by qualified name.
const DECORATOR_FEATURES: &[(&str, &str)] = &[
    ("functools.cache", "memoized"),
    ("functools.lru_cache", "memoized"),
    ("functools.cached_property", "memoized"),
    ("cachetools.cached", "memoized"),
    ("cachetools.cachedmethod", "memoized"),
    ("cachetools.func.lru_cache", "memoized"),
    ("cachetools.func.ttl_cache", "memoized"),
    ("async_lru.alru_cache", "memoized"),
    ("typing.overload", "overload"),
    ("typing_extensions.overload", "overload"),
    ("abc.abstractmethod", "abstract"),
    ("abc.abstractproperty", "abstract"),
    ("abc.abstractclassmethod", "abstract"),
    ("abc.abstractstaticmethod", "abstract"),
    ("builtins.staticmethod", "staticmethod"),
    ("builtins.classmethod", "classmethod"),
    ("builtins.property", "property"),
    ("typing.override", "override"),
    ("typing_extensions.override", "override"),
    ("typing.final", "final"),
    ("typing_extensions.final", "final"),
    ("contextlib.contextmanager", "contextmanager"),
    ("contextlib.asynccontextmanager", "asynccontextmanager"),
    ("functools.singledispatch", "singledispatch"),
    ("functools.singledispatchmethod", "singledispatch"),
    ("functools.wraps", "wrapper"),
    ("warnings.deprecated", "deprecated"),
    ("typing_extensions.deprecated", "deprecated"),
];

/// Constructors whose result, used as a default value, is shared by every call.
const MUTABLE_CONSTRUCTORS: &[&str] = &[
    "builtins.list",
    "builtins.dict",
    "builtins.set",
    "builtins.bytearray",
    "collections.defaultdict",
    "collections.OrderedDict",
    "collections.Counter",
    "collections.deque",
];

/// Where a feature shows: position, scope of that position, and detail.
struct Evidence {
    offset: TextSize,
    scope: Option<ScopeId>,
    detail: Option<String>,
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let declarations = Declarations::of(index);
    let yields = first_yields(index);
    let recursions = first_recursive_calls(index, &declarations);
    let mutual = mutual_recursions(index, &declarations);
    let closures = free_names(index, &declarations);
    for (id, scope) in index.scopes().iter().enumerate() {
        let id = id as ScopeId;
        let is_async = match scope.def {
            ScopeDef::Function(def) => def.is_async,
            ScopeDef::Lambda(_) => false,
            ScopeDef::Class(_) => continue,
        };
        let row =
            |facts: &mut FileFacts, kind: &str, (line, col): (u32, u32), at: Option<ScopeId>, detail| {
                facts.push(
                    Table::FunctionFeatures,
                    [
                        Value::File,
                        scope_value(at),
                        line.into(),
                        col.into(),
                        kind.into(),
                        Value::Row(Table::Symbols, id),
                        detail,
                    ],
                );
            };
        let definition = definition_position(index, scope);
        if scope.kind == ScopeKind::Lambda {
            row(facts, "lambda", definition, scope.parent, Value::Null);
        }
        match (yields.get(&id), is_async) {
            (Some(&offset), false) => row(facts, "generator", index.position(offset), Some(id), Value::Null),
            (Some(&offset), true) => {
                row(facts, "async_generator", index.position(offset), Some(id), Value::Null)
            }
            (None, true) => row(facts, "coroutine", definition, scope.parent, Value::Null),
            (None, false) => {}
        }
        if let ScopeDef::Function(ast::StmtFunctionDef { type_params: Some(params), .. }) = scope.def {
            let names: Vec<&str> = params.type_params.iter().map(|p| index.text(p)).collect();
            row(facts, "generic", definition, scope.parent, names.join(", ").into());
        }
        for decorator in qualified_decorators(index, scope) {
            if let Some(kind) = decorator_feature(&decorator) {
                let expression = &decorator.decorator.expression;
                let position = index.position(expression.start());
                // The qualified name, with the arguments of a call as written.
                let arguments = match expression {
                    Expr::Call(call) => index.text(&call.arguments),
                    _ => "",
                };
                let detail = decorator.qualified.map(|q| q + arguments);
                row(facts, kind, position, scope.parent, detail.into());
            }
        }
        for (name, default) in mutable_defaults(index, scope) {
            row(facts, "mutable_default", index.position(default.start()), scope.parent, name.into());
        }
        if let Some(evidence) = recursions.get(&id) {
            let detail = evidence.detail.clone();
            row(facts, "recursive", index.position(evidence.offset), evidence.scope, detail.into());
        }
        for evidence in mutual.get(&id).into_iter().flatten() {
            let detail = evidence.detail.clone();
            row(facts, "mutually_recursive", index.position(evidence.offset), evidence.scope, detail.into());
        }
        for evidence in closures.get(&id).into_iter().flatten() {
            let detail = evidence.detail.clone();
            row(facts, "closure", index.position(evidence.offset), evidence.scope, detail.into());
        }
    }
}

fn decorator_feature(decorator: &QualifiedDecorator<'_>) -> Option<&'static str> {
    let qualified = decorator.qualified.as_deref()?;
    DECORATOR_FEATURES.iter().find(|(name, _)| *name == qualified).map(|(_, kind)| *kind)
}

/// The first `yield`/`yield from` of each function's own body (a nested function or lambda has
/// its own scope, so its yields are its own).
fn first_yields(index: &NodeIndex<'_>) -> FastMap<ScopeId, TextSize> {
    let mut first = FastMap::default();
    for (_, entry) in index.of_kinds(&[NodeKind::ExprYield, NodeKind::ExprYieldFrom]) {
        if let Some(scope) = entry.scope {
            first.entry(scope).or_insert(entry.node.start());
        }
    }
    first
}

/// Parameters whose default is a mutable value built once, at definition time.
fn mutable_defaults<'a>(index: &NodeIndex<'a>, scope: &Scope<'a>) -> Vec<(&'a str, &'a Expr)> {
    let Some(params) = parameters(scope) else { return Vec::new() };
    let with_defaults = params.posonlyargs.iter().chain(&params.args).chain(&params.kwonlyargs);
    with_defaults
        .filter_map(|param| Some((param.parameter.name.as_str(), param.default.as_deref()?)))
        .filter(|(_, default)| is_mutable_value(index, scope.parent, default))
        .collect()
}

fn is_mutable_value(index: &NodeIndex<'_>, scope: Option<ScopeId>, expr: &Expr) -> bool {
    match expr {
        Expr::List(_)
        | Expr::Dict(_)
        | Expr::Set(_)
        | Expr::ListComp(_)
        | Expr::DictComp(_)
        | Expr::SetComp(_) => true,
        Expr::Call(call) => crate::index::names::dotted_name(&call.func)
            .and_then(|callee| index.names().qualify(index, scope, &callee))
            .is_some_and(|q| MUTABLE_CONSTRUCTORS.contains(&q.as_str())),
        _ => false,
    }
}

/// For each function that calls another function of the file which calls it back (`f` calls
/// `g` and `g` calls `f`), the first call to each such partner. A call belongs to the innermost
/// function around it (through lambdas); callees are resolved as for `recursive`: a bare name
/// through the caller's scopes to a `def` of the file, or `self.m()`/`cls.m()` to a method of
/// the same class.
fn mutual_recursions(
    index: &NodeIndex<'_>,
    declarations: &Declarations<'_>,
) -> FastMap<ScopeId, Vec<Evidence>> {
    // Definitions by (enclosing scope, name); a later `def` of the same name wins, as at run time.
    let mut definitions: FastMap<(Option<ScopeId>, &str), ScopeId> = FastMap::default();
    let mut names: FastSet<&str> = FastSet::default();
    for (id, scope) in index.scopes().iter().enumerate() {
        if matches!(scope.kind, ScopeKind::Function | ScopeKind::Method) {
            definitions.insert((scope.parent, scope.name.as_str()), id as ScopeId);
            names.insert(scope.name.as_str());
        }
    }
    // Most calls name nothing the file defines: checked before resolving.
    let defined = |name: &str| names.contains(name);
    let mut first_calls: FastMap<(ScopeId, ScopeId), Evidence> = FastMap::default();
    for (call, entry) in index.calls() {
        let Some(caller) = super::helpers::enclosing_function_id(index, entry.scope) else { continue };
        let callee = match &*call.func {
            Expr::Name(name) if defined(name.id.as_str()) => {
                let binder = match binding_of(index, declarations, entry.scope, name.id.as_str()) {
                    Binding::Scope(id) => Some(id),
                    Binding::Module => None,
                };
                definitions.get(&(binder, name.id.as_str())).copied()
            }
            Expr::Attribute(ast::ExprAttribute { value, attr, .. }) => match &**value {
                Expr::Name(object) if defined(attr.as_str()) => {
                    let method = index.scope(caller);
                    let is_receiver = receiver(index, method)
                        .is_some_and(|(name, _)| name == object.id.as_str())
                        && binding_of(index, declarations, entry.scope, object.id.as_str())
                            == Binding::Scope(caller);
                    let class = method.parent.filter(|_| is_receiver && method.kind == ScopeKind::Method);
                    class.and_then(|class| definitions.get(&(Some(class), attr.as_str())).copied())
                }
                _ => None,
            },
            _ => None,
        };
        let Some(callee) = callee.filter(|&callee| callee != caller) else { continue };
        first_calls.entry((caller, callee)).or_insert_with(|| Evidence {
            offset: call.start(),
            scope: entry.scope,
            detail: Some(index.text(&*call.func).to_owned()),
        });
    }
    let mut mutual: FastMap<ScopeId, Vec<Evidence>> = FastMap::default();
    for (&(caller, callee), evidence) in &first_calls {
        if first_calls.contains_key(&(callee, caller)) {
            let evidence =
                Evidence { offset: evidence.offset, scope: evidence.scope, detail: evidence.detail.clone() };
            mutual.entry(caller).or_default().push(evidence);
        }
    }
    for evidences in mutual.values_mut() {
        evidences.sort_by_key(|evidence| evidence.offset);
    }
    mutual
}

/// For each function that calls itself, its first such call.
fn first_recursive_calls(
    index: &NodeIndex<'_>,
    declarations: &Declarations<'_>,
) -> FastMap<ScopeId, Evidence> {
    let mut first = FastMap::default();
    for (call, entry) in index.calls() {
        let Some(callee) = called_function(index, declarations, entry.scope, &call.func) else { continue };
        first.entry(callee).or_insert_with(|| Evidence {
            offset: call.start(),
            scope: entry.scope,
            detail: Some(index.text(&*call.func).to_owned()),
        });
    }
    first
}

/// The function enclosing a call in `scope` that `func` names, if any: a bare name bound where
/// that function's `def` binds it, or `self.m`/`cls.m`/`C.m` inside method `m` of class `C`.
fn called_function(
    index: &NodeIndex<'_>,
    declarations: &Declarations<'_>,
    scope: Option<ScopeId>,
    func: &Expr,
) -> Option<ScopeId> {
    let enclosing = std::iter::successors(scope, |&id| index.scope(id).parent);
    match func {
        Expr::Name(name) => {
            let name = name.id.as_str();
            // Most calls name no enclosing function: check that before resolving the name.
            let candidate = enclosing.clone().find(|&id| {
                let function = index.scope(id);
                function.kind == ScopeKind::Function && function.name == name
            })?;
            let binder = match binding_of(index, declarations, scope, name) {
                Binding::Scope(id) => Some(id),
                Binding::Module => None,
            };
            let is_binding_def = |id: ScopeId| {
                let function = index.scope(id);
                function.kind == ScopeKind::Function && function.name == name && function.parent == binder
            };
            if is_binding_def(candidate) {
                Some(candidate)
            } else {
                enclosing.clone().find(|&id| is_binding_def(id))
            }
        }
        Expr::Attribute(ast::ExprAttribute { value, attr, .. }) => {
            let Expr::Name(object) = &**value else { return None };
            let object = object.id.as_str();
            let method = enclosing.clone().find(|&id| {
                let function = index.scope(id);
                function.kind == ScopeKind::Method && function.name == attr.as_str()
            })?;
            let function = index.scope(method);
            let through_receiver = receiver(index, function).is_some_and(|(name, _)| name == object)
                && binding_of(index, declarations, scope, object) == Binding::Scope(method);
            let class = index.scope(function.parent?);
            let class_binder = match class.parent {
                Some(id) => Binding::Scope(id),
                None => Binding::Module,
            };
            let through_class =
                class.name == object && binding_of(index, declarations, scope, object) == class_binder;
            (through_receiver || through_class).then_some(method)
        }
        _ => None,
    }
}

/// For each function or lambda, the names it reads from an enclosing function or lambda (or
/// declares `nonlocal`): one evidence per name, at its first read or declaration, in order.
fn free_names(index: &NodeIndex<'_>, declarations: &Declarations<'_>) -> FastMap<ScopeId, Vec<Evidence>> {
    let names = index.names();
    // Only a function nested in a function or lambda can capture anything.
    let nested: Vec<bool> = index
        .scopes()
        .iter()
        .map(|scope| {
            std::iter::successors(scope.parent, |&id| index.scope(id).parent)
                .any(|id| index.scope(id).kind != ScopeKind::Class)
        })
        .collect();
    let mut found: FastMap<ScopeId, Vec<Evidence>> = FastMap::default();
    let mut seen: FastSet<(ScopeId, &str)> = FastSet::default();
    let mut note = |scope: ScopeId, offset: TextSize, name| {
        let evidence = Evidence { offset, scope: Some(scope), detail: Some(String::from(name)) };
        found.entry(scope).or_default().push(evidence);
    };
    for (nonlocal, entry) in index.nonlocals() {
        let Some(scope) = entry.scope else { continue };
        for name in &nonlocal.names {
            if seen.insert((scope, name.as_str())) {
                note(scope, nonlocal.start(), name.as_str());
            }
        }
    }
    for (name, entry) in index.names_used() {
        let Some(scope) = entry.scope else { continue };
        let id = name.id.as_str();
        let is_function = index.scope(scope).kind != ScopeKind::Class;
        if name.ctx != ExprContext::Load
            || !is_function
            || !nested[scope as usize]
            || seen.contains(&(scope, id))
        {
            continue;
        }
        if names.is_local(scope, id) && !declarations.nonlocals.contains(&(scope, id)) {
            continue;
        }
        if let Binding::Scope(binder) = binding_of(index, declarations, Some(scope), id)
            && binder != scope
            && index.scope(binder).kind != ScopeKind::Class
        {
            seen.insert((scope, id));
            note(scope, name.start(), id);
        }
    }
    for evidences in found.values_mut() {
        evidences.sort_by_key(|evidence| evidence.offset);
    }
    found
}
