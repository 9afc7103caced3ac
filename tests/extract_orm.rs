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
    assert_rows(rows(SQLA_CLASSIC, "framework_bases", "framework_bases"), &[
        "F | 4 | Base | sqlalchemy | declarative_base",
    ]);
    assert_rows(rows(SQLA_CLASSIC, "orm_models", "orm_models"), &[
        "F | @User | 11 | sqlalchemy | User | users | 0 | 0 | NULL | pkg.mod.Base | direct | declared",
        "F | @Post | 17 | sqlalchemy | Post | posts | 0 | 0 | NULL | pkg.mod.Base | direct | declared",
        "F | @AbstractBase | 27 | sqlalchemy | AbstractBase | NULL | 1 | 0 | NULL | pkg.mod.Base | direct | NULL",
    ]);
    assert_rows(rows(SQLA_CLASSIC, "orm_models", "orm_fields"), &[
        "orm_models#0 | 13 | id | Integer | 1 | 0 | 0 | 1 | NULL | NULL",
        "orm_models#0 | 14 | email | String(120) | 0 | 0 | 0 | 1 | NULL | NULL",
        "orm_models#1 | 19 | id | Integer | 1 | 0 | 0 | 1 | NULL | NULL",
        "orm_models#1 | 20 | user_id | Integer | 0 | 1 | 1 | 0 | users.id | None",
        "orm_models#2 | 29 | id | Integer | 1 | 0 | 0 | 1 | NULL | NULL",
    ]);
    assert_rows(rows(SQLA_CLASSIC, "orm_models", "orm_relationships"), &[
        "orm_models#0 | 15 | posts | relationship | Post | NULL | NULL | NULL | all, delete-orphan | author | NULL | 0 | NULL",
        "orm_models#1 | 20 | user_id | foreign_key | users.id | NULL | NULL | CASCADE | NULL | NULL | NULL | 0 | NULL",
        "orm_models#1 | 21 | tags | many_to_many | Tag | tags | posts | NULL | NULL | NULL | NULL | 0 | NULL",
        "orm_models#1 | 22 | detail | one_to_one | Detail | NULL | NULL | NULL | NULL | post | 0 | 0 | NULL",
    ]);
}
