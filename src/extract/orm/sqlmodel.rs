//! SQLModel table models (`class Hero(SQLModel, table=True)`): annotated fields with
//! `Field(primary_key=True, foreign_key="team.id", unique=..., nullable=..., default=...)`, and
//! `Relationship(back_populates=..., link_model=...)` with its target from the annotation. A
//! SQLModel class without `table=True` is a Pydantic-style schema only (validation domain).
//! Reads the class statement's keywords and the class body's own statements.

use ruff_python_ast::{self as ast, Expr};

use super::known::{self, ClassInfo, body_assignments, callee_last, keyword, keyword_bool};
use super::models::{Field, Relationship, push_field, push_model_row, push_relationship, stmt_line};
use super::sqlalchemy;
use crate::facts::FileFacts;
use crate::index::NodeIndex;

/// Whether the class statement says `table=True`.
pub fn is_table(class: &ClassInfo<'_>) -> bool {
    class.def.arguments.as_ref().is_some_and(|arguments| {
        arguments.find_keyword("table").is_some_and(|k| known::bool_value(&k.value) == Some(true))
    })
}

/// The model row (`__tablename__` as in SQLAlchemy), then its fields and relationships.
pub fn push_model(index: &NodeIndex<'_>, class: &ClassInfo<'_>, facts: &mut FileFacts) {
    let model = push_model_row(index, class, "sqlmodel", &sqlalchemy::header(class), facts);
    for (name, annotation, value, stmt) in body_assignments(&class.def.body) {
        let Some(annotation) = annotation else { continue };
        let annotation_text = index.text(annotation);
        if name.starts_with('_') || name == "model_config" || annotation_text.contains("ClassVar") {
            continue;
        }
        let line = stmt_line(index, stmt);
        let call = match value {
            Some(Expr::Call(call)) => Some(call),
            _ => None,
        };
        match call.map(|c| (c, callee_last(c))) {
            Some((call, Some(last))) if last == "Relationship" => {
                let relationship = relationship(index, name, line, annotation_text, call);
                push_relationship(model, &relationship, facts);
            }
            Some((call, Some(last))) if last == "Field" => {
                push_column(index, model, name, line, annotation_text, Some(call), None, facts);
            }
            _ => push_column(index, model, name, line, annotation_text, None, value, facts),
        }
    }
}

/// One column: `Field(...)` options, or a plain default value.
#[allow(clippy::too_many_arguments)]
fn push_column(
    index: &NodeIndex<'_>,
    model: crate::facts::RowRef,
    name: &str,
    line: u32,
    annotation: &str,
    call: Option<&ast::ExprCall>,
    default: Option<&Expr>,
    facts: &mut FileFacts,
) {
    let primary_key = call.and_then(|c| keyword_bool(c, "primary_key")).unwrap_or(false);
    let foreign_key = call.and_then(|c| keyword(c, "foreign_key")).map(|t| known::value_or_text(index, t));
    let optional = annotation.contains("Optional[") || annotation.contains("None");
    let nullable = call.and_then(|c| keyword_bool(c, "nullable")).unwrap_or(optional && !primary_key);
    let default = default.or_else(|| call.and_then(|c| c.arguments.find_argument_value("default", 0)));
    let field = Field {
        line,
        name,
        field_type: Some(annotation),
        is_primary_key: primary_key,
        is_foreign_key: foreign_key.is_some(),
        nullable: Some(nullable),
        is_unique: primary_key || call.and_then(|c| keyword_bool(c, "unique")) == Some(true),
        target: foreign_key,
        default_expr: default.map(|d| index.text(d)),
    };
    push_field(model, &field, facts);
    if let Some(target) = foreign_key {
        let relationship = Relationship {
            line,
            name: Some(name),
            kind: "foreign_key",
            target_model: Some(target),
            on_delete: call
                .and_then(|c| keyword(c, "ondelete"))
                .map(|d| known::value_or_text(index, d).to_owned()),
            ..Relationship::default()
        };
        push_relationship(model, &relationship, facts);
    }
}

/// `team: Optional["Team"] = Relationship(back_populates="heroes")`,
/// `heroes: list["Hero"] = Relationship(link_model=HeroTeamLink)`.
fn relationship<'a>(
    index: &NodeIndex<'a>,
    name: &'a str,
    line: u32,
    annotation: &'a str,
    call: &'a ast::ExprCall,
) -> Relationship<'a> {
    let (target, collection) = annotated_target(annotation);
    let through = keyword(call, "link_model").map(|l| known::value_or_text(index, l));
    Relationship {
        line,
        name: Some(name),
        kind: if through.is_some() { "many_to_many" } else { "relationship" },
        target_model: Some(target),
        through,
        back_populates: keyword(call, "back_populates").and_then(known::string_value),
        cascade: keyword(call, "cascade_delete").map(|c| index.text(c)),
        uselist: Some(collection),
        ..Relationship::default()
    }
}

/// The class an annotation names, and whether it is a collection: `list["Hero"]` → (`Hero`,
/// true), `Optional["Team"]` / `"Team" | None` → (`Team`, false).
fn annotated_target(annotation: &str) -> (&str, bool) {
    let text = annotation.trim();
    let (inner, collection) = match text.find('[') {
        Some(open) if text.ends_with(']') => {
            let head = text[..open].trim();
            let inner = text[open + 1..text.len() - 1].trim();
            match head {
                "list" | "List" | "typing.List" | "set" | "Set" | "Sequence" => (inner, true),
                _ => (inner, false),
            }
        }
        _ => (text, false),
    };
    let inner = inner.split('|').map(str::trim).find(|part| *part != "None").unwrap_or(inner);
    (inner.trim_matches(|c| c == '"' || c == '\''), collection)
}
