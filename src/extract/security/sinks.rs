//! SQL sinks and the strings they receive: which calls run SQL text (`cursor.execute`,
//! `executemany`, `executescript`, `exec_driver_sql`, Django's `raw`, `sqlalchemy.text`,
//! `pandas.read_sql`, ...), the string each one runs (written inline or assigned to a local name
//! first), and every outermost string expression of the file. Node kinds: ExprCall,
//! ExprStringLiteral, ExprFString (and the parents of those, for the outermost expression).

use ruff_python_ast::{AnyNodeRef, Expr, ExprRef, NodeKind, Operator};
use ruff_text_size::{Ranged, TextRange};

use super::bindings::Bindings;
use super::site::CallSite;
use super::strings::{BuiltString, Construction, built_string};
use crate::index::{NodeEntry, NodeId, NodeIndex};

/// Methods that run the SQL text of their first argument, whatever the receiver.
const SQL_METHODS: &[&str] = &[
    "execute",
    "executemany",
    "executescript",
    "exec_driver_sql",
    "raw",
    "mogrify",
    "read_sql",
    "read_sql_query",
];

/// Functions (qualified) that take SQL text as their first argument.
const SQL_FUNCTIONS: &[&str] = &[
    "sqlalchemy.text",
    "sqlalchemy.sql.text",
    "sqlalchemy.sql.expression.text",
    "pandas.read_sql",
    "pandas.read_sql_query",
    "django.db.models.RawSQL",
    "django.db.models.expressions.RawSQL",
];

/// Whether a call whose last dotted part is `name` may be a SQL sink (a cheap filter before
/// qualifying the callee).
pub fn may_be_sql_sink(name: &str) -> bool {
    SQL_METHODS.contains(&name) || SQL_FUNCTIONS.iter().any(|f| f.rsplit('.').next() == Some(name))
}

/// The argument of a SQL sink call that holds the SQL text (`None` when the call is no sink).
pub fn sql_argument<'a>(site: &CallSite<'a>) -> Option<&'a Expr> {
    let by_method = matches!(site.method(), Some(m) if SQL_METHODS.contains(&m));
    let by_function = site.qualified.as_deref().is_some_and(|q| SQL_FUNCTIONS.contains(&q));
    if !(by_method || by_function) {
        return None;
    }
    ["sql", "query", "statement", "operation", "raw_query"]
        .iter()
        .find_map(|k| site.keyword(k))
        .or_else(|| site.first_argument())
}

/// A string a call receives, and where it was written.
pub struct ResolvedString<'a> {
    /// The outermost string expression (the argument itself, or the value assigned to the name).
    pub expr: &'a Expr,
    pub built: BuiltString,
    /// The local name the string went through (`query` in `execute(query)`).
    pub via_name: Option<&'a str>,
}

/// The string `argument` evaluates to, when it is written inline or was bound to a local name
/// earlier in the same scope (`q = f"..."; q += "..."; execute(q)`).
pub fn resolve_string<'a>(
    index: &NodeIndex<'a>,
    bindings: &Bindings<'a>,
    site: &CallSite<'a>,
    argument: &'a Expr,
) -> Option<ResolvedString<'a>> {
    if let Some(built) = built_string(index, argument.into()) {
        return Some(ResolvedString { expr: argument, built, via_name: None });
    }
    let Expr::Name(name) = argument else { return None };
    let bound = bindings.latest(site.entry.scope, name.id.as_str(), site.call.start())?;
    let mut built = built_string(index, bound.value.into())?;
    for part in bound.appended {
        match built_string(index, part.into()) {
            Some(more) => {
                built.dynamic |= more.dynamic;
                built.text.push_str(&more.text);
            }
            None => {
                built.dynamic = true;
                built.text.push_str(&format!("{{{}}}", index.text(part)));
            }
        }
        if built.how == Construction::Literal {
            built.how = Construction::Concatenation;
        }
    }
    Some(ResolvedString { expr: bound.value, built, via_name: Some(name.id.as_str()) })
}

/// The outermost string expressions of the file, in source order: a literal or f-string not
/// continued by `+`, `%` or `.format()` in its parent, or the whole `+`/`%`/`.format()`
/// expression that continues it. Bare string statements (docstrings) are left out.
pub fn string_roots<'a>(index: &'a NodeIndex<'a>) -> Vec<(NodeId, &'a NodeEntry<'a>, ExprRef<'a>)> {
    let mut roots: Vec<NodeId> = index
        .of_kinds(&[NodeKind::ExprStringLiteral, NodeKind::ExprFString])
        .into_iter()
        .map(|(id, _)| climb(index, id))
        .collect();
    roots.sort_unstable();
    roots.dedup();
    roots
        .into_iter()
        .filter_map(|id| {
            let entry = index.node(id);
            let parent = entry.parent.map(|p| index.node(p).node);
            if matches!(parent, Some(AnyNodeRef::StmtExpr(_))) {
                return None;
            }
            entry.node.as_expr_ref().map(|expr| (id, entry, expr))
        })
        .collect()
}

/// From a string literal up through the operations that continue the same string.
fn climb(index: &NodeIndex<'_>, mut id: NodeId) -> NodeId {
    loop {
        let entry = index.node(id);
        let Some(parent_id) = entry.parent else { return id };
        let parent = index.node(parent_id);
        let Some(this) = entry.node.as_expr_ref() else { return id };
        let this_range: TextRange = this.range();
        let continues = match parent.node {
            AnyNodeRef::ExprBinOp(binop) => {
                binop.op == Operator::Add || (binop.op == Operator::Mod && binop.left.range() == this_range)
            }
            AnyNodeRef::ExprAttribute(attribute) => {
                matches!(attribute.attr.as_str(), "format" | "replace")
                    && attribute.value.range() == this_range
            }
            _ => false,
        };
        if !continues {
            return id;
        }
        id = match parent.node {
            // `"...".format(...)`, `"...".replace(...)`: the string is the whole call.
            AnyNodeRef::ExprAttribute(_) => match parent.parent.map(|g| (g, index.node(g).node)) {
                Some((g, AnyNodeRef::ExprCall(call))) if call.func.range() == parent.node.range() => g,
                _ => return id,
            },
            _ => parent_id,
        };
    }
}
