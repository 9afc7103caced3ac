//! End to end for the ORM, validation and Django-item domains: two small applications
//! (`tests/fixtures/apps/django_shop`, `tests/fixtures/apps/flask_sqla`) are indexed with the
//! pipeline and checked through SQL, after the link stage has confirmed the classes whose
//! framework base lives in another module (a custom abstract model in `core/models.py`, a shared
//! `db = SQLAlchemy()` re-exported by the package, a `declarative_base()` and a `DeclarativeBase`
//! subclass in `legacy/db.py`, a Pydantic base and a DRF base serializer of the repository),
//! filled default table names, resolved relationship targets and added inverse relations.

mod support;

use std::path::Path;

use support::{index, open, rows};

fn indexed(app: &str) -> (tempfile::TempDir, rusqlite::Connection) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apps").join(app);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("index.db");
    index(&root, &db, 2);
    let conn = open(&db);
    (dir, conn)
}

/// Rows of a query, each row's cells joined by ` | `.
fn lines(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    rows(conn, sql).into_iter().map(|r| r.join(" | ")).collect()
}

#[track_caller]
fn check(conn: &rusqlite::Connection, sql: &str, expected: &[&str]) {
    let got = lines(conn, sql);
    assert_eq!(got, expected, "\n{sql}\ngot:\n{}", got.join("\n"));
}

const MODELS: &str = "SELECT f.path, m.line, m.framework, m.name, m.table_name, m.is_abstract, m.is_proxy,
        m.app_label, m.base, m.detected_by, m.table_name_source
    FROM orm_models m JOIN files f ON f.id = m.file_id JOIN symbols s ON s.id = m.symbol_id
    WHERE s.name = m.name ORDER BY m.id";

#[test]
fn django_shop_models_through_a_base_model_in_another_module() {
    let (_dir, conn) = indexed("django_shop");
    check(
        &conn,
        MODELS,
        &[
            "catalog/models/tag.py | 6 | django | Tag | catalog_tag | 0 | 0 | catalog | django.db.models.Model | ancestor | default",
            "core/models.py | 4 | django | TimeStampedModel | NULL | 1 | 0 | core | django.db.models.Model | direct | NULL",
            "shop/models.py | 9 | django | Customer | shop_customer | 0 | 0 | shop | django.db.models.Model | ancestor | default",
            "shop/models.py | 15 | django | Product | shop_products | 0 | 0 | shop | django.db.models.Model | ancestor | declared",
            "shop/models.py | 24 | django | Order | shop_order | 0 | 0 | shop | django.db.models.Model | ancestor | default",
            "shop/models.py | 33 | django | OrderItem | shop_orderitem | 0 | 0 | shop | django.db.models.Model | direct | default",
            "shop/models.py | 39 | django | ArchivedOrder | shop_order | 0 | 1 | shop | django.db.models.Model | ancestor | inherited",
            // A third-party base the link stage cannot follow: a model by its Django fields.
            "shop/models.py | 53 | django | Coupon | shop_coupon | 0 | 0 | shop | NULL | fields | default",
        ],
    );
    // `PriceFormatter(Helper)` was a candidate (its base is a repository class) and is gone; so
    // are the model candidates of the form and view based on repository classes, and factory_boy
    // factories (a `Meta.abstract` is not enough without the link stage's confirmation).
    check(
        &conn,
        "SELECT count(*) FROM orm_models
         WHERE name IN ('PriceFormatter', 'ContactForm', 'ProductListView', 'BaseFactory', 'OrderFactory')
             OR detected_by = 'candidate'",
        &["0"],
    );
    check(
        &conn,
        "SELECT m.name, f.name, f.field_type, f.is_primary_key, f.is_foreign_key, f.nullable, f.is_unique,
                f.target, f.default_expr, (SELECT qualname FROM symbols WHERE id = f.declared_in_id)
         FROM orm_fields f JOIN orm_models m ON m.id = f.model_id ORDER BY f.id",
        &[
            "Tag | label | models.SlugField | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "TimeStampedModel | created | models.DateTimeField | 0 | 0 | 0 | 0 | NULL | NULL | NULL",
            "Customer | user | models.OneToOneField | 0 | 1 | 0 | 1 | settings.AUTH_USER_MODEL | NULL | NULL",
            "Customer | email | models.EmailField | 0 | 0 | 0 | 1 | NULL | NULL | NULL",
            "Customer | referrer | models.ForeignKey | 0 | 1 | 1 | 0 | self | NULL | NULL",
            "Product | name | models.CharField | 0 | 0 | 0 | 0 | NULL | NULL | NULL",
            "Product | price | models.DecimalField | 0 | 0 | 0 | 0 | NULL | 0 | NULL",
            "Product | tags | models.ManyToManyField | 0 | 0 | NULL | 0 | catalog.Tag | NULL | NULL",
            "Order | customer | models.ForeignKey | 0 | 1 | 0 | 0 | Customer | NULL | NULL",
            "Order | items | models.ManyToManyField | 0 | 0 | NULL | 0 | Product | NULL | NULL",
            "Order | paid | models.BooleanField | 0 | 0 | 0 | 0 | NULL | False | NULL",
            "OrderItem | order | models.ForeignKey | 0 | 1 | 0 | 0 | Order | NULL | NULL",
            "OrderItem | product | models.ForeignKey | 0 | 1 | 0 | 0 | shop.Product | NULL | NULL",
            "OrderItem | quantity | models.PositiveIntegerField | 0 | 0 | 0 | 0 | NULL | 1 | NULL",
            "Coupon | code | models.CharField | 0 | 0 | 0 | 1 | NULL | NULL | NULL",
            // Inherited from the abstract `TimeStampedModel` of `core/models.py` (not by the proxy).
            "Tag | created | models.DateTimeField | 0 | 0 | 0 | 0 | NULL | NULL | TimeStampedModel",
            "Customer | created | models.DateTimeField | 0 | 0 | 0 | 0 | NULL | NULL | TimeStampedModel",
            "Product | created | models.DateTimeField | 0 | 0 | 0 | 0 | NULL | NULL | TimeStampedModel",
            "Order | created | models.DateTimeField | 0 | 0 | 0 | 0 | NULL | NULL | TimeStampedModel",
        ],
    );
    // Targets resolved ("self", a class, "app.Model" across apps); reverse accessors added
    // (`related_name`, `<model>_set`; none for `related_name="+"`).
    check(
        &conn,
        "SELECT m.name, r.line, r.name, r.kind, r.target_model, r.through, r.back_populates, r.on_delete,
                r.uselist, r.is_inverse, t.name
         FROM orm_relationships r JOIN orm_models m ON m.id = r.model_id
             LEFT JOIN orm_models t ON t.id = r.target_model_id ORDER BY r.id",
        &[
            "Customer | 10 | user | one_to_one | settings.AUTH_USER_MODEL | NULL | customer | CASCADE | NULL | 0 | NULL",
            "Customer | 12 | referrer | foreign_key | self | NULL | NULL | SET_NULL | NULL | 0 | Customer",
            "Product | 18 | tags | many_to_many | catalog.Tag | NULL | products | NULL | NULL | 0 | Tag",
            "Order | 25 | customer | foreign_key | Customer | NULL | orders | PROTECT | NULL | 0 | Customer",
            "Order | 26 | items | many_to_many | Product | OrderItem | NULL | NULL | NULL | 0 | Product",
            "OrderItem | 34 | order | foreign_key | Order | NULL | NULL | CASCADE | NULL | 0 | Order",
            "OrderItem | 35 | product | foreign_key | shop.Product | NULL | + | CASCADE | NULL | 0 | Product",
            "Customer | 12 | customer_set | foreign_key | Customer | NULL | referrer | NULL | 1 | 1 | Customer",
            "Tag | 18 | products | many_to_many | Product | NULL | tags | NULL | 1 | 1 | Product",
            "Customer | 25 | orders | foreign_key | Order | NULL | customer | NULL | 1 | 1 | Order",
            "Product | 26 | order_set | many_to_many | Order | OrderItem | items | NULL | 1 | 1 | Order",
            "Order | 34 | orderitem_set | foreign_key | OrderItem | NULL | order | NULL | 1 | 1 | OrderItem",
        ],
    );
}

#[test]
fn django_shop_serializers_admin_views_forms_signals_middleware_managers() {
    let (_dir, conn) = indexed("django_shop");
    check(
        &conn,
        "SELECT s.framework, s.name, s.model, s.base, s.detected_by FROM schemas s ORDER BY s.id",
        &[
            "drf | TimestampedSerializer | NULL | rest_framework.serializers.ModelSerializer | direct",
            "drf | OrderSerializer | Order | rest_framework.serializers.ModelSerializer | ancestor",
        ],
    );
    check(
        &conn,
        "SELECT s.name, f.line, f.name, f.field_type, f.is_required, f.origin
         FROM schema_fields f JOIN schemas s ON s.id = f.schema_id ORDER BY f.id",
        &[
            "TimestampedSerializer | 5 | created | serializers.DateTimeField | 0 | call",
            "OrderSerializer | 8 | total | serializers.DecimalField | 1 | call",
            "OrderSerializer | 12 | id | NULL | NULL | meta",
            "OrderSerializer | 12 | customer | NULL | NULL | meta",
            "OrderSerializer | 12 | total | NULL | NULL | meta",
        ],
    );
    check(
        &conn,
        "SELECT s.name, v.line, v.kind, v.name, v.fields, sym.qualname
         FROM validators v JOIN schemas s ON s.id = v.schema_id JOIN symbols sym ON sym.id = v.symbol_id",
        &["OrderSerializer | 14 | field | validate_total | total | OrderSerializer.validate_total"],
    );
    check(
        &conn,
        "SELECT f.path, i.line, i.framework, i.kind, i.name, i.target,
                (SELECT group_concat(d.key || '=' || COALESCE(d.value, 'NULL'), '; ')
                 FROM (SELECT * FROM framework_item_details WHERE item_id = i.id ORDER BY id) d)
         FROM framework_items i JOIN files f ON f.id = i.file_id
         WHERE i.framework IN ('django', 'drf') ORDER BY i.id",
        &[
            "core/forms.py | 4 | django | form | BaseForm | NULL | base=django.forms.Form",
            "core/views.py | 5 | django | view | StaffListView | NULL | base=django.views.generic.ListView; \
             permission=LoginRequiredMixin; paginate_by=20",
            "shop/admin.py | 6 | django | admin | OrderItemInline | OrderItem | base=django.contrib.admin.TabularInline",
            "shop/admin.py | 11 | django | admin | OrderAdmin | Order | base=django.contrib.admin.ModelAdmin; \
             registered_model=Order; registered_by=decorator; list_display=id; list_display=customer; \
             list_display=paid; search_fields=customer__email; inlines=OrderItemInline; method=mark_paid",
            "shop/admin.py | 20 | django | admin | NULL | Product | registered_model=Product; registered_by=site.register",
            "shop/forms.py | 8 | django | form | OrderForm | Order | base=django.forms.ModelForm; model=Order; \
             fields=customer; fields=note; method=clean_note",
            "shop/forms.py | 9 | django | form_field | note | OrderForm | type=forms.CharField; required=False; \
             max_length=200; validator=clean_note",
            // Through `core.forms.BaseForm` (confirmed by the link stage), with its field.
            "shop/forms.py | 19 | django | form | ContactForm | NULL | base=django.forms.Form",
            "shop/forms.py | 20 | django | form_field | email | ContactForm | type=forms.EmailField",
            "shop/managers.py | 4 | django | queryset | OrderQuerySet | NULL | base=django.db.models.QuerySet; method=paid",
            "shop/managers.py | 9 | django | manager | OrderManager | NULL | base=django.db.models.Manager; \
             method=get_queryset; method=open",
            "shop/middleware.py | 4 | django | middleware | TimingMiddleware | NULL | style=class; hook=__call__; \
             hook=process_exception",
            "shop/middleware.py | 18 | django | middleware | simple_middleware | NULL | style=function; hook=middleware",
            "shop/models.py | 29 | django | manager | objects | OrderManager | model=Order",
            "shop/models.py | 30 | django | manager | recent | OrderQuerySet.as_manager() | model=Order",
            "shop/signals.py | 6 | django | signal | order_placed | NULL | NULL",
            "shop/signals.py | 9 | django | receiver | on_order_saved | post_save | signal=post_save; \
             connected_by=decorator; sender=Order",
            "shop/signals.py | 19 | django | receiver | notify | order_placed | signal=order_placed; \
             connected_by=connect; sender=Order",
            "shop/views.py | 9 | django | view | OrderListView | Order | base=django.views.generic.ListView; \
             permission=LoginRequiredMixin; model=Order; template_name=shop/order_list.html; http_method=get; \
             http_method=head; method=get_queryset",
            "shop/views.py | 18 | django | view | OrderDetailView | Order | base=django.views.generic.DetailView; \
             queryset=Order.objects.select_related(\"customer\")",
            // Through `core.views.StaffListView`: the login mixin is inherited.
            "shop/views.py | 22 | django | view | ProductListView | Product | model=Product; \
             base=django.views.generic.ListView; method=get_context_data; permission=LoginRequiredMixin",
        ],
    );
    // Handlers are tied to their definitions.
    check(
        &conn,
        "SELECT i.name, s.qualname FROM framework_items i JOIN symbols s ON s.id = i.symbol_id
         WHERE i.kind = 'receiver' ORDER BY i.id",
        &["on_order_saved | on_order_saved", "notify | notify"],
    );
}

#[test]
fn flask_sqlalchemy_models_through_a_shared_db_and_declarative_bases() {
    let (_dir, conn) = indexed("flask_sqla");
    check(
        &conn,
        "SELECT f.path, b.line, b.name, b.framework, b.kind FROM framework_bases b JOIN files f ON f.id = b.file_id",
        &[
            "app/extensions.py | 4 | db | sqlalchemy | flask_sqlalchemy",
            "app/extensions.py | 5 | ma | marshmallow | flask_marshmallow",
            "app/legacy/db.py | 3 | Base | sqlalchemy | declarative_base",
        ],
    );
    check(
        &conn,
        &MODELS.replace("ORDER BY", "AND m.framework = 'sqlalchemy' ORDER BY"),
        &[
            "app/legacy/models.py | 11 | sqlalchemy | Account | accounts | 0 | 0 | NULL | app.legacy.db.Base | ancestor | declared",
            "app/legacy/models.py | 17 | sqlalchemy | SavingsAccount | accounts | 0 | 0 | NULL | app.legacy.db.Base | ancestor | inherited",
            "app/legacy/models.py | 21 | sqlalchemy | Note | NULL | 0 | 0 | NULL | app.legacy.db.Base | ancestor | NULL",
            "app/legacy/models.py | 25 | sqlalchemy | Author | authors | 0 | 0 | NULL | sqlalchemy.orm.DeclarativeBase | ancestor | declared",
            "app/legacy/models.py | 32 | sqlalchemy | Book | books | 0 | 0 | NULL | sqlalchemy.orm.DeclarativeBase | ancestor | declared",
            "app/models/base.py | 4 | sqlalchemy | BaseModel | NULL | 1 | 0 | NULL | app.db.Model | ancestor | NULL",
            "app/models/post.py | 5 | sqlalchemy | BlogPost | blog_post | 0 | 0 | NULL | app.db.Model | ancestor | default",
            "app/models/user.py | 6 | sqlalchemy | User | user | 0 | 0 | NULL | app.db.Model | ancestor | default",
            "app/models/user.py | 11 | sqlalchemy | AdminUser | user | 0 | 0 | NULL | app.db.Model | ancestor | inherited",
            "app/models/user.py | 15 | sqlalchemy | PostTag | post_tag | 0 | 0 | NULL | app.db.Model | ancestor | default",
        ],
    );
    // Not models: the declarative base classes, the mixin, the plain class with a Column.
    check(&conn, "SELECT count(*) FROM orm_models WHERE detected_by IN ('candidate', 'mixin')", &["0"]);
    check(
        &conn,
        "SELECT count(*) FROM orm_models WHERE name IN ('ModernBase', 'AuditMixin', 'Ledger')",
        &["0"],
    );
    check(
        &conn,
        "SELECT m.name, f.name, f.field_type, f.is_primary_key, f.is_foreign_key, f.nullable, f.is_unique,
                f.target, f.default_expr, (SELECT qualname FROM symbols WHERE id = f.declared_in_id)
         FROM orm_fields f JOIN orm_models m ON m.id = f.model_id WHERE m.framework = 'sqlalchemy' ORDER BY f.id",
        &[
            "Account | id | Integer | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "Account | kind | String(20) | 0 | 0 | 1 | 0 | NULL | NULL | NULL",
            "SavingsAccount | rate | Numeric | 0 | 0 | 1 | 0 | NULL | NULL | NULL",
            "Note | id | Integer | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "Author | id | Mapped[int] | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "Author | nickname | String(30) | 0 | 0 | 1 | 0 | NULL | NULL | NULL",
            "Book | id | Mapped[int] | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "Book | author_id | Mapped[int] | 0 | 1 | 0 | 0 | authors.id | NULL | NULL",
            "BaseModel | id | db.Integer | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "BlogPost | title | db.String(200) | 0 | 0 | 0 | 0 | NULL | NULL | NULL",
            "BlogPost | user_id | db.Integer | 0 | 1 | 1 | 0 | user.id | NULL | NULL",
            "User | email | db.String(120) | 0 | 0 | 0 | 1 | NULL | NULL | NULL",
            "AdminUser | level | db.Integer | 0 | 0 | 1 | 0 | NULL | 1 | NULL",
            "PostTag | post_id | db.Integer | 1 | 1 | 0 | 1 | blog_post.id | NULL | NULL",
            "PostTag | tag | db.String(30) | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            // From the abstract `BaseModel` and the mixin; `AdminUser` shares `User`'s table instead.
            "BlogPost | id | db.Integer | 1 | 0 | 0 | 1 | NULL | NULL | BaseModel",
            "User | id | db.Integer | 1 | 0 | 0 | 1 | NULL | NULL | BaseModel",
            "User | updated_by | db.String(80) | 0 | 0 | 1 | 0 | NULL | NULL | AuditMixin",
        ],
    );
    // Targets by class name and by foreign-key table; the backref's attribute on BlogPost.
    check(
        &conn,
        "SELECT m.name, r.line, r.name, r.kind, r.target_model, r.back_populates, r.on_delete, r.cascade,
                r.backref, r.uselist, r.is_inverse, t.name
         FROM orm_relationships r JOIN orm_models m ON m.id = r.model_id
             LEFT JOIN orm_models t ON t.id = r.target_model_id WHERE m.framework = 'sqlalchemy' ORDER BY r.id",
        &[
            "Author | 29 | books | relationship | Book | author | NULL | all, delete-orphan | NULL | 1 | 0 | Book",
            "Book | 35 | author_id | foreign_key | authors.id | NULL | NULL | NULL | NULL | NULL | 0 | Author",
            "Book | 36 | author | relationship | Author | books | NULL | NULL | NULL | 0 | 0 | Author",
            "BlogPost | 7 | user_id | foreign_key | user.id | NULL | CASCADE | NULL | NULL | NULL | 0 | User",
            "User | 8 | posts | relationship | BlogPost | NULL | NULL | NULL | author | NULL | 0 | BlogPost",
            "PostTag | 16 | post_id | foreign_key | blog_post.id | NULL | NULL | NULL | NULL | NULL | 0 | BlogPost",
            "BlogPost | 8 | author | relationship | User | posts | NULL | NULL | NULL | NULL | 1 | User",
        ],
    );
}

#[test]
fn flask_sqla_schemas_through_repository_bases_and_flask_marshmallow() {
    let (_dir, conn) = indexed("flask_sqla");
    check(
        &conn,
        "SELECT s.framework, s.name, s.model, s.base, s.detected_by FROM schemas s
         WHERE s.framework != 'sqlmodel' ORDER BY s.id",
        &[
            "pydantic | UserOut | NULL | pydantic.BaseModel | ancestor",
            "marshmallow | UserSchema | User | app.extensions.ma.SQLAlchemyAutoSchema | ancestor",
            "pydantic | APIModel | NULL | pydantic.BaseModel | direct",
        ],
    );
    check(
        &conn,
        "SELECT s.name, f.line, f.name, f.field_type, f.is_required, f.default_expr, f.origin,
                (SELECT group_concat(c.name || '=' || c.value, '; ') FROM schema_field_constraints c
                 WHERE c.field_id = f.id)
         FROM schema_fields f JOIN schemas s ON s.id = f.schema_id WHERE s.framework != 'sqlmodel' ORDER BY f.id",
        &[
            "UserOut | 11 | id | int | 1 | NULL | annotation | NULL",
            "UserOut | 12 | email | str | 1 | NULL | annotation | max_length=120",
            "UserOut | 13 | nickname | Optional[str] | 0 | None | annotation | NULL",
            "UserOut | 14 | age | Annotated[int, Field(gt=0)] | 0 | 18 | annotation | gt=0",
            "UserSchema | 23 | email | ma.Email | 1 | NULL | call | NULL",
        ],
    );
    check(
        &conn,
        "SELECT s.name, v.line, v.kind, v.name, v.fields, (SELECT group_concat(name) FROM validator_fields
                WHERE validator_id = v.id)
         FROM validators v JOIN schemas s ON s.id = v.schema_id",
        &["UserOut | 18 | field | lower_email | email | email"],
    );
}

/// The link step's inserts and updates do not depend on the thread count.
#[test]
fn framework_rows_are_deterministic() {
    for app in ["django_shop", "flask_sqla"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apps").join(app);
        let dir = tempfile::tempdir().unwrap();
        let (one, many) = (dir.path().join("one.db"), dir.path().join("many.db"));
        index(&root, &one, 1);
        index(&root, &many, 4);
        assert!(support::dump(&open(&one)) == support::dump(&open(&many)), "{app}: dumps differ");
    }
}

#[test]
fn sqlmodel_table_models_and_schemas() {
    let (_dir, conn) = indexed("flask_sqla");
    // `Hero` subclasses `TeamBase` of another module with `table=True`; `HeroRead` is a schema only.
    check(
        &conn,
        &MODELS.replace("ORDER BY", "AND m.framework = 'sqlmodel' ORDER BY"),
        &[
            "app/api/heroes.py | 8 | sqlmodel | Hero | heroes | 0 | 0 | NULL | sqlmodel.SQLModel | ancestor | declared",
            "app/api/tables.py | 10 | sqlmodel | Team | team | 0 | 0 | NULL | sqlmodel.SQLModel | ancestor | default",
        ],
    );
    check(
        &conn,
        "SELECT m.name, f.line, f.name, f.field_type, f.is_primary_key, f.is_foreign_key, f.nullable, f.is_unique,
                f.target, f.default_expr, (SELECT qualname FROM symbols WHERE id = f.declared_in_id)
         FROM orm_fields f JOIN orm_models m ON m.id = f.model_id WHERE m.framework = 'sqlmodel' ORDER BY f.id",
        &[
            "Hero | 10 | id | Optional[int] | 1 | 0 | 0 | 1 | NULL | None | NULL",
            "Hero | 11 | team_id | Optional[int] | 0 | 1 | 1 | 0 | team.id | None | NULL",
            "Team | 11 | id | Optional[int] | 1 | 0 | 0 | 1 | NULL | None | NULL",
            // The non-table base's field is a column of both tables.
            "Hero | 7 | name | str | 0 | 0 | 0 | 0 | NULL | NULL | TeamBase",
            "Team | 7 | name | str | 0 | 0 | 0 | 0 | NULL | NULL | TeamBase",
        ],
    );
    check(
        &conn,
        "SELECT m.name, r.name, r.kind, r.target_model, r.back_populates, r.on_delete, r.uselist, t.name
         FROM orm_relationships r JOIN orm_models m ON m.id = r.model_id
             LEFT JOIN orm_models t ON t.id = r.target_model_id WHERE m.framework = 'sqlmodel' ORDER BY r.id",
        &[
            "Hero | team_id | foreign_key | team.id | NULL | SET NULL | NULL | Team",
            "Hero | team | relationship | Team | heroes | NULL | 0 | Team",
            "Team | heroes | relationship | Hero | team | NULL | 1 | Hero",
        ],
    );
    check(
        &conn,
        "SELECT s.name, s.detected_by, group_concat(f.name, ',') FROM schemas s
             JOIN schema_fields f ON f.schema_id = s.id
         WHERE s.framework = 'sqlmodel' GROUP BY s.id ORDER BY s.id",
        &[
            "Hero | ancestor | id,team_id,team",
            "HeroRead | ancestor | id",
            "TeamBase | direct | name",
            "Team | ancestor | id,heroes",
        ],
    );
}
