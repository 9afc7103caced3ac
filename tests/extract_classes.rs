//! Exact rows of the classes domain (`src/extract/classes/`): function_features,
//! class_features, descriptors, protocols and protocol_methods, and the import facts
//! (import_conditions, module_facts).
//!
//! Each test runs parse → node index → `symbols` → one extractor in-process on a snippet and
//! compares a whole table. Rows: values in column order joined by ` | `, `F` for the file,
//! `@qualname` for a symbol, `table#n` for another row of the file. Covered: generators per
//! function (not per file), recursion resolved through the caller's scope chain (nested defs,
//! `self.m`), memoization through imports, closures, lambdas, mutable defaults, PEP 695
//! generics, dataclass options, `enum.StrEnum`, protocols and `from ... import` facts.

mod common;

use common::{assert_rows, rows};

// ---- function_features --------------------------------------------------------------------------

#[test]
fn generators_are_detected_per_function() {
    let source = r#"
        def plain():
            def gen():
                yield 1
            squares = lambda: (yield)
            return [x for x in gen()]

        def outer_gen(items):
            yield from items

        async def agen():
            await thing()
            yield 2

        async def fetch():
            return await thing()

        class C:
            async def __aenter__(self):
                return self
    "#;
    assert_rows(
        rows(source, "function_features", "function_features"),
        &[
            "F | @plain.<locals>.gen | 3 | 8 | generator | @plain.<locals>.gen | NULL",
            "F | @plain | 4 | 14 | lambda | @plain.<locals>.<lambda> | NULL",
            "F | @plain.<locals>.<lambda> | 4 | 23 | generator | @plain.<locals>.<lambda> | NULL",
            "F | @outer_gen | 8 | 4 | generator | @outer_gen | NULL",
            "F | @agen | 12 | 4 | async_generator | @agen | NULL",
            "F | NULL | 14 | 0 | coroutine | @fetch | NULL",
            "F | @C | 18 | 4 | coroutine | @C.__aenter__ | NULL",
        ],
    );
}

#[test]
fn recursion_is_a_call_resolved_to_the_enclosing_function() {
    let source = r#"
        def fact(n):
            return 1 if n <= 1 else n * fact(n - 1)

        def outer(tree):
            def walk(node):
                for child in node.children:
                    walk(child)
            walk(tree)
            return outer

        def shadowed(n):
            shadowed = print
            shadowed(n)

        def via_lambda(n):
            return (lambda: via_lambda(n - 1))()

        class Tree:
            def size(self):
                return 1 + sum(c.size() for c in self.children) + self.size()

            def depth(self):
                return max(self.children.depth(), 0)

            @staticmethod
            def count(n):
                return Tree.count(n - 1) if n else 0

            def fact(self, n):
                return fact(n)
    "#;
    assert_rows(
        rows(source, "function_features", "function_features"),
        &[
            "F | @fact | 2 | 32 | recursive | @fact | fact",
            // The call to `walk` inside `walk` resolves (through `outer`'s scope) to `walk`;
            // `walk(tree)` in `outer` is not a recursion of `outer`. `walk` reads itself from
            // `outer`'s scope, so it is also a closure (CPython gives it a `__closure__` cell).
            "F | @outer.<locals>.walk | 7 | 12 | recursive | @outer.<locals>.walk | walk",
            "F | @outer.<locals>.walk | 7 | 12 | closure | @outer.<locals>.walk | walk",
            // Rows follow the functions (symbols order), then a fixed order of kinds.
            "F | @via_lambda.<locals>.<lambda> | 16 | 20 | recursive | @via_lambda | via_lambda",
            "F | @via_lambda | 16 | 12 | lambda | @via_lambda.<locals>.<lambda> | NULL",
            "F | @via_lambda.<locals>.<lambda> | 16 | 31 | closure | @via_lambda.<locals>.<lambda> | n",
            "F | @Tree.size | 20 | 58 | recursive | @Tree.size | self.size",
            "F | @Tree | 25 | 5 | staticmethod | @Tree.count | builtins.staticmethod",
            "F | @Tree.count | 27 | 15 | recursive | @Tree.count | Tree.count",
        ],
    );
}

#[test]
fn mutual_recursion_between_functions_and_methods() {
    let source = r#"
        def is_even(n):
            return True if n == 0 else is_odd(n - 1)

        def is_odd(n):
            return False if n == 0 else is_even(n - 1)

        def helper():
            return is_even(2)

        class Parser:
            def expr(self, tokens):
                return self.term(tokens) + self.helper()

            def term(self, tokens):
                return (lambda: self.expr(tokens))()

            def helper(self):
                return 0
    "#;
    assert_rows(
        rows(source, "function_features", "function_features"),
        &[
            "F | @is_even | 2 | 31 | mutually_recursive | @is_even | is_odd",
            "F | @is_odd | 5 | 32 | mutually_recursive | @is_odd | is_even",
            // `helper()` calls `is_even`, which does not call it back; `self.helper()` is a method.
            "F | @Parser.expr | 12 | 15 | mutually_recursive | @Parser.expr | self.term",
            // A call in a lambda belongs to the function around it.
            "F | @Parser.term.<locals>.<lambda> | 15 | 24 | mutually_recursive | @Parser.term | self.expr",
            "F | @Parser.term | 15 | 16 | lambda | @Parser.term.<locals>.<lambda> | NULL",
            "F | @Parser.term.<locals>.<lambda> | 15 | 24 | closure | @Parser.term.<locals>.<lambda> | self",
            "F | @Parser.term.<locals>.<lambda> | 15 | 34 | closure | @Parser.term.<locals>.<lambda> | tokens",
        ],
    );
}

#[test]
fn decorators_closures_and_mutable_defaults() {
    let source = r#"
        import functools
        from functools import lru_cache as memo
        from typing import overload, override
        from abc import ABC, abstractmethod
        import collections

        @functools.cache
        def cached(n):
            return n

        @memo(maxsize=32)
        def fib(n, seen={}, *, extra=collections.defaultdict(list), ok=(), name=None):
            return fib(n - 1)

        class Base(ABC):
            @abstractmethod
            def run(self, items=[]): ...

            @overload
            def get(self, key: int) -> int: ...

            @override
            @property
            def name(self): return "x"

            @functools.cached_property
            def total(self): return 1

        def counter():
            count = 0
            def bump(step=list()):
                nonlocal count
                count += step
                return count
            def read():
                return count + len(bump.__name__)
            return bump, read

        def not_a_closure(value):
            inner = lambda value: value * 2
            return inner(value)

        def first[T, *Ts](items: list[T], *rest: *Ts) -> T:
            return items[0]
    "#;
    assert_rows(
        rows(source, "function_features", "function_features"),
        &[
            "F | NULL | 7 | 1 | memoized | @cached | functools.cache",
            "F | NULL | 11 | 1 | memoized | @fib | functools.lru_cache(maxsize=32)",
            "F | NULL | 12 | 16 | mutable_default | @fib | seen",
            "F | NULL | 12 | 29 | mutable_default | @fib | extra",
            "F | @fib | 13 | 11 | recursive | @fib | fib",
            "F | @Base | 16 | 5 | abstract | @Base.run | abc.abstractmethod",
            "F | @Base | 17 | 24 | mutable_default | @Base.run | items",
            "F | @Base | 19 | 5 | overload | @Base.get | typing.overload",
            "F | @Base | 22 | 5 | override | @Base.name | typing.override",
            "F | @Base | 23 | 5 | property | @Base.name | builtins.property",
            "F | @Base | 26 | 5 | memoized | @Base.total | functools.cached_property",
            "F | @counter | 31 | 18 | mutable_default | @counter.<locals>.bump | step",
            "F | @counter.<locals>.bump | 32 | 8 | closure | @counter.<locals>.bump | count",
            // One row per captured name, at its first read.
            "F | @counter.<locals>.read | 36 | 15 | closure | @counter.<locals>.read | count",
            "F | @counter.<locals>.read | 36 | 27 | closure | @counter.<locals>.read | bump",
            "F | @not_a_closure | 40 | 12 | lambda | @not_a_closure.<locals>.<lambda> | NULL",
            "F | NULL | 43 | 0 | generic | @first | T, *Ts",
        ],
    );
}

// ---- class_features -----------------------------------------------------------------------------

#[test]
fn dataclasses_enums_and_records() {
    let source = r#"
        import dataclasses
        import enum
        from dataclasses import dataclass, KW_ONLY
        from enum import StrEnum, auto
        from typing import ClassVar, NamedTuple, TypedDict
        from collections import namedtuple

        @dataclass(slots=True, kw_only=True)
        class Point:
            x: int
            y: int = 0
            _: KW_ONLY
            label: str = ""
            registry: ClassVar[dict] = {}

        @dataclasses.dataclass
        class Empty:
            pass

        class Color(StrEnum):
            RED = auto()
            GREEN = auto()
            _ignore_ = ["tmp"]
            __private = 1

            def describe(self):
                return self.value

        class Level(enum.IntEnum):
            LOW, HIGH = 1, 2

        class Shade(Color):
            pass

        class Pair(NamedTuple):
            left: int
            right: int

        class Legacy(namedtuple("Legacy", "a b")):
            pass

        class Movie(TypedDict, total=False):
            title: str
            year: int

        class Sequel(Movie):
            part: int
    "#;
    assert_rows(
        rows(source, "class_features", "class_features"),
        &[
            "F | NULL | 9 | 0 | dataclass | @Point | slots=True, kw_only=True | 3",
            "F | NULL | 17 | 0 | dataclass | @Empty | NULL | 0",
            "F | NULL | 20 | 0 | enum | @Color | enum.StrEnum | 2",
            "F | NULL | 29 | 0 | enum | @Level | enum.IntEnum | 2",
            // An enum defined earlier in the file passes its family on.
            "F | NULL | 32 | 0 | enum | @Shade | pkg.mod.Color | 0",
            "F | NULL | 35 | 0 | namedtuple | @Pair | typing.NamedTuple | 2",
            "F | NULL | 39 | 0 | namedtuple | @Legacy | collections.namedtuple | NULL",
            "F | NULL | 42 | 0 | typeddict | @Movie | total=False | 2",
            "F | NULL | 46 | 0 | typeddict | @Sequel | NULL | 1",
        ],
    );
}

#[test]
fn protocols_abstract_classes_metaclasses_and_generics() {
    let source = r#"
        import abc
        import typing as t
        from typing import Generic, Protocol, TypeVar, runtime_checkable, final
        from functools import total_ordering

        T = TypeVar("T")

        @runtime_checkable
        class Closeable(Protocol):
            def close(self) -> None: ...

        class Reader(t.Protocol[T]):
            def read(self) -> T: ...

        class Store(abc.ABC):
            @abc.abstractmethod
            def get(self, key): ...

            @property
            @abc.abstractmethod
            def size(self): ...

        class Registry(type):
            pass

        class Plugin(metaclass=Registry):
            pass

        class Meta(abc.ABCMeta):
            pass

        class Base(metaclass=abc.ABCMeta):
            pass

        class Box[T, *Ts, **P]:
            pass

        class Holder(Generic[T], Closeable, Reader[T]):
            __slots__ = ("value", "owner")

        @final
        @total_ordering
        class Version:
            __slots__ = "number"

        class AppError(ValueError):
            pass

        class NotFound(AppError):
            pass

        def factory():
            class Local(Exception):
                __slots__ = ()
            return Local
    "#;
    assert_rows(
        rows(source, "class_features", "class_features"),
        &[
            "F | NULL | 9 | 0 | protocol | @Closeable | runtime_checkable | NULL",
            "F | NULL | 12 | 0 | protocol | @Reader | NULL | NULL",
            "F | NULL | 15 | 0 | abstract | @Store | abc.ABC | 2",
            "F | NULL | 23 | 0 | metaclass_definition | @Registry | NULL | NULL",
            "F | NULL | 26 | 0 | metaclass | @Plugin | pkg.mod.Registry | NULL",
            "F | NULL | 29 | 0 | metaclass_definition | @Meta | NULL | NULL",
            "F | NULL | 32 | 0 | abstract | @Base | abc.ABCMeta | 0",
            "F | NULL | 32 | 0 | metaclass | @Base | abc.ABCMeta | NULL",
            "F | NULL | 35 | 0 | generic | @Box | T, *Ts, **P | 3",
            "F | NULL | 38 | 0 | generic | @Holder | T | 1",
            "F | NULL | 38 | 0 | multiple_inheritance | @Holder | Generic[T], Closeable, Reader[T] | 3",
            "F | NULL | 38 | 0 | slots | @Holder | value, owner | 2",
            "F | NULL | 43 | 0 | slots | @Version | number | 1",
            "F | NULL | 43 | 0 | final | @Version | NULL | NULL",
            "F | NULL | 43 | 0 | total_ordering | @Version | NULL | NULL",
            "F | NULL | 46 | 0 | exception | @AppError | builtins.ValueError | NULL",
            "F | NULL | 49 | 0 | exception | @NotFound | pkg.mod.AppError | NULL",
            "F | @factory | 53 | 4 | exception | @factory.<locals>.Local | builtins.Exception | NULL",
            "F | @factory | 53 | 4 | slots | @factory.<locals>.Local | NULL | 0",
        ],
    );
}

// ---- descriptors --------------------------------------------------------------------------------

#[test]
fn properties_descriptor_classes_and_attribute_hooks() {
    let source = r#"
        from functools import cached_property as cprop

        class Positive:
            def __set_name__(self, owner, name):
                self.name = name
            def __get__(self, obj, objtype=None):
                return obj.__dict__[self.name]
            def __set__(self, obj, value):
                obj.__dict__[self.name] = value

        class Lazy:
            def __get__(self, obj, objtype=None):
                return 42

        class Account:
            balance = Positive()
            limit: int = Positive()

            @property
            def owner(self):
                return self._owner

            @owner.setter
            def owner(self, value):
                self._owner = value

            @owner.deleter
            def owner(self):
                del self._owner

            @cprop
            def report(self):
                return "..."

            def _get_rate(self):
                return 1
            rate = property(_get_rate)

            def __getattr__(self, name):
                return None

            def __setattr__(self, name, value):
                super().__setattr__(name, value)

            def helper(self):
                def __getattr__(name):
                    return name

        def __getattr__(name):
            raise AttributeError(name)
    "#;
    assert_rows(
        rows(source, "descriptors", "descriptors"),
        &[
            "F | NULL | 3 | 0 | data_descriptor_class | @Positive | NULL",
            "F | NULL | 11 | 0 | descriptor_class | @Lazy | NULL",
            // A class attribute holding a descriptor of the file points to the implementing class.
            "F | @Account | 16 | 4 | descriptor_attribute | @Positive | balance",
            "F | @Account | 17 | 4 | descriptor_attribute | @Positive | limit",
            "F | @Account | 19 | 5 | property | @Account.owner | owner",
            "F | @Account | 23 | 5 | setter | @Account.owner | owner",
            "F | @Account | 27 | 5 | deleter | @Account.owner | owner",
            "F | @Account | 31 | 5 | cached_property | @Account.report | report",
            "F | @Account | 37 | 4 | property | @Account | rate",
            "F | @Account | 39 | 4 | getattr | @Account.__getattr__ | NULL",
            "F | @Account | 42 | 4 | setattr | @Account.__setattr__ | NULL",
            "F | NULL | 49 | 0 | module_getattr | @__getattr__ | NULL",
        ],
    );
}

// ---- protocols ----------------------------------------------------------------------------------

#[test]
fn protocols_and_their_methods() {
    let source = r#"
        import sys

        class Bag:
            def __init__(self):
                self.items = []
            def __len__(self):
                return len(self.items)
            def __iter__(self):
                return iter(self.items)
            def __contains__(self, item):
                return item in self.items
            def __eq__(self, other):
                return self.items == other.items
            __hash__ = None
            def __add__(self, other):
                return Bag()
            def __iadd__(self, other):
                return self
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                return False
            if sys.version_info >= (3, 13):
                def __replace__(self, **changes):
                    return self
            else:
                def __copy__(self):
                    return self

        class Stream:
            def __aiter__(self):
                return self
            async def __anext__(self):
                raise StopAsyncIteration
            async def __aenter__(self):
                return self
            async def __aexit__(self, *exc):
                pass
            def __call__(self, chunk):
                def __len__():
                    return 0
                return chunk

        class Plain:
            def run(self):
                pass
    "#;
    assert_rows(
        rows(source, "protocols", "protocols"),
        &[
            "F | NULL | 3 | 0 | iterator | @Bag",
            "F | NULL | 3 | 0 | container | @Bag",
            "F | NULL | 3 | 0 | comparison | @Bag",
            "F | NULL | 3 | 0 | arithmetic | @Bag",
            "F | NULL | 3 | 0 | context_manager | @Bag",
            "F | NULL | 3 | 0 | copy | @Bag",
            "F | NULL | 30 | 0 | async_iterator | @Stream",
            "F | NULL | 30 | 0 | callable | @Stream",
            "F | NULL | 30 | 0 | async_context_manager | @Stream",
        ],
    );
    assert_rows(
        rows(source, "protocols", "protocol_methods"),
        &[
            "protocols#0 | __iter__",
            "protocols#1 | __len__",
            "protocols#1 | __contains__",
            "protocols#2 | __eq__",
            "protocols#3 | __add__",
            "protocols#3 | __iadd__",
            "protocols#4 | __enter__",
            "protocols#4 | __exit__",
            "protocols#5 | __replace__",
            "protocols#5 | __copy__",
            "protocols#6 | __aiter__",
            "protocols#6 | __anext__",
            "protocols#7 | __call__",
            "protocols#8 | __aenter__",
            "protocols#8 | __aexit__",
        ],
    );
}

// ---- import facts -------------------------------------------------------------------------------

#[test]
fn import_conditions_cover_both_import_forms() {
    let source = r#"
        import sys
        from typing import TYPE_CHECKING

        try:
            import ujson as json, orjson
        except ImportError:
            import json
        except (AttributeError, OSError):
            from . import fallback
        finally:
            import atexit

        if sys.version_info >= (3, 11):
            import tomllib
        elif sys.platform == "win32":
            from ._compat import tomllib
        else:
            if TYPE_CHECKING:
                from .types import Table

        def load(kind):
            try:
                from yaml import CSafeLoader as Loader
            except ImportError:
                pass
            match kind:
                case "toml":
                    import tomllib

        class Lazy:
            if sys.version_info < (3, 9):
                from typing import List
    "#;
    // import_id | depth | kind | detail: imports#n is the n-th `imports` row of the file (one
    // per imported name, both `import` and `from ... import`).
    assert_rows(
        rows(source, "import_conditions", "import_conditions"),
        &[
            "imports#2 | 0 | try | ImportError, (AttributeError, OSError)",
            "imports#3 | 0 | try | ImportError, (AttributeError, OSError)",
            "imports#4 | 0 | except | ImportError",
            "imports#5 | 0 | except | (AttributeError, OSError)",
            "imports#7 | 0 | if | sys.version_info >= (3, 11)",
            "imports#8 | 0 | elif | sys.platform == \"win32\"",
            "imports#9 | 0 | if | TYPE_CHECKING",
            "imports#9 | 1 | else | sys.version_info >= (3, 11)",
            // Conditions stop at the enclosing function or class.
            "imports#10 | 0 | try | ImportError",
            "imports#11 | 0 | case | \"toml\"",
            "imports#12 | 0 | if | sys.version_info < (3, 9)",
        ],
    );
}

#[test]
fn module_attributes_guards_namespaces_and_dynamic_imports() {
    let source = r#"
        """Package docs."""
        import importlib
        from pkgutil import extend_path

        __path__ = extend_path(__path__, __name__)
        __all__ = ["load", "Plugin", name_of()]
        __all__ += ["extra"]
        __version__: str = "1.2"
        VERSION = __version__

        def load(name, __name__="shadow"):
            module = importlib.import_module(f"plugins.{name}")
            helper = __import__("json")
            return module, __name__, __file__

        if __name__ == "__main__":
            print(__doc__)
    "#;
    assert_rows(
        rows(source, "module_facts", "module_facts"),
        &[
            "F | NULL | 5 | 0 | attribute_write | __path__ | extend_path(__path__, __name__)",
            "F | NULL | 5 | 11 | namespace_package | pkgutil.extend_path | __path__",
            "F | NULL | 5 | 23 | attribute_read | __path__ | NULL",
            "F | NULL | 5 | 33 | attribute_read | __name__ | NULL",
            "F | NULL | 6 | 0 | attribute_write | __all__ | [\"load\", \"Plugin\", name_of()]",
            "F | NULL | 7 | 0 | attribute_write | __all__ | [\"extra\"]",
            "F | NULL | 8 | 0 | attribute_write | __version__ | \"1.2\"",
            "F | NULL | 9 | 10 | attribute_read | __version__ | NULL",
            "F | @load | 12 | 13 | dynamic_import | importlib.import_module | f\"plugins.{name}\"",
            "F | @load | 13 | 13 | dynamic_import | builtins.__import__ | \"json\"",
            "F | @load | 14 | 29 | attribute_read | __file__ | NULL",
            "F | NULL | 16 | 0 | main_guard | __name__ | __name__ == \"__main__\"",
            "F | NULL | 17 | 10 | attribute_read | __doc__ | NULL",
        ],
    );
    assert_rows(
        rows(source, "module_facts", "module_exports"),
        &["module_facts#4 | 0 | load", "module_facts#4 | 1 | Plugin", "module_facts#5 | 0 | extra"],
    );
}
