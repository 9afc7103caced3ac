//! What the framework domains (orm, validation, web) share: the framework base classes pyindex
//! knows by their qualified names, the module-level objects that act as bases
//! (`Base = declarative_base()`, `db = SQLAlchemy()`, `ma = Marshmallow()`), and the
//! classification of every class of a file by its own bases (and by the file's earlier classes).
//!
//! A class is `Known` when one of its bases is a known framework base, a base object of the file,
//! or an earlier class of the file that is itself `Known`; a `Candidate` when it is not, but one of
//! its bases may be a repository class from another module or an unknown class (the link stage
//! decides, through `class_ancestors`); otherwise `Plain` (no bases, builtins, `typing`, ...).
//! Reads StmtClassDef (through the scopes) and module-level StmtAssign / StmtAnnAssign.

use std::collections::HashMap;
use std::sync::LazyLock;

use ruff_python_ast::{self as ast, Expr, Stmt};

pub use crate::extract::common::string_value;
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeDef, ScopeId};

/// What a subclass of a known base is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    DjangoModel,
    /// A SQLAlchemy declarative base class (`class Base(DeclarativeBase)`): not mapped itself,
    /// its subclasses are models.
    SqlaDeclarative,
    /// A SQLAlchemy mapped class; `flask` when it descends from Flask-SQLAlchemy's `db.Model`.
    SqlaModel {
        flask: bool,
    },
    /// A validation schema of the named framework (`pydantic`, `marshmallow`, `drf`, `wtforms`).
    Schema(&'static str),
    /// A framework item (framework, kind): `("django", "view")`, `("django", "form")`, ...
    Item(&'static str, &'static str),
}

impl Role {
    /// The table family the link stage confirms candidates of: `model`, `schema` or `item`.
    pub fn family(self) -> &'static str {
        match self {
            Role::DjangoModel | Role::SqlaDeclarative | Role::SqlaModel { .. } => "model",
            Role::Schema(_) => "schema",
            Role::Item(..) => "item",
        }
    }

    pub fn framework(self) -> &'static str {
        match self {
            Role::DjangoModel => "django",
            Role::SqlaDeclarative | Role::SqlaModel { .. } => "sqlalchemy",
            Role::Schema(framework) | Role::Item(framework, _) => framework,
        }
    }

    /// The role of a class that has a class of this role as its base: a declarative base
    /// class's subclasses are models; everything else is inherited as is.
    pub fn of_subclass(self) -> Role {
        match self {
            Role::SqlaDeclarative => Role::SqlaModel { flask: false },
            other => other,
        }
    }
}

const DJANGO_MODELS: &[&str] = &[
    "django.db.models.Model",
    "django.db.models.base.Model",
    "django.contrib.gis.db.models.Model",
    "django.contrib.auth.models.AbstractUser",
    "django.contrib.auth.models.AbstractBaseUser",
    "django.contrib.auth.base_user.AbstractBaseUser",
    "django.contrib.auth.models.PermissionsMixin",
    "django.contrib.auth.models.User",
    "django.contrib.auth.models.Group",
    "django.contrib.auth.models.Permission",
    "django.contrib.contenttypes.models.ContentType",
    "django.contrib.sites.models.Site",
];
const SQLA_DECLARATIVE: &[&str] = &[
    "sqlalchemy.orm.DeclarativeBase",
    "sqlalchemy.orm.DeclarativeBaseNoMeta",
    "sqlalchemy.orm.decl_api.DeclarativeBase",
    "sqlalchemy.orm.decl_api.DeclarativeBaseNoMeta",
];
const PYDANTIC: &[&str] = &[
    "pydantic.BaseModel",
    "pydantic.main.BaseModel",
    "pydantic.v1.BaseModel",
    "pydantic.v1.main.BaseModel",
    "pydantic.RootModel",
    "pydantic.root_model.RootModel",
    "pydantic.generics.GenericModel",
    "pydantic.BaseSettings",
    "pydantic.env_settings.BaseSettings",
    "pydantic.v1.BaseSettings",
    "pydantic_settings.BaseSettings",
    "pydantic_settings.main.BaseSettings",
];
const MARSHMALLOW: &[&str] = &[
    "marshmallow.Schema",
    "marshmallow.schema.Schema",
    "marshmallow_sqlalchemy.SQLAlchemySchema",
    "marshmallow_sqlalchemy.SQLAlchemyAutoSchema",
    "marshmallow_sqlalchemy.ModelSchema",
    "marshmallow_sqlalchemy.schema.SQLAlchemySchema",
    "marshmallow_sqlalchemy.schema.SQLAlchemyAutoSchema",
    "flask_marshmallow.Schema",
    "flask_marshmallow.sqla.SQLAlchemySchema",
    "flask_marshmallow.sqla.SQLAlchemyAutoSchema",
];
const DRF_SERIALIZERS: &[&str] = &[
    "rest_framework.serializers.Serializer",
    "rest_framework.serializers.ModelSerializer",
    "rest_framework.serializers.HyperlinkedModelSerializer",
    "rest_framework.serializers.ListSerializer",
    "rest_framework.serializers.BaseSerializer",
];
const WTFORMS: &[&str] = &[
    "wtforms.Form",
    "wtforms.form.Form",
    "wtforms.form.BaseForm",
    "flask_wtf.FlaskForm",
    "flask_wtf.Form",
    "flask_wtf.form.FlaskForm",
];
const DJANGO_FORMS: &[&str] = &[
    "django.forms.Form",
    "django.forms.forms.Form",
    "django.forms.BaseForm",
    "django.forms.forms.BaseForm",
    "django.forms.ModelForm",
    "django.forms.models.ModelForm",
    "django.contrib.auth.forms.UserCreationForm",
    "django.contrib.auth.forms.UserChangeForm",
    "django.contrib.auth.forms.AuthenticationForm",
];
/// Django's generic views, each under `django.views.generic` and its defining submodule.
const DJANGO_VIEWS: &[(&str, &[&str])] = &[
    ("base", &["View", "TemplateView", "RedirectView"]),
    ("list", &["ListView"]),
    ("detail", &["DetailView"]),
    ("edit", &["CreateView", "UpdateView", "DeleteView", "FormView"]),
    (
        "dates",
        &[
            "ArchiveIndexView",
            "YearArchiveView",
            "MonthArchiveView",
            "WeekArchiveView",
            "DayArchiveView",
            "TodayArchiveView",
            "DateDetailView",
        ],
    ),
];
const DJANGO_AUTH_VIEWS: &[&str] = &[
    "LoginView",
    "LogoutView",
    "PasswordChangeView",
    "PasswordChangeDoneView",
    "PasswordResetView",
    "PasswordResetDoneView",
    "PasswordResetConfirmView",
    "PasswordResetCompleteView",
];
const DRF_VIEWS: &[&str] = &[
    "rest_framework.views.APIView",
    "rest_framework.generics.GenericAPIView",
    "rest_framework.generics.ListAPIView",
    "rest_framework.generics.CreateAPIView",
    "rest_framework.generics.RetrieveAPIView",
    "rest_framework.generics.UpdateAPIView",
    "rest_framework.generics.DestroyAPIView",
    "rest_framework.generics.ListCreateAPIView",
    "rest_framework.generics.RetrieveUpdateAPIView",
    "rest_framework.generics.RetrieveDestroyAPIView",
    "rest_framework.generics.RetrieveUpdateDestroyAPIView",
    "rest_framework.viewsets.ViewSet",
    "rest_framework.viewsets.GenericViewSet",
    "rest_framework.viewsets.ModelViewSet",
    "rest_framework.viewsets.ReadOnlyModelViewSet",
];
const DJANGO_ADMIN: &[&str] = &[
    "django.contrib.admin.ModelAdmin",
    "django.contrib.admin.options.ModelAdmin",
    "django.contrib.admin.TabularInline",
    "django.contrib.admin.StackedInline",
    "django.contrib.admin.options.TabularInline",
    "django.contrib.admin.options.StackedInline",
    "django.contrib.auth.admin.UserAdmin",
    "django.contrib.auth.admin.GroupAdmin",
    "django.contrib.gis.admin.GISModelAdmin",
];
const DJANGO_MANAGERS: &[&str] = &[
    "django.db.models.Manager",
    "django.db.models.manager.Manager",
    "django.db.models.manager.BaseManager",
    "django.contrib.auth.models.UserManager",
    "django.contrib.auth.models.BaseUserManager",
    "django.contrib.auth.base_user.BaseUserManager",
];
const DJANGO_QUERYSETS: &[&str] = &["django.db.models.QuerySet", "django.db.models.query.QuerySet"];
const DJANGO_MIDDLEWARE: &[&str] = &["django.utils.deprecation.MiddlewareMixin"];
const SQLMODEL: &[&str] = &["sqlmodel.SQLModel", "sqlmodel.main.SQLModel"];
const DJANGO_SIGNALS: &[&str] = &["django.dispatch.Signal", "django.dispatch.dispatcher.Signal"];

/// Every known framework base by qualified name, with the role of its subclasses.
pub fn known_bases() -> Vec<(String, Role)> {
    let mut all = Vec::new();
    let mut add = |names: &[&str], role: Role| all.extend(names.iter().map(|n| (n.to_string(), role)));
    add(DJANGO_MODELS, Role::DjangoModel);
    add(SQLA_DECLARATIVE, Role::SqlaDeclarative);
    add(PYDANTIC, Role::Schema("pydantic"));
    // SQLModel classes are Pydantic-style schemas; with `table=True` also models (`orm/sqlmodel.rs`).
    add(SQLMODEL, Role::Schema("sqlmodel"));
    add(MARSHMALLOW, Role::Schema("marshmallow"));
    add(DRF_SERIALIZERS, Role::Schema("drf"));
    add(WTFORMS, Role::Schema("wtforms"));
    add(DJANGO_FORMS, Role::Item("django", "form"));
    add(DRF_VIEWS, Role::Item("drf", "view"));
    add(DJANGO_ADMIN, Role::Item("django", "admin"));
    add(DJANGO_MANAGERS, Role::Item("django", "manager"));
    add(DJANGO_QUERYSETS, Role::Item("django", "queryset"));
    add(DJANGO_MIDDLEWARE, Role::Item("django", "middleware"));
    add(DJANGO_SIGNALS, Role::Item("django", "signal"));
    let view = Role::Item("django", "view");
    all.push(("django.views.View".to_owned(), view));
    for (module, names) in DJANGO_VIEWS {
        for name in *names {
            all.push((format!("django.views.generic.{name}"), view));
            all.push((format!("django.views.generic.{module}.{name}"), view));
        }
    }
    for name in DJANGO_AUTH_VIEWS {
        all.push((format!("django.contrib.auth.views.{name}"), view));
    }
    all
}

static KNOWN: LazyLock<HashMap<String, Role>> = LazyLock::new(|| known_bases().into_iter().collect());

/// The role of a subclass of the class `qualified`, when it is a known framework base.
pub fn known_base(qualified: &str) -> Option<Role> {
    KNOWN.get(qualified).copied()
}

/// Module prefixes whose classes are never framework bases: classes based only on these are not
/// candidates (saves the link stage from confirming every `Enum` or `Exception` subclass).
const NOT_FRAMEWORK: &[&str] =
    &["builtins.", "typing.", "typing_extensions.", "abc.", "enum.", "collections.", "dataclasses."];

/// A module-level object that stands for a base class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseObject {
    /// `Base = declarative_base()` (also `registry().generate_base()`, `automap_base()`).
    Declarative,
    /// `db = SQLAlchemy(app)`: `db.Model` is a declarative base.
    FlaskSqlalchemy,
    /// `ma = Marshmallow(app)`: `ma.Schema`, `ma.SQLAlchemySchema`, `ma.SQLAlchemyAutoSchema`.
    FlaskMarshmallow,
}

impl BaseObject {
    pub fn framework(self) -> &'static str {
        match self {
            BaseObject::Declarative | BaseObject::FlaskSqlalchemy => "sqlalchemy",
            BaseObject::FlaskMarshmallow => "marshmallow",
        }
    }

    /// The `kind` value of `framework_bases`.
    pub fn kind(self) -> &'static str {
        match self {
            BaseObject::Declarative => "declarative_base",
            BaseObject::FlaskSqlalchemy => "flask_sqlalchemy",
            BaseObject::FlaskMarshmallow => "flask_marshmallow",
        }
    }

    /// The role of a class based on `<object>.<attribute>` (`attribute` None: the object itself).
    pub fn role_of(self, attribute: Option<&str>) -> Option<Role> {
        match (self, attribute) {
            (BaseObject::Declarative, None) => Some(Role::SqlaModel { flask: false }),
            (BaseObject::FlaskSqlalchemy, Some("Model")) => Some(Role::SqlaModel { flask: true }),
            (BaseObject::FlaskMarshmallow, Some("Schema" | "SQLAlchemySchema" | "SQLAlchemyAutoSchema")) => {
                Some(Role::Schema("marshmallow"))
            }
            _ => None,
        }
    }
}

/// What a call creating a base object is, by its callee.
fn base_object_call(index: &NodeIndex<'_>, call: &ast::ExprCall) -> Option<BaseObject> {
    if let Expr::Attribute(attribute) = &*call.func
        && attribute.attr.as_str() == "generate_base"
    {
        return Some(BaseObject::Declarative); // `registry().generate_base()`
    }
    // Cheap test first: this runs over every module-level call assignment.
    let last = match &*call.func {
        Expr::Name(name) => name.id.as_str(),
        Expr::Attribute(attribute) => attribute.attr.as_str(),
        _ => return None,
    };
    if !matches!(last, "declarative_base" | "automap_base" | "SQLAlchemy" | "Marshmallow") {
        return None;
    }
    let qualified = index.names().qualify(index, None, &dotted_name(&call.func)?)?;
    match qualified.as_str() {
        "sqlalchemy.orm.declarative_base"
        | "sqlalchemy.ext.declarative.declarative_base"
        | "sqlalchemy.orm.decl_api.declarative_base"
        | "sqlalchemy.ext.automap.automap_base" => Some(BaseObject::Declarative),
        "flask_sqlalchemy.SQLAlchemy" | "flask_sqlalchemy.extension.SQLAlchemy" => {
            Some(BaseObject::FlaskSqlalchemy)
        }
        "flask_marshmallow.Marshmallow" => Some(BaseObject::FlaskMarshmallow),
        _ => None,
    }
}

/// Module-level base objects of the file, in source order: (variable, line, object).
pub fn base_objects<'a>(index: &NodeIndex<'a>) -> Vec<(&'a str, u32, BaseObject)> {
    let mut found = Vec::new();
    let module_level = index.assigns().filter(|(_, e)| e.scope.is_none()).filter_map(|(assign, _)| {
        match (&assign.targets[..], &*assign.value) {
            ([Expr::Name(name)], Expr::Call(call)) => Some((name, call)),
            _ => None,
        }
    });
    let annotated = index.ann_assigns().filter(|(_, e)| e.scope.is_none()).filter_map(|(assign, _)| {
        match (&*assign.target, assign.value.as_deref()) {
            (Expr::Name(name), Some(Expr::Call(call))) => Some((name, call)),
            _ => None,
        }
    });
    let mut candidates: Vec<_> = module_level.chain(annotated).collect();
    candidates.sort_by_key(|(name, _)| name.range.start());
    for (name, call) in candidates {
        if let Some(object) = base_object_call(index, call) {
            found.push((name.id.as_str(), index.position(name.range.start()).0, object));
        }
    }
    found
}

/// How a class was classified by its own bases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassKind {
    /// `base`: the framework base (qualified) or base object (`module.variable[.attribute]`) it
    /// descends from; `direct` when that base is one of its own bases.
    Known {
        role: Role,
        base: String,
        direct: bool,
    },
    Candidate,
    Plain,
}

/// One class of the file with its classification.
pub struct ClassInfo<'a> {
    pub def: &'a ast::StmtClassDef,
    /// The class's own scope (its `symbols` row).
    pub scope: ScopeId,
    /// The scope enclosing the class statement.
    pub outer: Option<ScopeId>,
    pub kind: ClassKind,
}

impl ClassInfo<'_> {
    pub fn name(&self) -> &str {
        self.def.name.as_str()
    }

    /// Line of the `class` keyword (the `symbols` row's line).
    pub fn line(&self, index: &NodeIndex<'_>) -> u32 {
        index.position(index.def_start(&self.def.name, "class", false)).0
    }

    pub fn role(&self) -> Option<Role> {
        match self.kind {
            ClassKind::Known { role, .. } => Some(role),
            _ => None,
        }
    }

    pub fn base(&self) -> Option<&str> {
        match &self.kind {
            ClassKind::Known { base, .. } => Some(base),
            _ => None,
        }
    }

    /// `direct` or `ancestor` for a known class (`detected_by`), `candidate` otherwise.
    pub fn detected_by(&self) -> &'static str {
        match self.kind {
            ClassKind::Known { direct: true, .. } => "direct",
            ClassKind::Known { direct: false, .. } => "ancestor",
            _ => "candidate",
        }
    }
}

/// What one base expression says about its class.
enum BaseKind {
    Known(Role, String, bool),
    Open,
    Plain,
}

/// Every class of the file in source order, classified by its bases.
pub fn classify_classes<'a>(index: &NodeIndex<'a>) -> Vec<ClassInfo<'a>> {
    let objects: HashMap<&str, BaseObject> =
        base_objects(index).into_iter().map(|(name, _, object)| (name, object)).collect();
    let module = index.context.module.as_str();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    let mut classes: Vec<ClassInfo<'a>> = Vec::new();
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Class(def) = scope.def else { continue };
        let mut kind = if is_as_declarative(index, scope.parent, def) {
            ClassKind::Known {
                role: Role::SqlaDeclarative,
                base: "sqlalchemy.orm.as_declarative".into(),
                direct: true,
            }
        } else {
            ClassKind::Plain
        };
        for base in def.bases() {
            if matches!(kind, ClassKind::Known { .. }) {
                break;
            }
            match base_kind(index, scope.parent, base, &objects, module, &by_name, &classes) {
                BaseKind::Known(role, base, direct) => kind = ClassKind::Known { role, base, direct },
                BaseKind::Open => kind = ClassKind::Candidate,
                BaseKind::Plain => {}
            }
        }
        by_name.insert(def.name.as_str(), classes.len());
        classes.push(ClassInfo { def, scope: id as ScopeId, outer: scope.parent, kind });
    }
    classes
}

fn is_as_declarative(index: &NodeIndex<'_>, outer: Option<ScopeId>, def: &ast::StmtClassDef) -> bool {
    def.decorator_list.iter().any(|decorator| {
        let callee = match &decorator.expression {
            Expr::Call(call) => &*call.func,
            other => other,
        };
        dotted_name(callee).and_then(|d| index.names().qualify(index, outer, &d)).is_some_and(|q| {
            q == "sqlalchemy.orm.as_declarative" || q == "sqlalchemy.ext.declarative.as_declarative"
        })
    })
}

fn base_kind(
    index: &NodeIndex<'_>,
    outer: Option<ScopeId>,
    base: &Expr,
    objects: &HashMap<&str, BaseObject>,
    module: &str,
    by_name: &HashMap<&str, usize>,
    classes: &[ClassInfo<'_>],
) -> BaseKind {
    // `BaseModel[T]`, `Generic[T]`: the subscripted class.
    let base = match base {
        Expr::Subscript(subscript) => &*subscript.value,
        other => other,
    };
    let Some(dotted) = dotted_name(base) else { return BaseKind::Plain };
    let (head, attribute) = match dotted.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (dotted.as_str(), None),
    };
    if let Some(object) = objects.get(head) {
        return match object.role_of(attribute) {
            Some(role) => BaseKind::Known(role, format!("{module}.{dotted}"), true),
            None => BaseKind::Plain,
        };
    }
    if attribute.is_none()
        && let Some(&position) = by_name.get(head)
    {
        return match &classes[position].kind {
            ClassKind::Known { role, base, .. } => BaseKind::Known(role.of_subclass(), base.clone(), false),
            ClassKind::Candidate => BaseKind::Open,
            ClassKind::Plain => BaseKind::Plain,
        };
    }
    match index.names().qualify(index, outer, &dotted) {
        Some(qualified) => match known_base(&qualified) {
            Some(role) => BaseKind::Known(role, qualified, true),
            None if NOT_FRAMEWORK.iter().any(|prefix| qualified.starts_with(prefix)) => BaseKind::Plain,
            None => BaseKind::Open,
        },
        None => BaseKind::Open,
    }
}

// ---- small readers of literal syntax, shared by the framework extractors ----

/// The value of `True` / `False`.
pub fn bool_value(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::BooleanLiteral(literal) => Some(literal.value),
        _ => None,
    }
}

/// A keyword argument's value.
pub fn keyword<'a>(call: &'a ast::ExprCall, name: &str) -> Option<&'a Expr> {
    call.arguments.find_keyword(name).map(|k| &k.value)
}

/// A keyword argument that is `True` (or `False`): None when absent or not a literal.
pub fn keyword_bool(call: &ast::ExprCall, name: &str) -> Option<bool> {
    keyword(call, name).and_then(bool_value)
}

/// The last component of a dotted callee (`models.CharField` → `CharField`).
pub fn callee_last(call: &ast::ExprCall) -> Option<String> {
    let dotted = dotted_name(&call.func)?;
    Some(dotted.rsplit('.').next().unwrap_or(&dotted).to_owned())
}

/// A string literal's value, otherwise the expression's text (`"shop.Order"` → `shop.Order`,
/// `Order` → `Order`).
pub fn value_or_text<'a>(index: &NodeIndex<'a>, expr: &'a Expr) -> &'a str {
    string_value(expr).unwrap_or_else(|| index.text(expr))
}

/// The simple class-body assignments `name = value` / `name: T = value` of a class body, in
/// order: (target name, annotation, value, statement).
pub fn body_assignments(body: &[Stmt]) -> Vec<(&str, Option<&Expr>, Option<&Expr>, &Stmt)> {
    body.iter()
        .filter_map(|stmt| match stmt {
            Stmt::Assign(assign) => match &assign.targets[..] {
                [Expr::Name(name)] => Some((name.id.as_str(), None, Some(&*assign.value), stmt)),
                _ => None,
            },
            Stmt::AnnAssign(assign) => match &*assign.target {
                Expr::Name(name) => {
                    Some((name.id.as_str(), Some(&*assign.annotation), assign.value.as_deref(), stmt))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The assignments of a nested `class Meta:` (Django, DRF, marshmallow options).
pub fn meta_options(body: &[Stmt]) -> HashMap<&str, &Expr> {
    body.iter()
        .filter_map(|stmt| match stmt {
            Stmt::ClassDef(meta) if meta.name.as_str() == "Meta" => Some(meta),
            _ => None,
        })
        .flat_map(|meta| body_assignments(&meta.body))
        .filter_map(|(name, _, value, _)| value.map(|v| (name, v)))
        .collect()
}

/// Whether a module-level name is qualified (through imports) under one of `prefixes`.
pub fn qualified_under(
    index: &NodeIndex<'_>,
    scope: Option<ScopeId>,
    expr: &Expr,
    prefixes: &[&str],
) -> Option<String> {
    let qualified = index.names().qualify(index, scope, &dotted_name(expr)?)?;
    prefixes.iter().any(|p| qualified.starts_with(p)).then_some(qualified)
}
