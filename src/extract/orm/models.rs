//! `orm_models`, `orm_fields`, `orm_relationships`: Django and SQLAlchemy model classes, their
//! fields and relationships; and `framework_bases`: the module-level objects that act as base
//! classes (`Base = declarative_base()`, `db = SQLAlchemy()`, `ma = Marshmallow()`), which the
//! link stage needs to recognise models whose base is imported from another module.
//!
//! A class is a model when its bases say so (`known::classify_classes`). A class whose base may
//! be a repository class of another module is recorded as a candidate (`detected_by` =
//! `candidate`, `framework` guessed from its fields or `unknown`), with the fields its body
//! declares in the guessed framework's style; the link stage (`link/frameworks_orm.rs`) confirms
//! or deletes it. Default table names are the link stage's work too (one place for the rule).
//! A class without bases that declares SQLAlchemy columns is recorded as a `mixin` row, only
//! to carry its columns to the models that inherit it (the link stage copies them and drops it).
//! Node kinds: StmtClassDef (through the scopes), module-level StmtAssign / StmtAnnAssign.

use ruff_python_ast::Stmt;

use super::known::{self, ClassInfo, ClassKind, Role};
use super::{django, sqlalchemy, sqlmodel};
use crate::facts::{FileFacts, RowRef, Value};
use crate::index::NodeIndex;
use crate::store::schema::Table;

/// `framework_bases` rows.
pub fn extract_bases(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (name, line, object) in known::base_objects(index) {
        facts.push(
            Table::FrameworkBases,
            [Value::File, line.into(), name.into(), object.framework().into(), object.kind().into()],
        );
    }
}

/// `orm_models` and their fields and relationships.
pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for class in known::classify_classes(index) {
        match class.kind {
            ClassKind::Known { role: Role::DjangoModel, .. } => {
                django::push_model(index, &class, "django", facts);
            }
            ClassKind::Known { role: Role::SqlaModel { .. }, .. } => {
                sqlalchemy::push_model(index, &class, "sqlalchemy", facts);
            }
            ClassKind::Known { role: Role::Schema("sqlmodel"), .. } if sqlmodel::is_table(&class) => {
                sqlmodel::push_model(index, &class, facts);
            }
            ClassKind::Candidate => push_candidate(index, &class, facts),
            // A class without bases that declares columns: a possible SQLAlchemy mixin, whose
            // columns the link stage copies onto the models that inherit it (then drops it).
            ClassKind::Plain if class.def.bases().is_empty() && sqlalchemy::declares_columns(&class) => {
                sqlalchemy::push_model_as(index, &class, "sqlalchemy", "mixin", facts);
            }
            _ => {}
        }
    }
}

/// A candidate: read as the framework its body looks like (`unknown`: no fields are read).
fn push_candidate(index: &NodeIndex<'_>, class: &ClassInfo<'_>, facts: &mut FileFacts) {
    if sqlmodel::is_table(class) {
        sqlmodel::push_model(index, class, facts);
    } else if django::has_model_fields(index, class) {
        django::push_model(index, class, "django", facts);
    } else if sqlalchemy::looks_like_model(class) {
        sqlalchemy::push_model(index, class, "sqlalchemy", facts);
    } else if django::has_model_meta(class) {
        // Read in Django's style, but the framework stays unknown until the link stage.
        django::push_model(index, class, "unknown", facts);
    } else {
        // Neither style: the options of both are read (the link stage keeps the right ones).
        let header = ModelHeader::merged(django::header(index, class), sqlalchemy::header(class));
        push_model_row(index, class, "unknown", &header, facts);
    }
}

/// What a model's class body declares about the model itself.
#[derive(Debug, Default)]
pub struct ModelHeader {
    pub table_name: Option<String>,
    /// `declared` (`__tablename__`, `Meta.db_table`, `__table__`) or `computed` (`declared_attr`).
    pub table_name_source: Option<&'static str>,
    pub is_abstract: bool,
    pub is_proxy: bool,
    pub app_label: Option<String>,
}

impl ModelHeader {
    fn merged(django: ModelHeader, sqlalchemy: ModelHeader) -> ModelHeader {
        ModelHeader {
            table_name_source: django.table_name_source.or(sqlalchemy.table_name_source),
            table_name: django.table_name.or(sqlalchemy.table_name),
            is_abstract: django.is_abstract || sqlalchemy.is_abstract,
            is_proxy: django.is_proxy,
            app_label: django.app_label,
        }
    }
}

/// The `orm_models` row.
pub fn push_model_row(
    index: &NodeIndex<'_>,
    class: &ClassInfo<'_>,
    framework: &str,
    header: &ModelHeader,
    facts: &mut FileFacts,
) -> RowRef {
    push_model_row_as(index, class, framework, class.detected_by(), header, facts)
}

/// The `orm_models` row with an explicit `detected_by` (`mixin`).
pub fn push_model_row_as(
    index: &NodeIndex<'_>,
    class: &ClassInfo<'_>,
    framework: &str,
    detected_by: &str,
    header: &ModelHeader,
    facts: &mut FileFacts,
) -> RowRef {
    facts.push(
        Table::OrmModels,
        [
            Value::File,
            Value::Row(Table::Symbols, class.scope),
            class.line(index).into(),
            framework.into(),
            class.name().into(),
            header.table_name.as_deref().into(),
            header.is_abstract.into(),
            header.is_proxy.into(),
            header.app_label.as_deref().into(),
            class.base().into(),
            detected_by.into(),
            header.table_name_source.into(),
        ],
    )
}

/// One `orm_fields` row.
pub struct Field<'a> {
    pub line: u32,
    pub name: &'a str,
    pub field_type: Option<&'a str>,
    pub is_primary_key: bool,
    pub is_foreign_key: bool,
    pub nullable: Option<bool>,
    pub is_unique: bool,
    pub target: Option<&'a str>,
    pub default_expr: Option<&'a str>,
}

pub fn push_field(model: RowRef, field: &Field<'_>, facts: &mut FileFacts) {
    facts.push(
        Table::OrmFields,
        [
            model.into(),
            field.line.into(),
            field.name.into(),
            field.field_type.into(),
            field.is_primary_key.into(),
            field.is_foreign_key.into(),
            field.nullable.into(),
            field.is_unique.into(),
            field.target.into(),
            field.default_expr.into(),
            Value::Null,
        ],
    );
}

/// One `orm_relationships` row (as declared: `is_inverse` 0, target resolved by the link stage).
#[derive(Default)]
pub struct Relationship<'a> {
    pub line: u32,
    pub name: Option<&'a str>,
    pub kind: &'static str,
    pub target_model: Option<&'a str>,
    pub through: Option<&'a str>,
    pub back_populates: Option<&'a str>,
    pub on_delete: Option<String>,
    pub cascade: Option<&'a str>,
    pub backref: Option<&'a str>,
    pub uselist: Option<bool>,
}

pub fn push_relationship(model: RowRef, relationship: &Relationship<'_>, facts: &mut FileFacts) {
    facts.push(
        Table::OrmRelationships,
        [
            model.into(),
            relationship.line.into(),
            relationship.name.into(),
            relationship.kind.into(),
            relationship.target_model.into(),
            relationship.through.into(),
            relationship.back_populates.into(),
            relationship.on_delete.as_deref().into(),
            relationship.cascade.into(),
            relationship.backref.into(),
            relationship.uselist.into(),
            false.into(),
            Value::Null,
        ],
    );
}

/// The line of a class-body statement.
pub fn stmt_line(index: &NodeIndex<'_>, stmt: &Stmt) -> u32 {
    use ruff_text_size::Ranged;
    index.position(stmt.start()).0
}
