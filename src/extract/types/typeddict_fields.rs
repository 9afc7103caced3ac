//! `typeddict_fields`: the fields of TypedDicts, in the class form (`class Movie(TypedDict,
//! total=False): year: NotRequired[int]`, also through a TypedDict class of the same file) and
//! the functional form (`Movie = TypedDict("Movie", {"year": int}, total=False)`), with whether
//! each is required (`Required`/`NotRequired` over the class's `total`) and read-only
//! (`ReadOnly`, PEP 705). Node kinds: StmtClassDef (through the scopes), StmtAssign.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::{is_typing, typing_member};
use crate::extract::scope_value;
use crate::extract::testing::string_value;
use crate::facts::{FileFacts, Value};
use crate::index::names::join_dotted;
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    // TypedDict classes and functional TypedDicts, merged in source order.
    let mut found: Vec<(ruff_text_size::TextSize, Found<'_>)> = Vec::new();
    let mut local_typeddicts: Vec<String> = Vec::new();
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Class(class) = scope.def else { continue };
        if is_typeddict_class(index, scope.parent, class, &local_typeddicts) {
            local_typeddicts.push(join_dotted(&index.context.module, &scope.qualname));
            found.push((class.start(), Found::Class(id as ScopeId, class)));
        }
    }
    for (assign, entry) in index.assigns() {
        let ([Expr::Name(_)], Expr::Call(call)) = (&assign.targets[..], &*assign.value) else { continue };
        if is_typing(index, entry.scope, &call.func, "TypedDict") {
            found.push((assign.start(), Found::Functional(entry.scope, call)));
        }
    }
    found.sort_by_key(|(start, _)| *start);
    for (_, typeddict) in found {
        match typeddict {
            Found::Class(id, class) => push_class_fields(index, id, class, facts),
            Found::Functional(scope, call) => push_functional_fields(index, scope, call, facts),
        }
    }
}

enum Found<'a> {
    Class(ScopeId, &'a ast::StmtClassDef),
    Functional(Option<ScopeId>, &'a ast::ExprCall),
}

fn is_typeddict_class(
    index: &NodeIndex<'_>,
    outer: Option<ScopeId>,
    class: &ast::StmtClassDef,
    local_typeddicts: &[String],
) -> bool {
    let Some(arguments) = class.arguments.as_deref() else { return false };
    arguments.args.iter().any(|base| {
        is_typing(index, outer, base, "TypedDict")
            || crate::extract::testing::qualified(index, outer, base)
                .is_some_and(|name| local_typeddicts.contains(&name))
    })
}

/// `total=False` on the class or call (the default is total).
fn is_total(arguments: &ast::Arguments) -> bool {
    !matches!(arguments.find_keyword("total").map(|k| &k.value), Some(Expr::BooleanLiteral(b)) if !b.value)
}

/// The class body's annotated names (a look at the class's own direct statements).
fn push_class_fields(index: &NodeIndex<'_>, id: ScopeId, class: &ast::StmtClassDef, facts: &mut FileFacts) {
    let total = class.arguments.as_deref().is_none_or(is_total);
    let scope = Some(id);
    for stmt in &class.body {
        let Stmt::AnnAssign(field) = stmt else { continue };
        let Expr::Name(name) = &*field.target else { continue };
        let field_row =
            Field { name: name.id.as_str(), at: field.target.start(), annotation: &field.annotation };
        push_field(index, scope, Some(id), class.name.as_str(), total, field_row, facts);
    }
}

fn push_functional_fields(
    index: &NodeIndex<'_>,
    scope: Option<ScopeId>,
    call: &ast::ExprCall,
    facts: &mut FileFacts,
) {
    let arguments = &call.arguments;
    let Some(name) = arguments.find_argument_value("typename", 0).and_then(string_value) else { return };
    let Some(Expr::Dict(fields)) = arguments.find_argument_value("fields", 1) else { return };
    let total = is_total(arguments);
    for item in &fields.items {
        let Some(key) = item.key.as_ref() else { continue };
        let Some(field_name) = string_value(key) else { continue };
        let field = Field { name: field_name, at: key.start(), annotation: &item.value };
        push_field(index, scope, None, name, total, field, facts);
    }
}

struct Field<'a> {
    name: &'a str,
    at: ruff_text_size::TextSize,
    annotation: &'a Expr,
}

fn push_field(
    index: &NodeIndex<'_>,
    scope: Option<ScopeId>,
    symbol: Option<ScopeId>,
    typeddict: &str,
    total: bool,
    field: Field<'_>,
    facts: &mut FileFacts,
) {
    // Annotations are evaluated where the class statement is: in its enclosing scope.
    let outer = symbol.map_or(scope, |s| index.scope(s).parent);
    let qualifiers = Qualifiers::peel(index, outer, field.annotation);
    let (line, col) = index.position(field.at);
    facts.push(
        Table::TypedDictFields,
        [
            Value::File,
            scope_value(scope),
            scope_value(symbol),
            line.into(),
            col.into(),
            typeddict.into(),
            field.name.into(),
            index.text(qualifiers.inner).into(),
            index.text(field.annotation).into(),
            qualifiers.required.unwrap_or(total).into(),
            qualifiers.read_only.into(),
        ],
    );
}

/// What the type qualifiers around a field's type say: `Required[...]`, `NotRequired[...]`,
/// `ReadOnly[...]`, in any order, also inside `Annotated[..., ...]`.
struct Qualifiers<'a> {
    inner: &'a Expr,
    required: Option<bool>,
    read_only: bool,
}

impl<'a> Qualifiers<'a> {
    fn peel(index: &NodeIndex<'_>, scope: Option<ScopeId>, annotation: &'a Expr) -> Qualifiers<'a> {
        let mut qualifiers = Qualifiers { inner: annotation, required: None, read_only: false };
        while let Expr::Subscript(subscript) = qualifiers.inner {
            let inner = match &*subscript.slice {
                Expr::Tuple(tuple) => tuple.elts.first(),
                other => Some(other),
            };
            let Some(inner) = inner else { break };
            match typing_member(
                index,
                scope,
                &subscript.value,
                &["Required", "NotRequired", "ReadOnly", "Annotated"],
            ) {
                Some("Required") => qualifiers.required = Some(true),
                Some("NotRequired") => qualifiers.required = Some(false),
                Some("ReadOnly") => qualifiers.read_only = true,
                Some("Annotated") => {}
                _ => break,
            }
            qualifiers.inner = inner;
        }
        qualifiers
    }
}
