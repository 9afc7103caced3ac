//! Exact rows of the ORM domain (`src/extract/orm/`): `framework_bases`, `orm_models`,
//! `orm_fields` and `orm_relationships` for SQLAlchemy (declarative_base, DeclarativeBase,
//! Flask-SQLAlchemy's `db.Model`, classic `Column` and 2.0 `Mapped`/`mapped_column`) and Django
//! (fields, relations, `Meta`), per file, before the link stage. Candidates (classes whose base
//! may be a repository class of another module) appear with `detected_by` = `candidate`; the
//! link stage's decisions are checked end to end in `tests/e2e_frameworks_orm.rs`.

mod common;

use common::{assert_rows, rows, rows_in};

const SQLA_CLASSIC: &str = r#"
    from sqlalchemy import Column, Integer, String, ForeignKey, Table
    from sqlalchemy.orm import declarative_base, relationship, backref

    Base = declarative_base()

    tags = Table("post_tags", Base.metadata, Column("post_id", ForeignKey("posts.id")))

    class TimestampMixin:
        created = Column(String)

    class User(TimestampMixin, Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        email = Column("email_address", String(120), unique=True, nullable=False)
        posts = relationship("Post", backref="author", cascade="all, delete-orphan")

    class Post(Base):
        __tablename__ = "posts"
        id = Column(Integer, primary_key=True)
        user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), default=None)
        tags = relationship("Tag", secondary=tags, back_populates="posts")
        detail = relationship("Detail", uselist=False, backref=backref("post", lazy="joined"))

    class Plain:
        name = Column(String)

    class AbstractBase(Base):
        __abstract__ = True
        id = Column(Integer, primary_key=True)
"#;

#[test]
fn sqlalchemy_classic_models() {
    assert_rows(
        rows(SQLA_CLASSIC, "framework_bases", "framework_bases"),
        &["F | 4 | Base | sqlalchemy | declarative_base"],
    );
    // `TimestampMixin` and `Plain` (no bases, columns) are `mixin` rows: per file only, to carry
    // their columns to the models that inherit them; the link stage drops them.
    assert_rows(
        rows(SQLA_CLASSIC, "orm_models", "orm_models"),
        &[
            "F | @TimestampMixin | 8 | sqlalchemy | TimestampMixin | NULL | 0 | 0 | NULL | NULL | mixin | NULL",
            "F | @User | 11 | sqlalchemy | User | users | 0 | 0 | NULL | pkg.mod.Base | direct | declared",
            "F | @Post | 17 | sqlalchemy | Post | posts | 0 | 0 | NULL | pkg.mod.Base | direct | declared",
            "F | @Plain | 24 | sqlalchemy | Plain | NULL | 0 | 0 | NULL | NULL | mixin | NULL",
            "F | @AbstractBase | 27 | sqlalchemy | AbstractBase | NULL | 1 | 0 | NULL | pkg.mod.Base | direct | NULL",
        ],
    );
    assert_rows(
        rows(SQLA_CLASSIC, "orm_models", "orm_fields"),
        &[
            "orm_models#0 | 9 | created | String | 0 | 0 | 1 | 0 | NULL | NULL | NULL",
            "orm_models#1 | 13 | id | Integer | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "orm_models#1 | 14 | email | String(120) | 0 | 0 | 0 | 1 | NULL | NULL | NULL",
            "orm_models#2 | 19 | id | Integer | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "orm_models#2 | 20 | user_id | Integer | 0 | 1 | 1 | 0 | users.id | None | NULL",
            "orm_models#3 | 25 | name | String | 0 | 0 | 1 | 0 | NULL | NULL | NULL",
            "orm_models#4 | 29 | id | Integer | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
        ],
    );
    assert_rows(
        rows(SQLA_CLASSIC, "orm_models", "orm_relationships"),
        &[
            "orm_models#1 | 15 | posts | relationship | Post | NULL | NULL | NULL | all, delete-orphan | author | NULL | 0 | NULL",
            "orm_models#2 | 20 | user_id | foreign_key | users.id | NULL | NULL | CASCADE | NULL | NULL | NULL | 0 | NULL",
            "orm_models#2 | 21 | tags | many_to_many | Tag | tags | posts | NULL | NULL | NULL | NULL | 0 | NULL",
            "orm_models#2 | 22 | detail | one_to_one | Detail | NULL | NULL | NULL | NULL | post | 0 | 0 | NULL",
        ],
    );
}

#[test]
fn sqlalchemy_2_mapped_columns_and_relationships() {
    let source = r#"
        from typing import List, Optional
        from sqlalchemy import ForeignKey, String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        class Base(DeclarativeBase):
            pass

        class Parent(Base):
            __tablename__ = "parent"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[Optional[str]] = mapped_column(String(50))
            note: Mapped[str | None]
            children: Mapped[List["Child"]] = relationship(back_populates="parent")

        class Child(Base):
            __tablename__ = "child"
            id: Mapped[int] = mapped_column(primary_key=True)
            parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"), nullable=True)
            parent: Mapped["Parent"] = relationship(back_populates="children")
            sibling = relationship(lambda: Child, uselist=False)
    "#;
    // `Base` itself is a declarative base, not a model.
    assert_rows(
        rows(source, "orm_models", "orm_models"),
        &[
            "F | @Parent | 8 | sqlalchemy | Parent | parent | 0 | 0 | NULL | sqlalchemy.orm.DeclarativeBase | ancestor | declared",
            "F | @Child | 15 | sqlalchemy | Child | child | 0 | 0 | NULL | sqlalchemy.orm.DeclarativeBase | ancestor | declared",
        ],
    );
    assert_rows(
        rows(source, "orm_models", "orm_fields"),
        &[
            "orm_models#0 | 10 | id | Mapped[int] | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "orm_models#0 | 11 | name | String(50) | 0 | 0 | 1 | 0 | NULL | NULL | NULL",
            "orm_models#0 | 12 | note | Mapped[str | None] | 0 | 0 | 1 | 0 | NULL | NULL | NULL",
            "orm_models#1 | 17 | id | Mapped[int] | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "orm_models#1 | 18 | parent_id | Mapped[int] | 0 | 1 | 1 | 0 | parent.id | NULL | NULL",
        ],
    );
    assert_rows(
        rows(source, "orm_models", "orm_relationships"),
        &[
            "orm_models#0 | 13 | children | relationship | Child | NULL | parent | NULL | NULL | NULL | 1 | 0 | NULL",
            "orm_models#1 | 18 | parent_id | foreign_key | parent.id | NULL | NULL | NULL | NULL | NULL | NULL | 0 | NULL",
            "orm_models#1 | 19 | parent | relationship | Parent | NULL | children | NULL | NULL | NULL | 0 | 0 | NULL",
            "orm_models#1 | 20 | sibling | one_to_one | Child | NULL | NULL | NULL | NULL | NULL | 0 | 0 | NULL",
        ],
    );
}

#[test]
fn flask_sqlalchemy_db_model_and_abstract_bases() {
    let source = r#"
        from flask_sqlalchemy import SQLAlchemy
        from sqlalchemy.orm import declared_attr

        db = SQLAlchemy()

        class Model(db.Model):
            __abstract__ = True
            id = db.Column(db.Integer, primary_key=True)

        class OrderLine(Model):
            qty = db.Column(db.Integer, nullable=True, default=1)

        class Dynamic(db.Model):
            @declared_attr
            def __tablename__(cls):
                return cls.__name__.lower()

        class Config:
            name = db.Column(db.String)
    "#;
    assert_rows(
        rows(source, "framework_bases", "framework_bases"),
        &["F | 4 | db | sqlalchemy | flask_sqlalchemy"],
    );
    // Default table names are the link stage's work (only declared or computed ones here).
    assert_rows(
        rows(source, "orm_models", "orm_models"),
        &[
            "F | @Model | 6 | sqlalchemy | Model | NULL | 1 | 0 | NULL | pkg.mod.db.Model | direct | NULL",
            "F | @OrderLine | 10 | sqlalchemy | OrderLine | NULL | 0 | 0 | NULL | pkg.mod.db.Model | ancestor | NULL",
            "F | @Dynamic | 13 | sqlalchemy | Dynamic | NULL | 0 | 0 | NULL | pkg.mod.db.Model | direct | computed",
            "F | @Config | 18 | sqlalchemy | Config | NULL | 0 | 0 | NULL | NULL | mixin | NULL",
        ],
    );
    assert_rows(
        rows(source, "orm_models", "orm_fields"),
        &[
            "orm_models#0 | 8 | id | db.Integer | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "orm_models#1 | 11 | qty | db.Integer | 0 | 0 | 1 | 0 | NULL | 1 | NULL",
            "orm_models#3 | 19 | name | db.String | 0 | 0 | 1 | 0 | NULL | NULL | NULL",
        ],
    );
}

#[test]
fn no_models_without_a_declarative_base() {
    // Ordinary classes with `Column` attributes, mixins, an unrelated `Base`, a shadowed name.
    let source = r#"
        from sqlalchemy import Column, Integer

        class Base:
            pass

        class Mixin:
            id = Column(Integer, primary_key=True)

        class Thing(Base, Mixin):
            __tablename__ = "things"
            name = Column(Integer)

        class Error(ValueError):
            code = Column(Integer)

        def factory():
            class Local(object):
                x = Column(Integer)
            return Local
    "#;
    // Only the possible mixin (no bases, columns), which the link stage drops unless a model
    // inherits it; `Thing` has bases, none of them declarative.
    assert_rows(
        rows(source, "orm_models", "orm_models"),
        &["F | @Mixin | 6 | sqlalchemy | Mixin | NULL | 0 | 0 | NULL | NULL | mixin | NULL"],
    );
    assert_rows(rows(source, "framework_bases", "framework_bases"), &[]);
}

#[test]
fn candidates_from_bases_in_other_modules() {
    // Bases imported from the repository: recorded as candidates, read in the style their
    // fields show; the link stage confirms or deletes them.
    let source = r#"
        from django.db import models
        from sqlalchemy import Column, Integer
        from app.db import Base
        from core.models import TimeStampedModel

        class Invoice(TimeStampedModel):
            number = models.CharField(max_length=20, unique=True)

        class Account(Base):
            __tablename__ = "accounts"
            id = Column(Integer, primary_key=True)

        class Thin(TimeStampedModel):
            class Meta:
                proxy = True

        class Unknown(Base):
            def method(self):
                return 1
    "#;
    assert_rows(
        rows_in("billing/models.py", "billing.models", false, source, "orm_models", "orm_models"),
        &[
            "F | @Invoice | 6 | django | Invoice | NULL | 0 | 0 | billing | NULL | candidate | NULL",
            "F | @Account | 9 | sqlalchemy | Account | accounts | 0 | 0 | NULL | NULL | candidate | declared",
            "F | @Thin | 13 | unknown | Thin | NULL | 0 | 1 | billing | NULL | candidate | NULL",
            "F | @Unknown | 17 | unknown | Unknown | NULL | 0 | 0 | billing | NULL | candidate | NULL",
        ],
    );
    assert_rows(
        rows_in("billing/models.py", "billing.models", false, source, "orm_models", "orm_fields"),
        &[
            "orm_models#0 | 7 | number | models.CharField | 0 | 0 | 0 | 1 | NULL | NULL | NULL",
            "orm_models#1 | 11 | id | Integer | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
        ],
    );
}

#[test]
fn django_models_fields_and_relations() {
    let source = r#"
        from django.db import models
        from django.db.models import ForeignKey, CASCADE

        class Author(models.Model):
            name = models.CharField("full name", max_length=100, null=True, default="")
            slug = models.SlugField(unique=True)

            class Meta:
                db_table = "authors"
                app_label = "library"

        class Book(models.Model):
            uid = models.UUIDField(primary_key=True)
            author = ForeignKey(Author, on_delete=CASCADE, related_name="books")
            editor = models.ForeignKey("library.Author", models.SET_NULL, null=True)
            parent = models.OneToOneField("self", on_delete=models.SET(None))
            readers = models.ManyToManyField("Reader", through="Loan", related_name="+")
            objects = models.Manager()

            def __str__(self):
                return self.uid

        class Base(models.Model):
            class Meta:
                abstract = True
    "#;
    assert_rows(
        rows_in("library/models/book.py", "library.models.book", false, source, "orm_models", "orm_models"),
        &[
            "F | @Author | 4 | django | Author | authors | 0 | 0 | library | django.db.models.Model | direct | declared",
            "F | @Book | 12 | django | Book | NULL | 0 | 0 | library | django.db.models.Model | direct | NULL",
            "F | @Base | 23 | django | Base | NULL | 1 | 0 | library | django.db.models.Model | direct | NULL",
        ],
    );
    assert_rows(
        rows(source, "orm_models", "orm_fields"),
        &[
            "orm_models#0 | 5 | name | models.CharField | 0 | 0 | 1 | 0 | NULL | \"\" | NULL",
            "orm_models#0 | 6 | slug | models.SlugField | 0 | 0 | 0 | 1 | NULL | NULL | NULL",
            "orm_models#1 | 13 | uid | models.UUIDField | 1 | 0 | 0 | 1 | NULL | NULL | NULL",
            "orm_models#1 | 14 | author | ForeignKey | 0 | 1 | 0 | 0 | Author | NULL | NULL",
            "orm_models#1 | 15 | editor | models.ForeignKey | 0 | 1 | 1 | 0 | library.Author | NULL | NULL",
            "orm_models#1 | 16 | parent | models.OneToOneField | 0 | 1 | 0 | 1 | self | NULL | NULL",
            "orm_models#1 | 17 | readers | models.ManyToManyField | 0 | 0 | NULL | 0 | Reader | NULL | NULL",
        ],
    );
    assert_rows(
        rows(source, "orm_models", "orm_relationships"),
        &[
            "orm_models#1 | 14 | author | foreign_key | Author | NULL | books | CASCADE | NULL | NULL | NULL | 0 | NULL",
            "orm_models#1 | 15 | editor | foreign_key | library.Author | NULL | NULL | SET_NULL | NULL | NULL | NULL | 0 | NULL",
            "orm_models#1 | 16 | parent | one_to_one | self | NULL | NULL | SET(None) | NULL | NULL | NULL | 0 | NULL",
            "orm_models#1 | 17 | readers | many_to_many | Reader | Loan | + | NULL | NULL | NULL | NULL | 0 | NULL",
        ],
    );
}

#[test]
fn django_app_label_rule() {
    use pyindex::extract::orm::django::app_label_of;
    assert_eq!(app_label_of("shop.models", false).as_deref(), Some("shop"));
    assert_eq!(app_label_of("shop.models.order", false).as_deref(), Some("shop"));
    assert_eq!(app_label_of("shop.models", true).as_deref(), Some("shop"));
    assert_eq!(app_label_of("project.apps.billing.views", false).as_deref(), Some("billing"));
    assert_eq!(app_label_of("models", false), None);
}

#[test]
fn sqlmodel_table_models() {
    let source = r#"
        from typing import Optional
        from sqlmodel import Field, Relationship, SQLModel

        class HeroTeamLink(SQLModel, table=True):
            team_id: Optional[int] = Field(default=None, foreign_key="team.id", primary_key=True)

        class Team(SQLModel, table=True):
            id: int | None = Field(default=None, primary_key=True)
            name: str = Field(unique=True)
            motto: Optional[str] = None
            heroes: list["Hero"] = Relationship(back_populates="teams", link_model=HeroTeamLink)

        class TeamRead(SQLModel):
            id: int
    "#;
    assert_rows(
        rows(source, "orm_models", "orm_models"),
        &[
            "F | @HeroTeamLink | 4 | sqlmodel | HeroTeamLink | NULL | 0 | 0 | NULL | sqlmodel.SQLModel | direct | NULL",
            "F | @Team | 7 | sqlmodel | Team | NULL | 0 | 0 | NULL | sqlmodel.SQLModel | direct | NULL",
        ],
    );
    assert_rows(
        rows(source, "orm_models", "orm_fields"),
        &[
            "orm_models#0 | 5 | team_id | Optional[int] | 1 | 1 | 0 | 1 | team.id | None | NULL",
            "orm_models#1 | 8 | id | int | None | 1 | 0 | 0 | 1 | NULL | None | NULL",
            "orm_models#1 | 9 | name | str | 0 | 0 | 0 | 1 | NULL | NULL | NULL",
            "orm_models#1 | 10 | motto | Optional[str] | 0 | 0 | 1 | 0 | NULL | None | NULL",
        ],
    );
    assert_rows(
        rows(source, "orm_models", "orm_relationships"),
        &[
            "orm_models#0 | 5 | team_id | foreign_key | team.id | NULL | NULL | NULL | NULL | NULL | NULL | 0 | NULL",
            "orm_models#1 | 11 | heroes | many_to_many | Hero | HeroTeamLink | teams | NULL | NULL | NULL | 1 | 0 | NULL",
        ],
    );
}
