//! `module_facts` and `module_exports`: how a module presents itself to importers. Writes of
//! module dunder names at module level (`__all__ = [...]`, `__version__ = "1.0"`, `__path__ =
//! ...`; the string names of a literal `__all__` as `module_exports`), reads of module attributes
//! (`__name__`, `__file__`, ...), the `if __name__ == "__main__":` guard, namespace-package
//! declarations (`pkgutil.extend_path`, `pkg_resources.declare_namespace`) and dynamic imports
//! (`importlib.import_module`, `__import__`), qualified through the file's imports.
//! Node kinds: StmtAssign, StmtAnnAssign, StmtAugAssign, StmtIf, ExprName, ExprCall. Facts come
//! from several node lists and are pushed in source order.

use ruff_python_ast::{AnyNodeRef, CmpOp, Expr, ExprCall, ExprContext, NodeKind};
use ruff_text_size::{Ranged, TextSize};

use super::helpers::string_value;
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeId};
use crate::store::schema::Table;

/// Module attributes whose reads are recorded.
const MODULE_ATTRIBUTES: &[&str] = &[
    "__all__",
    "__annotations__",
    "__builtins__",
    "__cached__",
    "__doc__",
    "__file__",
    "__loader__",
    "__name__",
    "__package__",
    "__path__",
    "__spec__",
    "__version__",
];
const NAMESPACE_DECLARATIONS: &[&str] = &["pkgutil.extend_path", "pkg_resources.declare_namespace"];
const DYNAMIC_IMPORTS: &[&str] =
    &["importlib.import_module", "importlib.__import__", "importlib.reload", "builtins.__import__"];

/// One fact before it is pushed: facts come from several node lists and are pushed in source
/// order.
struct Fact<'a> {
    at: TextSize,
    scope: Option<ScopeId>,
    kind: &'static str,
    name: Option<String>,
    value: Option<&'a str>,
    /// For `__all__`: (position, name) of its string elements.
    exports: Vec<(usize, &'a str)>,
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let mut found = Vec::new();
    let kinds = [NodeKind::StmtAssign, NodeKind::StmtAnnAssign, NodeKind::StmtAugAssign, NodeKind::ExprCall];
    for (_, entry) in index.of_kinds(&kinds) {
        let scope = entry.scope;
        match entry.node {
            AnyNodeRef::StmtAssign(assign) if scope.is_none() => {
                found.extend(assign.targets.iter().filter_map(|target| write(index, target, &assign.value)));
            }
            AnyNodeRef::StmtAnnAssign(assign) if scope.is_none() => {
                found.extend(assign.value.as_deref().and_then(|value| write(index, &assign.target, value)));
            }
            AnyNodeRef::StmtAugAssign(assign) if scope.is_none() => {
                found.extend(write(index, &assign.target, &assign.value));
            }
            AnyNodeRef::ExprCall(call) => found.extend(import_call(index, scope, call)),
            _ => {}
        }
    }
    // The `__name__` of a `__main__` guard is the guard, not also a read.
    let mut guard_tests = Vec::new();
    for (node, entry) in index.if_stmts() {
        if is_main_guard(&node.test) {
            guard_tests.push(node.test.range());
            let test = Some(index.text(&*node.test));
            found.push(fact(node.start(), entry.scope, "main_guard", Some("__name__"), test));
        }
    }
    for (name, entry) in index.names_used() {
        let id = name.id.as_str();
        let is_read =
            id.starts_with("__") && name.ctx == ExprContext::Load && MODULE_ATTRIBUTES.contains(&id);
        if is_read
            && !guard_tests.iter().any(|test| test.contains_range(name.range))
            && !is_local(index, entry.scope, id)
        {
            found.push(fact(name.start(), entry.scope, "attribute_read", Some(id), None));
        }
    }
    found.sort_by_key(|fact| fact.at);
    for fact in found {
        let (line, col) = index.position(fact.at);
        let row = facts.push(
            Table::ModuleFacts,
            [
                Value::File,
                scope_value(fact.scope),
                line.into(),
                col.into(),
                fact.kind.into(),
                fact.name.into(),
                fact.value.into(),
            ],
        );
        for (position, name) in fact.exports {
            facts.push(Table::ModuleExports, [row.into(), position.into(), name.into()]);
        }
    }
}

fn fact<'a>(
    at: TextSize,
    scope: Option<ScopeId>,
    kind: &'static str,
    name: Option<&str>,
    value: Option<&'a str>,
) -> Fact<'a> {
    Fact { at, scope, kind, name: name.map(str::to_owned), value, exports: Vec::new() }
}

/// A call of a namespace-package declaration or a dynamic import.
fn import_call<'a>(index: &NodeIndex<'a>, scope: Option<ScopeId>, call: &'a ExprCall) -> Option<Fact<'a>> {
    // Most calls are neither: compare the last name before qualifying.
    let last = match &*call.func {
        Expr::Name(name) => name.id.as_str(),
        Expr::Attribute(attribute) => attribute.attr.as_str(),
        _ => return None,
    };
    if !matches!(last, "extend_path" | "declare_namespace" | "import_module" | "__import__" | "reload") {
        return None;
    }
    let qualified = index.names().qualify(index, scope, &dotted_name(&call.func)?)?;
    let kind = if NAMESPACE_DECLARATIONS.contains(&qualified.as_str()) {
        "namespace_package"
    } else if DYNAMIC_IMPORTS.contains(&qualified.as_str()) {
        "dynamic_import"
    } else {
        return None;
    };
    let argument = call.arguments.args.first().map(|a| index.text(a));
    Some(fact(call.start(), scope, kind, Some(&qualified), argument))
}

/// A module-level write of a dunder name, with the names of a literal `__all__`.
fn write<'a>(index: &NodeIndex<'a>, target: &'a Expr, value: &'a Expr) -> Option<Fact<'a>> {
    let Expr::Name(name) = target else { return None };
    let id = name.id.as_str();
    if !(id.len() > 4 && id.starts_with("__") && id.ends_with("__")) {
        return None;
    }
    let mut write = fact(target.start(), None, "attribute_write", Some(id), Some(index.text(value)));
    let elements = match value {
        Expr::List(list) if id == "__all__" => &list.elts[..],
        Expr::Tuple(tuple) if id == "__all__" => &tuple.elts[..],
        _ => &[],
    };
    write.exports =
        elements.iter().enumerate().filter_map(|(position, e)| Some((position, string_value(e)?))).collect();
    Some(write)
}

/// `__name__ == "__main__"` (either way round).
fn is_main_guard(test: &Expr) -> bool {
    let Expr::Compare(compare) = test else { return false };
    let [CmpOp::Eq] = &*compare.ops else { return false };
    let [right] = &*compare.comparators else { return false };
    let is_name = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == "__name__");
    let is_main = |e: &Expr| string_value(e) == Some("__main__");
    (is_name(&compare.left) && is_main(right)) || (is_main(&compare.left) && is_name(right))
}

/// Whether `name` is bound by the function or class scope it is read in (a parameter named
/// `__name__` is not the module's).
fn is_local(index: &NodeIndex<'_>, scope: Option<ScopeId>, name: &str) -> bool {
    scope.is_some_and(|id| index.names().is_local(id, name))
}
