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

// ---- branches and match_cases -------------------------------------------------------------------

#[test]
fn branches_if_chains_match_and_try() {
    let source = r#"
        def route(cmd, x):
            if cmd == "a":
                pass
            elif cmd == "b" and x:
                pass
            elif not (x or cmd):
                pass
            else:
                if x:
                    pass
            match cmd:
                case ["go", direction] if direction:
                    pass
                case {"k": 1} | Point(x=0):
                    pass
                case _ if x:
                    pass
            try:
                pass
            except* ValueError:
                pass
            else:
                pass
            finally:
                pass

        class C:
            if 0 < x < 9:
                pass
            try:
                match x:
                    case 1 as one:
                        pass
                    case other:
                        pass
            except:
                pass
            finally:
                pass

        if __name__ == "__main__":
            f = lambda: [y for y in z if y]
    "#;
    // file | scope | line | col | kind | has_else | elif_count | case_count | has_guard |
    // has_wildcard | handler_count | nesting_level | has_finally | has_complex_condition |
    // condition. One row for the whole `if`/`elif`/`elif`/`else` chain; the `if` in its `else:`
    // is nested (level 1). `case _ if x` has a guard, so it does not take everything; `case
    // other` does. `try*` is `try_star`.
    assert_rows(
        rows(source, "branches", "branches"),
        &[
            "F | @route | 2 | 4 | if | 1 | 2 | NULL | NULL | NULL | NULL | 0 | NULL | 1 | cmd == \"a\"",
            "F | @route | 9 | 8 | if | 0 | 0 | NULL | NULL | NULL | NULL | 1 | NULL | 0 | x",
            "F | @route | 11 | 4 | match | NULL | NULL | 3 | 1 | 0 | NULL | 0 | NULL | NULL | cmd",
            "F | @route | 18 | 4 | try_star | 1 | NULL | NULL | NULL | NULL | 1 | 0 | 1 | NULL | NULL",
            "F | @C | 28 | 4 | if | 0 | 0 | NULL | NULL | NULL | NULL | 0 | NULL | 1 | 0 < x < 9",
            "F | @C | 30 | 4 | try | 0 | NULL | NULL | NULL | NULL | 1 | 0 | 1 | NULL | NULL",
            "F | @C | 31 | 8 | match | NULL | NULL | 2 | 0 | 1 | NULL | 1 | NULL | NULL | x",
            "F | NULL | 41 | 0 | if | 0 | 0 | NULL | NULL | NULL | NULL | 0 | NULL | 0 | __name__ == \"__main__\"",
        ],
    );
    // branch | position | line | col | pattern_kind | pattern | guard (positions of the patterns).
    assert_rows(
        rows(source, "branches", "match_cases"),
        &[
            "branches#2 | 0 | 12 | 13 | sequence | [\"go\", direction] | direction",
            "branches#2 | 1 | 14 | 13 | or | {\"k\": 1} | Point(x=0) | NULL",
            "branches#2 | 2 | 16 | 13 | wildcard | _ | x",
            "branches#6 | 0 | 32 | 17 | as | 1 as one | NULL",
            "branches#6 | 1 | 34 | 17 | capture | other | NULL",
        ],
    );
}

// ---- except_handlers ----------------------------------------------------------------------------

#[test]
fn except_handlers_types_and_strategies() {
    let source = r#"
        import logging
        log = logging.getLogger(__name__)

        def load(path):
            try:
                return open(path).read()
            except FileNotFoundError:
                return None
            except (KeyError, IndexError) as err:
                log.warning("bad key %s", err)
                raise
            except ValueError as err:
                raise ConfigError(path) from err
            except OSError:
                return ""
            except Exception as exc:
                if exc.args:
                    raise exc
                logging.exception("load failed")
            except BaseException:
                ...
            except:
                pass

        for item in items:
            try:
                handle(item)
            except* (TimeoutError, Exception):
                continue
            except* RuntimeError as group:
                print(group)
                try:
                    cleanup()
                except:
                    raise
            except* ArithmeticError:
                def report():
                    raise
                counter += 1
    "#;
    // file | scope | line | col | kind | exception_types | name | is_bare | reraises | strategy |
    // try_id | is_broad | logs. The bare `raise` in the nested `except:` belongs to that handler,
    // not to `except* RuntimeError` (which only prints: `log`); the one in `report` belongs to
    // no handler (another scope). `raise exc` inside an `if` re-raises; `raise ConfigError`
    // converts. `try_id` is the `branches` row of the handler's `try` (rows 1 and 3 are the
    // `if exc.args` and the nested `try`).
    assert_rows(
        rows(source, "except_handlers", "except_handlers"),
        &[
            "F | @load | 7 | 4 | except | FileNotFoundError | NULL | 0 | 0 | return_none | branches#0 | 0 | 0",
            "F | @load | 9 | 4 | except | (KeyError, IndexError) | err | 0 | 1 | log_and_reraise | branches#0 | 0 | 1",
            "F | @load | 12 | 4 | except | ValueError | err | 0 | 0 | convert | branches#0 | 0 | 0",
            "F | @load | 14 | 4 | except | OSError | NULL | 0 | 0 | return_default | branches#0 | 0 | 0",
            "F | @load | 16 | 4 | except | Exception | exc | 0 | 1 | log_and_reraise | branches#0 | 1 | 1",
            "F | @load | 20 | 4 | except | BaseException | NULL | 0 | 0 | swallow | branches#0 | 1 | 0",
            "F | @load | 22 | 4 | except | NULL | NULL | 1 | 0 | swallow | branches#0 | 1 | 0",
            "F | NULL | 28 | 4 | except_star | (TimeoutError, Exception) | NULL | 0 | 0 | swallow | branches#2 | 1 | 0",
            "F | NULL | 30 | 4 | except_star | RuntimeError | group | 0 | 0 | log | branches#2 | 0 | 1",
            "F | NULL | 34 | 8 | except | NULL | NULL | 1 | 1 | reraise | branches#3 | 1 | 0",
            "F | NULL | 36 | 4 | except_star | ArithmeticError | NULL | 0 | 0 | other | branches#2 | 0 | 0",
        ],
    );
}

// ---- statements and with_items ------------------------------------------------------------------

#[test]
fn statements_kinds_and_details() {
    let source = r#"
        counter = 0

        def bump(path, *items):
            global counter, total
            assert items, f"nothing for {path}"
            assert path
            with open(path) as src, lock:
                del items[0], cache[path]
            for item in items:
                if not item:
                    continue
                while item:
                    break
                else:
                    break
            def inner():
                nonlocal path
                raise ValueError(path) from None
            raise

        class Session:
            async def run(self):
                async with (self.pool.acquire() as conn, timeout(3) as t):
                    pass
    "#;
    // file | scope | line | col | kind | detail | count | message | cause | loop_id. `detail` of a
    // break/continue is the kind of its loop and `loop_id` its `loops` row: the `break` in the
    // `while`'s `else:` leaves the `for` (loops#0), not the `while` (loops#1).
    assert_rows(
        rows(source, "statements", "statements"),
        &[
            "F | @bump | 4 | 4 | global | counter, total | 2 | NULL | NULL | NULL",
            "F | @bump | 5 | 4 | assert | items | NULL | f\"nothing for {path}\" | NULL | NULL",
            "F | @bump | 6 | 4 | assert | path | NULL | NULL | NULL | NULL",
            "F | @bump | 7 | 4 | with | open(path) as src, lock | 2 | NULL | NULL | NULL",
            "F | @bump | 8 | 8 | del | items[0], cache[path] | 2 | NULL | NULL | NULL",
            "F | @bump | 11 | 12 | continue | for | NULL | NULL | NULL | loops#0",
            "F | @bump | 13 | 12 | break | while | NULL | NULL | NULL | loops#1",
            "F | @bump | 15 | 12 | break | for | NULL | NULL | NULL | loops#0",
            "F | @bump.<locals>.inner | 17 | 8 | nonlocal | path | 1 | NULL | NULL | NULL",
            "F | @bump.<locals>.inner | 18 | 8 | raise | ValueError(path) | NULL | NULL | None | NULL",
            "F | @bump | 19 | 4 | raise | NULL | NULL | NULL | NULL | NULL",
            "F | @Session.run | 23 | 8 | async_with | self.pool.acquire() as conn, timeout(3) as t | 2 | NULL | NULL | NULL",
            "F | @Session.run | 24 | 12 | pass | NULL | NULL | NULL | NULL | NULL",
        ],
    );
    // statement | position | line | col | expr | alias.
    assert_rows(
        rows(source, "statements", "with_items"),
        &[
            "statements#3 | 0 | 7 | 9 | open(path) | src",
            "statements#3 | 1 | 7 | 28 | lock | NULL",
            "statements#11 | 0 | 23 | 20 | self.pool.acquire() | conn",
            "statements#11 | 1 | 23 | 49 | timeout(3) | t",
        ],
    );
}

#[test]
fn except_handlers_fallback_values_and_loop_exits() {
    let source = r#"
        try:
            from _speedups import scan
        except ImportError:
            scan = None
        except (AttributeError, TypeError) as exc:
            scan: object = fallback
            logging.getLogger().warning("no speedups: %s", exc)
        while True:
            try:
                item = next(it)
            except StopIteration:
                break
            except LookupError:
                count += 1
    "#;
    // An assignment-only body gives a fallback value (`assign_default`); with a report it is
    // `log`. `break` and an augmented assignment are `other`.
    assert_rows(
        rows(source, "except_handlers", "except_handlers"),
        &[
            "F | NULL | 3 | 0 | except | ImportError | NULL | 0 | 0 | assign_default | branches#0 | 0 | 0",
            "F | NULL | 5 | 0 | except | (AttributeError, TypeError) | exc | 0 | 0 | log | branches#0 | 0 | 1",
            "F | NULL | 11 | 4 | except | StopIteration | NULL | 0 | 0 | other | branches#1 | 0 | 0",
            "F | NULL | 13 | 4 | except | LookupError | NULL | 0 | 0 | other | branches#1 | 0 | 0",
        ],
    );
}

#[test]
fn except_handlers_unparenthesized_types_of_python_3_14() {
    let source = r#"
        try:
            connect()
        except TimeoutError, Exception:
            raise RetryLater()
    "#;
    // PEP 758: several types without parentheses; the text is kept as written.
    assert_rows(
        rows(source, "except_handlers", "except_handlers"),
        &[
            "F | NULL | 3 | 0 | except | TimeoutError, Exception | NULL | 0 | 0 | convert | branches#0 | 1 | 0",
        ],
    );
}
