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
    "#;
    assert_rows(
        rows(source, "function_features", "function_features"),
        &[
            "F | NULL | 7 | 1 | memoized | @cached | functools.cache",
            "F | NULL | 11 | 1 | memoized | @fib | functools.lru_cache",
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
            "F | @counter.<locals>.read | 36 | 15 | closure | @counter.<locals>.read | count",
            "F | @not_a_closure | 40 | 12 | lambda | @not_a_closure.<locals>.<lambda> | NULL",
        ],
    );
}
