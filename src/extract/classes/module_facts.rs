//! `module_facts` and `module_exports`: how a module presents itself to importers. Writes of
//! module dunder names at module level (`__all__ = [...]`, `__version__ = "1.0"`, `__path__ =
//! ...`; the string names of a literal `__all__` as `module_exports`), reads of module attributes
//! (`__name__`, `__file__`, ...), the `if __name__ == "__main__":` guard, namespace-package
//! declarations (`pkgutil.extend_path`, `pkg_resources.declare_namespace`) and dynamic imports
//! (`importlib.import_module`, `__import__`), qualified through the file's imports.
//! Node kinds: StmtAssign, StmtAnnAssign, StmtAugAssign, StmtIf, ExprName, ExprCall.

use ruff_python_ast::{AnyNodeRef, CmpOp, Expr, ExprContext, NodeKind};
use ruff_text_size::{Ranged, TextRange, TextSize};

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

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let kinds = [
        NodeKind::StmtAssign,
        NodeKind::StmtAnnAssign,
        NodeKind::StmtAugAssign,
        NodeKind::StmtIf,
        NodeKind::ExprName,
        NodeKind::ExprCall,
    ];
    // The test of the last `__main__` guard: its `__name__` is not recorded again as a read.
    let mut guard_test = TextRange::default();
    for (_, entry) in index.of_kinds(&kinds) {
        let scope = entry.scope;
        match entry.node {
            AnyNodeRef::StmtAssign(assign) if scope.is_none() => {
                for target in &assign.targets {
                    write(index, facts, target, &assign.value);
                }
            }
            AnyNodeRef::StmtAnnAssign(assign) if scope.is_none() => {
                if let Some(value) = &assign.value {
                    write(index, facts, &assign.target, value);
                }
            }
            AnyNodeRef::StmtAugAssign(assign) if scope.is_none() => {
                write(index, facts, &assign.target, &assign.value)
            }
            AnyNodeRef::StmtIf(node) if is_main_guard(&node.test) => {
                guard_test = node.test.range();
                push(
                    index,
                    facts,
                    scope,
                    node.start(),
                    "main_guard",
                    Some("__name__"),
                    Some(index.text(&*node.test)),
                );
            }
            AnyNodeRef::ExprName(name)
                if name.ctx == ExprContext::Load
                    && MODULE_ATTRIBUTES.contains(&name.id.as_str())
                    && !guard_test.contains_range(name.range)
                    && !is_local(index, scope, name.id.as_str()) =>
            {
                push(index, facts, scope, name.start(), "attribute_read", Some(name.id.as_str()), None);
            }
            AnyNodeRef::ExprCall(call) => {
                let Some(callee) = dotted_name(&call.func) else { continue };
                let Some(qualified) = index.names().qualify(index, scope, &callee) else { continue };
                let kind = if NAMESPACE_DECLARATIONS.contains(&qualified.as_str()) {
                    "namespace_package"
                } else if DYNAMIC_IMPORTS.contains(&qualified.as_str()) {
                    "dynamic_import"
                } else {
                    continue;
                };
                let argument = call.arguments.args.first().map(|a| index.text(a));
                push(index, facts, scope, call.start(), kind, Some(&qualified), argument);
            }
            _ => {}
        }
    }
}

/// A module-level write of a dunder name, with the names of a literal `__all__`.
fn write(index: &NodeIndex<'_>, facts: &mut FileFacts, target: &Expr, value: &Expr) {
    let Expr::Name(name) = target else { return };
    let id = name.id.as_str();
    if !(id.len() > 4 && id.starts_with("__") && id.ends_with("__")) {
        return;
    }
    let fact = push(index, facts, None, target.start(), "attribute_write", Some(id), Some(index.text(value)));
    if id != "__all__" {
        return;
    }
    let elements = match value {
        Expr::List(list) => &list.elts[..],
        Expr::Tuple(tuple) => &tuple.elts[..],
        _ => return,
    };
    for (position, element) in elements.iter().enumerate() {
        if let Some(name) = string_value(element) {
            facts.push(Table::ModuleExports, [fact.into(), position.into(), name.into()]);
        }
    }
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

fn push(
    index: &NodeIndex<'_>,
    facts: &mut FileFacts,
    scope: Option<ScopeId>,
    at: TextSize,
    kind: &str,
    name: Option<&str>,
    value: Option<&str>,
) -> crate::facts::RowRef {
    let (line, col) = index.position(at);
    facts.push(
        Table::ModuleFacts,
        [Value::File, scope_value(scope), line.into(), col.into(), kind.into(), name.into(), value.into()],
    )
}
