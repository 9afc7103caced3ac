//! `schemas`, `schema_fields` (+ `schema_field_constraints`), `validators` (+ `validator_fields`):
//! Pydantic v1/v2 models (annotated fields, `Field(...)` defaults and constraints, `Annotated[...,
//! Field(...)]`, `validator` / `field_validator` / `root_validator` / `model_validator`),
//! Marshmallow schemas (`fields.Str(required=True)`, `Meta`, `@validates`, load/dump hooks), DRF
//! serializers (fields, `Meta.model` / `Meta.fields`, `validate_<field>` and `validate`) and
//! WTForms / Flask-WTF forms (fields with their `validators=[...]`, inline `validate_<field>`).
//!
//! Schemas are recognised by their bases (`orm::known`); a class whose base may be a repository
//! class of another module is a candidate (`detected_by` = `candidate`, framework guessed from its
//! body or `unknown`, read in Pydantic's style when unknown) that the link stage confirms or
//! deletes. Node kinds: StmtClassDef (through the scopes); the class body's own statements.

use std::collections::HashMap;

use ruff_python_ast::{self as ast, Expr, Stmt};

use crate::extract::orm::known::{
    self, ClassInfo, ClassKind, Role, body_assignments, callee_last, keyword, keyword_bool, meta_options,
};
use crate::facts::{FileFacts, RowRef, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Pydantic,
    Marshmallow,
    Drf,
    Wtforms,
    /// A candidate whose framework is unknown: annotations in Pydantic's style and field calls
    /// in any style (the link stage keeps the ones of the confirmed framework, by `origin`).
    Unknown,
}

impl Style {
    fn of(framework: &str) -> Style {
        match framework {
            "marshmallow" => Style::Marshmallow,
            "drf" => Style::Drf,
            "wtforms" => Style::Wtforms,
            "unknown" => Style::Unknown,
            _ => Style::Pydantic,
        }
    }
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let mut methods: HashMap<ScopeId, Vec<(ScopeId, &ast::StmtFunctionDef)>> = HashMap::new();
    for (id, scope) in index.scopes().iter().enumerate() {
        if let (ScopeDef::Function(def), Some(parent)) = (scope.def, scope.parent) {
            methods.entry(parent).or_default().push((id as ScopeId, def));
        }
    }
    for class in known::classify_classes(index) {
        let framework = match class.kind {
            ClassKind::Known { role: Role::Schema(framework), .. } => framework,
            ClassKind::Candidate => guess(index, &class),
            _ => continue,
        };
        let methods = methods.get(&class.scope).map_or(&[][..], Vec::as_slice);
        push_schema(index, &class, framework, methods, facts);
    }
}

/// The framework a candidate's body looks like: its field calls and validator decorators,
/// qualified through the file's imports; `unknown` when nothing tells.
fn guess(index: &NodeIndex<'_>, class: &ClassInfo<'_>) -> &'static str {
    let scope = Some(class.scope);
    let prefixes: [(&[&str], &'static str); 4] = [
        (&["marshmallow."], "marshmallow"),
        (&["rest_framework."], "drf"),
        (&["wtforms.", "flask_wtf."], "wtforms"),
        (&["pydantic."], "pydantic"),
    ];
    let calls =
        body_assignments(&class.def.body).into_iter().filter_map(|(_, annotation, value, _)| match value {
            Some(Expr::Call(call)) => Some(&*call.func),
            // `x: Annotated[int, Field(gt=0)]`
            _ => match annotation {
                Some(Expr::Subscript(subscript)) => match &*subscript.slice {
                    Expr::Tuple(tuple) => tuple.elts.iter().find_map(|e| match e {
                        Expr::Call(call) => Some(&*call.func),
                        _ => None,
                    }),
                    _ => None,
                },
                _ => None,
            },
        });
    let decorators = class.def.body.iter().filter_map(|stmt| match stmt {
        Stmt::FunctionDef(def) => Some(def.decorator_list.iter().map(|d| match &d.expression {
            Expr::Call(call) => &*call.func,
            other => other,
        })),
        _ => None,
    });
    for callee in calls.chain(decorators.flatten()) {
        for (prefix, framework) in prefixes {
            if known::qualified_under(index, scope, callee, prefix).is_some() {
                return framework;
            }
        }
    }
    "unknown"
}

fn push_schema(
    index: &NodeIndex<'_>,
    class: &ClassInfo<'_>,
    framework: &str,
    methods: &[(ScopeId, &ast::StmtFunctionDef)],
    facts: &mut FileFacts,
) {
    let style = Style::of(framework);
    let meta = meta_options(&class.def.body);
    let model = meta.get("model").map(|m| index.text(*m));
    let schema = facts.push(
        Table::Schemas,
        [
            Value::File,
            Value::Row(Table::Symbols, class.scope),
            class.line(index).into(),
            framework.into(),
            class.name().into(),
            model.into(),
            class.base().into(),
            class.detected_by().into(),
        ],
    );
    for (name, annotation, value, stmt) in body_assignments(&class.def.body) {
        let line = index.position(ruff_text_size::Ranged::start(stmt)).0;
        let call = match value {
            Some(Expr::Call(call))
                if style != Style::Pydantic && is_field_call(index, class, style, call) =>
            {
                Some(call)
            }
            _ => None,
        };
        // An annotated attribute is a Pydantic-style field (also for a candidate of unknown
        // framework: Marshmallow, DRF and WTForms fields are not annotated).
        match (annotation, call) {
            (Some(annotation), _) if matches!(style, Style::Pydantic | Style::Unknown) => {
                pydantic_field(index, schema, line, name, annotation, value, facts);
            }
            (_, Some(call)) => call_field(index, schema, style, line, name, call, facts),
            _ => {}
        }
    }
    if let Some(fields) = meta.get("fields") {
        let line = index.position(ruff_text_size::Ranged::start(*fields)).0;
        for name in string_items(fields) {
            let row = [
                schema.into(),
                line.into(),
                name.into(),
                Value::Null,
                Value::Null,
                Value::Null,
                "meta".into(),
            ];
            facts.push(Table::SchemaFields, row);
        }
    }
    for &(symbol, def) in methods {
        if let Some(validator) = validator(style, def) {
            push_validator(index, schema, symbol, def, &validator, facts);
        }
    }
}

/// The strings of a list or tuple literal, or one string (`"__all__"`).
fn string_items(expr: &Expr) -> Vec<&str> {
    match expr {
        Expr::List(list) => list.elts.iter().filter_map(known::string_value).collect(),
        Expr::Tuple(tuple) => tuple.elts.iter().filter_map(known::string_value).collect(),
        other => known::string_value(other).into_iter().collect(),
    }
}

/// `name: T`, `name: T = default`, `name: T = Field(...)`, `name: Annotated[T, Field(...)]`.
fn pydantic_field(
    index: &NodeIndex<'_>,
    schema: RowRef,
    line: u32,
    name: &str,
    annotation: &Expr,
    value: Option<&Expr>,
    facts: &mut FileFacts,
) {
    if name.starts_with('_') || name == "model_config" {
        return;
    }
    let annotation_text = index.text(annotation);
    if annotation_text.starts_with("ClassVar") || annotation_text.contains(".ClassVar") {
        return;
    }
    // `Annotated[T, Field(...), ...]`: the metadata after the type.
    let metadata: Vec<&Expr> = match annotation {
        Expr::Subscript(subscript)
            if dotted_name(&subscript.value)
                .is_some_and(|d| d == "Annotated" || d.ends_with(".Annotated")) =>
        {
            match &*subscript.slice {
                Expr::Tuple(tuple) => tuple.elts.iter().skip(1).collect(),
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    };
    let value_field = value.and_then(field_call);
    let (default, required) = match (value, value_field) {
        (Some(_), Some(call)) => {
            let default = call.arguments.find_argument_value("default", 0);
            let factory = keyword(call, "default_factory");
            let ellipsis = default.is_some_and(|d| matches!(d, Expr::EllipsisLiteral(_)));
            (
                default.filter(|_| !ellipsis).map(|d| index.text(d)),
                (default.is_none() || ellipsis) && factory.is_none(),
            )
        }
        (Some(value), None) => (Some(index.text(value)), false),
        // No value: `Annotated[int, Field(default=3)]` may still give a default.
        (None, _) => {
            let fields = || metadata.iter().filter_map(|m| field_call(m));
            let default = fields().find_map(|c| c.arguments.find_argument_value("default", 0));
            let factory = fields().find_map(|c| keyword(c, "default_factory"));
            (default.map(|d| index.text(d)), default.is_none() && factory.is_none())
        }
    };
    let row = facts.push(
        Table::SchemaFields,
        [
            schema.into(),
            line.into(),
            name.into(),
            annotation_text.into(),
            required.into(),
            default.into(),
            "annotation".into(),
        ],
    );
    let field_calls = value_field.into_iter().chain(metadata.iter().filter_map(|m| field_call(m)));
    for call in field_calls {
        for keyword in &call.arguments.keywords {
            let Some(arg) = &keyword.arg else { continue };
            if arg.as_str() != "default" {
                push_constraint(row, arg.as_str(), index.text(&keyword.value), facts);
            }
        }
    }
    // Other `Annotated` metadata: `Gt(0)`, `AfterValidator(check)`, `Strict()`.
    for item in metadata.iter().filter(|m| field_call(m).is_none()) {
        match item {
            Expr::Call(call) => {
                let name = callee_last(call).unwrap_or_default();
                push_constraint(row, &name, index.text(&call.arguments), facts);
            }
            other => push_constraint(row, index.text(*other), "", facts),
        }
    }
}

/// A `Field(...)` call.
fn field_call(expr: &Expr) -> Option<&ast::ExprCall> {
    match expr {
        Expr::Call(call) if callee_last(call).as_deref() == Some("Field") => Some(call),
        _ => None,
    }
}

fn push_constraint(field: RowRef, name: &str, value: &str, facts: &mut FileFacts) {
    let value = (!value.is_empty()).then_some(value);
    facts.push(Table::SchemaFieldConstraints, [field.into(), name.into(), value.into()]);
}

/// Whether a class-body call declares a field in `style`.
fn is_field_call(index: &NodeIndex<'_>, class: &ClassInfo<'_>, style: Style, call: &ast::ExprCall) -> bool {
    let Some(dotted) = dotted_name(&call.func) else { return false };
    let last = dotted.rsplit('.').next().unwrap_or(&dotted);
    match style {
        Style::Marshmallow => {
            let head = dotted.split('.').next().unwrap_or("");
            matches!(head, "fields" | "ma")
                || last == "auto_field"
                || known::qualified_under(index, Some(class.scope), &call.func, &["marshmallow"]).is_some()
        }
        // A field class or a nested serializer (`UserSerializer(many=True)`).
        Style::Drf => last.ends_with("Field") || last.ends_with("Serializer"),
        Style::Wtforms => last.ends_with("Field") || last == "FieldList" || last == "FormField",
        Style::Unknown => [Style::Marshmallow, Style::Drf, Style::Wtforms]
            .into_iter()
            .any(|style| is_field_call(index, class, style, call)),
        Style::Pydantic => false,
    }
}

/// Keywords read into columns rather than constraints.
const COLUMN_KEYWORDS: &[&str] = &["required", "default", "load_default", "dump_default", "missing"];

/// A call-declared field (Marshmallow, DRF, WTForms).
fn call_field(
    index: &NodeIndex<'_>,
    schema: RowRef,
    style: Style,
    line: u32,
    name: &str,
    call: &ast::ExprCall,
    facts: &mut FileFacts,
) {
    let default =
        ["default", "load_default", "missing", "dump_default"].iter().find_map(|k| keyword(call, k));
    let validators: Vec<&Expr> = match keyword(call, "validators") {
        Some(Expr::List(list)) => list.elts.iter().collect(),
        Some(Expr::Tuple(tuple)) => tuple.elts.iter().collect(),
        _ => Vec::new(),
    };
    let required = match style {
        Style::Wtforms => {
            let names: Vec<String> = validators
                .iter()
                .filter_map(|v| match v {
                    Expr::Call(c) => callee_last(c),
                    other => dotted_name(other).map(|d| d.rsplit('.').next().unwrap_or(&d).to_owned()),
                })
                .collect();
            Some(names.iter().any(|n| matches!(n.as_str(), "DataRequired" | "InputRequired" | "Required")))
        }
        // DRF: writable fields are required unless they have a default or `required=False`.
        Style::Drf => Some(
            keyword_bool(call, "required")
                .unwrap_or(keyword_bool(call, "read_only") != Some(true) && default.is_none()),
        ),
        Style::Unknown => keyword_bool(call, "required"),
        _ => Some(keyword_bool(call, "required").unwrap_or(false)),
    };
    let row = facts.push(
        Table::SchemaFields,
        [
            schema.into(),
            line.into(),
            name.into(),
            index.text(&*call.func).into(),
            required.into(),
            default.map(|d| index.text(d)).into(),
            "call".into(),
        ],
    );
    for keyword in &call.arguments.keywords {
        let Some(arg) = &keyword.arg else { continue };
        let arg = arg.as_str();
        if COLUMN_KEYWORDS.contains(&arg) {
            continue;
        }
        match (&keyword.value, arg) {
            // One row per validator of a list.
            (
                Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }),
                "validators" | "validate",
            ) => {
                for element in elts {
                    push_constraint(row, arg, index.text(element), facts);
                }
            }
            (value, _) => push_constraint(row, arg, index.text(value), facts),
        }
    }
}

/// One validator method.
struct Validator {
    kind: &'static str,
    fields: Vec<String>,
    mode: Option<String>,
}

/// The validator a method is, in `style`: by its decorator (Pydantic, Marshmallow) or its name
/// (`validate_<field>` in DRF and WTForms, DRF's `validate`).
fn validator(style: Style, def: &ast::StmtFunctionDef) -> Option<Validator> {
    for decorator in &def.decorator_list {
        let (callee, call) = match &decorator.expression {
            Expr::Call(call) => (&*call.func, Some(call)),
            other => (other, None),
        };
        let Some(dotted) = dotted_name(callee) else { continue };
        let last = dotted.rsplit('.').next().unwrap_or(&dotted);
        let kind = match last {
            "validator" | "field_validator" => "field",
            "root_validator" => "root",
            "model_validator" => "model",
            "validates" => "field",
            "validates_schema" => "schema",
            "pre_load" => "pre_load",
            "post_load" => "post_load",
            "pre_dump" => "pre_dump",
            "post_dump" => "post_dump",
            _ => continue,
        };
        let fields = call
            .map(|c| c.arguments.args.iter().filter_map(known::string_value).map(str::to_owned).collect())
            .unwrap_or_default();
        let mode = call.and_then(|c| {
            keyword(c, "mode").and_then(known::string_value).map(str::to_owned).or_else(|| {
                // Pydantic v1: `pre=True` runs before the standard validation.
                keyword_bool(c, "pre").map(|pre| if pre { "before" } else { "after" }.to_owned())
            })
        });
        return Some(Validator { kind, fields, mode });
    }
    let name = def.name.as_str();
    match style {
        Style::Drf | Style::Wtforms => match name.strip_prefix("validate_") {
            Some(field) if !field.is_empty() => {
                Some(Validator { kind: "field", fields: vec![field.to_owned()], mode: None })
            }
            _ if name == "validate" && style == Style::Drf => {
                Some(Validator { kind: "object", fields: Vec::new(), mode: None })
            }
            _ => None,
        },
        _ => None,
    }
}

fn push_validator(
    index: &NodeIndex<'_>,
    schema: RowRef,
    symbol: ScopeId,
    def: &ast::StmtFunctionDef,
    validator: &Validator,
    facts: &mut FileFacts,
) {
    let line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
    let fields = (!validator.fields.is_empty()).then(|| validator.fields.join(","));
    let row = facts.push(
        Table::Validators,
        [
            Value::File,
            schema.into(),
            Value::Row(Table::Symbols, symbol),
            line.into(),
            validator.kind.into(),
            def.name.as_str().into(),
            fields.into(),
            validator.mode.as_deref().into(),
        ],
    );
    for field in &validator.fields {
        facts.push(Table::ValidatorFields, [row.into(), field.as_str().into()]);
    }
}
