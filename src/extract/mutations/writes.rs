//! `mutations`: writes that change state beyond a plain local variable, one row per written
//! target: attribute writes (`self.x = ...`, `obj.x += 1`, `del self.x`), class attributes
//! (`cls.x`, `C.x` for a class of the file), item writes (`d[k] = ...`), writes through a
//! parameter of the enclosing function (attribute, item or a mutating method call such as
//! `items.append(x)`), and rebinding of names declared `global` or `nonlocal` in the writing
//! function. Node kinds: StmtAssign, StmtAugAssign, StmtAnnAssign, StmtDelete, ExprNamed,
//! ExprCall.

use crate::extract::classes::helpers::FastSet;
use ruff_python_ast::{AnyNodeRef, Expr, ExprCall, NodeKind};
use ruff_text_size::Ranged;

use super::super::scope_value;
use crate::extract::classes::helpers::{
    Binding, Declarations, Receiver, binding_of, is_parameter, receiver, root_name,
};
use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeId, ScopeKind};
use crate::store::schema::Table;

/// Methods that change their receiver in place (list, dict, set, deque, bytearray).
pub const MUTATING_METHODS: &[&str] = &[
    "add",
    "append",
    "appendleft",
    "clear",
    "difference_update",
    "discard",
    "extend",
    "extendleft",
    "insert",
    "intersection_update",
    "pop",
    "popitem",
    "popleft",
    "remove",
    "reverse",
    "rotate",
    "setdefault",
    "sort",
    "symmetric_difference_update",
    "update",
];

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let declarations = Declarations::of(index);
    let classes = index
        .scopes()
        .iter()
        .filter(|scope| scope.kind == ScopeKind::Class)
        .map(|scope| (scope.parent, scope.name.as_str()))
        .collect();
    let receivers = index.scopes().iter().map(|scope| receiver(index, scope)).collect();
    let writer = Writer { index, declarations: &declarations, classes, receivers };
    let kinds = [
        NodeKind::StmtAssign,
        NodeKind::StmtAugAssign,
        NodeKind::StmtAnnAssign,
        NodeKind::StmtDelete,
        NodeKind::ExprNamed,
        NodeKind::ExprCall,
    ];
    for (_, entry) in index.of_kinds(&kinds) {
        let scope = entry.scope;
        match entry.node {
            AnyNodeRef::StmtAssign(assign) => {
                for target in &assign.targets {
                    writer.write(facts, scope, target, "=");
                }
            }
            AnyNodeRef::StmtAugAssign(assign) => {
                let op = format!("{}=", assign.op.as_str());
                writer.write(facts, scope, &assign.target, &op);
            }
            AnyNodeRef::StmtAnnAssign(assign) if assign.value.is_some() => {
                writer.write(facts, scope, &assign.target, "=");
            }
            AnyNodeRef::StmtDelete(delete) => {
                for target in &delete.targets {
                    writer.write(facts, scope, target, "del");
                }
            }
            AnyNodeRef::ExprNamed(named) => writer.write(facts, scope, &named.target, ":="),
            AnyNodeRef::ExprCall(call) => {
                writer.method_call(facts, scope, &call.func);
                writer.setattr_call(facts, scope, call);
            }
            _ => {}
        }
    }
}

struct Writer<'i, 'a> {
    index: &'i NodeIndex<'a>,
    declarations: &'i Declarations<'a>,
    /// Every class of the file by (enclosing scope, name): `C.x = 1` writes a class attribute.
    classes: FastSet<(Option<ScopeId>, &'i str)>,
    /// The receiver parameter of each scope that is a method (by scope id).
    receivers: Vec<Option<(&'a str, Receiver)>>,
}

/// What the leftmost name of a written target is.
enum Root {
    Parameter,
    Instance,
    Class,
    Other,
}

impl Writer<'_, '_> {
    /// One row per state-changing target inside `target` (tuples and starred targets unpacked).
    fn write(&self, facts: &mut FileFacts, scope: Option<ScopeId>, target: &Expr, op: &str) {
        match target {
            Expr::Tuple(tuple) => tuple.elts.iter().for_each(|t| self.write(facts, scope, t, op)),
            Expr::List(list) => list.elts.iter().for_each(|t| self.write(facts, scope, t, op)),
            Expr::Starred(starred) => self.write(facts, scope, &starred.value, op),
            Expr::Name(name) => {
                let name = name.id.as_str();
                let kind = scope.and_then(|id| {
                    if self.declarations.globals.contains(&(id, name)) {
                        Some("global")
                    } else if self.declarations.nonlocals.contains(&(id, name)) {
                        Some("nonlocal")
                    } else {
                        None
                    }
                });
                if let Some(kind) = kind {
                    self.push(facts, scope, target, kind, op, name);
                }
            }
            Expr::Attribute(_) | Expr::Subscript(_) => {
                let Some(root) = root_name(target) else { return };
                let is_item = matches!(target, Expr::Subscript(_));
                let kind = self.kind_through(scope, root, is_item);
                self.push(facts, scope, target, kind, op, root);
            }
            _ => {}
        }
    }

    /// A mutating method called on a parameter or on state reached through `self`/`cls` or a
    /// class (`items.append(x)`, `self.seen.add(x)`); calls on plain locals are collection
    /// operations (`collection_ops`), not mutations of outside state.
    fn method_call(&self, facts: &mut FileFacts, scope: Option<ScopeId>, func: &Expr) {
        let Expr::Attribute(attribute) = func else { return };
        if !MUTATING_METHODS.contains(&attribute.attr.as_str()) {
            return;
        }
        let collection = &*attribute.value;
        let Some(root) = root_name(collection) else { return };
        // `self.append(x)` calls the class's own method; `self.items.append(x)` mutates state.
        let through_attribute = !matches!(collection, Expr::Name(_));
        let kind = match self.root_kind(scope, root) {
            Root::Parameter => "argument",
            Root::Instance if through_attribute => "attribute",
            Root::Class if through_attribute => "class_attribute",
            _ => return,
        };
        self.push(facts, scope, collection, kind, attribute.attr.as_str(), root);
    }

    /// `setattr(obj, name, value)` and `delattr(obj, name)`: a dynamic attribute write through
    /// `obj`, classified like `obj.x = ...`.
    fn setattr_call(&self, facts: &mut FileFacts, scope: Option<ScopeId>, call: &ExprCall) {
        let Expr::Name(func) = &*call.func else { return };
        let op = match func.id.as_str() {
            "setattr" => "setattr",
            "delattr" => "delattr",
            _ => return,
        };
        let Some(object) = call.arguments.args.first() else { return };
        let Some(root) = root_name(object) else { return };
        let qualified = self.index.names().qualify(self.index, scope, op);
        if qualified.as_deref() != Some(&format!("builtins.{op}")) {
            return;
        }
        let kind = self.kind_through(scope, root, false);
        self.push(facts, scope, object, kind, op, root);
    }

    /// The kind of an attribute or item write whose target chain starts at `root`.
    fn kind_through(&self, scope: Option<ScopeId>, root: &str, is_item: bool) -> &'static str {
        match (self.root_kind(scope, root), is_item) {
            (Root::Parameter, _) => "argument",
            (_, true) => "item",
            (Root::Class, false) => "class_attribute",
            (Root::Instance | Root::Other, false) => "attribute",
        }
    }

    /// What `root` names where it is used: a parameter of the function that binds it, the
    /// receiver of a method, a class of the file (or `cls`), or anything else.
    fn root_kind(&self, scope: Option<ScopeId>, root: &str) -> Root {
        let index = self.index;
        let binding = binding_of(index, self.declarations, scope, root);
        let binder = match binding {
            Binding::Scope(id) => Some(id),
            Binding::Module => None,
        };
        if let Some(id) = binder {
            let scope = index.scope(id);
            if is_parameter(scope, root) {
                return match self.receivers[id as usize] {
                    Some((name, Receiver::Instance)) if name == root => Root::Instance,
                    Some((name, Receiver::Class)) if name == root => Root::Class,
                    _ => Root::Parameter,
                };
            }
        }
        if self.classes.contains(&(binder, root)) { Root::Class } else { Root::Other }
    }

    fn push(
        &self,
        facts: &mut FileFacts,
        scope: Option<ScopeId>,
        target: &Expr,
        kind: &str,
        op: &str,
        root: &str,
    ) {
        let index = self.index;
        let (line, col) = index.position(target.start());
        facts.push(
            Table::Mutations,
            [
                Value::File,
                scope_value(scope),
                line.into(),
                col.into(),
                kind.into(),
                index.text(target).into(),
                op.into(),
                in_init(index, scope).into(),
                root.into(),
            ],
        );
    }
}

/// Whether `scope` is `__init__` or a function or lambda nested in it.
fn in_init(index: &NodeIndex<'_>, scope: Option<ScopeId>) -> bool {
    let mut current = scope;
    while let Some(id) = current {
        let scope = index.scope(id);
        match scope.kind {
            ScopeKind::Method if scope.name == "__init__" => return true,
            ScopeKind::Class => return false,
            _ => current = scope.parent,
        }
    }
    false
}
