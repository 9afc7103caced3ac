//! GraphQL resolvers as `framework_items` (kind `resolver`; `name` = the field, `target` = the
//! GraphQL type) with a `binding` detail:
//! - Graphene: `resolve_<field>` methods of `graphene.ObjectType` subclasses (`binding`
//!   `method`); the type is the class name;
//! - Ariadne: `@query.field("hello")`, `@user.field("email")`, `@subscription.source("x")` on
//!   bindables created here (`QueryType()`, `MutationType()`, `SubscriptionType()`,
//!   `ObjectType("User")`), and `query.set_field("hello", resolve_hello)` (`binding` `decorator`
//!   or `set_field`);
//! - Strawberry: `@strawberry.field` / `@strawberry.mutation` / `@strawberry.subscription` methods
//!   of `@strawberry.type` classes, and `x: T = strawberry.field(resolver=f)` (`binding` `method`
//!   or `field`); the type is the class name or the decorator's `name=`.
//!
//! Node kinds: StmtClassDef, StmtFunctionDef (through the scopes), StmtAssign, ExprCall.

use std::collections::HashMap;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use crate::extract::routes::helpers::{argument, as_call, callee_name, keyword, last_segment, string_value};
use crate::extract::web::{push_detail, push_item};
use crate::facts::FileFacts;
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeDef, ScopeId};

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    graphene(index, facts);
    ariadne(index, facts);
    strawberry(index, facts);
}

fn qualify(index: &NodeIndex<'_>, scope: Option<ScopeId>, expr: &Expr) -> Option<String> {
    index.names().qualify(index, scope, &dotted_name(expr)?)
}

fn def_line(index: &NodeIndex<'_>, id: ScopeId) -> u32 {
    match index.scope(id).def {
        ScopeDef::Function(def) => index.position(index.def_start(&def.name, "def", def.is_async)).0,
        ScopeDef::Class(def) => index.position(index.def_start(&def.name, "class", false)).0,
        ScopeDef::Lambda(lambda) => index.position(lambda.start()).0,
    }
}

/// Methods of class `class` (direct members), with their ids.
fn methods<'i, 'a>(
    index: &'i NodeIndex<'a>,
    class: ScopeId,
) -> impl Iterator<Item = (ScopeId, &'a ruff_python_ast::StmtFunctionDef)> + 'i {
    index.scopes().iter().enumerate().filter(move |(_, s)| s.parent == Some(class)).filter_map(|(id, s)| {
        match s.def {
            ScopeDef::Function(def) => Some((id as ScopeId, def)),
            _ => None,
        }
    })
}

fn graphene(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Class(class) = scope.def else { continue };
        let is_object_type = class.bases().iter().any(|base| {
            qualify(index, scope.parent, base)
                .is_some_and(|q| q.starts_with("graphene.") && q.ends_with("ObjectType"))
        });
        if !is_object_type {
            continue;
        }
        for (member, def) in methods(index, id as ScopeId) {
            let Some(field) = def.name.as_str().strip_prefix("resolve_") else { continue };
            let item = push_item(
                facts,
                Some(member),
                def_line(index, member),
                "graphene",
                "resolver",
                Some(field),
                Some(&scope.name),
            );
            push_detail(facts, item, "binding", Some("method"));
        }
    }
}

/// The GraphQL type of an Ariadne bindable constructor call.
fn ariadne_type(index: &NodeIndex<'_>, scope: Option<ScopeId>, value: &Expr) -> Option<String> {
    let call = as_call(value)?;
    let qualified = qualify(index, scope, &call.func)?;
    match qualified.as_str() {
        "ariadne.QueryType" => Some("Query".to_owned()),
        "ariadne.MutationType" => Some("Mutation".to_owned()),
        "ariadne.SubscriptionType" => Some("Subscription".to_owned()),
        "ariadne.ObjectType" | "ariadne.InterfaceType" | "ariadne.UnionType" => {
            argument(call, "name", 0).and_then(string_value).map(str::to_owned)
        }
        _ => None,
    }
}

fn ariadne(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let mut bindables: HashMap<&str, String> = HashMap::new();
    for (assign, entry) in index.assigns() {
        if let ([Expr::Name(target)], Some(type_name)) =
            (assign.targets.as_slice(), ariadne_type(index, entry.scope, &assign.value))
        {
            bindables.insert(target.id.as_str(), type_name);
        }
    }
    if bindables.is_empty() {
        return;
    }
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Function(def) = scope.def else { continue };
        for decorator in &def.decorator_list {
            let Some(call) = as_call(&decorator.expression) else { continue };
            let Expr::Attribute(attribute) = &*call.func else { continue };
            let Some(type_name) = dotted_name(&attribute.value).and_then(|r| bindables.get(r.as_str()))
            else {
                continue;
            };
            if !matches!(attribute.attr.as_str(), "field" | "source") {
                continue;
            }
            let Some(field) = argument(call, "name", 0).and_then(string_value) else { continue };
            let line = index.position(decorator.expression.start()).0;
            let item = push_item(
                facts,
                Some(id as ScopeId),
                line,
                "ariadne",
                "resolver",
                Some(field),
                Some(type_name),
            );
            push_detail(facts, item, "binding", Some("decorator"));
        }
    }
    for (call, _) in index.calls() {
        let Expr::Attribute(attribute) = &*call.func else { continue };
        if attribute.attr.as_str() != "set_field" {
            continue;
        }
        let Some(type_name) = dotted_name(&attribute.value).and_then(|r| bindables.get(r.as_str())) else {
            continue;
        };
        let Some(field) = argument(call, "name", 0).and_then(string_value) else { continue };
        let resolver = argument(call, "resolver", 1).and_then(dotted_name);
        let symbol = resolver
            .as_deref()
            .and_then(|r| index.scopes().iter().position(|s| s.parent.is_none() && s.name == r))
            .map(|p| p as ScopeId);
        let line = index.position(call.start()).0;
        let item = push_item(facts, symbol, line, "ariadne", "resolver", Some(field), Some(type_name));
        push_detail(facts, item, "binding", Some("set_field"));
    }
}

fn is_strawberry(index: &NodeIndex<'_>, scope: Option<ScopeId>, expr: &Expr, names: &[&str]) -> bool {
    let Some(written) = callee_name(expr) else { return false };
    index.names().qualify(index, scope, &written).is_some_and(|q| {
        q.strip_prefix("strawberry.")
            .is_some_and(|rest| names.contains(&rest) || names.contains(&last_segment(rest)))
    })
}

fn strawberry(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Class(class) = scope.def else { continue };
        let Some(type_decorator) = class
            .decorator_list
            .iter()
            .find(|d| is_strawberry(index, scope.parent, &d.expression, &["type", "interface", "input"]))
        else {
            continue;
        };
        let type_name = as_call(&type_decorator.expression)
            .and_then(|c| keyword(c, "name"))
            .and_then(string_value)
            .unwrap_or(&scope.name)
            .to_owned();
        let id = id as ScopeId;
        for (member, def) in methods(index, id) {
            let Some(decorator) = def.decorator_list.iter().find(|d| {
                is_strawberry(index, Some(id), &d.expression, &["field", "mutation", "subscription"])
            }) else {
                continue;
            };
            let field = as_call(&decorator.expression)
                .and_then(|c| keyword(c, "name"))
                .and_then(string_value)
                .unwrap_or(def.name.as_str());
            let item = push_item(
                facts,
                Some(member),
                def_line(index, member),
                "strawberry",
                "resolver",
                Some(field),
                Some(&type_name),
            );
            push_detail(facts, item, "binding", Some("method"));
        }
        // `x: T = strawberry.field(resolver=f)` in the class body.
        for statement in &class.body {
            let Stmt::AnnAssign(assign) = statement else { continue };
            let (Expr::Name(target), Some(value)) = (&*assign.target, &assign.value) else { continue };
            if !is_strawberry(index, Some(id), value, &["field", "mutation", "subscription"]) {
                continue;
            }
            let Some(resolver) = as_call(value).and_then(|c| keyword(c, "resolver")).and_then(dotted_name)
            else {
                continue;
            };
            let symbol = index
                .scopes()
                .iter()
                .position(|s| s.parent.is_none() && s.name == resolver)
                .map(|p| p as ScopeId);
            let line = index.position(statement.start()).0;
            let item = push_item(
                facts,
                symbol,
                line,
                "strawberry",
                "resolver",
                Some(target.id.as_str()),
                Some(&type_name),
            );
            push_detail(facts, item, "binding", Some("field"));
            push_detail(facts, item, "resolver", Some(&resolver));
        }
    }
}
