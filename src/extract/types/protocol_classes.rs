//! `protocol_classes` and `protocol_class_members`: PEP 544 protocol classes, i.e. classes that
//! list `typing.Protocol` (or `Protocol[...]`) among their bases (a class that only derives from
//! a protocol is not one), whether they are `@runtime_checkable`, and their members: methods,
//! properties and annotated attributes of the class body. Node kinds: StmtClassDef (through the
//! scopes).

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::is_typing;
use crate::extract::scope_value;
use crate::facts::{FileFacts, RowRef, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Class(class) = scope.def else { continue };
        let Some(is_generic) = protocol_base(index, scope.parent, class) else { continue };
        let runtime_checkable = class.decorator_list.iter().any(|d| {
            let callee = match &d.expression {
                Expr::Call(call) => &*call.func,
                other => other,
            };
            is_typing(index, scope.parent, callee, "runtime_checkable")
        });
        let members: Vec<&Stmt> = class.body.iter().filter(|stmt| member_name(stmt).is_some()).collect();
        let line = index.position(index.def_start(&class.name, "class", false)).0;
        let row = facts.push(
            Table::ProtocolClasses,
            [
                Value::File,
                scope_value(Some(id as ScopeId)),
                line.into(),
                class.name.as_str().into(),
                is_generic.into(),
                runtime_checkable.into(),
                members.len().into(),
            ],
        );
        for member in members {
            push_member(index, row, member, facts);
        }
    }
}

/// Whether `Protocol` is among the bases: None when not, else whether it is subscripted
/// (`Protocol[T]`).
fn protocol_base(index: &NodeIndex<'_>, outer: Option<ScopeId>, class: &ast::StmtClassDef) -> Option<bool> {
    class.arguments.as_deref()?.args.iter().find_map(|base| match base {
        Expr::Subscript(subscript) => is_typing(index, outer, &subscript.value, "Protocol").then_some(true),
        other => is_typing(index, outer, other, "Protocol").then_some(false),
    })
}

/// The name a class-body statement declares as a protocol member, if it declares one.
fn member_name(stmt: &Stmt) -> Option<&str> {
    match stmt {
        Stmt::FunctionDef(def) => Some(def.name.as_str()),
        Stmt::AnnAssign(assign) => match &*assign.target {
            Expr::Name(name) => Some(name.id.as_str()),
            _ => None,
        },
        _ => None,
    }
}

fn push_member(index: &NodeIndex<'_>, protocol: RowRef, member: &Stmt, facts: &mut FileFacts) {
    let Some(name) = member_name(member) else { return };
    let (kind, annotation, line) = match member {
        Stmt::FunctionDef(def) => {
            // `@property`, `@abc.abstractproperty`, `@x.setter`: matched by the last name.
            let is_property = def.decorator_list.iter().any(|d| {
                dotted_name(&d.expression).is_some_and(|name| {
                    let last = name.rsplit('.').next().unwrap_or(&name);
                    matches!(last, "property" | "abstractproperty" | "cached_property" | "setter" | "deleter")
                })
            });
            let line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
            let kind = if is_property { "property" } else { "method" };
            (kind, def.returns.as_deref().map(|r| index.text(r)), line)
        }
        Stmt::AnnAssign(assign) => {
            let line = index.position(ruff_text_size::Ranged::start(assign)).0;
            ("attribute", Some(index.text(&*assign.annotation)), line)
        }
        _ => return,
    };
    facts.push(
        Table::ProtocolClassMembers,
        [protocol.into(), line.into(), kind.into(), name.into(), annotation.into()],
    );
}
