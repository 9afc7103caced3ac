//! Framework models and schemas across files: confirms or deletes the candidate rows of
//! `orm_models`, `schemas` and `framework_items` (classes whose base may be a repository class
//! of another module)
//! through `class_ancestors`, fills default table names by each framework's rule, resolves
//! relationship targets to models and adds the inverse side of `backref=` / Django relations.
//!
//! Runs inside the link transaction right after `classes::link_ancestors`, while `link_modules`
//! (every importable module name of every file) exists. SQL over the loaded rows only; the one
//! step in Rust is Flask-SQLAlchemy's snake_case table name, for the few models that need it.

use anyhow::Result;
use rusqlite::Connection;

use crate::extract::orm::known::{Role, known_bases};
use crate::store::schema::Table;

/// How many re-export hops of a base object (`from .db import Base` in a package) are followed,
/// and how many levels of single-table inheritance pass a table name down.
const MAX_HOPS: usize = 16;

/// The tables whose per-file rows this step adds to, changes or deletes (see `link::REWRITTEN`).
pub const REWRITTEN: &[Table] = &[
    Table::OrmModels,
    Table::OrmFields,
    Table::OrmRelationships,
    Table::Schemas,
    Table::SchemaFields,
    Table::SchemaFieldConstraints,
    Table::Validators,
    Table::ValidatorFields,
    Table::FrameworkItems,
    Table::FrameworkItemDetails,
];

/// Rows that can make another file's candidate a model, schema or item (or that link rewrites
/// using other files): anything but an unconfirmed candidate.
pub const ANCHORS: &str = "SELECT 1 FROM orm_models WHERE detected_by != 'candidate'
     UNION ALL SELECT 1 FROM schemas WHERE detected_by != 'candidate'
     UNION ALL SELECT 1 FROM framework_items WHERE kind != 'candidate'
     UNION ALL SELECT 1 FROM framework_bases";

/// Confirms framework candidates and completes models (see the module doc).
pub fn link_framework_models(tx: &Connection) -> Result<()> {
    known_base_names(tx)?;
    confirm_models(tx)?;
    confirm_schemas(tx)?;
    confirm_items(tx)?;
    default_table_names(tx)?;
    inherited_fields(tx)?;
    relationship_targets(tx)?;
    tx.execute_batch("DROP TABLE fw_known; DROP TABLE fw_match;")?;
    Ok(())
}

/// `fw_known`: every name a class's ancestor may have that makes it a model or schema: the known
/// framework bases, and the repository's base objects (`Base = declarative_base()`,
/// `db = SQLAlchemy()` → `db.Model`) under every module name they can be imported from.
fn known_base_names(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE fw_known (
             name TEXT PRIMARY KEY, family TEXT NOT NULL, framework TEXT NOT NULL, kind TEXT NOT NULL,
             min_depth INTEGER NOT NULL, flask INTEGER NOT NULL
         ) WITHOUT ROWID;
         CREATE TEMP TABLE fw_objects (name TEXT PRIMARY KEY, kind TEXT NOT NULL) WITHOUT ROWID;
         INSERT OR IGNORE INTO fw_objects
             SELECT m.name || '.' || b.name, b.kind FROM framework_bases b
             JOIN link_modules m ON m.file_id = b.file_id ORDER BY m.under_root, b.id;",
    )?;
    let mut insert = tx.prepare("INSERT OR IGNORE INTO fw_known VALUES (?1, ?2, ?3, ?4, ?5, 0)")?;
    for (name, role) in known_bases() {
        // A subclass of `DeclarativeBase` is a declarative base; its subclasses are the models.
        let min_depth = if role == Role::SqlaDeclarative { 2 } else { 1 };
        let kind = match role {
            Role::Item(_, kind) => kind,
            other => other.family(),
        };
        insert.execute(rusqlite::params![name, role.family(), role.framework(), kind, min_depth])?;
    }
    drop(insert);
    let mut reexport = tx.prepare(
        "INSERT OR IGNORE INTO fw_objects
             SELECT m.name || '.' || i.bound_name, o.kind
             FROM imports i JOIN link_modules m ON m.file_id = i.file_id
                 JOIN fw_objects o ON o.name = i.resolved_name
             WHERE i.scope_id IS NULL AND i.bound_name IS NOT NULL
               AND (i.name IS NOT NULL OR i.alias IS NOT NULL)",
    )?;
    for _ in 0..MAX_HOPS {
        if reexport.execute([])? == 0 {
            break;
        }
    }
    drop(reexport);
    tx.execute_batch(
        "INSERT OR IGNORE INTO fw_known
             SELECT o.name || a.suffix, a.family, a.framework, a.family, 1, a.flask
             FROM fw_objects o JOIN (
                 SELECT 'declarative_base' AS kind, '' AS suffix, 'model' AS family,
                        'sqlalchemy' AS framework, 0 AS flask
                 UNION ALL SELECT 'flask_sqlalchemy', '.Model', 'model', 'sqlalchemy', 1
                 UNION ALL SELECT 'flask_marshmallow', '.Schema', 'schema', 'marshmallow', 0
                 UNION ALL SELECT 'flask_marshmallow', '.SQLAlchemySchema', 'schema', 'marshmallow', 0
                 UNION ALL SELECT 'flask_marshmallow', '.SQLAlchemyAutoSchema', 'schema', 'marshmallow', 0
             ) a ON a.kind = o.kind;
         DROP TABLE fw_objects;
         -- The nearest known ancestor of each candidate class, per family.
         CREATE TEMP TABLE fw_match AS
             SELECT class_id, family, framework, kind, name FROM (
                 SELECT a.class_id, k.family, k.framework, k.kind, a.name,
                        row_number() OVER (PARTITION BY a.class_id, k.family ORDER BY a.depth, a.id) AS nth
                 FROM class_ancestors a JOIN fw_known k ON k.name = a.name AND a.depth >= k.min_depth
                 WHERE a.class_id IN (SELECT symbol_id FROM orm_models WHERE detected_by = 'candidate'
                                      UNION ALL
                                      SELECT symbol_id FROM schemas WHERE detected_by = 'candidate'
                                      UNION ALL
                                      SELECT symbol_id FROM framework_items WHERE kind = 'candidate')
             ) WHERE nth = 1;
         CREATE INDEX fw_match_class ON fw_match(class_id, family);",
    )?;
    Ok(())
}

/// Candidates with a model ancestor become models (fields read in another framework's style
/// are dropped); the others stay only when their own fields are unmistakably the framework's
/// (`detected_by` = `fields`), and are deleted with their fields otherwise.
fn confirm_models(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE fw_misread AS
             SELECT o.id FROM orm_models o JOIN fw_match m ON m.class_id = o.symbol_id AND m.family = 'model'
             WHERE o.detected_by = 'candidate' AND o.framework NOT IN ('unknown', m.framework);
         DELETE FROM orm_fields WHERE model_id IN (SELECT id FROM fw_misread);
         DELETE FROM orm_relationships WHERE model_id IN (SELECT id FROM fw_misread);
         DROP TABLE fw_misread;
         UPDATE orm_models SET framework = m.framework, base = m.name, detected_by = 'ancestor'
             FROM fw_match m
             WHERE m.class_id = orm_models.symbol_id AND m.family = 'model'
               AND orm_models.detected_by = 'candidate';
         -- `table=True` on a subclass of a repository SQLModel class.
         UPDATE orm_models SET base = m.name, detected_by = 'ancestor'
             FROM fw_match m
             WHERE m.class_id = orm_models.symbol_id AND m.family = 'schema' AND m.framework = 'sqlmodel'
               AND orm_models.detected_by = 'candidate' AND orm_models.framework = 'sqlmodel';
         UPDATE orm_models SET detected_by = 'fields'
             WHERE detected_by = 'candidate'
               AND symbol_id NOT IN (SELECT class_id FROM fw_match)
               AND (framework = 'django'
                    OR (framework = 'sqlalchemy' AND table_name_source = 'declared'
                        AND EXISTS (SELECT 1 FROM orm_fields f WHERE f.model_id = orm_models.id)));
         CREATE TEMP TABLE fw_dropped AS SELECT id FROM orm_models WHERE detected_by = 'candidate';
         DELETE FROM orm_fields WHERE model_id IN (SELECT id FROM fw_dropped);
         DELETE FROM orm_relationships WHERE model_id IN (SELECT id FROM fw_dropped);
         DELETE FROM orm_models WHERE id IN (SELECT id FROM fw_dropped);
         DROP TABLE fw_dropped;
         -- The Django options of a candidate read in neither style do not apply to SQLAlchemy.
         UPDATE orm_models SET app_label = NULL, is_proxy = 0 WHERE framework IN ('sqlalchemy', 'sqlmodel');",
    )?;
    Ok(())
}

/// The same for schemas. A candidate read as `unknown` holds annotation fields (Pydantic's
/// style) and field calls (the others'): the confirmed framework keeps its own kind. A
/// candidate guessed wrong loses its class-body fields.
fn confirm_schemas(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE fw_misread AS
             SELECT f.id FROM schemas s
                 JOIN fw_match m ON m.class_id = s.symbol_id AND m.family = 'schema'
                 JOIN schema_fields f ON f.schema_id = s.id
             WHERE s.detected_by = 'candidate' AND s.framework != m.framework AND f.origin != 'meta'
               AND NOT (s.framework = 'unknown' AND f.origin = 'annotation'
                        AND m.framework IN ('pydantic', 'sqlmodel'))
               AND NOT (s.framework = 'unknown' AND f.origin = 'call'
                        AND m.framework NOT IN ('pydantic', 'sqlmodel'));
         DELETE FROM schema_field_constraints WHERE field_id IN (SELECT id FROM fw_misread);
         DELETE FROM schema_fields WHERE id IN (SELECT id FROM fw_misread);
         DROP TABLE fw_misread;
         UPDATE schemas SET framework = m.framework, base = m.name, detected_by = 'ancestor'
             FROM fw_match m
             WHERE m.class_id = schemas.symbol_id AND m.family = 'schema' AND schemas.detected_by = 'candidate';
         UPDATE schemas SET detected_by = 'fields'
             WHERE detected_by = 'candidate' AND framework != 'unknown'
               AND symbol_id NOT IN (SELECT class_id FROM fw_match);
         CREATE TEMP TABLE fw_dropped AS SELECT id FROM schemas WHERE detected_by = 'candidate';
         DELETE FROM schema_field_constraints WHERE field_id IN
             (SELECT id FROM schema_fields WHERE schema_id IN (SELECT id FROM fw_dropped));
         DELETE FROM schema_fields WHERE schema_id IN (SELECT id FROM fw_dropped);
         DELETE FROM validator_fields WHERE validator_id IN
             (SELECT id FROM validators WHERE schema_id IN (SELECT id FROM fw_dropped));
         DELETE FROM validators WHERE schema_id IN (SELECT id FROM fw_dropped);
         DELETE FROM schemas WHERE id IN (SELECT id FROM fw_dropped);
         DROP TABLE fw_dropped;",
    )?;
    Ok(())
}

/// Candidate framework items (Django views, forms, admin classes, managers, querysets through a
/// repository base class): the nearest known item ancestor gives framework and kind; `base` and
/// `method` details are added (from `symbols`), a confirmed form's field calls become its
/// `form_field` rows; the rest are deleted with their details. Every view also gets the
/// permission mixins it inherits through its ancestors (`permission` details).
fn confirm_items(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE fw_items AS
             SELECT i.id, i.symbol_id, i.line, m.framework, m.kind, m.name
             FROM framework_items i JOIN fw_match m ON m.class_id = i.symbol_id AND m.family = 'item'
             WHERE i.kind = 'candidate';
         UPDATE framework_items SET framework = c.framework, kind = c.kind
             FROM fw_items c WHERE c.id = framework_items.id;
         INSERT INTO framework_item_details (item_id, line, key, value)
             SELECT id, line, 'base', name FROM fw_items ORDER BY id;
         INSERT INTO framework_item_details (item_id, line, key, value)
             SELECT c.id, s.line, 'method', s.name
             FROM symbols s JOIN fw_items c ON c.symbol_id = s.parent_id
             WHERE s.kind = 'method' ORDER BY c.id, s.id;
         UPDATE framework_items SET framework = c.framework
             FROM fw_items c
             WHERE framework_items.framework = 'candidate' AND framework_items.kind = 'form_field'
               AND framework_items.symbol_id = c.symbol_id AND c.kind = 'form';
         DROP TABLE fw_items;
         -- Permission mixins a view inherits through repository base classes.
         INSERT INTO framework_item_details (item_id, line, key, value)
             SELECT i.id, i.line, 'permission', substr(a.name, length(rtrim(a.name, replace(a.name, '.', ''))) + 1)
             FROM framework_items i JOIN class_ancestors a ON a.class_id = i.symbol_id
             WHERE i.kind = 'view' AND a.depth >= 2
               AND (a.name LIKE 'django.contrib.auth.mixins.%' OR a.name LIKE '%RequiredMixin')
             ORDER BY i.id, a.depth, a.id;
         CREATE TEMP TABLE fw_dropped AS
             SELECT id FROM framework_items WHERE kind = 'candidate' OR framework = 'candidate';
         DELETE FROM framework_item_details WHERE item_id IN (SELECT id FROM fw_dropped);
         DELETE FROM framework_items WHERE id IN (SELECT id FROM fw_dropped);
         DROP TABLE fw_dropped;",
    )?;
    Ok(())
}

/// Table names the class does not declare:
/// - Django: `<app_label>_<lowercased class name>` for concrete models; a proxy model uses its
///   nearest concrete ancestor's table; abstract models have none.
/// - SQLAlchemy: a `declared_attr` `__tablename__` on an ancestor (mixin or base) computes it
///   (`computed`, name unknown); a subclass of a mapped model without its own table shares the
///   parent's table (single-table inheritance, `inherited`); Flask-SQLAlchemy models otherwise
///   get the snake_case class name (`OrderItem` → `order_item`), also for joined-table
///   subclasses that declare their own primary key. Plain declarative has no default.
fn default_table_names(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "UPDATE orm_models SET table_name = app_label || '_' || lower(name), table_name_source = 'default'
             WHERE framework = 'django' AND table_name IS NULL AND NOT is_abstract AND NOT is_proxy
               AND app_label IS NOT NULL;
         UPDATE orm_models SET table_name = lower(name), table_name_source = 'default'
             WHERE framework = 'sqlmodel' AND table_name_source IS NULL;
         UPDATE orm_models SET table_name_source = 'computed'
             WHERE framework = 'sqlalchemy' AND table_name_source IS NULL AND NOT is_abstract
               AND EXISTS (SELECT 1 FROM class_ancestors a JOIN symbols s ON s.parent_id = a.ancestor_id
                           WHERE a.class_id = orm_models.symbol_id AND s.name = '__tablename__');",
    )?;
    // Flask-SQLAlchemy: a model with no mapped parent, or one that declares its own primary key.
    let flask: Vec<(i64, String)> = tx
        .prepare(
            "SELECT o.id, o.name FROM orm_models o
             WHERE o.framework = 'sqlalchemy' AND o.table_name_source IS NULL AND NOT o.is_abstract
               AND o.base IN (SELECT name FROM fw_known WHERE flask)
               AND (EXISTS (SELECT 1 FROM orm_fields f WHERE f.model_id = o.id AND f.is_primary_key)
                    OR NOT EXISTS (SELECT 1 FROM class_ancestors a
                                   JOIN orm_models p ON p.symbol_id = a.ancestor_id AND NOT p.is_abstract
                                       AND p.detected_by != 'mixin'
                                   WHERE a.class_id = o.symbol_id))
             ORDER BY o.id",
        )?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut set =
        tx.prepare("UPDATE orm_models SET table_name = ?2, table_name_source = 'default' WHERE id = ?1")?;
    for (id, name) in flask {
        set.execute(rusqlite::params![id, snake_case(&name)])?;
    }
    drop(set);
    // Proxies and single-table subclasses: the nearest concrete ancestor model's table, one
    // level of inheritance per round.
    let mut inherit = tx.prepare(
        "UPDATE orm_models SET table_name = (
                 SELECT p.table_name FROM class_ancestors a
                 JOIN orm_models p ON p.symbol_id = a.ancestor_id AND NOT p.is_abstract AND NOT p.is_proxy
                     AND p.detected_by != 'mixin'
                 WHERE a.class_id = orm_models.symbol_id ORDER BY a.depth LIMIT 1),
             table_name_source = 'inherited'
         WHERE table_name IS NULL AND table_name_source IS NULL AND NOT is_abstract
           AND (is_proxy OR framework = 'sqlalchemy')
           AND (SELECT p.table_name FROM class_ancestors a
                JOIN orm_models p ON p.symbol_id = a.ancestor_id AND NOT p.is_abstract AND NOT p.is_proxy
                     AND p.detected_by != 'mixin'
                WHERE a.class_id = orm_models.symbol_id ORDER BY a.depth LIMIT 1) IS NOT NULL",
    )?;
    for _ in 0..MAX_HOPS {
        if inherit.execute([])? == 0 {
            break;
        }
    }
    Ok(())
}

/// Fields a concrete model inherits from its abstract ancestor models (Django `Meta.abstract`,
/// SQLAlchemy `__abstract__`) and SQLAlchemy mixins, copied onto it with `declared_in_id`: only
/// from classes nearer than its nearest concrete ancestor (whose table holds the rest), never
/// onto proxies, and never over a field the model declares itself; for SQLModel, the fields of
/// non-table SQLModel ancestors (from `schema_fields`). The mixin rows (recorded
/// per file only to carry their columns here) are then deleted. Runs after the table names,
/// whose Flask-SQLAlchemy rule looks at the primary keys a model declares itself.
fn inherited_fields(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE fw_concrete_depth AS
             SELECT a.class_id, min(a.depth) AS depth
             FROM class_ancestors a JOIN orm_models p ON p.symbol_id = a.ancestor_id
                 AND NOT p.is_abstract AND p.detected_by != 'mixin'
             WHERE a.class_id IN (SELECT symbol_id FROM orm_models)
             GROUP BY a.class_id;
         CREATE INDEX fw_concrete_depth_class ON fw_concrete_depth(class_id);
         CREATE TEMP TABLE fw_own AS SELECT model_id, name, id FROM orm_fields;
         CREATE INDEX fw_own_model ON fw_own(model_id, name);
         INSERT INTO orm_fields (model_id, line, name, field_type, is_primary_key, is_foreign_key, nullable,
                                 is_unique, target, default_expr, declared_in_id)
             SELECT m.id, f.line, f.name, f.field_type, f.is_primary_key, f.is_foreign_key, f.nullable,
                    f.is_unique, f.target, f.default_expr, p.symbol_id
             FROM orm_models m
                 JOIN class_ancestors a ON a.class_id = m.symbol_id
                 JOIN orm_models p ON p.symbol_id = a.ancestor_id
                     AND (p.is_abstract OR (p.detected_by = 'mixin' AND m.framework = 'sqlalchemy'))
                 JOIN fw_own pf ON pf.model_id = p.id
                 JOIN orm_fields f ON f.id = pf.id
                 LEFT JOIN fw_concrete_depth c ON c.class_id = m.symbol_id
             WHERE NOT m.is_abstract AND NOT m.is_proxy AND m.detected_by != 'mixin'
               AND a.depth < COALESCE(c.depth, 1 << 30)
               AND NOT EXISTS (SELECT 1 FROM fw_own own WHERE own.model_id = m.id AND own.name = f.name)
             ORDER BY m.id, a.depth, f.id;
         -- SQLModel: the fields of non-table SQLModel ancestors are columns of the table model.
         CREATE TEMP TABLE fw_sqlmodel_fields AS
             SELECT f.id, s.symbol_id, f.line, f.name, f.field_type, f.default_expr,
                    max(c.name = 'primary_key' AND c.value = 'True') AS pk,
                    max(c.name IN ('primary_key', 'unique') AND c.value = 'True') AS is_unique,
                    max(CASE WHEN c.name = 'foreign_key' THEN trim(c.value, '\"''') END) AS target
             FROM schemas s JOIN schema_fields f ON f.schema_id = s.id AND f.origin = 'annotation'
                 LEFT JOIN schema_field_constraints c ON c.field_id = f.id
             WHERE s.framework = 'sqlmodel' AND s.symbol_id NOT IN (SELECT symbol_id FROM orm_models)
             GROUP BY f.id;
         INSERT INTO orm_fields (model_id, line, name, field_type, is_primary_key, is_foreign_key, nullable,
                                 is_unique, target, default_expr, declared_in_id)
             SELECT m.id, f.line, f.name, f.field_type, COALESCE(f.pk, 0), f.target IS NOT NULL,
                    NOT COALESCE(f.pk, 0) AND (f.field_type LIKE '%Optional[%' OR f.field_type LIKE '%None%'),
                    COALESCE(f.is_unique, 0), f.target, f.default_expr, f.symbol_id
             FROM orm_models m
                 JOIN class_ancestors a ON a.class_id = m.symbol_id
                 JOIN fw_sqlmodel_fields f ON f.symbol_id = a.ancestor_id
                 LEFT JOIN fw_concrete_depth c ON c.class_id = m.symbol_id
             WHERE m.framework = 'sqlmodel' AND a.depth < COALESCE(c.depth, 1 << 30)
               AND NOT EXISTS (SELECT 1 FROM fw_own own WHERE own.model_id = m.id AND own.name = f.name)
             ORDER BY m.id, a.depth, f.id;
         DROP TABLE fw_sqlmodel_fields;
         DROP TABLE fw_concrete_depth;
         DROP TABLE fw_own;
         CREATE TEMP TABLE fw_dropped AS SELECT id FROM orm_models WHERE detected_by = 'mixin';
         DELETE FROM orm_fields WHERE model_id IN (SELECT id FROM fw_dropped);
         DELETE FROM orm_relationships WHERE model_id IN (SELECT id FROM fw_dropped);
         DELETE FROM orm_models WHERE id IN (SELECT id FROM fw_dropped);
         DROP TABLE fw_dropped;",
    )?;
    Ok(())
}

/// `target_model_id` of every relationship, then the inverse rows: the attribute a SQLAlchemy
/// `backref=` creates on the target, and the reverse accessor of a Django relation
/// (`related_name`, or `<model>_set` / `<model>` by default; none for a `+` name).
fn relationship_targets(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE fw_models AS
             SELECT id, name, table_name, framework, app_label, file_id FROM orm_models;
         CREATE INDEX fw_models_name ON fw_models(name);
         CREATE INDEX fw_models_table ON fw_models(table_name);
         -- What each relationship names: a table (SQLAlchemy foreign key) or a class name (the
         -- last component), with a Django app label prefix when written `app.Model`.
         CREATE TEMP TABLE fw_wanted AS
             SELECT r.id AS rel_id, m.framework, m.file_id, m.app_label,
                    m.framework IN ('sqlalchemy', 'sqlmodel') AND r.kind = 'foreign_key' AS by_table,
                    CASE WHEN m.framework IN ('sqlalchemy', 'sqlmodel') AND r.kind = 'foreign_key'
                         THEN substr(r.target_model, 1, instr(r.target_model, '.') - 1)
                         ELSE substr(r.target_model, length(rtrim(r.target_model,
                                  replace(r.target_model, '.', ''))) + 1)
                    END AS key,
                    CASE WHEN instr(r.target_model, '.') > 0
                         THEN substr(r.target_model, 1, instr(r.target_model, '.') - 1) END AS prefix
             FROM orm_relationships r JOIN orm_models m ON m.id = r.model_id
             WHERE r.target_model IS NOT NULL AND r.target_model != 'self' AND NOT r.is_inverse;
         UPDATE orm_relationships SET target_model_id = model_id
             WHERE target_model = 'self' AND NOT is_inverse;
         UPDATE orm_relationships SET target_model_id = b.target_id FROM (
                 SELECT rel_id, target_id FROM (
                     SELECT w.rel_id, t.id AS target_id,
                            row_number() OVER (PARTITION BY w.rel_id ORDER BY
                                (w.framework = 'django' AND t.app_label IS w.prefix) DESC,
                                t.file_id = w.file_id DESC, t.app_label IS w.app_label DESC, t.id) AS nth
                     FROM fw_wanted w JOIN fw_models t
                         ON t.table_name = w.key AND t.framework = w.framework AND w.by_table
                     UNION ALL
                     SELECT w.rel_id, t.id AS target_id,
                            row_number() OVER (PARTITION BY w.rel_id ORDER BY
                                (w.framework = 'django' AND t.app_label IS w.prefix) DESC,
                                t.file_id = w.file_id DESC, t.app_label IS w.app_label DESC, t.id) AS nth
                     FROM fw_wanted w JOIN fw_models t
                         ON t.name = w.key AND t.framework = w.framework AND NOT w.by_table
                 ) WHERE nth = 1
             ) b
             WHERE orm_relationships.id = b.rel_id;
         DROP TABLE fw_wanted;
         DROP TABLE fw_models;
         INSERT INTO orm_relationships (model_id, line, name, kind, target_model, through, back_populates,
                                        on_delete, cascade, backref, uselist, is_inverse, target_model_id)
             SELECT r.target_model_id, r.line,
                    CASE WHEN m.framework = 'sqlalchemy' THEN r.backref
                         ELSE COALESCE(r.back_populates,
                                       lower(m.name) || CASE r.kind WHEN 'one_to_one' THEN '' ELSE '_set' END)
                    END,
                    CASE WHEN m.framework = 'sqlalchemy' AND r.kind = 'relationship' THEN 'relationship'
                         ELSE r.kind END,
                    m.name, r.through, r.name, NULL, NULL, NULL,
                    CASE WHEN r.kind IN ('foreign_key', 'many_to_many') THEN 1
                         WHEN r.kind = 'one_to_one' THEN 0 END,
                    1, r.model_id
             FROM orm_relationships r JOIN orm_models m ON m.id = r.model_id
             WHERE r.target_model_id IS NOT NULL AND NOT r.is_inverse
               AND ((m.framework = 'sqlalchemy' AND r.backref IS NOT NULL)
                    OR (m.framework = 'django' AND COALESCE(r.back_populates, '') NOT LIKE '%+'))
             ORDER BY r.id;",
    )?;
    Ok(())
}

/// Flask-SQLAlchemy's `camel_to_snake_case`: an underscore before each capital that follows a
/// lower-case letter or digit, or that starts a new word after capitals (`HTTPResponse` →
/// `http_response`), then lower case.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let after_lower = chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit();
            let before_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if after_lower || before_lower {
                out.push('_');
            }
        }
        out.extend(c.to_lowercase());
    }
    out.trim_start_matches('_').to_owned()
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn snake_case_follows_flask_sqlalchemy() {
        assert_eq!(snake_case("User"), "user");
        assert_eq!(snake_case("OrderItem"), "order_item");
        assert_eq!(snake_case("HTTPResponse"), "http_response");
        assert_eq!(snake_case("Address2Line"), "address2_line");
        assert_eq!(snake_case("_Private"), "private");
    }
}
