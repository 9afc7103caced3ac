//! Exact rows of the types extractors (`src/extract/types/`): type_params, type_aliases,
//! type_vars, generic_bases, typeddict_fields, literal_values, overloads, protocol_classes and
//! protocol_class_members.
//!
//! Each test runs parse → node index → `symbols` → one extractor on a snippet written for this
//! project and compares the whole table (see `tests/common/mod.rs` for the rendering). Typing
//! names are matched through the file's imports (`import typing as t`, `typing_extensions`),
//! not by substring as the predecessor did ("Protocol" in any base name); Literal values are
//! recorded wherever the Literal is (the predecessor only saw positional parameters and
//! returns); async overloads count; PEP 695 and PEP 696 syntax is covered.

mod common;

use common::{assert_rows, rows};

const GENERICS: &str = r#"
    from typing import TypeAlias, TypeVar, Generic, Protocol, ParamSpec
    import typing as t
    import typing_extensions as te

    def first[T](xs: list[T]) -> T:
        return xs[0]

    class Box[T: (int, str), *Ts, **P = [int]]:
        def method[U: Hashable = str](self, u: U) -> U:
            return u

    type Pair[K, V = int] = tuple[K, V]
    type Plain = int | None
    Json: TypeAlias = dict[str, "Json"] | list["Json"] | str
    Old: t.TypeAlias = int
    NotAlias: int = 3
    Tree = te.TypeAliasType("Tree", list["Tree"], type_params=())

    T = TypeVar("T")
    K_co = TypeVar("K_co", bound="Hashable", covariant=True)
    N = t.TypeVar("N", int, float)
    D = te.TypeVar("D", default=str, infer_variance=True)
    P = ParamSpec("P")
    Ts = te.TypeVarTuple("Ts")

    class Stack(Generic[T]):
        pass

    class SupportsRead(Protocol[K_co, T]):
        def read(self) -> K_co: ...

    class NotGeneric(list[T]):
        pass

    def outer():
        type Local = str
        class Inner[X]:
            pass
"#;

#[test]
fn type_params_of_functions_classes_and_aliases() {
    // file | scope | line | col | owner | position | name | kind | bound | default_expr |
    // owner_kind | symbol | is_constrained. The scope is the one around the owner.
    assert_rows(
        rows(GENERICS, "type_params", "type_params"),
        &[
            "F | NULL | 5 | 10 | first | 0 | T | typevar | NULL | NULL | function | @first | 0",
            "F | NULL | 8 | 10 | Box | 0 | T | typevar | (int, str) | NULL | class | @Box | 1",
            "F | NULL | 8 | 25 | Box | 1 | Ts | typevartuple | NULL | NULL | class | @Box | 0",
            "F | NULL | 8 | 30 | Box | 2 | P | paramspec | NULL | [int] | class | @Box | 0",
            "F | @Box | 9 | 15 | Box.method | 0 | U | typevar | Hashable | str | function | @Box.method | 0",
            "F | NULL | 12 | 10 | Pair | 0 | K | typevar | NULL | NULL | alias | NULL | 0",
            "F | NULL | 12 | 13 | Pair | 1 | V | typevar | NULL | int | alias | NULL | 0",
            "F | @outer | 37 | 16 | outer.<locals>.Inner | 0 | X | typevar | NULL | NULL | class | @outer.<locals>.Inner | 0",
        ],
    );
}

#[test]
fn type_aliases_in_three_forms() {
    // file | scope | line | col | name | value | form. `NotAlias: int` is a plain variable.
    assert_rows(
        rows(GENERICS, "type_aliases", "type_aliases"),
        &[
            "F | NULL | 12 | 0 | Pair | tuple[K, V] | type_statement",
            "F | NULL | 13 | 0 | Plain | int | None | type_statement",
            "F | NULL | 14 | 0 | Json | dict[str, \"Json\"] | list[\"Json\"] | str | type_alias_annotation",
            "F | NULL | 15 | 0 | Old | int | type_alias_annotation",
            "F | NULL | 17 | 0 | Tree | list[\"Tree\"] | type_alias_type",
            "F | @outer | 36 | 4 | Local | str | type_statement",
        ],
    );
}

#[test]
fn old_style_type_variables() {
    // file | scope | line | col | kind | name | declared_name | bound | constraints | variance |
    // default_expr
    assert_rows(
        rows(GENERICS, "type_vars", "type_vars"),
        &[
            "F | NULL | 19 | 0 | typevar | T | T | NULL | NULL | invariant | NULL",
            "F | NULL | 20 | 0 | typevar | K_co | K_co | \"Hashable\" | NULL | covariant | NULL",
            "F | NULL | 21 | 0 | typevar | N | N | NULL | int, float | invariant | NULL",
            "F | NULL | 22 | 0 | typevar | D | D | NULL | NULL | inferred | str",
            "F | NULL | 23 | 0 | paramspec | P | P | NULL | NULL | invariant | NULL",
            "F | NULL | 24 | 0 | typevartuple | Ts | Ts | NULL | NULL | invariant | NULL",
        ],
    );
}

#[test]
fn generic_and_protocol_bases() {
    // file | symbol | line | col | kind | position | type_arg. `list[T]` is no Generic base.
    assert_rows(
        rows(GENERICS, "generic_bases", "generic_bases"),
        &[
            "F | @Stack | 26 | 20 | generic | 0 | T",
            "F | @SupportsRead | 29 | 28 | protocol | 0 | K_co",
            "F | @SupportsRead | 29 | 34 | protocol | 1 | T",
        ],
    );
}

const TYPED: &str = r#"
    from typing import TypedDict, NotRequired, Required, Literal, overload, Annotated
    import typing_extensions as te
    import typing

    class Movie(TypedDict):
        title: str
        year: NotRequired[int]
        def not_a_field(self): ...

    class Partial(te.TypedDict, total=False):
        name: Required[str]
        tags: list[str]
        rating: te.ReadOnly[Annotated[NotRequired[float], "stars"]]

    class Sequel(Movie, total=False):
        prequel: Movie

    class NotTD(dict):
        x: int

    Point = TypedDict("Point", {"x": int, "y": NotRequired[int]}, total=True)

    Mode = Literal["r", "w"]

    def open_file(path: str, mode: Literal["r", "rb"] = "r", *, level: typing.Literal[1, -1, None] = None) -> Literal[True]:
        flag: Literal[Literal["a"], b"b", Color.RED] = "a"
        return cast(Literal["x"], flag)

    type Dir = Literal["up", "down"]

    @overload
    def parse(x: int) -> int: ...
    @typing.overload
    async def parse(x: str, *, strict: bool = ...) -> str: ...
    def parse(x):
        return x

    class Proto:
        @overload
        def get(self) -> None: ...
        @overload
        def get(self, key: str) -> str: ...
"#;

#[test]
fn typeddict_fields_required_and_read_only() {
    // file | scope | symbol | line | col | typeddict | name | field_type | annotation |
    // is_required | is_readonly. `total=False` makes fields optional unless `Required`;
    // `Sequel` is a TypedDict through the local `Movie`; the functional form has no symbol.
    assert_rows(
        rows(TYPED, "typeddict_fields", "typeddict_fields"),
        &[
            "F | @Movie | @Movie | 6 | 4 | Movie | title | str | str | 1 | 0",
            "F | @Movie | @Movie | 7 | 4 | Movie | year | int | NotRequired[int] | 0 | 0",
            "F | @Partial | @Partial | 11 | 4 | Partial | name | str | Required[str] | 1 | 0",
            "F | @Partial | @Partial | 12 | 4 | Partial | tags | list[str] | list[str] | 0 | 0",
            "F | @Partial | @Partial | 13 | 4 | Partial | rating | float | te.ReadOnly[Annotated[NotRequired[float], \"stars\"]] | 0 | 1",
            "F | @Sequel | @Sequel | 16 | 4 | Sequel | prequel | Movie | Movie | 0 | 0",
            "F | NULL | NULL | 21 | 28 | Point | x | int | int | 1 | 0",
            "F | NULL | NULL | 21 | 38 | Point | y | int | NotRequired[int] | 0 | 0",
        ],
    );
}

#[test]
fn literal_values_with_their_context() {
    // file | scope | line | col | context | owner | symbol | position | value | value_kind.
    // Keyword-only parameters count; nested Literals are flattened; a Literal inside `cast(...)`
    // is `other`.
    assert_rows(
        rows(TYPED, "literal_values", "literal_values"),
        &[
            "F | NULL | 23 | 15 | alias | Mode | NULL | 0 | \"r\" | str",
            "F | NULL | 23 | 20 | alias | Mode | NULL | 1 | \"w\" | str",
            "F | NULL | 25 | 39 | parameter | mode | @open_file | 0 | \"r\" | str",
            "F | NULL | 25 | 44 | parameter | mode | @open_file | 1 | \"rb\" | str",
            "F | NULL | 25 | 82 | parameter | level | @open_file | 0 | 1 | int",
            "F | NULL | 25 | 85 | parameter | level | @open_file | 1 | -1 | int",
            "F | NULL | 25 | 89 | parameter | level | @open_file | 2 | None | none",
            "F | NULL | 25 | 114 | return | open_file | @open_file | 0 | True | bool",
            "F | @open_file | 26 | 26 | variable | flag | NULL | 0 | \"a\" | str",
            "F | @open_file | 26 | 32 | variable | flag | NULL | 1 | b\"b\" | bytes",
            "F | @open_file | 26 | 38 | variable | flag | NULL | 2 | Color.RED | enum",
            "F | @open_file | 27 | 24 | other | NULL | NULL | 0 | \"x\" | str",
            "F | NULL | 29 | 19 | alias | Dir | NULL | 0 | \"up\" | str",
            "F | NULL | 29 | 25 | alias | Dir | NULL | 1 | \"down\" | str",
        ],
    );
}

#[test]
fn literal_from_a_non_typing_module_is_ignored() {
    let source = r#"
        from myproj.types import Literal

        def f(x: Literal["a"]): ...
    "#;
    assert_rows(rows(source, "literal_values", "literal_values"), &[]);
}

#[test]
fn overload_variants_and_implementation() {
    // file | scope | symbol | line | qualname | position | parameters | returns | implementation.
    // The async variant counts; protocol-style overloads without an implementation get NULL.
    assert_rows(
        rows(TYPED, "overloads", "overloads"),
        &[
            "F | NULL | @parse | 32 | parse | 0 | (x: int) | int | @parse",
            "F | NULL | @parse | 34 | parse | 1 | (x: str, *, strict: bool = ...) | str | @parse",
            "F | @Proto | @Proto.get | 40 | Proto.get | 0 | (self) | None | NULL",
            "F | @Proto | @Proto.get | 42 | Proto.get | 1 | (self, key: str) | str | NULL",
        ],
    );
}

#[test]
fn protocol_classes_and_members() {
    let source = r#"
        from typing import Protocol, runtime_checkable, TypeVar
        import typing_extensions as te
        import abc

        T = TypeVar("T")

        @runtime_checkable
        class SupportsClose(Protocol):
            name: str
            limit: int = 3
            def close(self) -> None: ...
            @property
            def closed(self) -> bool: ...
            async def aclose(self): ...
            x = 1

        class Box(te.Protocol[T]):
            def get(self) -> T: ...

        class Impl(SupportsClose):
            def close(self) -> None:
                pass

        class Sub(SupportsClose, Protocol):
            def more(self): ...
    "#;
    // file | symbol | line | name | is_generic | is_runtime_checkable | member_count. `Impl`
    // derives from a protocol without listing Protocol: an implementation, not a protocol.
    assert_rows(
        rows(source, "protocol_classes", "protocol_classes"),
        &[
            "F | @SupportsClose | 8 | SupportsClose | 0 | 1 | 5",
            "F | @Box | 17 | Box | 1 | 0 | 1",
            "F | @Sub | 24 | Sub | 0 | 0 | 1",
        ],
    );
    // protocol | line | kind | name | annotation (a method's return annotation). The plain
    // assignment `x = 1` is no member.
    assert_rows(
        rows(source, "protocol_classes", "protocol_class_members"),
        &[
            "protocol_classes#0 | 9 | attribute | name | str",
            "protocol_classes#0 | 10 | attribute | limit | int",
            "protocol_classes#0 | 11 | method | close | None",
            "protocol_classes#0 | 13 | property | closed | bool",
            "protocol_classes#0 | 14 | method | aclose | NULL",
            "protocol_classes#1 | 18 | method | get | T",
            "protocol_classes#2 | 25 | method | more | NULL",
        ],
    );
}
