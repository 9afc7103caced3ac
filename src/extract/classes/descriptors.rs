//! `descriptors`: managed attributes. Methods decorated as properties (`property`, the `@x.setter`
//! / `@x.getter` / `@x.deleter` of a property `x`, `functools.cached_property`), `x =
//! property(...)` in a class body, classes implementing the descriptor protocol (`__get__`,
//! `__set__`, `__delete__`: data descriptors when they define `__set__` or `__delete__`), class
//! attributes holding an instance of such a class of the file, and the dynamic attribute hooks
//! (`__getattr__`, `__getattribute__`, `__setattr__`, `__delattr__`, and a module's `__getattr__`).
//! Node kinds: StmtFunctionDef, StmtClassDef (through the scopes); a class's own body statements
//! are read for `x = property(...)` and descriptor instances.

use super::helpers::{FastMap, FastSet};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

use super::helpers::{decorator_callee, definition_start, qualified_decorators};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::names::{dotted_name, join_dotted};
use crate::index::{NodeIndex, Scope, ScopeDef, ScopeId, ScopeKind};
use crate::store::schema::Table;

const PROPERTY_DECORATORS: &[&str] =
    &["builtins.property", "abc.abstractproperty", "enum.property", "types.DynamicClassAttribute"];

/// One row before it is pushed: rows are gathered per definition, then pushed in source order.
struct Row {
    offset: TextSize,
    scope: Option<ScopeId>,
    kind: &'static str,
    symbol: Option<ScopeId>,
    name: Option<String>,
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let mut rows = Vec::new();
    collect(index, &mut rows);
    rows.sort_by_key(|row| row.offset);
    for row in rows {
        let (line, col) = index.position(row.offset);
        facts.push(
            Table::Descriptors,
            [
                Value::File,
                scope_value(row.scope),
                line.into(),
                col.into(),
                row.kind.into(),
                row.symbol.map(|id| Value::Row(Table::Symbols, id)).into(),
                row.name.into(),
            ],
        );
    }
}

fn collect(index: &NodeIndex<'_>, facts: &mut Vec<Row>) {
    let methods = method_names(index);
    let descriptor_classes = descriptor_classes(index, &methods);
    for (id, scope) in index.scopes().iter().enumerate() {
        let id = id as ScopeId;
        match scope.def {
            ScopeDef::Function(_) => method_rows(index, id, scope, facts),
            ScopeDef::Class(def) => {
                if let Some(names) = methods.get(&id) {
                    let is_data = names.contains("__set__") || names.contains("__delete__");
                    if is_data || names.contains("__get__") {
                        let kind = if is_data { "data_descriptor_class" } else { "descriptor_class" };
                        let offset = definition_start(index, scope);
                        push(facts, scope.parent, offset, kind, Some(id), None);
                    }
                }
                for stmt in &def.body {
                    class_attribute_rows(index, id, stmt, &descriptor_classes, facts);
                }
            }
            ScopeDef::Lambda(_) => {}
        }
    }
}

/// Rows of a function: property decorators, attribute hooks.
fn method_rows(index: &NodeIndex<'_>, id: ScopeId, scope: &Scope<'_>, facts: &mut Vec<Row>) {
    if scope.kind == ScopeKind::Function {
        if scope.parent.is_none() && scope.name == "__getattr__" {
            push(facts, None, definition_start(index, scope), "module_getattr", Some(id), None);
        }
        return;
    }
    for decorator in qualified_decorators(index, scope) {
        let offset = decorator.decorator.expression.start();
        let accessor = match decorator_callee(&decorator.decorator.expression) {
            Expr::Attribute(attribute) => {
                let kind = match attribute.attr.as_str() {
                    "setter" => Some("setter"),
                    "getter" => Some("getter"),
                    "deleter" => Some("deleter"),
                    _ => None,
                };
                match (&*attribute.value, kind) {
                    (Expr::Name(property), Some(kind)) => Some((kind, Some(property.id.as_str()))),
                    _ => None,
                }
            }
            _ => None,
        };
        let kind = if decorator.is_any(PROPERTY_DECORATORS) {
            Some(("property", Some(scope.name.as_str())))
        } else if decorator.is_any(&["functools.cached_property"]) {
            Some(("cached_property", Some(scope.name.as_str())))
        } else {
            accessor
        };
        if let Some((kind, name)) = kind {
            push(facts, scope.parent, offset, kind, Some(id), name);
        }
    }
    let hook = match scope.name.as_str() {
        "__getattr__" => "getattr",
        "__getattribute__" => "getattribute",
        "__setattr__" => "setattr",
        "__delattr__" => "delattr",
        _ => return,
    };
    push(facts, scope.parent, definition_start(index, scope), hook, Some(id), None);
}

/// `x = property(fget, ...)` and `x = Descriptor(...)` (a descriptor class of the file) in the
/// body of class `class`.
fn class_attribute_rows(
    index: &NodeIndex<'_>,
    class: ScopeId,
    stmt: &Stmt,
    descriptor_classes: &FastMap<String, ScopeId>,
    facts: &mut Vec<Row>,
) {
    let (targets, value): (&[Expr], &Expr) = match stmt {
        Stmt::Assign(assign) => (&assign.targets, &assign.value),
        Stmt::AnnAssign(assign) => match &assign.value {
            Some(value) => (std::slice::from_ref(&*assign.target), value),
            None => return,
        },
        _ => return,
    };
    let Expr::Call(call) = value else { return };
    let Some(callee) = dotted_name(&call.func) else { return };
    let Some(qualified) = index.names().qualify(index, Some(class), &callee) else { return };
    let (kind, implementer) = if PROPERTY_DECORATORS.contains(&qualified.as_str()) {
        ("property", Some(class))
    } else if let Some(&descriptor) = descriptor_classes.get(&qualified) {
        ("descriptor_attribute", Some(descriptor))
    } else {
        return;
    };
    for target in targets {
        if let Expr::Name(name) = target {
            push(facts, Some(class), target.start(), kind, implementer, Some(name.id.as_str()));
        }
    }
}

/// The names of the methods of each class.
fn method_names<'a>(index: &'a NodeIndex<'_>) -> FastMap<ScopeId, FastSet<&'a str>> {
    let mut methods: FastMap<ScopeId, FastSet<&str>> = FastMap::default();
    for scope in index.scopes() {
        if let (ScopeKind::Method, Some(class)) = (scope.kind, scope.parent) {
            methods.entry(class).or_default().insert(scope.name.as_str());
        }
    }
    methods
}

/// Module-level classes of the file that implement `__get__`, `__set__` or `__delete__`, by
/// qualified name.
fn descriptor_classes(
    index: &NodeIndex<'_>,
    methods: &FastMap<ScopeId, FastSet<&str>>,
) -> FastMap<String, ScopeId> {
    let mut classes = FastMap::default();
    for (id, scope) in index.scopes().iter().enumerate() {
        let id = id as ScopeId;
        let is_descriptor = methods
            .get(&id)
            .is_some_and(|names| ["__get__", "__set__", "__delete__"].iter().any(|m| names.contains(m)));
        if scope.kind == ScopeKind::Class && scope.parent.is_none() && is_descriptor {
            classes.insert(join_dotted(&index.context.module, &scope.name), id);
        }
    }
    classes
}

fn push(
    rows: &mut Vec<Row>,
    scope: Option<ScopeId>,
    offset: TextSize,
    kind: &'static str,
    symbol: Option<ScopeId>,
    name: Option<&str>,
) {
    rows.push(Row { offset, scope, kind, symbol, name: name.map(str::to_owned) });
}
