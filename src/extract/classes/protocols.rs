//! `protocols` and `protocol_methods`: for each class, one row per protocol it implements through
//! the special methods it defines (directly in its body, also under an `if`), each with its
//! methods in definition order. The protocols and their methods are listed in `PROTOCOLS`.
//! Node kinds: StmtClassDef, StmtFunctionDef (through the scopes).

use super::helpers::FastMap;
use super::helpers::definition_position;
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeDef, ScopeId, ScopeKind};
use crate::store::schema::Table;

/// Every protocol with the special methods that implement it.
pub const PROTOCOLS: &[(&str, &[&str])] = &[
    ("iterator", &["__iter__", "__next__", "__reversed__"]),
    ("async_iterator", &["__aiter__", "__anext__"]),
    ("container", &["__len__", "__getitem__", "__setitem__", "__delitem__", "__contains__", "__missing__"]),
    ("callable", &["__call__"]),
    ("comparison", &["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"]),
    ("hashing", &["__hash__"]),
    (
        "arithmetic",
        &[
            "__add__",
            "__sub__",
            "__mul__",
            "__matmul__",
            "__truediv__",
            "__floordiv__",
            "__mod__",
            "__divmod__",
            "__pow__",
            "__lshift__",
            "__rshift__",
            "__and__",
            "__xor__",
            "__or__",
            "__radd__",
            "__rsub__",
            "__rmul__",
            "__rmatmul__",
            "__rtruediv__",
            "__rfloordiv__",
            "__rmod__",
            "__rdivmod__",
            "__rpow__",
            "__rlshift__",
            "__rrshift__",
            "__rand__",
            "__rxor__",
            "__ror__",
            "__iadd__",
            "__isub__",
            "__imul__",
            "__imatmul__",
            "__itruediv__",
            "__ifloordiv__",
            "__imod__",
            "__ipow__",
            "__ilshift__",
            "__irshift__",
            "__iand__",
            "__ixor__",
            "__ior__",
            "__neg__",
            "__pos__",
            "__abs__",
            "__invert__",
            "__round__",
            "__trunc__",
            "__floor__",
            "__ceil__",
        ],
    ),
    ("conversion", &["__bool__", "__int__", "__float__", "__complex__", "__index__", "__bytes__"]),
    ("representation", &["__repr__", "__str__", "__format__"]),
    ("context_manager", &["__enter__", "__exit__"]),
    ("async_context_manager", &["__aenter__", "__aexit__"]),
    ("awaitable", &["__await__"]),
    ("descriptor", &["__get__", "__set__", "__delete__", "__set_name__"]),
    ("attribute_access", &["__getattr__", "__getattribute__", "__setattr__", "__delattr__", "__dir__"]),
    (
        "pickle",
        &[
            "__getstate__",
            "__setstate__",
            "__reduce__",
            "__reduce_ex__",
            "__getnewargs__",
            "__getnewargs_ex__",
        ],
    ),
    ("copy", &["__copy__", "__deepcopy__", "__replace__"]),
    ("lifecycle", &["__new__", "__del__", "__init_subclass__", "__class_getitem__"]),
    ("buffer", &["__buffer__", "__release_buffer__"]),
];

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    // Method names of each class in definition order, without repeats.
    let mut methods: FastMap<ScopeId, Vec<&str>> = FastMap::default();
    for scope in index.scopes() {
        if let (ScopeKind::Method, Some(class)) = (scope.kind, scope.parent) {
            let names = methods.entry(class).or_default();
            if !names.contains(&scope.name.as_str()) {
                names.push(scope.name.as_str());
            }
        }
    }
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Class(_) = scope.def else { continue };
        let Some(names) = methods.get(&(id as ScopeId)) else { continue };
        let (line, col) = definition_position(index, scope);
        for (kind, dunders) in PROTOCOLS {
            let implemented: Vec<&str> =
                names.iter().copied().filter(|name| dunders.contains(name)).collect();
            if implemented.is_empty() {
                continue;
            }
            let protocol = facts.push(
                Table::Protocols,
                [
                    Value::File,
                    scope_value(scope.parent),
                    line.into(),
                    col.into(),
                    (*kind).into(),
                    Value::Row(Table::Symbols, id as ScopeId),
                ],
            );
            for method in implemented {
                facts.push(Table::ProtocolMethods, [protocol.into(), method.into()]);
            }
        }
    }
}
