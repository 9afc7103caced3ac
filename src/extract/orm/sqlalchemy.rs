//! SQLAlchemy declarative models: `__tablename__` / `__table__` / `declared_attr`,
//! `__abstract__`, classic `Column(...)` and 2.0 `Mapped[...]` / `mapped_column(...)` columns
//! (type, primary key, nullability, unique, `ForeignKey("t.c")`, default) and `relationship()`
//! (target from the argument or the `Mapped[...]` annotation, secondary, uselist,
//! back_populates, backref, cascade). Reads the class body's own statements.

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::known::{self, ClassInfo, body_assignments, callee_last, keyword, keyword_bool};
use super::models::{
    Field, ModelHeader, Relationship, push_field, push_model_row_as, push_relationship, stmt_line,
};
use crate::facts::FileFacts;
use crate::index::NodeIndex;

const COLUMN_CALLS: &[&str] = &["Column", "mapped_column"];
const RELATIONSHIP_CALLS: &[&str] = &["relationship", "relation"];
/// Positional arguments of `Column(...)` that are not its type.
const COLUMN_EXTRAS: &[&str] =
    &["ForeignKey", "Sequence", "Identity", "Computed", "CheckConstraint", "FetchedValue"];

/// A candidate that reads as a SQLAlchemy model: a table name, a column or relationship call,
/// or a `Mapped[...]` annotation.
pub fn looks_like_model(class: &ClassInfo<'_>) -> bool {
    body_assignments(&class.def.body).into_iter().any(|(name, annotation, value, _)| {
        matches!(name, "__tablename__" | "__table__")
            || annotation.is_some_and(is_mapped)
            || matches!(value, Some(Expr::Call(call)) if callee_last(call).is_some_and(|last| {
                COLUMN_CALLS.contains(&last.as_str()) || RELATIONSHIP_CALLS.contains(&last.as_str())
            }))
    })
}

fn is_mapped(annotation: &Expr) -> bool {
    let Expr::Subscript(subscript) = annotation else { return false };
    crate::index::names::dotted_name(&subscript.value)
        .is_some_and(|d| d == "Mapped" || d.ends_with(".Mapped"))
}

/// `__tablename__`, `__table__ = Table("name", ...)`, a `declared_attr` `__tablename__`, and
/// `__abstract__`.
pub fn header(class: &ClassInfo<'_>) -> ModelHeader {
    let mut header = ModelHeader::default();
    for (name, _, value, _) in body_assignments(&class.def.body) {
        match (name, value) {
            ("__tablename__", Some(value)) => {
                header.table_name = known::string_value(value).map(str::to_owned);
                header.table_name_source =
                    Some(if header.table_name.is_some() { "declared" } else { "computed" });
            }
            ("__table__", Some(Expr::Call(call))) => {
                header.table_name =
                    call.arguments.find_positional(0).and_then(known::string_value).map(str::to_owned);
                header.table_name_source = header.table_name.as_ref().map(|_| "declared");
            }
            ("__abstract__", Some(value)) => header.is_abstract = known::bool_value(value).unwrap_or(false),
            _ => {}
        }
    }
    let computed = class
        .def
        .body
        .iter()
        .any(|stmt| matches!(stmt, Stmt::FunctionDef(def) if def.name.as_str() == "__tablename__"));
    if computed && header.table_name_source.is_none() {
        header.table_name_source = Some("computed");
    }
    header
}

/// Whether a class body declares a `Column(...)` or `mapped_column(...)`.
pub fn declares_columns(class: &ClassInfo<'_>) -> bool {
    body_assignments(&class.def.body).into_iter().any(|(_, _, value, _)| {
        matches!(value, Some(Expr::Call(call)) if callee_last(call).is_some_and(|l| COLUMN_CALLS.contains(&l.as_str())))
    })
}

/// The model row, then its columns and relationships.
pub fn push_model(index: &NodeIndex<'_>, class: &ClassInfo<'_>, framework: &str, facts: &mut FileFacts) {
    push_model_as(index, class, framework, class.detected_by(), facts);
}

/// `push_model` with an explicit `detected_by` (`mixin`).
pub fn push_model_as(
    index: &NodeIndex<'_>,
    class: &ClassInfo<'_>,
    framework: &str,
    detected_by: &str,
    facts: &mut FileFacts,
) {
    let model = push_model_row_as(index, class, framework, detected_by, &header(class), facts);
    for (name, annotation, value, stmt) in body_assignments(&class.def.body) {
        if name.starts_with("__") {
            continue;
        }
        let line = stmt_line(index, stmt);
        let annotation_text = annotation.filter(|a| is_mapped(a)).map(|a| index.text(a));
        match value {
            Some(Expr::Call(call)) => {
                let last = callee_last(call).unwrap_or_default();
                if COLUMN_CALLS.contains(&last.as_str()) {
                    push_column(index, model, name, line, annotation_text, Some(call), facts);
                } else if RELATIONSHIP_CALLS.contains(&last.as_str()) {
                    let relationship = relationship(index, name, line, annotation_text, call);
                    push_relationship(model, &relationship, facts);
                }
            }
            // `name: Mapped[int]` alone is a column in SQLAlchemy 2.0.
            None if annotation_text.is_some() => {
                push_column(index, model, name, line, annotation_text, None, facts)
            }
            _ => {}
        }
    }
}

/// One column (`Column(...)`, `mapped_column(...)` or a bare `Mapped[...]`), and a
/// `foreign_key` relationship when it has a `ForeignKey`.
fn push_column(
    index: &NodeIndex<'_>,
    model: crate::facts::RowRef,
    name: &str,
    line: u32,
    annotation: Option<&str>,
    call: Option<&ast::ExprCall>,
    facts: &mut FileFacts,
) {
    let positional: &[Expr] = call.map_or(&[], |c| &c.arguments.args);
    let extra = |expr: &Expr| match expr {
        Expr::Call(inner) => callee_last(inner).filter(|l| COLUMN_EXTRAS.contains(&l.as_str())),
        _ => None,
    };
    // `Column("db_name", Integer, ForeignKey(...))`: the type is the first other positional.
    let column_type = positional.iter().find(|a| known::string_value(a).is_none() && extra(a).is_none());
    let foreign_key = positional.iter().find_map(|a| match a {
        Expr::Call(inner) if extra(a).as_deref() == Some("ForeignKey") => Some(inner),
        _ => None,
    });
    let target =
        foreign_key.and_then(|fk| fk.arguments.find_positional(0)).map(|t| known::value_or_text(index, t));
    let primary_key = call.and_then(|c| keyword_bool(c, "primary_key")).unwrap_or(false);
    let optional = annotation.is_some_and(|a| a.contains("Optional[") || a.contains("None"));
    let nullable = match call.and_then(|c| keyword_bool(c, "nullable")) {
        Some(stated) => stated,
        None if primary_key => false,
        // 2.0: nullability follows the annotation; classic `Column`: nullable by default.
        None if annotation.is_some() => optional,
        None => true,
    };
    let field = Field {
        line,
        name,
        field_type: column_type.map(|t| index.text(t)).or(annotation),
        is_primary_key: primary_key,
        is_foreign_key: foreign_key.is_some(),
        nullable: Some(nullable),
        is_unique: primary_key || call.and_then(|c| keyword_bool(c, "unique")) == Some(true),
        target,
        default_expr: call.and_then(|c| keyword(c, "default")).map(|d| index.text(d)),
    };
    push_field(model, &field, facts);
    if let Some(fk) = foreign_key {
        let relationship = Relationship {
            line,
            name: Some(name),
            kind: "foreign_key",
            target_model: target,
            on_delete: keyword(fk, "ondelete").map(|d| known::value_or_text(index, d).to_owned()),
            ..Relationship::default()
        };
        push_relationship(model, &relationship, facts);
    }
}

/// A `relationship(...)`.
fn relationship<'a>(
    index: &NodeIndex<'a>,
    name: &'a str,
    line: u32,
    annotation: Option<&'a str>,
    call: &'a ast::ExprCall,
) -> Relationship<'a> {
    let (annotated_target, annotated_collection) = annotation.map(mapped_target).unwrap_or((None, None));
    let target = call.arguments.find_argument_value("argument", 0).map(|t| match t {
        Expr::Lambda(lambda) => index.text(&*lambda.body),
        other => known::value_or_text(index, other),
    });
    let uselist = keyword_bool(call, "uselist");
    let secondary = keyword(call, "secondary").map(|s| known::value_or_text(index, s));
    let kind = if secondary.is_some() {
        "many_to_many"
    } else if uselist == Some(false) {
        "one_to_one"
    } else {
        "relationship"
    };
    let backref = keyword(call, "backref").and_then(|b| match b {
        Expr::Call(inner) => inner.arguments.find_positional(0).and_then(known::string_value),
        other => known::string_value(other),
    });
    Relationship {
        line,
        name: Some(name),
        kind,
        target_model: target.or(annotated_target),
        through: secondary,
        back_populates: keyword(call, "back_populates").and_then(known::string_value),
        on_delete: None,
        cascade: keyword(call, "cascade").map(|c| known::value_or_text(index, c)),
        backref,
        uselist: uselist.or(annotated_collection),
    }
}

/// The target class and whether it is a collection, from `Mapped[List["Address"]]`,
/// `Mapped["User"]`, `Mapped[Optional[User]]`, `Mapped[set[Tag]]`.
fn mapped_target(annotation: &str) -> (Option<&str>, Option<bool>) {
    let Some(inner) = strip_subscript(annotation, &["Mapped", "orm.Mapped", "sqlalchemy.orm.Mapped"]) else {
        return (None, None);
    };
    let collections =
        ["List", "list", "Set", "set", "typing.List", "typing.Set", "WriteOnlyMapped", "DynamicMapped"];
    let (inner, collection) = match strip_subscript(inner, &collections) {
        Some(element) => (element, true),
        None => (strip_subscript(inner, &["Optional", "typing.Optional"]).unwrap_or(inner), false),
    };
    let inner = inner.split('|').next().unwrap_or(inner).trim();
    (Some(inner.trim_matches(|c| c == '"' || c == '\'')), Some(collection))
}

/// `inner` of `Name[inner]` for one of `names`.
fn strip_subscript<'a>(text: &'a str, names: &[&str]) -> Option<&'a str> {
    let text = text.trim();
    let open = text.find('[')?;
    (names.contains(&text[..open].trim()) && text.ends_with(']'))
        .then(|| text[open + 1..text.len() - 1].trim())
}
