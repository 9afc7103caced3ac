//! Django models: `Meta` options (abstract, proxy, db_table, app_label), every field with its
//! type and options, and the relations (`ForeignKey`, `OneToOneField`, `ManyToManyField`) with
//! their targets as written (`"self"`, `"app.Model"`, a class), through, related_name and
//! on_delete. Reads the class body's own statements (the class is handed over by `models.rs`).

use ruff_python_ast::{self as ast, Expr};

use super::known::{self, ClassInfo, body_assignments, callee_last, keyword, keyword_bool, meta_options};
use super::models::{
    Field, ModelHeader, Relationship, push_field, push_model_row, push_relationship, stmt_line,
};
use crate::facts::FileFacts;
use crate::index::NodeIndex;
use crate::index::names::dotted_name;

/// Field classes that are not named `*Field`.
const OTHER_FIELDS: &[&str] = &["ForeignKey", "GenericForeignKey", "GenericRelation", "ForeignObject"];

/// Whether a call creates a Django model field (`models.CharField(...)`, `ForeignKey(...)`,
/// a custom `MoneyField(...)`).
fn is_field_call(call: &ast::ExprCall) -> bool {
    callee_last(call).is_some_and(|last| last.ends_with("Field") || OTHER_FIELDS.contains(&last.as_str()))
}

/// Where Django's model fields live (not `django.forms`: form fields are not model fields).
const DJANGO_FIELD_MODULES: &[&str] =
    &["django.db.", "django.contrib.postgres.fields", "django.contrib.gis.db."];

/// A candidate that reads as a Django model: a model field call qualified under Django's model
/// modules.
pub fn has_model_fields(index: &NodeIndex<'_>, class: &ClassInfo<'_>) -> bool {
    let scope = Some(class.scope);
    body_assignments(&class.def.body).into_iter().any(|(_, _, value, _)| match value {
        Some(Expr::Call(call)) => {
            is_field_call(call)
                && known::qualified_under(index, scope, &call.func, DJANGO_FIELD_MODULES).is_some()
        }
        _ => false,
    })
}

/// A `Meta` with Django model options: weaker evidence (factory_boy and other libraries use
/// `Meta.abstract` too), enough to read the body in Django's style, not to keep the class as a
/// model when the link stage cannot confirm it.
pub fn has_model_meta(class: &ClassInfo<'_>) -> bool {
    let meta = meta_options(&class.def.body);
    ["db_table", "abstract", "proxy", "app_label"].iter().any(|k| meta.contains_key(k))
}

/// The model's `Meta` options and app label.
pub fn header(index: &NodeIndex<'_>, class: &ClassInfo<'_>) -> ModelHeader {
    let meta = meta_options(&class.def.body);
    let flag = |name: &str| meta.get(name).and_then(|v| known::bool_value(v)).unwrap_or(false);
    let db_table = meta.get("db_table").and_then(|v| known::string_value(v)).map(str::to_owned);
    let app_label = meta
        .get("app_label")
        .and_then(|v| known::string_value(v))
        .map(str::to_owned)
        .or_else(|| app_label_of(&index.context.module, index.context.is_package));
    ModelHeader {
        table_name_source: db_table.as_ref().map(|_| "declared"),
        table_name: db_table,
        is_abstract: flag("abstract"),
        is_proxy: flag("proxy"),
        app_label,
    }
}

/// Django's default app label: the last component of the package that contains the models
/// module (`shop/models.py`, `shop/models/order.py` and `shop/views.py` all give `shop`). None
/// for a top-level module.
pub fn app_label_of(module: &str, is_package: bool) -> Option<String> {
    let mut parts: Vec<&str> = module.split('.').filter(|p| !p.is_empty()).collect();
    if !is_package {
        parts.pop();
    }
    if parts.last() == Some(&"models") {
        parts.pop();
    }
    parts.last().map(|p| (*p).to_owned())
}

/// The model row, then its fields and relations.
pub fn push_model(index: &NodeIndex<'_>, class: &ClassInfo<'_>, framework: &str, facts: &mut FileFacts) {
    let header = header(index, class);
    let model = push_model_row(index, class, framework, &header, facts);
    for (name, _, value, stmt) in body_assignments(&class.def.body) {
        let Some(Expr::Call(call)) = value else { continue };
        if !is_field_call(call) {
            continue;
        }
        let line = stmt_line(index, stmt);
        let last = callee_last(call).unwrap_or_default();
        let relation = match last.as_str() {
            "ForeignKey" => Some("foreign_key"),
            "OneToOneField" => Some("one_to_one"),
            "ManyToManyField" => Some("many_to_many"),
            _ => None,
        };
        let target = relation.and_then(|_| call.arguments.find_argument_value("to", 0));
        let target = target.map(|t| known::value_or_text(index, t));
        let primary_key = keyword_bool(call, "primary_key").unwrap_or(false);
        // Django columns are NOT NULL unless `null=True`; a many-to-many has no column.
        let nullable = match relation {
            Some("many_to_many") => None,
            _ => Some(keyword_bool(call, "null").unwrap_or(false)),
        };
        let field = Field {
            line,
            name,
            field_type: dotted_name_text(index, call),
            is_primary_key: primary_key,
            is_foreign_key: matches!(relation, Some("foreign_key" | "one_to_one")),
            nullable,
            is_unique: primary_key
                || relation == Some("one_to_one")
                || keyword_bool(call, "unique") == Some(true),
            target,
            default_expr: keyword(call, "default").map(|d| index.text(d)),
        };
        push_field(model, &field, facts);
        if let Some(kind) = relation {
            let relationship = Relationship {
                line,
                name: Some(name),
                kind,
                target_model: target,
                through: keyword(call, "through").map(|t| known::value_or_text(index, t)),
                back_populates: keyword(call, "related_name").map(|t| known::value_or_text(index, t)),
                on_delete: call
                    .arguments
                    .find_argument_value("on_delete", 1)
                    .map(|d| on_delete_text(index, d)),
                ..Relationship::default()
            };
            push_relationship(model, &relationship, facts);
        }
    }
}

/// The field class as written (`models.CharField`).
fn dotted_name_text<'a>(index: &NodeIndex<'a>, call: &'a ast::ExprCall) -> Option<&'a str> {
    dotted_name(&call.func).map(|_| index.text(&*call.func))
}

/// `models.CASCADE` → `CASCADE`; `models.SET(default_user)` → `SET(default_user)`.
fn on_delete_text(index: &NodeIndex<'_>, expr: &Expr) -> String {
    match expr {
        Expr::Call(call) => match callee_last(call) {
            Some(last) => format!("{last}{}", index.text(&call.arguments)),
            None => index.text(expr).to_owned(),
        },
        other => match dotted_name(other) {
            Some(dotted) => dotted.rsplit('.').next().unwrap_or(&dotted).to_owned(),
            None => index.text(other).to_owned(),
        },
    }
}
