//! `generic_bases`: the type arguments of `Generic[...]` and `Protocol[...]` bases of classes
//! (typing or typing_extensions, through the file's imports), one row per type argument.
//! Node kinds: StmtClassDef (through the scopes).

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::{slice_elements, typing_member};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Class(class) = scope.def else { continue };
        let Some(arguments) = class.arguments.as_deref() else { continue };
        for base in arguments.args.iter() {
            let Expr::Subscript(subscript) = base else { continue };
            let kind = match typing_member(index, scope.parent, &subscript.value, &["Generic", "Protocol"]) {
                Some("Generic") => "generic",
                Some("Protocol") => "protocol",
                _ => continue,
            };
            for (position, argument) in slice_elements(&subscript.slice).into_iter().enumerate() {
                let (line, col) = index.position(argument.start());
                facts.push(
                    Table::GenericBases,
                    [
                        Value::File,
                        scope_value(Some(id as ScopeId)),
                        line.into(),
                        col.into(),
                        kind.into(),
                        position.into(),
                        index.text(argument).into(),
                    ],
                );
            }
        }
    }
}
