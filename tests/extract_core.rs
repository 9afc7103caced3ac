//! Exact rows of the core extractors (`src/extract/core/`): symbols, params, decorators,
//! class_bases, imports, calls, call_args, assignments, assignment_sources, returns,
//! return_sources, name_uses and dict_entries.
//!
//! Each test runs parse → node index → `symbols` → one extractor in-process (no SQLite) on a
//! small Python snippet, and compares the whole table with the expected rows: an extra, missing
//! or wrong row fails. Rows are rendered by `common::rows` (values in column order, ` | `
//! between them, `F` for the file, `@qualname` for a symbol reference, `table#n` for another
//! row). Positions are those of Python's `ast` (line 1-based, col 0-based UTF-8 bytes); line 1
//! is the first line of the snippet after `r#"`.
//!
//! Also checked: the scoping rules the predecessor got wrong (innermost scope, not the
//! outermost; comprehensions are not scopes; decorators, defaults, bases and a generator's first
//! iterable belong to the enclosing scope), per-scope name resolution (no file-wide lookups),
//! annotated and augmented assignments, exact relative-import levels, and qualnames against
//! the `python3` on the machine.

mod common;

use std::process::Command;

use common::{assert_rows, qualnames, rows, rows_in};

// ---- symbols ----------------------------------------------------------------------------------

#[test]
fn symbols_kinds_positions_and_docstrings() {
    let source = r#"
        """Module docstring: not a symbol."""
        import functools


        @functools.lru_cache(maxsize=None)
        @staticmethod
        def decorated(x) -> int:
            """Doc of decorated."""
            return x


        async def fetch(url: str) -> 'bytes':
            pass


        class Outer(object):
            'single-quoted doc'

            def method(self):
                return lambda y: y

            @property
            async def prop(self) -> list[str]: ...

            class Inner:
                def deep(self): pass


        def outer():
            def inner():
                r"""raw "doc" """
            class Local:
                x = 1
            return inner


        square = lambda n: n * n
    "#;
    // file | parent | kind | name | qualname | line | col | end_line | end_col | is_async |
    // returns | docstring. A decorated def starts at `def` (line 7, not 5), an async one at
    // `async`; the end is the end of the body.
    assert_rows(
        rows(source, "symbols", "symbols"),
        &[
            "F | NULL | function | decorated | decorated | 7 | 0 | 9 | 12 | 0 | int | Doc of decorated.",
            "F | NULL | function | fetch | fetch | 12 | 0 | 13 | 8 | 1 | 'bytes' | NULL",
            "F | NULL | class | Outer | Outer | 16 | 0 | 26 | 28 | 0 | NULL | single-quoted doc",
            "F | @Outer | method | method | Outer.method | 19 | 4 | 20 | 26 | 0 | NULL | NULL",
            "F | @Outer.method | lambda | <lambda> | Outer.method.<locals>.<lambda> | 20 | 15 | 20 | 26 | 0 | NULL | NULL",
            "F | @Outer | method | prop | Outer.prop | 23 | 4 | 23 | 42 | 1 | list[str] | NULL",
            "F | @Outer | class | Inner | Outer.Inner | 25 | 4 | 26 | 28 | 0 | NULL | NULL",
            "F | @Outer.Inner | method | deep | Outer.Inner.deep | 26 | 8 | 26 | 28 | 0 | NULL | NULL",
            "F | NULL | function | outer | outer | 29 | 0 | 34 | 16 | 0 | NULL | NULL",
            "F | @outer | function | inner | outer.<locals>.inner | 30 | 4 | 31 | 25 | 0 | NULL | raw \"doc\" ",
            "F | @outer | class | Local | outer.<locals>.Local | 32 | 4 | 33 | 13 | 0 | NULL | NULL",
            "F | NULL | lambda | <lambda> | <lambda> | 37 | 9 | 37 | 24 | 0 | NULL | NULL",
        ],
    );
}

#[test]
fn symbols_docstring_is_only_a_leading_string_statement() {
    let source = r#"
        def implicit_concat():
            "one " 'two'

        def not_first():
            x = 1
            "not a docstring"

        def fstring():
            f"not a docstring"

        def multi_line():
            """First line.

            Second line.
            """
    "#;
    assert_rows(
        rows(source, "symbols", "symbols"),
        &[
            "F | NULL | function | implicit_concat | implicit_concat | 1 | 0 | 2 | 16 | 0 | NULL | one two",
            "F | NULL | function | not_first | not_first | 4 | 0 | 6 | 21 | 0 | NULL | NULL",
            "F | NULL | function | fstring | fstring | 8 | 0 | 9 | 22 | 0 | NULL | NULL",
            "F | NULL | function | multi_line | multi_line | 11 | 0 | 15 | 7 | 0 | NULL | First line.\\n\\n    Second line.\\n    ",
        ],
    );
}

#[test]
fn symbols_async_def_split_by_a_line_continuation_starts_at_async() {
    let source = "async \\\n  def h(): pass\n";
    assert_rows(
        rows(source, "symbols", "symbols"),
        &["F | NULL | function | h | h | 1 | 0 | 2 | 15 | 1 | NULL | NULL"],
    );
}

#[test]
fn symbols_start_at_def_whatever_word_ends_the_line_before() {
    let source = r#"
        @run_async
        def f(): pass
        mode = run_async
        def g(): pass
        # make it async
        def h(): pass
        @deco
        @other(1)
        async def k(): pass
        @deco
        async \
          def k2(): pass
        class C:
            @run_async
            def m(self): pass
            x = is_async
            def n(self): pass
            # not async
            @staticmethod
            async def o(): pass
    "#;
    // Positions as python3's `ast`: a plain def starts at `def` even when the text before it
    // (a decorator, an assignment, a comment) ends with `async`; an async def starts at `async`,
    // after its decorators, even when a backslash continuation separates `async` and `def`.
    assert_rows(
        rows(source, "symbols", "symbols"),
        &[
            "F | NULL | function | f | f | 2 | 0 | 2 | 13 | 0 | NULL | NULL",
            "F | NULL | function | g | g | 4 | 0 | 4 | 13 | 0 | NULL | NULL",
            "F | NULL | function | h | h | 6 | 0 | 6 | 13 | 0 | NULL | NULL",
            "F | NULL | function | k | k | 9 | 0 | 9 | 19 | 1 | NULL | NULL",
            "F | NULL | function | k2 | k2 | 11 | 0 | 12 | 16 | 1 | NULL | NULL",
            "F | NULL | class | C | C | 13 | 0 | 20 | 23 | 0 | NULL | NULL",
            "F | @C | method | m | C.m | 15 | 4 | 15 | 21 | 0 | NULL | NULL",
            "F | @C | method | n | C.n | 17 | 4 | 17 | 21 | 0 | NULL | NULL",
            "F | @C | method | o | C.o | 20 | 4 | 20 | 23 | 1 | NULL | NULL",
        ],
    );
}

#[test]
fn symbols_async_def_one_space_then_a_line_continuation() {
    // As in the brief: `async \` then ` def h()`; python3's ast gives 1:0 to 2:14.
    assert_rows(
        rows("async \\\n def h(): pass\n", "symbols", "symbols"),
        &["F | NULL | function | h | h | 1 | 0 | 2 | 14 | 1 | NULL | NULL"],
    );
}

#[test]
fn symbols_follow_the_pre_order_of_definitions() {
    let source = r#"
        def register(x):
            return lambda f: f


        def f(d=lambda: 0):
            pass


        class C:
            def m(self, d=lambda: 0):
                pass

            @register(lambda: 1)
            def n(self, e=lambda: 2) -> (lambda: 3):
                return lambda: 4


        @register(lambda: 5)
        class K(make(lambda: 6), meta=lambda: 7):
            x = lambda: 8
    "#;
    // A definition's row comes before those of the lambdas in its decorators, defaults,
    // annotations, bases and body (source order within it). Qualnames as python3's
    // `co_qualname`: defaults, decorators and annotations belong to the enclosing scope
    // (`<lambda>` at module level, `C.<lambda>` in a class body); positions as its `ast`.
    assert_rows(
        rows(source, "symbols", "symbols"),
        &[
            "F | NULL | function | register | register | 1 | 0 | 2 | 22 | 0 | NULL | NULL",
            "F | @register | lambda | <lambda> | register.<locals>.<lambda> | 2 | 11 | 2 | 22 | 0 | NULL | NULL",
            "F | NULL | function | f | f | 5 | 0 | 6 | 8 | 0 | NULL | NULL",
            "F | NULL | lambda | <lambda> | <lambda> | 5 | 8 | 5 | 17 | 0 | NULL | NULL",
            "F | NULL | class | C | C | 9 | 0 | 15 | 24 | 0 | NULL | NULL",
            "F | @C | method | m | C.m | 10 | 4 | 11 | 12 | 0 | NULL | NULL",
            "F | @C | lambda | <lambda> | C.<lambda> | 10 | 18 | 10 | 27 | 0 | NULL | NULL",
            "F | @C | method | n | C.n | 14 | 4 | 15 | 24 | 0 | lambda: 3 | NULL",
            "F | @C | lambda | <lambda> | C.<lambda> | 13 | 14 | 13 | 23 | 0 | NULL | NULL",
            "F | @C | lambda | <lambda> | C.<lambda> | 14 | 18 | 14 | 27 | 0 | NULL | NULL",
            "F | @C | lambda | <lambda> | C.<lambda> | 14 | 33 | 14 | 42 | 0 | NULL | NULL",
            "F | @C.n | lambda | <lambda> | C.n.<locals>.<lambda> | 15 | 15 | 15 | 24 | 0 | NULL | NULL",
            "F | NULL | class | K | K | 19 | 0 | 20 | 17 | 0 | NULL | NULL",
            "F | NULL | lambda | <lambda> | <lambda> | 18 | 10 | 18 | 19 | 0 | NULL | NULL",
            "F | NULL | lambda | <lambda> | <lambda> | 19 | 13 | 19 | 22 | 0 | NULL | NULL",
            "F | NULL | lambda | <lambda> | <lambda> | 19 | 30 | 19 | 39 | 0 | NULL | NULL",
            "F | @K | lambda | <lambda> | K.<lambda> | 20 | 8 | 20 | 17 | 0 | NULL | NULL",
        ],
    );
}

// ---- params -----------------------------------------------------------------------------------

#[test]
fn params_all_kinds_with_annotations_and_defaults() {
    let source = r#"
        def f(a, b: int = 1, /, c=None, *args: str, d, e: bool = False, **kw: 'Any') -> None: ...


        class A:
            def run(self, x): ...


        class B:
            def run(self, y=2, *, z): ...


        g = lambda p, *q, r=3, **s: p
    "#;
    // symbol | position | name | kind | annotation | default_expr. The two `run` methods keep
    // their own parameters (the predecessor keyed them by bare name, so one overwrote the other).
    assert_rows(
        rows(source, "symbols", "params"),
        &[
            "@f | 0 | a | positional_only | NULL | NULL",
            "@f | 1 | b | positional_only | int | 1",
            "@f | 2 | c | positional | NULL | None",
            "@f | 3 | args | var_positional | str | NULL",
            "@f | 4 | d | keyword_only | NULL | NULL",
            "@f | 5 | e | keyword_only | bool | False",
            "@f | 6 | kw | var_keyword | 'Any' | NULL",
            "@A.run | 0 | self | positional | NULL | NULL",
            "@A.run | 1 | x | positional | NULL | NULL",
            "@B.run | 0 | self | positional | NULL | NULL",
            "@B.run | 1 | y | positional | NULL | 2",
            "@B.run | 2 | z | keyword_only | NULL | NULL",
            "@<lambda> | 0 | p | positional | NULL | NULL",
            "@<lambda> | 1 | q | var_positional | NULL | NULL",
            "@<lambda> | 2 | r | keyword_only | NULL | 3",
            "@<lambda> | 3 | s | var_keyword | NULL | NULL",
        ],
    );
}

// ---- decorators -------------------------------------------------------------------------------

#[test]
fn decorators_of_functions_methods_and_classes_qualified_through_imports() {
    let source = r#"
        import functools
        from functools import lru_cache
        from dataclasses import dataclass as dc
        import contextlib as ctx


        def register(f):
            return f


        @lru_cache
        def a(): ...


        @functools.lru_cache(maxsize=None)
        @ctx.contextmanager
        def b(): ...


        @dc(frozen=True)
        @register
        class Point:
            @property
            def x(self): ...

            @x.setter
            def x(self, value): ...

            @staticmethod
            def s(): ...


        @(lambda f: f)
        @handlers[0]
        def c(): ...


        def outer():
            from functools import wraps

            @wraps(outer)
            def inner(): ...


        def other():
            @wraps(other)
            def inner(): ...
    "#;
    // symbol | position | line | col | name | name_qualified | expr. `wraps` is imported in
    // `outer` only: it does not resolve in `other`.
    assert_rows(
        rows(source, "symbols", "decorators"),
        &[
            "@a | 0 | 11 | 1 | lru_cache | functools.lru_cache | lru_cache",
            "@b | 0 | 15 | 1 | functools.lru_cache | functools.lru_cache | functools.lru_cache(maxsize=None)",
            "@b | 1 | 16 | 1 | ctx.contextmanager | contextlib.contextmanager | ctx.contextmanager",
            "@Point | 0 | 20 | 1 | dc | dataclasses.dataclass | dc(frozen=True)",
            "@Point | 1 | 21 | 1 | register | pkg.mod.register | register",
            "@Point.x | 0 | 23 | 5 | property | builtins.property | property",
            "@Point.x | 0 | 26 | 5 | x.setter | NULL | x.setter",
            "@Point.s | 0 | 29 | 5 | staticmethod | builtins.staticmethod | staticmethod",
            "@c | 0 | 33 | 2 | NULL | NULL | lambda f: f",
            "@c | 1 | 34 | 1 | NULL | NULL | handlers[0]",
            "@outer.<locals>.inner | 0 | 41 | 5 | wraps | functools.wraps | wraps(outer)",
            "@other.<locals>.inner | 0 | 46 | 5 | wraps | NULL | wraps(other)",
        ],
    );
}

// ---- class_bases ------------------------------------------------------------------------------

#[test]
fn class_bases_positional_keyword_and_metaclass() {
    let source = r#"
        import abc
        from abc import ABCMeta
        from typing import Generic, TypeVar
        from django.db import models

        T = TypeVar('T')


        class Base: ...


        class Model(Base, models.Model, Generic[T], metaclass=ABCMeta, total=False): ...


        class Err(Exception): ...


        class Plain(): ...


        class Abstract(abc.ABC, make_base()): ...


        def factory():
            from collections import OrderedDict as OD

            class Local(OD): ...
    "#;
    // symbol | position | keyword | name | name_qualified | expr
    assert_rows(
        rows(source, "symbols", "class_bases"),
        &[
            "@Model | 0 | NULL | Base | pkg.mod.Base | Base",
            "@Model | 1 | NULL | models.Model | django.db.models.Model | models.Model",
            "@Model | 2 | NULL | NULL | NULL | Generic[T]",
            "@Model | 3 | metaclass | ABCMeta | abc.ABCMeta | ABCMeta",
            "@Model | 4 | total | NULL | NULL | False",
            "@Err | 0 | NULL | Exception | builtins.Exception | Exception",
            "@Abstract | 0 | NULL | abc.ABC | abc.ABC | abc.ABC",
            "@Abstract | 1 | NULL | NULL | NULL | make_base()",
            "@factory.<locals>.Local | 0 | NULL | OD | collections.OrderedDict | OD",
        ],
    );
}

// ---- imports ----------------------------------------------------------------------------------

#[test]
fn imports_every_form_with_scope_and_type_checking() {
    let source = r#"
        import os
        import os.path as osp
        import a.b as c, json
        from . import sibling
        from .sibling import thing as other, more
        from collections import *
        import typing


        def f():
            import json
            from typing import TYPE_CHECKING


        if TYPE_CHECKING:
            from typing import Sequence
            if extra:
                import nested
        elif other:
            import in_elif
        else:
            import in_else

        if typing.TYPE_CHECKING:
            def g():
                import inside_function
    "#;
    // file | scope | line | col | module | name | alias | bound_name | level | is_star |
    // is_type_checking | resolved_module | resolved_name | resolved_file_id (set by link)
    assert_rows(
        rows(source, "imports", "imports"),
        &[
            "F | NULL | 1 | 0 | os | NULL | NULL | os | 0 | 0 | 0 | os | os | NULL",
            "F | NULL | 2 | 0 | os.path | NULL | osp | osp | 0 | 0 | 0 | os.path | os.path | NULL",
            "F | NULL | 3 | 0 | a.b | NULL | c | c | 0 | 0 | 0 | a.b | a.b | NULL",
            "F | NULL | 3 | 0 | json | NULL | NULL | json | 0 | 0 | 0 | json | json | NULL",
            "F | NULL | 4 | 0 | . | sibling | NULL | sibling | 1 | 0 | 0 | pkg | pkg.sibling | NULL",
            "F | NULL | 5 | 0 | .sibling | thing | other | other | 1 | 0 | 0 | pkg.sibling | pkg.sibling.thing | NULL",
            "F | NULL | 5 | 0 | .sibling | more | NULL | more | 1 | 0 | 0 | pkg.sibling | pkg.sibling.more | NULL",
            "F | NULL | 6 | 0 | collections | * | NULL | NULL | 0 | 1 | 0 | collections | NULL | NULL",
            "F | NULL | 7 | 0 | typing | NULL | NULL | typing | 0 | 0 | 0 | typing | typing | NULL",
            "F | @f | 11 | 4 | json | NULL | NULL | json | 0 | 0 | 0 | json | json | NULL",
            "F | @f | 12 | 4 | typing | TYPE_CHECKING | NULL | TYPE_CHECKING | 0 | 0 | 0 | typing | typing.TYPE_CHECKING | NULL",
            "F | NULL | 16 | 4 | typing | Sequence | NULL | Sequence | 0 | 0 | 1 | typing | typing.Sequence | NULL",
            "F | NULL | 18 | 8 | nested | NULL | NULL | nested | 0 | 0 | 1 | nested | nested | NULL",
            "F | NULL | 20 | 4 | in_elif | NULL | NULL | in_elif | 0 | 0 | 0 | in_elif | in_elif | NULL",
            "F | NULL | 22 | 4 | in_else | NULL | NULL | in_else | 0 | 0 | 0 | in_else | in_else | NULL",
            "F | @g | 26 | 8 | inside_function | NULL | NULL | inside_function | 0 | 0 | 1 | inside_function | inside_function | NULL",
        ],
    );
}

#[test]
fn imports_relative_levels_from_a_module_in_a_subpackage() {
    let source = r#"
        from ..x import y as z
        from . import a
        from .b.c import d
        from .. import e
        from .m import *
    "#;
    // In pkg/sub/mod.py the package is pkg.sub: one dot is pkg.sub, two dots are pkg.
    assert_rows(
        rows_in("pkg/sub/mod.py", "pkg.sub.mod", false, source, "imports", "imports"),
        &[
            "F | NULL | 1 | 0 | ..x | y | z | z | 2 | 0 | 0 | pkg.x | pkg.x.y | NULL",
            "F | NULL | 2 | 0 | . | a | NULL | a | 1 | 0 | 0 | pkg.sub | pkg.sub.a | NULL",
            "F | NULL | 3 | 0 | .b.c | d | NULL | d | 1 | 0 | 0 | pkg.sub.b.c | pkg.sub.b.c.d | NULL",
            "F | NULL | 4 | 0 | .. | e | NULL | e | 2 | 0 | 0 | pkg | pkg.e | NULL",
            "F | NULL | 5 | 0 | .m | * | NULL | NULL | 1 | 1 | 0 | pkg.sub.m | NULL | NULL",
        ],
    );
}

#[test]
fn imports_relative_levels_from_a_package_init() {
    let source = r#"
        from . import a
        from .b import c
        from .. import d
        from ..x import y
    "#;
    // pkg/sub/__init__.py is the package pkg.sub itself: one dot is pkg.sub, two dots are pkg.
    assert_rows(
        rows_in("pkg/sub/__init__.py", "pkg.sub", true, source, "imports", "imports"),
        &[
            "F | NULL | 1 | 0 | . | a | NULL | a | 1 | 0 | 0 | pkg.sub | pkg.sub.a | NULL",
            "F | NULL | 2 | 0 | .b | c | NULL | c | 1 | 0 | 0 | pkg.sub.b | pkg.sub.b.c | NULL",
            "F | NULL | 3 | 0 | .. | d | NULL | d | 2 | 0 | 0 | pkg | pkg.d | NULL",
            "F | NULL | 4 | 0 | ..x | y | NULL | y | 2 | 0 | 0 | pkg.x | pkg.x.y | NULL",
        ],
    );
}

#[test]
fn imports_plain_dotted_import_resolves_to_the_whole_module() {
    let source = r#"
        import a.b
        import a.b.c
        import a.b as m
        import os.path, x.y as z
    "#;
    // `import a.b` binds `a` but imports `a.b`: resolved_name is the module imported, as for
    // `import a.b as m`.
    assert_rows(
        rows(source, "imports", "imports"),
        &[
            "F | NULL | 1 | 0 | a.b | NULL | NULL | a | 0 | 0 | 0 | a.b | a.b | NULL",
            "F | NULL | 2 | 0 | a.b.c | NULL | NULL | a | 0 | 0 | 0 | a.b.c | a.b.c | NULL",
            "F | NULL | 3 | 0 | a.b | NULL | m | m | 0 | 0 | 0 | a.b | a.b | NULL",
            "F | NULL | 4 | 0 | os.path | NULL | NULL | os | 0 | 0 | 0 | os.path | os.path | NULL",
            "F | NULL | 4 | 0 | x.y | NULL | z | z | 0 | 0 | 0 | x.y | x.y | NULL",
        ],
    );
}

#[test]
fn imports_relative_beyond_the_top_level_package_resolve_to_null() {
    // importlib refuses these ("attempted relative import beyond top-level package").
    assert_rows(
        rows_in(
            "pkg/sub/mod.py",
            "pkg.sub.mod",
            false,
            "from ... import q\nfrom ...z import r\nfrom .. import x\n",
            "imports",
            "imports",
        ),
        &[
            "F | NULL | 1 | 0 | ... | q | NULL | q | 3 | 0 | 0 | NULL | NULL | NULL",
            "F | NULL | 2 | 0 | ...z | r | NULL | r | 3 | 0 | 0 | NULL | NULL | NULL",
            "F | NULL | 3 | 0 | .. | x | NULL | x | 2 | 0 | 0 | pkg | pkg.x | NULL",
        ],
    );
    assert_rows(
        rows_in("pkg/__init__.py", "pkg", true, "from .. import x\nfrom . import y\n", "imports", "imports"),
        &[
            "F | NULL | 1 | 0 | .. | x | NULL | x | 2 | 0 | 0 | NULL | NULL | NULL",
            "F | NULL | 2 | 0 | . | y | NULL | y | 1 | 0 | 0 | pkg | pkg.y | NULL",
        ],
    );
    // A top-level module is in no package: even one dot climbs too far.
    assert_rows(
        rows_in(
            "mod.py",
            "mod",
            false,
            "from . import x\nfrom .y import z\nfrom .w import *\n",
            "imports",
            "imports",
        ),
        &[
            "F | NULL | 1 | 0 | . | x | NULL | x | 1 | 0 | 0 | NULL | NULL | NULL",
            "F | NULL | 2 | 0 | .y | z | NULL | z | 1 | 0 | 0 | NULL | NULL | NULL",
            "F | NULL | 3 | 0 | .w | * | NULL | NULL | 1 | 1 | 0 | NULL | NULL | NULL",
        ],
    );
}

#[test]
fn calls_through_relative_imports_beyond_the_top_level_are_unresolved() {
    let source = r#"
        from . import x
        from .y import z
        x.f()
        z()
    "#;
    assert_rows(
        rows_in("mod.py", "mod", false, source, "calls", "calls"),
        &[
            "F | NULL | 3 | 0 | 3 | 5 | x.f | NULL | NULL | 0",
            "F | NULL | 4 | 0 | 4 | 3 | z | NULL | NULL | 0",
        ],
    );
}

// ---- calls and call_args ----------------------------------------------------------------------

const CALLS: &str = r#"
    import os.path
    import numpy as np
    from os.path import join
    from . import helpers


    def helper(x):
        return x


    class C:
        def m(self):
            self.m()
            return helper(1)

        @classmethod
        def k(cls):
            cls.m(None)


    def run(items, *args, **kw):
        join('a', 'b')
        np.array(items)
        os.path.exists('p')
        open('f', mode='r')
        helpers.go()
        unknown()
        items.append(1)
        print(*args, sep='', **kw)
        g(a, *b, k=1, *c, **d)
        get()()
        return len(
            items,
        )
"#;

#[test]
fn calls_callee_as_written_and_qualified() {
    // file | scope | line | col | end_line | end_col | callee | callee_qualified |
    // target_symbol_id (set by link) | arg_count
    assert_rows(
        rows(CALLS, "calls", "calls"),
        &[
            "F | @C.m | 13 | 8 | 13 | 16 | self.m | pkg.mod.C.m | NULL | 0",
            "F | @C.m | 14 | 15 | 14 | 24 | helper | pkg.mod.helper | NULL | 1",
            "F | @C.k | 18 | 8 | 18 | 19 | cls.m | pkg.mod.C.m | NULL | 1",
            "F | @run | 22 | 4 | 22 | 18 | join | os.path.join | NULL | 2",
            "F | @run | 23 | 4 | 23 | 19 | np.array | numpy.array | NULL | 1",
            "F | @run | 24 | 4 | 24 | 23 | os.path.exists | os.path.exists | NULL | 1",
            "F | @run | 25 | 4 | 25 | 23 | open | builtins.open | NULL | 2",
            "F | @run | 26 | 4 | 26 | 16 | helpers.go | pkg.helpers.go | NULL | 0",
            "F | @run | 27 | 4 | 27 | 13 | unknown | NULL | NULL | 0",
            "F | @run | 28 | 4 | 28 | 19 | items.append | NULL | NULL | 1",
            "F | @run | 29 | 4 | 29 | 30 | print | builtins.print | NULL | 3",
            "F | @run | 30 | 4 | 30 | 26 | g | NULL | NULL | 5",
            "F | @run | 31 | 4 | 31 | 11 | NULL | NULL | NULL | 0",
            "F | @run | 31 | 4 | 31 | 9 | get | NULL | NULL | 0",
            "F | @run | 32 | 11 | 34 | 5 | len | builtins.len | NULL | 1",
        ],
    );
}

#[test]
fn call_args_in_source_order_with_stars_and_keywords() {
    // call | position | keyword | star | expr
    assert_rows(
        rows(CALLS, "calls", "call_args"),
        &[
            "calls#1 | 0 | NULL | NULL | 1",
            "calls#2 | 0 | NULL | NULL | None",
            "calls#3 | 0 | NULL | NULL | 'a'",
            "calls#3 | 1 | NULL | NULL | 'b'",
            "calls#4 | 0 | NULL | NULL | items",
            "calls#5 | 0 | NULL | NULL | 'p'",
            "calls#6 | 0 | NULL | NULL | 'f'",
            "calls#6 | 1 | mode | NULL | 'r'",
            "calls#9 | 0 | NULL | NULL | 1",
            "calls#10 | 0 | NULL | * | args",
            "calls#10 | 1 | sep | NULL | ''",
            "calls#10 | 2 | NULL | ** | kw",
            "calls#11 | 0 | NULL | NULL | a",
            "calls#11 | 1 | NULL | * | b",
            "calls#11 | 2 | k | NULL | 1",
            "calls#11 | 3 | NULL | * | c",
            "calls#11 | 4 | NULL | ** | d",
            "calls#14 | 0 | NULL | NULL | items",
        ],
    );
}

#[test]
fn calls_resolve_names_visible_in_their_own_scope_only() {
    let source = r#"
        def a():
            from os.path import join
            join()


        def b():
            join()


        def outer():
            import json

            def inner():
                json.dumps()


        class K:
            import json
            json.loads()

            def m(self):
                json.loads()


        def open():
            pass


        open()
    "#;
    // An import binds in its own scope and is seen from nested functions, but not from other
    // functions (no file-wide lookup) and not from methods of the class it is in. A module-level
    // def shadows the builtin of the same name.
    assert_rows(
        rows(source, "calls", "calls"),
        &[
            "F | @a | 3 | 4 | 3 | 10 | join | os.path.join | NULL | 0",
            "F | @b | 7 | 4 | 7 | 10 | join | NULL | NULL | 0",
            "F | @outer.<locals>.inner | 14 | 8 | 14 | 20 | json.dumps | json.dumps | NULL | 0",
            "F | @K | 19 | 4 | 19 | 16 | json.loads | json.loads | NULL | 0",
            "F | @K.m | 22 | 8 | 22 | 20 | json.loads | NULL | NULL | 0",
            "F | NULL | 29 | 0 | 29 | 6 | open | pkg.mod.open | NULL | 0",
        ],
    );
}

#[test]
fn calls_through_self_in_functions_and_lambdas_nested_in_a_method() {
    let source = r#"
        class C:
            def m(self):
                def inner():
                    self.helper()
                return lambda: self.other()
    "#;
    // `self` is the method's parameter, seen by the closures in it.
    assert_rows(
        rows(source, "calls", "calls"),
        &[
            "F | @C.m.<locals>.inner | 4 | 12 | 4 | 25 | self.helper | pkg.mod.C.helper | NULL | 0",
            "F | @C.m.<locals>.<lambda> | 5 | 23 | 5 | 35 | self.other | pkg.mod.C.other | NULL | 0",
        ],
    );
}

#[test]
fn calls_through_plain_dotted_imports() {
    let source = r#"
        import a.b
        import a.b.c
        import a.b as m
        import os.path, x.y as z

        a.b.c()
        a.x()
        a.b.c.d()
        m.f()
        z.g()
        a()
        os.path.join()
    "#;
    // `import a.b` binds the package `a`: attribute chains on it are qualified from `a`.
    assert_rows(
        rows(source, "calls", "calls"),
        &[
            "F | NULL | 6 | 0 | 6 | 7 | a.b.c | a.b.c | NULL | 0",
            "F | NULL | 7 | 0 | 7 | 5 | a.x | a.x | NULL | 0",
            "F | NULL | 8 | 0 | 8 | 9 | a.b.c.d | a.b.c.d | NULL | 0",
            "F | NULL | 9 | 0 | 9 | 5 | m.f | a.b.f | NULL | 0",
            "F | NULL | 10 | 0 | 10 | 5 | z.g | x.y.g | NULL | 0",
            "F | NULL | 11 | 0 | 11 | 3 | a | a | NULL | 0",
            "F | NULL | 12 | 0 | 12 | 14 | os.path.join | os.path.join | NULL | 0",
        ],
    );
}

#[test]
fn calls_local_names_shadow_imports_module_definitions_and_builtins() {
    let source = r#"
        import json


        def f(open):
            open()


        def g():
            open = make
            open()


        def h():
            import json as j
            j.dumps()

            def inner(j):
                j.dumps()

            def other():
                j.loads()


        def stars(*open, **print):
            open()
            print()


        def uses_module_json(json):
            json.dumps()


        def helper():
            pass


        def takes_helper(helper):
            helper()


        def outer():
            json = make()

            def inner():
                json.dumps()


        class C:
            def m(self):
                self.m()
                self.a.b()

                def nested():
                    self.m()

                def own(self):
                    self.m()

                return lambda self: self.m()

            @classmethod
            def k(cls):
                cls.k()
                cls.a.b()


        print(len([]))
        shadow = lambda open: open()
    "#;
    // A parameter (of any kind) or an assigned name is a local variable: unknown, whatever an
    // enclosing scope imports or defines and whatever the builtins hold. An import in `h` is
    // seen from `other` but not through `inner`'s parameter `j`. `self`/`cls` of the method
    // (also from a function nested in it) give the method of the class, one attribute deep
    // only; a nested function's own `self` parameter is not the method's.
    assert_rows(
        rows(source, "calls", "calls"),
        &[
            "F | @f | 5 | 4 | 5 | 10 | open | NULL | NULL | 0",
            "F | @g | 10 | 4 | 10 | 10 | open | NULL | NULL | 0",
            "F | @h | 15 | 4 | 15 | 13 | j.dumps | json.dumps | NULL | 0",
            "F | @h.<locals>.inner | 18 | 8 | 18 | 17 | j.dumps | NULL | NULL | 0",
            "F | @h.<locals>.other | 21 | 8 | 21 | 17 | j.loads | json.loads | NULL | 0",
            "F | @stars | 25 | 4 | 25 | 10 | open | NULL | NULL | 0",
            "F | @stars | 26 | 4 | 26 | 11 | print | NULL | NULL | 0",
            "F | @uses_module_json | 30 | 4 | 30 | 16 | json.dumps | NULL | NULL | 0",
            "F | @takes_helper | 38 | 4 | 38 | 12 | helper | NULL | NULL | 0",
            "F | @outer | 42 | 11 | 42 | 17 | make | NULL | NULL | 0",
            "F | @outer.<locals>.inner | 45 | 8 | 45 | 20 | json.dumps | NULL | NULL | 0",
            "F | @C.m | 50 | 8 | 50 | 16 | self.m | pkg.mod.C.m | NULL | 0",
            "F | @C.m | 51 | 8 | 51 | 18 | self.a.b | NULL | NULL | 0",
            "F | @C.m.<locals>.nested | 54 | 12 | 54 | 20 | self.m | pkg.mod.C.m | NULL | 0",
            "F | @C.m.<locals>.own | 57 | 12 | 57 | 20 | self.m | NULL | NULL | 0",
            "F | @C.m.<locals>.<lambda> | 59 | 28 | 59 | 36 | self.m | NULL | NULL | 0",
            "F | @C.k | 63 | 8 | 63 | 15 | cls.k | pkg.mod.C.k | NULL | 0",
            "F | @C.k | 64 | 8 | 64 | 17 | cls.a.b | NULL | NULL | 0",
            "F | NULL | 67 | 0 | 67 | 14 | print | builtins.print | NULL | 1",
            "F | NULL | 67 | 6 | 67 | 13 | len | builtins.len | NULL | 1",
            "F | @<lambda> | 68 | 22 | 68 | 28 | open | NULL | NULL | 0",
        ],
    );
}

#[test]
fn calls_module_level_assignment_shadows_a_builtin() {
    let source = r#"
        open = make
        open()


        def f():
            open()
            print()
    "#;
    // `open` is the module's variable, not `builtins.open`, at module level and in functions;
    // other builtins are untouched.
    assert_rows(
        rows(source, "calls", "calls"),
        &[
            "F | NULL | 2 | 0 | 2 | 6 | open | NULL | NULL | 0",
            "F | @f | 6 | 4 | 6 | 10 | open | NULL | NULL | 0",
            "F | @f | 7 | 4 | 7 | 11 | print | builtins.print | NULL | 0",
        ],
    );
}

#[test]
fn positions_are_utf8_byte_columns_after_any_line_ending() {
    // `é` is two bytes; lines end at `\r\n`, a lone `\r` or `\n`; a tab is one byte.
    let source = "s = 'héllo'; f(s)\r\nx = 1\r\ny = g()\rz = h()\nif x:\n\tk()\n";
    assert_rows(
        rows(source, "calls", "calls"),
        &[
            "F | NULL | 1 | 14 | 1 | 18 | f | NULL | NULL | 1",
            "F | NULL | 3 | 4 | 3 | 7 | g | NULL | NULL | 0",
            "F | NULL | 4 | 4 | 4 | 7 | h | NULL | NULL | 0",
            "F | NULL | 6 | 1 | 6 | 4 | k | NULL | NULL | 0",
        ],
    );
}

// ---- scopes -----------------------------------------------------------------------------------

#[test]
fn scope_is_the_innermost_function_lambda_or_class() {
    let source = r#"
        def outer():
            def inner():
                work()
            work()
            return [work() for _ in range(3)]


        class C:
            helper()

            @deco(make())
            def m(self, x=default()):
                body()

            f = lambda y=dflt(): lbody()


        def g(src):
            return (h(x) for x in src()) or {k: v() for k in keys()}


        def comp(r):
            return [lambda: z() for _ in r]


        top()
    "#;
    // Innermost function wins (line 3); comprehensions and generator expressions are not scopes
    // (lines 5, 19), a lambda inside one is (line 23); decorators and defaults run in the
    // enclosing scope (lines 11, 12, 15), the lambda body in the lambda (line 15); module level
    // is NULL.
    assert_rows(
        rows(source, "calls", "calls"),
        &[
            "F | @outer.<locals>.inner | 3 | 8 | 3 | 14 | work | NULL | NULL | 0",
            "F | @outer | 4 | 4 | 4 | 10 | work | NULL | NULL | 0",
            "F | @outer | 5 | 12 | 5 | 18 | work | NULL | NULL | 0",
            "F | @outer | 5 | 28 | 5 | 36 | range | builtins.range | NULL | 1",
            "F | @C | 9 | 4 | 9 | 12 | helper | NULL | NULL | 0",
            "F | @C | 11 | 5 | 11 | 17 | deco | NULL | NULL | 1",
            "F | @C | 11 | 10 | 11 | 16 | make | NULL | NULL | 0",
            "F | @C | 12 | 18 | 12 | 27 | default | NULL | NULL | 0",
            "F | @C.m | 13 | 8 | 13 | 14 | body | NULL | NULL | 0",
            "F | @C | 15 | 17 | 15 | 23 | dflt | NULL | NULL | 0",
            "F | @C.<lambda> | 15 | 25 | 15 | 32 | lbody | NULL | NULL | 0",
            "F | @g | 19 | 12 | 19 | 16 | h | NULL | NULL | 1",
            "F | @g | 19 | 26 | 19 | 31 | src | NULL | NULL | 0",
            "F | @g | 19 | 40 | 19 | 43 | v | NULL | NULL | 0",
            "F | @g | 19 | 53 | 19 | 59 | keys | NULL | NULL | 0",
            "F | @comp.<locals>.<lambda> | 23 | 20 | 23 | 23 | z | NULL | NULL | 0",
            "F | NULL | 26 | 0 | 26 | 5 | top | NULL | NULL | 0",
        ],
    );
}

#[test]
fn scope_of_bases_decorators_and_annotations_is_the_enclosing_one() {
    let source = r#"
        def f():
            @decorate
            class K(Base, metaclass=Meta):
                attr: Ann = value

            def g(p: Hint = fallback) -> Ret:
                pass
    "#;
    // file | scope | line | col | name | ctx
    assert_rows(
        rows(source, "name_uses", "name_uses"),
        &[
            "F | @f | 2 | 5 | decorate | load",
            "F | @f | 3 | 12 | Base | load",
            "F | @f | 3 | 28 | Meta | load",
            "F | @f.<locals>.K | 4 | 8 | attr | store",
            "F | @f.<locals>.K | 4 | 14 | Ann | load",
            "F | @f.<locals>.K | 4 | 20 | value | load",
            "F | @f | 6 | 13 | Hint | load",
            "F | @f | 6 | 20 | fallback | load",
            "F | @f | 6 | 33 | Ret | load",
        ],
    );
}

// ---- assignments and assignment_sources -------------------------------------------------------

const ASSIGNMENTS: &str = r#"
    x = 1
    y: int = 2
    z: str
    count += step
    a, b = 1, 2
    c, d = pair
    e, f = 1, 2, 3
    g, *rest = items
    (h, (i, j)) = 1, (2, 3)
    [k, l] = m
    self.attr = value
    table['key'] = value
    p = q = make()
    if (n := compute()) > 0:
        pass
    for loop_var in range(3):
        pass
    total = a + b.c * a


    def fn(arg):
        local: list[int] = []
        local += [arg]
        return local


    class K:
        field: int = 0
"#;

#[test]
fn assignments_every_form_one_row_per_target() {
    // file | scope | line | col | target | target_kind | op | annotation | value.
    // Tuple targets pair element-wise with a tuple value of the same shape (lines 5, 9) and
    // get the whole value otherwise (lines 6, 7, 8); `for` targets are not assignments.
    assert_rows(
        rows(ASSIGNMENTS, "assignments", "assignments"),
        &[
            "F | NULL | 1 | 0 | x | name | = | NULL | 1",
            "F | NULL | 2 | 0 | y | name | = | int | 2",
            "F | NULL | 3 | 0 | z | name | : | str | NULL",
            "F | NULL | 4 | 0 | count | name | += | NULL | step",
            "F | NULL | 5 | 0 | a | name | = | NULL | 1",
            "F | NULL | 5 | 3 | b | name | = | NULL | 2",
            "F | NULL | 6 | 0 | c | name | = | NULL | pair",
            "F | NULL | 6 | 3 | d | name | = | NULL | pair",
            "F | NULL | 7 | 0 | e | name | = | NULL | 1, 2, 3",
            "F | NULL | 7 | 3 | f | name | = | NULL | 1, 2, 3",
            "F | NULL | 8 | 0 | g | name | = | NULL | items",
            "F | NULL | 8 | 3 | rest | starred | = | NULL | items",
            "F | NULL | 9 | 1 | h | name | = | NULL | 1",
            "F | NULL | 9 | 5 | i | name | = | NULL | 2",
            "F | NULL | 9 | 8 | j | name | = | NULL | 3",
            "F | NULL | 10 | 1 | k | name | = | NULL | m",
            "F | NULL | 10 | 4 | l | name | = | NULL | m",
            "F | NULL | 11 | 0 | self.attr | attribute | = | NULL | value",
            "F | NULL | 12 | 0 | table['key'] | subscript | = | NULL | value",
            "F | NULL | 13 | 0 | p | name | = | NULL | make()",
            "F | NULL | 13 | 4 | q | name | = | NULL | make()",
            "F | NULL | 14 | 4 | n | name | := | NULL | compute()",
            "F | NULL | 18 | 0 | total | name | = | NULL | a + b.c * a",
            "F | @fn | 22 | 4 | local | name | = | list[int] | []",
            "F | @fn | 23 | 4 | local | name | += | NULL | [arg]",
            "F | @K | 28 | 4 | field | name | = | int | 0",
        ],
    );
}

#[test]
fn assignment_sources_are_the_distinct_names_the_value_reads() {
    // assignment | name. Literal values read nothing; `b.c` reads `b`; `a` counts once.
    assert_rows(
        rows(ASSIGNMENTS, "assignments", "assignment_sources"),
        &[
            "assignments#3 | step",
            "assignments#6 | pair",
            "assignments#7 | pair",
            "assignments#10 | items",
            "assignments#11 | items",
            "assignments#15 | m",
            "assignments#16 | m",
            "assignments#17 | value",
            "assignments#18 | value",
            "assignments#19 | make",
            "assignments#20 | make",
            "assignments#21 | compute",
            "assignments#22 | a",
            "assignments#22 | b",
            "assignments#24 | arg",
        ],
    );
}

#[test]
fn assignments_starred_targets_are_not_paired() {
    let source = r#"
        a, *b = 1, 2, 3
        c, d = *xs, 1
    "#;
    assert_rows(
        rows(source, "assignments", "assignments"),
        &[
            "F | NULL | 1 | 0 | a | name | = | NULL | 1, 2, 3",
            "F | NULL | 1 | 3 | b | starred | = | NULL | 1, 2, 3",
            "F | NULL | 2 | 0 | c | name | = | NULL | *xs, 1",
            "F | NULL | 2 | 3 | d | name | = | NULL | *xs, 1",
        ],
    );
}

#[test]
fn assignments_in_class_bodies_methods_and_comprehensions() {
    let source = r#"
        class C:
            xs = [f(y) for y in range(3)]

            def m(self, data):
                self.x: int = 0
                [w := g(v) for v in data]
    "#;
    // A walrus in a comprehension binds in the enclosing function, and is scoped to it.
    assert_rows(
        rows(source, "assignments", "assignments"),
        &[
            "F | @C | 2 | 4 | xs | name | = | NULL | [f(y) for y in range(3)]",
            "F | @C.m | 5 | 8 | self.x | attribute | = | int | 0",
            "F | @C.m | 6 | 9 | w | name | := | NULL | g(v)",
        ],
    );
}

// ---- returns and return_sources ---------------------------------------------------------------

const RETURNS: &str = r#"
    def f(a, b):
        if a:
            return
        def g():
            return b.attr + a + b
        return g() or a


    class C:
        def m(self):
            return self
"#;

#[test]
fn returns_belong_to_their_own_function() {
    // file | scope | line | col | expr (NULL for a bare return)
    assert_rows(
        rows(RETURNS, "returns", "returns"),
        &[
            "F | @f | 3 | 8 | NULL",
            "F | @f.<locals>.g | 5 | 8 | b.attr + a + b",
            "F | @f | 6 | 4 | g() or a",
            "F | @C.m | 11 | 8 | self",
        ],
    );
}

#[test]
fn return_sources_are_the_distinct_names_the_value_reads() {
    assert_rows(
        rows(RETURNS, "returns", "return_sources"),
        &["returns#1 | b", "returns#1 | a", "returns#2 | g", "returns#2 | a", "returns#3 | self"],
    );
}

// ---- name_uses --------------------------------------------------------------------------------

#[test]
fn name_uses_load_store_and_del() {
    let source = r#"
        import os
        x = os.sep
        del x


        def f(p):
            global y
            y = p
            y += 1
            for i in p:
                print(i)
            [j for j in p]
            with open(p) as fh:
                pass
            q.r.s = 1
    "#;
    // file | scope | line | col | name | ctx. Parameters, imported names, `global` names and
    // attributes are not `Name` nodes; the comprehension's names belong to `f`.
    assert_rows(
        rows(source, "name_uses", "name_uses"),
        &[
            "F | NULL | 2 | 0 | x | store",
            "F | NULL | 2 | 4 | os | load",
            "F | NULL | 3 | 4 | x | del",
            "F | @f | 8 | 4 | y | store",
            "F | @f | 8 | 8 | p | load",
            "F | @f | 9 | 4 | y | store",
            "F | @f | 10 | 8 | i | store",
            "F | @f | 10 | 13 | p | load",
            "F | @f | 11 | 8 | print | load",
            "F | @f | 11 | 14 | i | load",
            "F | @f | 12 | 5 | j | load",
            "F | @f | 12 | 11 | j | store",
            "F | @f | 12 | 16 | p | load",
            "F | @f | 13 | 9 | open | load",
            "F | @f | 13 | 14 | p | load",
            "F | @f | 13 | 20 | fh | store",
            "F | @f | 15 | 4 | q | load",
        ],
    );
}

// ---- dict_entries -----------------------------------------------------------------------------

#[test]
fn dict_entries_with_depth_and_the_outermost_target() {
    let source = r#"
        CONFIG = {'a': 1, 'nested': {'b': [{'c': 2}]}, KEY: value}
        call({'k': v})


        class S:
            def __init__(self):
                self.options = {'x': 1}


        ann: dict = {'t': 0}
        first = second = {'s': 1}
    "#;
    // file | scope | line | col | target | key | value | depth. Nested literals get rows of
    // their own, after the outer one's, with the outermost literal's target.
    assert_rows(
        rows(source, "dict_entries", "dict_entries"),
        &[
            "F | NULL | 1 | 10 | CONFIG | 'a' | 1 | 0",
            "F | NULL | 1 | 18 | CONFIG | 'nested' | {'b': [{'c': 2}]} | 0",
            "F | NULL | 1 | 47 | CONFIG | KEY | value | 0",
            "F | NULL | 1 | 29 | CONFIG | 'b' | [{'c': 2}] | 1",
            "F | NULL | 1 | 36 | CONFIG | 'c' | 2 | 2",
            "F | NULL | 2 | 6 | NULL | 'k' | v | 0",
            "F | @S.__init__ | 7 | 24 | self.options | 'x' | 1 | 0",
            "F | NULL | 10 | 13 | ann | 't' | 0 | 0",
            "F | NULL | 11 | 18 | first | 's' | 1 | 0",
        ],
    );
}

// ---- qualnames against Python -----------------------------------------------------------------

/// Prints `co_qualname` of every code object compiled from the file `sys.argv[1]`, except the
/// module and the comprehensions (list/set/dict comprehensions are inlined since Python 3.12, and
/// generator expressions are no symbols), one per line.
const PRINT_QUALNAMES: &str = r#"
import sys, types
with open(sys.argv[1], encoding='utf-8') as f:
    code = compile(f.read(), sys.argv[1], 'exec')
skip = {'<listcomp>', '<setcomp>', '<dictcomp>', '<genexpr>'}
def walk(co):
    for const in co.co_consts:
        if isinstance(const, types.CodeType):
            if const.co_name not in skip:
                print(const.co_qualname)
            walk(const)
walk(code)
"#;

#[test]
fn qualnames_equal_pythons_co_qualname() {
    let fixture = include_str!("fixtures/core/qualnames.py");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("qualnames.py");
    std::fs::write(&path, fixture).expect("write fixture");
    let output =
        Command::new("python3").arg("-c").arg(PRINT_QUALNAMES).arg(&path).output().unwrap_or_else(|error| {
            panic!("cannot run python3 (needed to check qualnames; it must be on PATH): {error}")
        });
    assert!(
        output.status.success(),
        "python3 failed on the fixture ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let mut expected: Vec<String> =
        String::from_utf8(output.stdout).expect("utf-8").lines().map(String::from).collect();
    let mut actual = qualnames(fixture);
    assert!(expected.len() > 30, "python3 printed too few qualnames: {expected:?}");
    expected.sort();
    actual.sort();
    assert_rows(actual, &expected.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn qualnames_follow_python_3_12_comprehension_inlining() {
    let source = r#"
        def f():
            a = [lambda: i for i in range(3)]
            b = {lambda: i for i in range(3)}
            c = {i: lambda: i for i in range(3)}
            d = (lambda: i for i in range(3))
            e = ([lambda: j for j in range(i)] for i in range(3))
    "#;
    // Python 3.12 inlines list, set and dict comprehensions (PEP 709): a lambda in one is
    // `f.<locals>.<lambda>`. Generator expressions keep their own code object and level.
    assert_rows(
        rows(source, "symbols", "symbols"),
        &[
            "F | NULL | function | f | f | 1 | 0 | 6 | 57 | 0 | NULL | NULL",
            "F | @f | lambda | <lambda> | f.<locals>.<lambda> | 2 | 9 | 2 | 18 | 0 | NULL | NULL",
            "F | @f | lambda | <lambda> | f.<locals>.<lambda> | 3 | 9 | 3 | 18 | 0 | NULL | NULL",
            "F | @f | lambda | <lambda> | f.<locals>.<lambda> | 4 | 12 | 4 | 21 | 0 | NULL | NULL",
            "F | @f | lambda | <lambda> | f.<locals>.<genexpr>.<lambda> | 5 | 9 | 5 | 18 | 0 | NULL | NULL",
            "F | @f | lambda | <lambda> | f.<locals>.<genexpr>.<lambda> | 6 | 10 | 6 | 19 | 0 | NULL | NULL",
        ],
    );
}

/// (line, callee, callee_qualified) of every call in `source`.
fn qualified_calls(source: &str) -> Vec<String> {
    rows(source, "calls", "calls")
        .iter()
        .map(|row| {
            let cells: Vec<&str> = row.split(" | ").collect();
            format!("{} {} -> {}", cells[2], cells[6], cells[7])
        })
        .collect()
}

#[test]
fn calls_every_kind_of_local_binding_shadows() {
    let source = r#"
        class K:
            open = g
            open()
            def m(self):
                open()

        def f():
            def print(): pass
            print()
            class len: pass
            len()

        def h(e):
            try:
                pass
            except E as repr:
                repr()
            match e:
                case [*min]:
                    min()
                case {**max}:
                    max()
                case str() as sum:
                    sum()

        def d():
            del abs
            abs()

        def gl():
            global hash
            hash = g

        hash()
        id()
    "#;
    assert_eq!(
        qualified_calls(source),
        [
            // A class-body binding shadows in the class body, not in its methods.
            "3 open -> NULL",
            "5 open -> builtins.open",
            // Nested definitions, except-as, match captures and del targets are locals.
            "9 print -> NULL",
            "11 len -> NULL",
            "17 repr -> NULL",
            "20 min -> NULL",
            "22 max -> NULL",
            "24 sum -> NULL",
            "28 abs -> NULL",
            // `global hash` makes the assignment a module-level one: it shadows the builtin there.
            "34 hash -> NULL",
            "35 id -> builtins.id",
        ]
    );
}

#[test]
fn calls_self_and_cls_are_the_first_parameter_of_a_method() {
    let source = r#"
        class C:
            def m(self):
                self.n()
            @classmethod
            def k(cls):
                cls.n()
            def odd(this):
                this.n()
                self.n()
            @staticmethod
            def s(self):
                self.n()
            def n(self): pass
    "#;
    assert_eq!(
        qualified_calls(source),
        [
            "3 self.n -> pkg.mod.C.n",
            "6 cls.n -> pkg.mod.C.n",
            "8 this.n -> pkg.mod.C.n",
            "9 self.n -> NULL",
            "12 self.n -> NULL",
        ]
    );
}

#[test]
fn modern_syntax_parses_and_is_extracted() {
    // PEP 695 generics and `type`, PEP 696 defaults, `except*`, `match`, PEP 750 t-strings.
    let source = r#"
        type Pair[T] = tuple[T, T]

        def first[T: (int, str), *Ts, **P](x: T, *args: *Ts) -> T:
            return x

        class Box[T = int]:
            def get(self) -> T:
                return self.item

        try:
            run()
        except* ValueError as group:
            handle(group)

        match command:
            case {"go": target, **rest}:
                move(target)

        greeting = t"hello {name!r:>10}"
    "#;
    assert_eq!(common::qualnames(&common::dedent(source)), ["first", "Box", "Box.get"]);
    assert_eq!(qualified_calls(source), ["11 run -> NULL", "13 handle -> NULL", "17 move -> NULL"]);
    let names = rows(source, "name_uses", "name_uses");
    // The interpolation inside the t-string is a name use like any other.
    assert_eq!(names.last().map(String::as_str), Some("F | NULL | 19 | 20 | name | load"));
    assert!(names.contains(&"F | NULL | 1 | 5 | Pair | store".to_owned()), "{names:?}");
}

#[test]
fn symbols_end_after_a_trailing_semicolon_as_in_python() {
    // CPython ends the def after its last statement's `;` (checked against `ast`: 1:0-1:16 and
    // 2:0-3:10); ruff's range stops before it.
    let source = "def f(): x = 1 ;\nclass C:\n    y = 2;  \n";
    let spans: Vec<String> = rows(source, "symbols", "symbols")
        .iter()
        .map(|row| row.split(" | ").skip(5).take(4).collect::<Vec<_>>().join(":"))
        .collect();
    assert_eq!(spans, ["1:0:1:16", "2:0:3:10"]);
}
