//! `closure_captures`: a nested function or lambda reading (or declaring `nonlocal`) a name that
//! an enclosing function binds: one row per (inner scope, name) at its first use, with the
//! enclosing function that owns the variable. Class bodies between the two are skipped (their
//! names are not visible to nested functions); module-level names and builtins are not
//! captures; a name the inner scope binds itself or declares `global` is not either. Node
//! kinds: ExprName, StmtNonlocal, StmtGlobal.

use std::collections::HashSet;

use ruff_python_ast::ExprContext;
use ruff_text_size::{Ranged, TextSize};

use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeId, ScopeKind};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let mut declared_nonlocal: HashSet<(ScopeId, &str)> = HashSet::new();
    let mut declared_global: HashSet<(ScopeId, &str)> = HashSet::new();
    // Uses in source order: (scope, name, position, is a `nonlocal` declaration).
    let mut uses: Vec<(ScopeId, &str, TextSize, bool)> = Vec::new();
    for (statement, entry) in index.nonlocals() {
        let Some(scope) = entry.scope else { continue };
        for name in &statement.names {
            declared_nonlocal.insert((scope, name.as_str()));
            uses.push((scope, name.as_str(), name.start(), true));
        }
    }
    for (statement, entry) in index.globals() {
        if let Some(scope) = entry.scope {
            declared_global.extend(statement.names.iter().map(|n| (scope, n.as_str())));
        }
    }
    for (name, entry) in index.names_used() {
        if let (ExprContext::Load, Some(scope)) = (name.ctx, entry.scope) {
            uses.push((scope, name.id.as_str(), name.start(), false));
        }
    }
    uses.sort_by_key(|(_, _, at, _)| *at);
    let names = index.names();
    let mut seen: HashSet<(ScopeId, &str)> = HashSet::new();
    for (scope, name, at, _) in uses {
        if index.scope(scope).kind == ScopeKind::Class || seen.contains(&(scope, name)) {
            continue;
        }
        let is_nonlocal = declared_nonlocal.contains(&(scope, name));
        if declared_global.contains(&(scope, name)) || (names.binds(scope, name) && !is_nonlocal) {
            continue;
        }
        let Some(owner) = enclosing_owner(index, &declared_nonlocal, scope, name) else { continue };
        seen.insert((scope, name));
        let (line, col) = index.position(at);
        facts.push(
            Table::ClosureCaptures,
            [
                Value::File,
                Value::Row(Table::Symbols, scope),
                line.into(),
                col.into(),
                name.into(),
                Value::Row(Table::Symbols, owner),
                is_nonlocal.into(),
            ],
        );
    }
}

/// The nearest enclosing function or lambda that binds `name` (skipping class bodies and
/// functions that only pass the name through with `nonlocal`).
fn enclosing_owner(
    index: &NodeIndex<'_>,
    declared_nonlocal: &HashSet<(ScopeId, &str)>,
    inner: ScopeId,
    name: &str,
) -> Option<ScopeId> {
    let mut current = index.scope(inner).parent;
    while let Some(id) = current {
        let scope = index.scope(id);
        let binds = index.names().binds(id, name) && !declared_nonlocal.contains(&(id, name));
        if scope.kind != ScopeKind::Class && binds {
            return Some(id);
        }
        current = scope.parent;
    }
    None
}
