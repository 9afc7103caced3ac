//! Exact rows of the expression extractors (`src/extract/expressions/`): comprehensions,
//! comprehension_clauses, expressions and operators.
//!
//! Each test runs parse → node index → `symbols` → one extractor on a snippet written for this
//! project and compares the whole table (see `tests/common/mod.rs` for how rows are rendered).
//! Counts follow Python's `ast`: one comprehension row per ListComp/SetComp/DictComp/
//! GeneratorExp, one operator row per operator (`a < b <= c` and `a and b and c` give two).
//! Positions are those of `ast`, also for a generator expression that is a call's only argument
//! (it starts at the call's `(`); operators, which `ast` does not place, are at their token.

mod common;

use common::{assert_rows, rows};

// ---- comprehensions ---------------------------------------------------------------------------

#[test]
fn comprehensions_kinds_nesting_and_clauses() {
    let source = r#"
        def matrix(rows, limit):
            grid = [[c * 2 for c in row if c] for row in rows if row if len(row) < limit]
            total = sum(x for x in rows)
            lookup = {k: v for k, v in pairs for _ in (1, 2)}
            firsts = {r[0] for r in [y for y in rows]}
            pick = lambda: [(z := n) for n in range(3)]
            return (w for w in [v async for v in aiter()])

        class Table:
            cols = [c for c in "abc"]
    "#;
    // file | scope | line | col | kind | generator_count | has_filter | nesting_level | element |
    // is_async. The inner list of `grid` is nested (1); the list in the first iterable of
    // `firsts` is not (Python evaluates it once, before iterating); the comprehension in the
    // lambda belongs to the lambda's scope. `sum(x for x in rows)` starts at its `(` (col 15).
    assert_rows(
        rows(source, "comprehensions", "comprehensions"),
        &[
            "F | @matrix | 2 | 11 | list | 1 | 1 | 0 | [c * 2 for c in row if c] | 0",
            "F | @matrix | 2 | 12 | list | 1 | 1 | 1 | c * 2 | 0",
            "F | @matrix | 3 | 15 | generator | 1 | 0 | 0 | x | 0",
            "F | @matrix | 4 | 13 | dict | 2 | 0 | 0 | k: v | 0",
            "F | @matrix | 5 | 13 | set | 1 | 0 | 0 | r[0] | 0",
            "F | @matrix | 5 | 28 | list | 1 | 0 | 0 | y | 0",
            "F | @matrix.<locals>.<lambda> | 6 | 19 | list | 1 | 0 | 0 | z := n | 0",
            "F | @matrix | 7 | 11 | generator | 1 | 0 | 0 | w | 0",
            "F | @matrix | 7 | 23 | list | 1 | 0 | 0 | v | 1",
            "F | @Table | 10 | 11 | list | 1 | 0 | 0 | c | 0",
        ],
    );
    // comprehension | position | line | col | target | iter | is_async | filter_count | filter
    // (a clause is placed at its `for`, or `async`; two `if`s are kept as written).
    assert_rows(
        rows(source, "comprehensions", "comprehension_clauses"),
        &[
            "comprehensions#0 | 0 | 2 | 38 | row | rows | 0 | 2 | row if len(row) < limit",
            "comprehensions#1 | 0 | 2 | 19 | c | row | 0 | 1 | c",
            "comprehensions#2 | 0 | 3 | 18 | x | rows | 0 | 0 | NULL",
            "comprehensions#3 | 0 | 4 | 19 | k, v | pairs | 0 | 0 | NULL",
            "comprehensions#3 | 1 | 4 | 37 | _ | (1, 2) | 0 | 0 | NULL",
            "comprehensions#4 | 0 | 5 | 19 | r | [y for y in rows] | 0 | 0 | NULL",
            "comprehensions#5 | 0 | 5 | 31 | y | rows | 0 | 0 | NULL",
            "comprehensions#6 | 0 | 6 | 29 | n | range(3) | 0 | 0 | NULL",
            "comprehensions#7 | 0 | 7 | 14 | w | [v async for v in aiter()] | 0 | 0 | NULL",
            "comprehensions#8 | 0 | 7 | 26 | v | aiter() | 1 | 0 | NULL",
            "comprehensions#9 | 0 | 10 | 14 | c | \"abc\" | 0 | 0 | NULL",
        ],
    );
}

// ---- expressions ------------------------------------------------------------------------------

#[test]
fn expressions_kinds_details_and_loops() {
    let source = r#"
        async def feed(items, width):
            if (n := len(items)) > 10:
                label = "big" if n > 100 else "small"
            for item in items:
                data = await fetch(item)
                yield f"{item!r:>{width}} of {n}" "!"
            results = [await check(i) for i in items]
            head, *rest = items
            print(*rest, items[1:], items[::2], items[a:b, ::c])
            await asyncio.sleep(0)

        def gen(source):
            yield
            yield from source
            return t"hello {source}"
    "#;
    // file | scope | line | col | kind | detail | value | count | in_loop. The starred target
    // `*rest` of the assignment has no row (it is in `assignments`); `*rest` in the call has one.
    // An f-string's count is its replacement fields (`{width}` in a format spec is part of
    // `{item...}`); the awaits in the loop and in the comprehension are `in_loop`.
    assert_rows(
        rows(source, "expressions", "expressions"),
        &[
            "F | @feed | 2 | 8 | walrus | n | len(items) | NULL | 0",
            "F | @feed | 3 | 16 | ternary | n > 100 | NULL | NULL | 0",
            "F | @feed | 5 | 15 | await | fetch(item) | NULL | NULL | 1",
            "F | @feed | 6 | 8 | yield | f\"{item!r:>{width}} of {n}\" \"!\" | NULL | NULL | 1",
            "F | @feed | 6 | 14 | fstring | f\"{item!r:>{width}} of {n}\" \"!\" | NULL | 2 | 1",
            "F | @feed | 7 | 15 | await | check(i) | NULL | NULL | 1",
            "F | @feed | 9 | 10 | starred | rest | NULL | NULL | 0",
            "F | @feed | 9 | 23 | slice | 1: | NULL | NULL | 0",
            "F | @feed | 9 | 34 | slice | ::2 | NULL | NULL | 0",
            "F | @feed | 9 | 46 | slice | a:b | NULL | NULL | 0",
            "F | @feed | 9 | 51 | slice | ::c | NULL | NULL | 0",
            "F | @feed | 10 | 4 | await | asyncio.sleep(0) | NULL | NULL | 0",
            "F | @gen | 13 | 4 | yield | NULL | NULL | NULL | 0",
            "F | @gen | 14 | 4 | yield_from | source | NULL | NULL | 0",
            "F | @gen | 15 | 11 | tstring | t\"hello {source}\" | NULL | 1 | 0",
        ],
    );
}

// ---- operators --------------------------------------------------------------------------------

#[test]
fn operators_one_row_per_token() {
    let source = r#"
        def calc(a, b, c, m):
            if a < b <= c and b not in (1, 2) and a is not None:
                a //= 2
            x = -a + b * c @ m
            y = (a
                 # a comment with or and +
                 or not b)
            m @= m
            return x if a in "abc" else ~b ** 2 > 1 != c
    "#;
    // file | scope | line | col | kind | operator | left | right | chain_length |
    // container_type. Rows follow the tokens, not the tree (`+` is the outer node of line 4);
    // a token is found past the comment between the operands (line 7). `a and b and c` gives
    // two rows with chain_length 2.
    assert_rows(
        rows(source, "operators", "operators"),
        &[
            "F | @calc | 2 | 9 | compare | < | a | b | 2 | NULL",
            "F | @calc | 2 | 13 | compare | <= | b | c | 2 | NULL",
            "F | @calc | 2 | 18 | boolean | and | a < b <= c | b not in (1, 2) | 2 | NULL",
            "F | @calc | 2 | 24 | compare | not in | b | (1, 2) | 1 | tuple",
            "F | @calc | 2 | 38 | boolean | and | b not in (1, 2) | a is not None | 2 | NULL",
            "F | @calc | 2 | 44 | compare | is not | a | None | 1 | NULL",
            "F | @calc | 3 | 10 | augmented | //= | a | 2 | 1 | NULL",
            "F | @calc | 4 | 8 | unary | - | NULL | a | 1 | NULL",
            "F | @calc | 4 | 11 | binary | + | -a | b * c @ m | 1 | NULL",
            "F | @calc | 4 | 15 | binary | * | b | c | 1 | NULL",
            "F | @calc | 4 | 19 | binary | @ | b * c | m | 1 | NULL",
            "F | @calc | 7 | 9 | boolean | or | a | not b | 1 | NULL",
            "F | @calc | 7 | 12 | unary | not | NULL | b | 1 | NULL",
            "F | @calc | 8 | 6 | augmented | @= | m | m | 1 | NULL",
            "F | @calc | 9 | 18 | compare | in | a | \"abc\" | 1 | str",
            "F | @calc | 9 | 32 | unary | ~ | NULL | b ** 2 | 1 | NULL",
            "F | @calc | 9 | 35 | binary | ** | b | 2 | 1 | NULL",
            "F | @calc | 9 | 40 | compare | > | ~b ** 2 | 1 | 2 | NULL",
            "F | @calc | 9 | 44 | compare | != | 1 | c | 2 | NULL",
        ],
    );
}

#[test]
fn expressions_scopes_walrus_in_comprehensions_lambdas_and_class_bodies() {
    let source = r#"
        class Repo:
            limit = 10 if DEBUG else 100
            keys = [k for k in KEYS if (low := k.lower())]

            def rows(self, data):
                total = [y for x in data if (y := f(x)) is not None]
                key = lambda item: item[::-1]
                return (await_later := lambda: [*data])

        async def main(jobs):
            while (job := await jobs.get()) is not None:
                async with lock:
                    yield job
            results = {await j: j for j in jobs}
            first = await anext(aiter(jobs))
    "#;
    // A walrus in a comprehension binds in the enclosing function or class, and its row has that
    // scope (the comprehension is not a scope); a slice in a lambda has the lambda's. The `await`
    // in the `while` test runs each iteration (`in_loop` 1), as does the one in the dict
    // comprehension's key.
    assert_rows(
        rows(source, "expressions", "expressions"),
        &[
            "F | @Repo | 2 | 12 | ternary | DEBUG | NULL | NULL | 0",
            "F | @Repo | 3 | 32 | walrus | low | k.lower() | NULL | 1",
            "F | @Repo.rows | 6 | 37 | walrus | y | f(x) | NULL | 1",
            "F | @Repo.rows.<locals>.<lambda> | 7 | 32 | slice | ::-1 | NULL | NULL | 0",
            "F | @Repo.rows | 8 | 16 | walrus | await_later | lambda: [*data] | NULL | 0",
            "F | @Repo.rows.<locals>.<lambda> | 8 | 40 | starred | data | NULL | NULL | 0",
            "F | @main | 11 | 11 | walrus | job | await jobs.get() | NULL | 1",
            "F | @main | 11 | 18 | await | jobs.get() | NULL | NULL | 1",
            "F | @main | 13 | 12 | yield | job | NULL | NULL | 1",
            "F | @main | 14 | 15 | await | j | NULL | NULL | 1",
            "F | @main | 15 | 12 | await | anext(aiter(jobs)) | NULL | NULL | 0",
        ],
    );
}

#[test]
fn operators_scopes_membership_containers_and_mixed_boolean_chains() {
    let source = r#"
        class Flags:
            mask = 1 << 3 | 1
            ok = lambda v: v in {1, 2} or v in [3] and v not in range(9)

        def check(x, d):
            x **= 2; x >>= 1; x |= 4
            return [k for k in d if k in d.keys() and k is not x] + [+x] * 2
    "#;
    // `a or b and c` is `or(a, and(b, c))`: each boolean row has its own operands and chain.
    // The lambda in a class body is its own scope; operators in a comprehension belong to the
    // function. `d.keys()` shows no container type.
    assert_rows(
        rows(source, "operators", "operators"),
        &[
            "F | @Flags | 2 | 13 | binary | << | 1 | 3 | 1 | NULL",
            "F | @Flags | 2 | 18 | binary | | | 1 << 3 | 1 | 1 | NULL",
            "F | @Flags.<lambda> | 3 | 21 | compare | in | v | {1, 2} | 1 | set",
            "F | @Flags.<lambda> | 3 | 31 | boolean | or | v in {1, 2} | v in [3] and v not in range(9) | 1 | NULL",
            "F | @Flags.<lambda> | 3 | 36 | compare | in | v | [3] | 1 | list",
            "F | @Flags.<lambda> | 3 | 43 | boolean | and | v in [3] | v not in range(9) | 1 | NULL",
            "F | @Flags.<lambda> | 3 | 49 | compare | not in | v | range(9) | 1 | range",
            "F | @check | 6 | 6 | augmented | **= | x | 2 | 1 | NULL",
            "F | @check | 6 | 15 | augmented | >>= | x | 1 | 1 | NULL",
            "F | @check | 6 | 24 | augmented | |= | x | 4 | 1 | NULL",
            "F | @check | 7 | 30 | compare | in | k | d.keys() | 1 | NULL",
            "F | @check | 7 | 42 | boolean | and | k in d.keys() | k is not x | 1 | NULL",
            "F | @check | 7 | 48 | compare | is not | k | x | 1 | NULL",
            "F | @check | 7 | 58 | binary | + | [k for k in d if k in d.keys() and k is not x] | [+x] * 2 | 1 | NULL",
            "F | @check | 7 | 61 | unary | + | NULL | x | 1 | NULL",
            "F | @check | 7 | 65 | binary | * | [+x] | 2 | 1 | NULL",
        ],
    );
}
