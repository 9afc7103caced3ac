//! Exact rows of the validation domain (`src/extract/validation/`): `schemas`, `schema_fields`,
//! `schema_field_constraints`, `validators` and `validator_fields` for Pydantic v1 and v2,
//! Marshmallow, DRF serializers and WTForms / Flask-WTF forms, per file (before the link stage).
//! Schema and field names are stored (the predecessor lost them).

mod common;

use common::{assert_rows, rows};

const PYDANTIC: &str = r#"
    from typing import Annotated, ClassVar, Optional
    import pydantic
    from pydantic import BaseModel, Field, field_validator, model_validator, validator, root_validator

    class Item(BaseModel):
        model_config = {"frozen": True}
        registry: ClassVar[dict] = {}
        _secret: str = "x"
        name: str
        price: float = Field(..., gt=0, description="net")
        tags: list[str] = Field(default_factory=list)
        note: Optional[str] = None
        qty: Annotated[int, Field(ge=1, le=99)] = 1
        code: Annotated[str, pydantic.StringConstraints(max_length=8)]

        @field_validator("name", "note", mode="before")
        @classmethod
        def strip(cls, value):
            return value.strip()

        @model_validator(mode="after")
        def check(self):
            return self

    class Legacy(pydantic.BaseModel):
        age: int = Field(18, alias="years")

        @validator("age", pre=True)
        def positive(cls, v):
            return v

        @root_validator
        def whole(cls, values):
            return values

        def helper(self):
            return 1
"#;

#[test]
fn pydantic_schemas_fields_and_validators() {
    assert_rows(
        rows(PYDANTIC, "schemas", "schemas"),
        &[
            "F | @Item | 5 | pydantic | Item | NULL | pydantic.BaseModel | direct",
            "F | @Legacy | 25 | pydantic | Legacy | NULL | pydantic.BaseModel | direct",
        ],
    );
    assert_rows(
        rows(PYDANTIC, "schemas", "schema_fields"),
        &[
            "schemas#0 | 9 | name | str | 1 | NULL | annotation",
            "schemas#0 | 10 | price | float | 1 | NULL | annotation",
            "schemas#0 | 11 | tags | list[str] | 0 | NULL | annotation",
            "schemas#0 | 12 | note | Optional[str] | 0 | None | annotation",
            "schemas#0 | 13 | qty | Annotated[int, Field(ge=1, le=99)] | 0 | 1 | annotation",
            "schemas#0 | 14 | code | Annotated[str, pydantic.StringConstraints(max_length=8)] | 1 | NULL | annotation",
            "schemas#1 | 26 | age | int | 0 | 18 | annotation",
        ],
    );
    assert_rows(
        rows(PYDANTIC, "schemas", "schema_field_constraints"),
        &[
            "schema_fields#1 | gt | 0",
            "schema_fields#1 | description | \"net\"",
            "schema_fields#2 | default_factory | list",
            "schema_fields#4 | ge | 1",
            "schema_fields#4 | le | 99",
            "schema_fields#5 | StringConstraints | (max_length=8)",
            "schema_fields#6 | alias | \"years\"",
        ],
    );
    assert_rows(
        rows(PYDANTIC, "schemas", "validators"),
        &[
            "F | schemas#0 | @Item.strip | 18 | field | strip | name,note | before",
            "F | schemas#0 | @Item.check | 22 | model | check | NULL | after",
            "F | schemas#1 | @Legacy.positive | 29 | field | positive | age | before",
            "F | schemas#1 | @Legacy.whole | 33 | root | whole | NULL | NULL",
        ],
    );
    assert_rows(
        rows(PYDANTIC, "schemas", "validator_fields"),
        &["validators#0 | name", "validators#0 | note", "validators#2 | age"],
    );
}

#[test]
fn marshmallow_schemas() {
    let source = r#"
        from marshmallow import Schema, fields, validate, validates, validates_schema, post_load

        class UserSchema(Schema):
            name = fields.Str(required=True, validate=validate.Length(min=1))
            email = fields.Email(load_default=None, allow_none=True)
            roles = fields.List(fields.Str(), validate=[validate.Length(max=5), check_roles])
            friend = fields.Nested("UserSchema", exclude=("friend",))
            VERSION = 2

            class Meta:
                fields = ("name", "email")

            @validates("name")
            def check_name(self, value, **kwargs):
                pass

            @validates_schema
            def check_all(self, data, **kwargs):
                pass

            @post_load
            def make(self, data, **kwargs):
                return data
    "#;
    assert_rows(
        rows(source, "schemas", "schemas"),
        &["F | @UserSchema | 3 | marshmallow | UserSchema | NULL | marshmallow.Schema | direct"],
    );
    assert_rows(
        rows(source, "schemas", "schema_fields"),
        &[
            "schemas#0 | 4 | name | fields.Str | 1 | NULL | call",
            "schemas#0 | 5 | email | fields.Email | 0 | None | call",
            "schemas#0 | 6 | roles | fields.List | 0 | NULL | call",
            "schemas#0 | 7 | friend | fields.Nested | 0 | NULL | call",
            "schemas#0 | 11 | name | NULL | NULL | NULL | meta",
            "schemas#0 | 11 | email | NULL | NULL | NULL | meta",
        ],
    );
    assert_rows(
        rows(source, "schemas", "schema_field_constraints"),
        &[
            "schema_fields#0 | validate | validate.Length(min=1)",
            "schema_fields#1 | allow_none | True",
            "schema_fields#2 | validate | validate.Length(max=5)",
            "schema_fields#2 | validate | check_roles",
            "schema_fields#3 | exclude | (\"friend\",)",
        ],
    );
    assert_rows(
        rows(source, "schemas", "validators"),
        &[
            "F | schemas#0 | @UserSchema.check_name | 14 | field | check_name | name | NULL",
            "F | schemas#0 | @UserSchema.check_all | 18 | schema | check_all | NULL | NULL",
            "F | schemas#0 | @UserSchema.make | 22 | post_load | make | NULL | NULL",
        ],
    );
}

#[test]
fn drf_serializers() {
    let source = r#"
        from rest_framework import serializers
        from .models import Order

        class LineSerializer(serializers.Serializer):
            sku = serializers.CharField(max_length=20)
            qty = serializers.IntegerField(default=1, min_value=1)
            note = serializers.CharField(required=False, allow_blank=True)
            id = serializers.IntegerField(read_only=True)

        class OrderSerializer(serializers.ModelSerializer):
            lines = LineSerializer(many=True)
            total = serializers.SerializerMethodField()

            class Meta:
                model = Order
                fields = "__all__"

            def validate_lines(self, value):
                return value

            def validate(self, attrs):
                return attrs

            def get_total(self, obj):
                return 0
    "#;
    assert_rows(
        rows(source, "schemas", "schemas"),
        &[
            "F | @LineSerializer | 4 | drf | LineSerializer | NULL | rest_framework.serializers.Serializer | direct",
            "F | @OrderSerializer | 10 | drf | OrderSerializer | Order | rest_framework.serializers.ModelSerializer | direct",
        ],
    );
    assert_rows(
        rows(source, "schemas", "schema_fields"),
        &[
            "schemas#0 | 5 | sku | serializers.CharField | 1 | NULL | call",
            "schemas#0 | 6 | qty | serializers.IntegerField | 0 | 1 | call",
            "schemas#0 | 7 | note | serializers.CharField | 0 | NULL | call",
            "schemas#0 | 8 | id | serializers.IntegerField | 0 | NULL | call",
            "schemas#1 | 11 | lines | LineSerializer | 1 | NULL | call",
            "schemas#1 | 12 | total | serializers.SerializerMethodField | 1 | NULL | call",
            "schemas#1 | 16 | __all__ | NULL | NULL | NULL | meta",
        ],
    );
    assert_rows(
        rows(source, "schemas", "validators"),
        &[
            "F | schemas#1 | @OrderSerializer.validate_lines | 18 | field | validate_lines | lines | NULL",
            "F | schemas#1 | @OrderSerializer.validate | 21 | object | validate | NULL | NULL",
        ],
    );
}

#[test]
fn wtforms_and_flask_wtf_forms() {
    let source = r#"
        from flask_wtf import FlaskForm
        from wtforms import StringField, PasswordField, BooleanField
        from wtforms.validators import DataRequired, Email, Length, Optional

        class LoginForm(FlaskForm):
            email = StringField("Email", validators=[DataRequired(), Email()])
            password = PasswordField("Password", validators=[Length(min=8)])
            remember = BooleanField("Remember me", default=False, validators=[Optional()])

            def validate_email(self, field):
                pass
    "#;
    assert_rows(
        rows(source, "schemas", "schemas"),
        &["F | @LoginForm | 5 | wtforms | LoginForm | NULL | flask_wtf.FlaskForm | direct"],
    );
    assert_rows(
        rows(source, "schemas", "schema_fields"),
        &[
            "schemas#0 | 6 | email | StringField | 1 | NULL | call",
            "schemas#0 | 7 | password | PasswordField | 0 | NULL | call",
            "schemas#0 | 8 | remember | BooleanField | 0 | False | call",
        ],
    );
    assert_rows(
        rows(source, "schemas", "schema_field_constraints"),
        &[
            "schema_fields#0 | validators | DataRequired()",
            "schema_fields#0 | validators | Email()",
            "schema_fields#1 | validators | Length(min=8)",
            "schema_fields#2 | validators | Optional()",
        ],
    );
    assert_rows(
        rows(source, "schemas", "validators"),
        &["F | schemas#0 | @LoginForm.validate_email | 10 | field | validate_email | email | NULL"],
    );
}

#[test]
fn candidates_and_plain_classes() {
    // A repository base (unknown here): a candidate read in every style; a class of known
    // unrelated bases is not a schema, nor is a plain class with annotations.
    let source = r#"
        from dataclasses import dataclass
        from enum import Enum
        from app.schemas import APIModel, BaseSchema
        from marshmallow import fields

        class UserOut(APIModel):
            id: int
            name: str = "x"

        class UserIn(BaseSchema):
            email = fields.Email(required=True)

        class Color(Enum):
            RED: int = 1

        @dataclass
        class Point:
            x: int
    "#;
    assert_rows(
        rows(source, "schemas", "schemas"),
        &[
            "F | @UserOut | 6 | unknown | UserOut | NULL | NULL | candidate",
            "F | @UserIn | 10 | marshmallow | UserIn | NULL | NULL | candidate",
        ],
    );
    assert_rows(
        rows(source, "schemas", "schema_fields"),
        &[
            "schemas#0 | 7 | id | int | 1 | NULL | annotation",
            "schemas#0 | 8 | name | str | 0 | \"x\" | annotation",
            "schemas#1 | 11 | email | fields.Email | 1 | NULL | call",
        ],
    );
}

#[test]
fn pydantic_defaults_inside_annotated() {
    let source = r#"
        from typing import Annotated
        from pydantic import BaseModel, Field

        class Page(BaseModel):
            size: Annotated[int, Field(default=20, le=100)]
            items: Annotated[list[int], Field(default_factory=list)]
            cursor: Annotated[str | None, Field(description="opaque")]
    "#;
    assert_rows(
        rows(source, "schemas", "schema_fields"),
        &[
            "schemas#0 | 5 | size | Annotated[int, Field(default=20, le=100)] | 0 | 20 | annotation",
            "schemas#0 | 6 | items | Annotated[list[int], Field(default_factory=list)] | 0 | NULL | annotation",
            "schemas#0 | 7 | cursor | Annotated[str | None, Field(description=\"opaque\")] | 1 | NULL | annotation",
        ],
    );
    assert_rows(
        rows(source, "schemas", "schema_field_constraints"),
        &[
            "schema_fields#0 | le | 100",
            "schema_fields#1 | default_factory | list",
            "schema_fields#2 | description | \"opaque\"",
        ],
    );
}
