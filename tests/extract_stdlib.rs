//! Exact rows of the stdlib domain (`src/extract/stdlib/`): collection_ops and stdlib_uses.
//!
//! Each test runs parse → node index → `symbols` → the `stdlib` extractor (which fills both
//! tables) in-process on a snippet and compares one whole table. Covered: collection types known from literals, constructors,
//! annotations and parameters in the same scope (and unknown otherwise), methods of modules and
//! of `self` that are not collection operations, builtins and `itertools`/`functools`/
//! `collections`/`heapq` qualified through imports, stdlib families through every import form
//! (`from os import path as p`), loggers held in names, shadowing, and the innermost scope.

mod common;

use common::{assert_rows, rows};

// ---- collection_ops -----------------------------------------------------------------------------

#[test]
fn collection_methods_with_known_and_unknown_types() {
    let source = r#"
        import os
        from collections import defaultdict, deque

        def collect(paths: list[str], options, seen=None):
            out = []
            index = {}
            groups = defaultdict(list)
            queue = deque()
            out.append(1)
            out.sort(key=len)
            index.setdefault("a", []).append(2)
            index.get("b")
            groups["k"].append(3)
            queue.appendleft(4)
            paths.extend(options)
            options.update(x=1)
            options.items()
            name = ", ".join(paths).upper()
            os.path.join("a", "b")
            tags = {"x"}
            tags.add("y")
            tags = None
            out = "text"
            out.split()
            return dict.fromkeys(paths)

        class Store:
            def __init__(self):
                self.items = []

            def add(self, item):
                self.items.append(item)
                self.update()

            def update(self):
                pass
    "#;
    // file | scope | line | col | kind | method | collection_type | mutates_in_place | target |
    // is_decorator
    assert_rows(
        rows(source, "stdlib", "collection_ops"),
        &[
            "F | @collect | 7 | 13 | collections | defaultdict | defaultdict | 0 | list | 0",
            "F | @collect | 8 | 12 | collections | deque | deque | 0 | NULL | 0",
            "F | @collect | 9 | 4 | list | append | list | 1 | out | 0",
            "F | @collect | 10 | 4 | list | sort | list | 1 | out | 0",
            // The receiver of `.append` is a call's result: type unknown, family by method.
            "F | @collect | 11 | 4 | list | append | NULL | 1 | index.setdefault(\"a\", []) | 0",
            "F | @collect | 11 | 4 | dict | setdefault | dict | 1 | index | 0",
            "F | @collect | 12 | 4 | dict | get | dict | 0 | index | 0",
            "F | @collect | 13 | 4 | list | append | NULL | 1 | groups[\"k\"] | 0",
            "F | @collect | 14 | 4 | deque | appendleft | deque | 1 | queue | 0",
            "F | @collect | 15 | 4 | list | extend | list | 1 | paths | 0",
            "F | @collect | 16 | 4 | collection | update | NULL | 1 | options | 0",
            "F | @collect | 17 | 4 | dict | items | NULL | 0 | options | 0",
            "F | @collect | 18 | 11 | string | upper | NULL | 0 | \", \".join(paths) | 0",
            "F | @collect | 18 | 11 | string | join | str | 0 | \", \" | 0",
            "F | @collect | 21 | 4 | set | add | set | 1 | tags | 0",
            "F | @collect | 24 | 4 | string | split | str | 0 | out | 0",
            "F | @collect | 25 | 11 | dict | fromkeys | dict | 0 | dict | 0",
            "F | @Store.add | 32 | 8 | list | append | NULL | 1 | self.items | 0",
        ],
    );
}

#[test]
fn builtins_and_helper_modules_through_imports() {
    let source = r#"
        import functools
        import itertools as it
        from heapq import heappush
        from functools import reduce

        @functools.cache
        def total(values: tuple):
            ordered = sorted(values)
            heap = []
            heappush(heap, 1)
            pairs = list(zip(values, ordered))
            flat = it.chain.from_iterable(pairs)
            return reduce(lambda a, b: a + b, flat, len(values))

        def shadow(len):
            return len([1])

        @functools.lru_cache(maxsize=8)
        def cached():
            pass
    "#;
    assert_rows(
        rows(source, "stdlib", "collection_ops"),
        &[
            "F | NULL | 6 | 1 | functools | cache | NULL | 0 | NULL | 1",
            "F | @total | 8 | 14 | builtin | sorted | tuple | 0 | values | 0",
            "F | @total | 10 | 4 | heapq | heappush | list | 1 | heap | 0",
            "F | @total | 11 | 12 | builtin | list | NULL | 0 | zip(values, ordered) | 0",
            "F | @total | 11 | 17 | builtin | zip | tuple | 0 | values | 0",
            "F | @total | 12 | 11 | itertools | chain.from_iterable | NULL | 0 | pairs | 0",
            "F | @total | 13 | 11 | functools | reduce | NULL | 0 | lambda a, b: a + b | 0",
            "F | @total | 13 | 44 | builtin | len | tuple | 0 | values | 0",
            "F | NULL | 18 | 1 | functools | lru_cache | NULL | 0 | NULL | 1",
        ],
    );
}

#[test]
fn collection_types_follow_bindings_through_scopes() {
    let source = r#"
        from typing import Dict
        REGISTRY = []

        def register(fn, table: Dict[str, int]):
            REGISTRY.append(fn)
            table.update(a=1)
            items = []
            items = make()
            items.append(fn)

            def later():
                items.pop()
            return later
    "#;
    assert_rows(
        rows(source, "stdlib", "collection_ops"),
        &[
            // A module-level list used in a function: its last module-level binding.
            "F | @register | 5 | 4 | list | append | list | 1 | REGISTRY | 0",
            "F | @register | 6 | 4 | dict | update | dict | 1 | table | 0",
            // Rebound to something unknown before the call: the type is unknown again.
            "F | @register | 9 | 4 | list | append | NULL | 1 | items | 0",
            "F | @register.<locals>.later | 12 | 8 | collection | pop | NULL | 1 | items | 0",
        ],
    );
}

// ---- stdlib_uses --------------------------------------------------------------------------------

#[test]
fn stdlib_families_through_every_import_form() {
    let source = r#"
        import json, re as regex
        import logging
        import os.path
        from os import path as p
        from pathlib import Path
        from contextlib import contextmanager, suppress
        from concurrent.futures import ThreadPoolExecutor
        from datetime import datetime

        log = logging.getLogger(__name__)

        @contextmanager
        def opened(name):
            with suppress(OSError), open(name) as handle:
                yield json.load(handle)

        def work(data, pattern):
            compiled = regex.compile(pattern)
            if compiled.match(data) and isinstance(data, str):
                log.info("matched %s", p.join("a", data))
            stamp = datetime.now().isoformat()
            with ThreadPoolExecutor() as pool:
                pool.submit(os.path.exists, Path(data).resolve())
            json = {"shadowed": True}
            json.dumps(stamp)
            kind = type(data)
            Dynamic = type("Dynamic", (), {})
    "#;
    // file | scope | line | col | kind | module | function | is_decorator
    assert_rows(
        rows(source, "stdlib", "stdlib_uses"),
        &[
            "F | NULL | 10 | 6 | logging | logging | getLogger | 0",
            "F | NULL | 12 | 1 | contextlib | contextlib | contextmanager | 1",
            "F | @opened | 14 | 9 | contextlib | contextlib | suppress | 0",
            "F | @opened | 14 | 28 | io | builtins | open | 0",
            "F | @opened | 15 | 14 | json | json | load | 0",
            "F | @work | 18 | 15 | re | re | compile | 0",
            "F | @work | 19 | 7 | re | re | Pattern.match | 0",
            "F | @work | 19 | 32 | typing | builtins | isinstance | 0",
            "F | @work | 20 | 8 | logging | logging | Logger.info | 0",
            "F | @work | 20 | 31 | pathlib | os.path | join | 0",
            "F | @work | 21 | 12 | datetime | datetime | datetime.now | 0",
            "F | @work | 22 | 9 | concurrent | concurrent.futures | ThreadPoolExecutor | 0",
            "F | @work | 23 | 36 | pathlib | pathlib | Path | 0",
            // `type(x)` checks a type; `type(name, bases, namespace)` creates a class.
            "F | @work | 26 | 11 | typing | builtins | type | 0",
        ],
    );
}
