//! Exact rows of the control-flow extractors (`src/extract/control/`): loops, branches,
//! match_cases, except_handlers, statements and with_items.
//!
//! Each test runs parse → node index → `symbols` → one extractor on a snippet written for this
//! project and compares the whole table (see `tests/common/mod.rs` for how rows are rendered).
//! Counts follow Python's `ast`: one loop row per For/AsyncFor/While node, one branch row per
//! `if` chain (an `elif` is part of its `if`), one handler row per `except`/`except*` clause.
//! Also checked: the innermost scope (nested functions, lambdas, class bodies), nesting counted
//! inside one scope only, and the predecessor's defects fixed (nesting from parent links, not
//! file-wide; `break` in a loop's `else` belongs to the outer loop).

mod common;

use common::{assert_rows, rows};

// ---- loops ------------------------------------------------------------------------------------

#[test]
fn loops_kinds_nesting_and_iteration_styles() {
    let source = r#"
        def scan(rows, table):
            for i, row in enumerate(rows):
                for key, value in row.items():
                    while True:
                        if value:
                            break
                    table.append(key)
            else:
                for late in range(3):
                    pass

            def inner():
                for a, (b, *c) in zip(x, y):
                    pass

        async def pump(queue):
            async for item in queue:
                while 1:
                    continue
            while queue.pending:
                pass
            else:
                pass

        class Config:
            for name in ("a", "b"):
                pass
            squares = [lambda: [n for n in range(2)] for _ in range(3)]

        for k in data.keys():
            for v in d.values():
                for w in other:
                    break
                else:
                    break
    "#;
    // file | scope | line | col | kind | has_else | nesting_level | target_count | is_infinite |
    // target | iter | condition | iteration | has_break | grows_collection | inner_depth.
    // The `for` in the `else:` of the first loop is not nested in it (nesting 0); a `break` in
    // an `else:` leaves the loop around (the `for v` loop, line 34); `table.append` grows both
    // loops around it; the loops of `inner` start again at nesting 0.
    assert_rows(
        rows(source, "loops", "loops"),
        &[
            "F | @scan | 2 | 4 | for | 1 | 0 | 2 | NULL | i, row | enumerate(rows) | NULL | enumerate | 0 | 1 | 2",
            "F | @scan | 3 | 8 | for | 0 | 1 | 2 | NULL | key, value | row.items() | NULL | items | 0 | 1 | 1",
            "F | @scan | 4 | 12 | while | 0 | 2 | NULL | 1 | NULL | NULL | True | NULL | 1 | 0 | 0",
            "F | @scan | 9 | 8 | for | 0 | 0 | 1 | NULL | late | range(3) | NULL | range | 0 | 0 | 0",
            "F | @scan.<locals>.inner | 13 | 8 | for | 0 | 0 | 3 | NULL | a, (b, *c) | zip(x, y) | NULL | zip | 0 | 0 | 0",
            "F | @pump | 17 | 4 | async_for | 0 | 0 | 1 | NULL | item | queue | NULL | plain | 0 | 0 | 1",
            "F | @pump | 18 | 8 | while | 0 | 1 | NULL | 1 | NULL | NULL | 1 | NULL | 0 | 0 | 0",
            "F | @pump | 20 | 4 | while | 1 | 0 | NULL | 0 | NULL | NULL | queue.pending | NULL | 0 | 0 | 0",
            "F | @Config | 26 | 4 | for | 0 | 0 | 1 | NULL | name | (\"a\", \"b\") | NULL | plain | 0 | 0 | 0",
            "F | NULL | 30 | 0 | for | 0 | 0 | 1 | NULL | k | data.keys() | NULL | keys | 0 | 0 | 2",
            "F | NULL | 31 | 4 | for | 0 | 1 | 1 | NULL | v | d.values() | NULL | values | 1 | 0 | 1",
            "F | NULL | 32 | 8 | for | 1 | 2 | 1 | NULL | w | other | NULL | plain | 1 | 0 | 0",
        ],
    );
}

#[test]
fn loops_iteration_style_only_for_the_builtins_and_dict_views() {
    let source = r#"
        from itertools import zip_longest as zip

        def f(enumerate, d):
            for i, x in enumerate(d):
                pass
            for a, b in zip(d, d):
                pass
            for k in d.items(True):
                pass
            for n in range(10):
                nums.extend([n])
            while x := next(it, None):
                out.add(x)
    "#;
    // A parameter named `enumerate` and an imported `zip` are not the builtins; `items(True)` is
    // not a dict view. `condition` is the `while` test as written.
    assert_rows(
        rows(source, "loops", "loops"),
        &[
            "F | @f | 4 | 4 | for | 0 | 0 | 2 | NULL | i, x | enumerate(d) | NULL | plain | 0 | 0 | 0",
            "F | @f | 6 | 4 | for | 0 | 0 | 2 | NULL | a, b | zip(d, d) | NULL | plain | 0 | 0 | 0",
            "F | @f | 8 | 4 | for | 0 | 0 | 1 | NULL | k | d.items(True) | NULL | plain | 0 | 0 | 0",
            "F | @f | 10 | 4 | for | 0 | 0 | 1 | NULL | n | range(10) | NULL | range | 0 | 1 | 0",
            "F | @f | 12 | 4 | while | 0 | 0 | NULL | 0 | NULL | NULL | x := next(it, None) | NULL | 0 | 1 | 0",
        ],
    );
}
