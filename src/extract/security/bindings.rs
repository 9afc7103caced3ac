//! The latest value bound to a local name before a point, within one scope: lets a rule see
//! that `cursor.execute(query)` runs the f-string assigned to `query` two lines above, or that
//! `jwt.encode(p, SECRET)` uses a module constant. Node kinds: StmtAssign, StmtAnnAssign,
//! StmtAugAssign (only `+=`, which appends to a string).

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{Expr, Operator};
use ruff_text_size::{Ranged, TextSize};

use crate::index::{NodeIndex, ScopeDef, ScopeId};

#[derive(Debug, Clone, Copy)]
enum Binding<'a> {
    Assign(TextSize, &'a Expr),
    Append(TextSize, &'a Expr),
}

impl Binding<'_> {
    fn at(&self) -> TextSize {
        match self {
            Binding::Assign(at, _) | Binding::Append(at, _) => *at,
        }
    }
}

/// Name bindings of a file per (scope, name), in source order.
#[derive(Default)]
pub struct Bindings<'a> {
    by_name: HashMap<(Option<ScopeId>, &'a str), Vec<Binding<'a>>>,
    /// Parameters per scope: a parameter hides the module's binding of the same name.
    parameters: HashSet<(ScopeId, &'a str)>,
}

/// The value a name holds at a point: the assigned expression and what `+=` appended since.
pub struct Bound<'a> {
    pub value: &'a Expr,
    pub appended: Vec<&'a Expr>,
}

impl<'a> Bindings<'a> {
    pub fn build(index: &'a NodeIndex<'a>) -> Self {
        let mut bindings = Bindings::default();
        for (assign, entry) in index.assigns() {
            for target in &assign.targets {
                if let Expr::Name(name) = target {
                    bindings.add(
                        entry.scope,
                        name.id.as_str(),
                        Binding::Assign(assign.start(), &assign.value),
                    );
                }
            }
        }
        for (assign, entry) in index.ann_assigns() {
            if let (Expr::Name(name), Some(value)) = (&*assign.target, assign.value.as_deref()) {
                bindings.add(entry.scope, name.id.as_str(), Binding::Assign(assign.start(), value));
            }
        }
        for (assign, entry) in index.aug_assigns() {
            if let (Expr::Name(name), Operator::Add) = (&*assign.target, assign.op) {
                bindings.add(entry.scope, name.id.as_str(), Binding::Append(assign.start(), &assign.value));
            }
        }
        for (id, scope) in index.scopes().iter().enumerate() {
            let parameters = match scope.def {
                ScopeDef::Function(def) => Some(&*def.parameters),
                ScopeDef::Lambda(lambda) => lambda.parameters.as_deref(),
                ScopeDef::Class(_) => None,
            };
            for parameter in parameters.into_iter().flat_map(|p| p.iter()) {
                bindings.parameters.insert((id as ScopeId, parameter.name().as_str()));
            }
        }
        for list in bindings.by_name.values_mut() {
            list.sort_by_key(Binding::at);
        }
        bindings
    }

    fn add(&mut self, scope: Option<ScopeId>, name: &'a str, binding: Binding<'a>) {
        self.by_name.entry((scope, name)).or_default().push(binding);
    }

    /// What `name` holds in `scope` just before `before`: the last plain assignment there and
    /// the `+=` after it (falls back to the module's binding when the scope has none).
    pub fn latest(&self, scope: Option<ScopeId>, name: &str, before: TextSize) -> Option<Bound<'a>> {
        let found = self.latest_in(scope, name, before);
        let is_parameter = scope.is_some_and(|id| self.parameters.contains(&(id, name)));
        if found.is_none() && scope.is_some() && !is_parameter {
            return self.latest_in(None, name, TextSize::new(u32::MAX));
        }
        found
    }

    fn latest_in(&self, scope: Option<ScopeId>, name: &str, before: TextSize) -> Option<Bound<'a>> {
        let list = self.by_name.get(&(scope, name))?;
        let mut appended = Vec::new();
        for binding in list.iter().rev().filter(|b| b.at() < before) {
            match binding {
                Binding::Append(_, value) => appended.push(*value),
                Binding::Assign(_, value) => {
                    appended.reverse();
                    return Some(Bound { value, appended });
                }
            }
        }
        None
    }
}
