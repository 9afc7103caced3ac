//! Small readers of expressions that every domain needs: a string literal's value, and the
//! absolute name of a name/attribute chain through the file's names. No node kinds of their
//! own: they read the fields of nodes other extractors hand them.

use ruff_python_ast::Expr;

use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeId};

/// The value of a string literal (implicit concatenation included); None for anything else.
pub fn string_value(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(literal) => Some(literal.value.to_str()),
        _ => None,
    }
}

/// The absolute dotted name of a name/attribute chain used in `scope`, through the file's names.
pub fn qualified(index: &NodeIndex<'_>, scope: Option<ScopeId>, expr: &Expr) -> Option<String> {
    index.names().qualify(index, scope, &dotted_name(expr)?)
}
