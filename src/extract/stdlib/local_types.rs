//! The type of a local name when the file says it plainly: the last assignment of the name in
//! the scope that binds it, before the use, is a literal (`[]`, `{}`, `""`, a comprehension) or a
//! constructor call (`list()`, `collections.defaultdict(list)`, `logging.getLogger(...)`), or the
//! name is annotated (`items: list[str]`, also a parameter). Anything else is unknown. Built from
//! the index's assignment and definition lists (no walk).

use crate::extract::classes::helpers::{FastMap, FastSet};
use ruff_python_ast::{Expr, Parameters};
use ruff_text_size::{Ranged, TextSize};

use crate::extract::classes::helpers::{Binding, Declarations, binding_of};
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeDef, ScopeId};

/// Constructors and annotations whose type is known, by qualified name.
const KNOWN_TYPES: &[(&str, &str)] = &[
    ("builtins.list", "list"),
    ("builtins.dict", "dict"),
    ("builtins.set", "set"),
    ("builtins.frozenset", "frozenset"),
    ("builtins.tuple", "tuple"),
    ("builtins.str", "str"),
    ("builtins.bytes", "bytes"),
    ("builtins.bytearray", "bytearray"),
    ("collections.defaultdict", "defaultdict"),
    ("collections.OrderedDict", "OrderedDict"),
    ("collections.Counter", "Counter"),
    ("collections.deque", "deque"),
    ("collections.ChainMap", "ChainMap"),
    ("typing.List", "list"),
    ("typing.Dict", "dict"),
    ("typing.Set", "set"),
    ("typing.FrozenSet", "frozenset"),
    ("typing.Tuple", "tuple"),
    ("typing.DefaultDict", "defaultdict"),
    ("typing.OrderedDict", "OrderedDict"),
    ("typing.Counter", "Counter"),
    ("typing.Deque", "deque"),
    ("logging.getLogger", "logging.Logger"),
    ("logging.Logger", "logging.Logger"),
    ("re.compile", "re.Pattern"),
    ("re.Pattern", "re.Pattern"),
];

/// The type of a literal display or comprehension.
pub fn literal_type(expr: &Expr) -> Option<&'static str> {
    Some(match expr {
        Expr::List(_) | Expr::ListComp(_) => "list",
        Expr::Dict(_) | Expr::DictComp(_) => "dict",
        Expr::Set(_) | Expr::SetComp(_) => "set",
        Expr::Tuple(_) => "tuple",
        Expr::StringLiteral(_) | Expr::FString(_) => "str",
        Expr::BytesLiteral(_) => "bytes",
        _ => return None,
    })
}

/// The type a qualified constructor or annotation name stands for.
pub fn known_type(qualified: &str) -> Option<&'static str> {
    KNOWN_TYPES.iter().find(|(name, _)| *name == qualified).map(|(_, ty)| *ty)
}

/// (scope, name) → every binding of the name there: where, and the type when known.
type Bindings<'a> = FastMap<(Option<ScopeId>, &'a str), Vec<(TextSize, Option<&'static str>)>>;

/// Known types of names, per binding scope, in source order.
pub struct LocalTypes<'i, 'a> {
    index: &'i NodeIndex<'a>,
    declarations: Declarations<'a>,
    bindings: Bindings<'a>,
    /// Names some binding gives an object type (`logging.Logger`, `re.Pattern`).
    object_holders: FastSet<&'a str>,
    /// The names whose type may be asked for (receivers and arguments of candidate calls):
    /// bindings of other names are not recorded.
    wanted: FastSet<&'a str>,
}

impl<'i, 'a> LocalTypes<'i, 'a> {
    /// The types of the names in `wanted` (and of every name holding a logger or pattern).
    pub fn of(index: &'i NodeIndex<'a>, wanted: FastSet<&'a str>) -> Self {
        let mut types = LocalTypes {
            index,
            declarations: Declarations::of(index),
            bindings: FastMap::default(),
            object_holders: FastSet::default(),
            wanted,
        };
        for (id, scope) in index.scopes().iter().enumerate() {
            let params: Option<&Parameters> = match scope.def {
                ScopeDef::Function(def) => Some(&def.parameters),
                _ => None,
            };
            // An unannotated parameter is unknown, as a name without bindings is: not noted.
            for param in params.into_iter().flat_map(|p| p.iter()) {
                let Some(annotation) = param.annotation() else { continue };
                let annotated = types.annotation_type(scope.parent, annotation);
                types.note(Some(id as ScopeId), param.name().as_str(), scope_start(index, id), annotated);
            }
        }
        for (assign, entry) in index.assigns() {
            let is_wanted = |t: &Expr| matches!(t, Expr::Name(n) if types.wanted.contains(n.id.as_str()));
            if !assign.value.is_call_expr() && !assign.targets.iter().any(is_wanted) {
                continue;
            }
            let ty = types.value_type(entry.scope, &assign.value);
            for target in &assign.targets {
                if let Expr::Name(name) = target {
                    types.note(entry.scope, name.id.as_str(), assign.start(), ty);
                }
            }
        }
        for (assign, entry) in index.ann_assigns() {
            if let Expr::Name(name) = &*assign.target {
                let from_value = assign.value.as_deref().and_then(|v| types.value_type(entry.scope, v));
                let ty = types.annotation_type(entry.scope, &assign.annotation).or(from_value);
                types.note(entry.scope, name.id.as_str(), assign.start(), ty);
            }
        }
        for list in types.bindings.values_mut() {
            list.sort_by_key(|(offset, _)| *offset);
        }
        types
    }

    fn note(&mut self, scope: Option<ScopeId>, name: &'a str, at: TextSize, ty: Option<&'static str>) {
        let holds_object = ty.is_some_and(|ty| ty.contains('.'));
        if holds_object {
            self.object_holders.insert(name);
        }
        if holds_object || self.wanted.contains(name) {
            self.bindings.entry((scope, name)).or_default().push((at, ty));
        }
    }

    /// Whether some binding of `name` in the file holds an object of a dotted type (a logger, a
    /// compiled pattern): only such names can make `name.method()` a standard-library call.
    pub fn holds_object(&self, name: &str) -> bool {
        self.object_holders.contains(name)
    }

    /// The type of an assigned value: a literal, or a call of a known constructor.
    pub fn value_type(&self, scope: Option<ScopeId>, value: &Expr) -> Option<&'static str> {
        if let Some(ty) = literal_type(value) {
            return Some(ty);
        }
        let Expr::Call(call) = value else { return None };
        self.named_type(scope, &call.func)
    }

    /// The type an annotation names (`list[str]`, `typing.Dict[str, int]`, `Logger`).
    fn annotation_type(&self, scope: Option<ScopeId>, annotation: &Expr) -> Option<&'static str> {
        let head = match annotation {
            Expr::Subscript(subscript) => &*subscript.value,
            other => other,
        };
        self.named_type(scope, head)
    }

    /// The known type a constructor or annotation name stands for, qualified in `scope`. The
    /// last name is checked first, so most calls are not qualified at all.
    fn named_type(&self, scope: Option<ScopeId>, expr: &Expr) -> Option<&'static str> {
        let last = match expr {
            Expr::Name(name) => name.id.as_str(),
            Expr::Attribute(attribute) => attribute.attr.as_str(),
            _ => return None,
        };
        if !may_be_known(last) {
            return None;
        }
        let name = dotted_name(expr)?;
        known_type(&self.index.names().qualify(self.index, scope, &name)?)
    }

    /// The known type of `name` used in `scope` at `offset`: its last binding before the use in
    /// the scope that binds it.
    pub fn type_of(&self, scope: Option<ScopeId>, name: &str, offset: TextSize) -> Option<&'static str> {
        let binder = match binding_of(self.index, &self.declarations, scope, name) {
            Binding::Scope(id) => Some(id),
            Binding::Module => None,
        };
        let bindings = self.bindings.get(&(binder, name))?;
        let before = bindings.iter().take_while(|(at, _)| *at < offset).last();
        // Used from a nested function: it runs later, so the last binding counts.
        let seen = if binder == scope { before } else { bindings.last() };
        seen.and_then(|(_, ty)| *ty)
    }

    /// The type of an expression used as a collection: a literal, or a name of known type.
    pub fn expr_type(&self, scope: Option<ScopeId>, expr: &Expr) -> Option<&'static str> {
        match expr {
            Expr::Name(name) => self.type_of(scope, name.id.as_str(), name.start()),
            other => literal_type(other),
        }
    }
}

/// Where a scope's body starts to count as bound: its definition node's start.
fn scope_start(index: &NodeIndex<'_>, id: usize) -> TextSize {
    index.node(index.scopes()[id].node).node.start()
}

/// Whether a last name can be that of one of `KNOWN_TYPES` (a `match` is much cheaper than
/// scanning the table, and most calls are filtered out here).
fn may_be_known(last: &str) -> bool {
    matches!(
        last,
        "list"
            | "dict"
            | "set"
            | "frozenset"
            | "tuple"
            | "str"
            | "bytes"
            | "bytearray"
            | "defaultdict"
            | "OrderedDict"
            | "Counter"
            | "deque"
            | "ChainMap"
            | "List"
            | "Dict"
            | "Set"
            | "FrozenSet"
            | "Tuple"
            | "DefaultDict"
            | "Deque"
            | "getLogger"
            | "Logger"
            | "compile"
            | "Pattern"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `named_type` filters by the last name before qualifying: every known type must pass.
    #[test]
    fn every_known_type_passes_the_last_name_filter() {
        for (name, _) in KNOWN_TYPES {
            assert!(may_be_known(name.rsplit('.').next().unwrap()), "{name}");
        }
    }
}
