//! Exact rows of the exceptions extractors (`src/extract/exceptions/`): raises, finally_blocks
//! and finally_calls.
//!
//! Each test runs parse → node index → `symbols` → one extractor on a snippet written for this
//! project and compares the whole table (see `tests/common/mod.rs` for the rendering). Also
//! checked: the innermost scope (a raise in a nested function or method belongs to it, not to
//! the outer function, and an `if` or `except` of the outer function is not its condition or
//! handler), exception names qualified through relative and aliased imports, and calls in a
//! lambda inside a `finally` not counted as the block's cleanup.

mod common;

use common::{assert_rows, rows};

#[test]
fn raises_with_type_message_cause_reraise_and_condition() {
    let source = r#"
        import logging
        from . import errors
        from requests.exceptions import HTTPError as HE

        def load(path, strict):
            if not path:
                raise ValueError("empty path")
            elif strict:
                raise errors.Invalid(f"bad {path}", code=2)
            else:
                if path.endswith("/"):
                    pass
                else:
                    raise HE
            try:
                return open(path)
            except OSError as exc:
                logging.error("failed")
                if strict:
                    raise
                raise errors.LoadError(path) from exc
            except KeyError as e:
                def later():
                    raise e
                raise e
            except Exception as err:
                raise RuntimeError() from None
            except BaseException as err:
                raise err.with_traceback(None)

        class Parser:
            def parse(self):
                raise NotImplementedError

        raise SystemExit(main())
    "#;
    // file | scope | line | col | exception | exception_qualified | expr | message | cause |
    // is_reraise | condition | branch. In `else`, the condition is the test of the clause before.
    assert_rows(
        rows(source, "raises", "raises"),
        &[
            "F | @load | 7 | 8 | ValueError | builtins.ValueError | ValueError(\"empty path\") | \"empty path\" | NULL | 0 | not path | if",
            "F | @load | 9 | 8 | errors.Invalid | pkg.errors.Invalid | errors.Invalid(f\"bad {path}\", code=2) | f\"bad {path}\" | NULL | 0 | strict | elif",
            "F | @load | 14 | 12 | HE | requests.exceptions.HTTPError | HE | NULL | NULL | 0 | path.endswith(\"/\") | else",
            "F | @load | 20 | 12 | NULL | NULL | NULL | NULL | NULL | 1 | strict | if",
            "F | @load | 21 | 8 | errors.LoadError | pkg.errors.LoadError | errors.LoadError(path) | path | exc | 0 | NULL | NULL",
            "F | @load.<locals>.later | 24 | 12 | e | NULL | e | NULL | NULL | 0 | NULL | NULL",
            "F | @load | 25 | 8 | e | NULL | e | NULL | NULL | 1 | NULL | NULL",
            "F | @load | 27 | 8 | RuntimeError | builtins.RuntimeError | RuntimeError() | NULL | None | 0 | NULL | NULL",
            "F | @load | 29 | 8 | err | NULL | err.with_traceback(None) | NULL | NULL | 1 | NULL | NULL",
            "F | @Parser.parse | 33 | 8 | NotImplementedError | builtins.NotImplementedError | NotImplementedError | NULL | NULL | 0 | NULL | NULL",
            "F | NULL | 35 | 0 | SystemExit | builtins.SystemExit | SystemExit(main()) | main() | NULL | 0 | NULL | NULL",
        ],
    );
}

#[test]
fn raise_of_a_local_exception_class_and_a_shadowed_builtin() {
    let source = r#"
        class ConfigError(Exception):
            pass

        def check(ValueError):
            if ValueError:
                raise ConfigError("x")
            raise ValueError
    "#;
    // The module's own class qualifies to pkg.mod; a parameter named ValueError is not the builtin.
    assert_rows(
        rows(source, "raises", "raises"),
        &[
            "F | @check | 6 | 8 | ConfigError | pkg.mod.ConfigError | ConfigError(\"x\") | \"x\" | NULL | 0 | ValueError | if",
            "F | @check | 7 | 4 | ValueError | NULL | ValueError | NULL | NULL | 0 | NULL | NULL",
        ],
    );
}

const FINALLY: &str = r#"
    import os
    from threading import Lock

    lock = Lock()

    def work(tmp, conn):
        lock.acquire()
        try:
            conn.execute("x")
        except Exception:
            pass
        else:
            conn.commit()
        # the cleanup
        finally :  # finally!
            lock.release()
            if tmp:
                os.unlink(tmp)
            cb = lambda: conn.close()
            try:
                conn.close()
            finally:
                log(conn.id())

    try: pass
    finally: print("done")
"#;

#[test]
fn finally_blocks_at_the_keyword() {
    // file | scope | line | col (of `finally`, past the comment line) | try_line |
    // statement_count | call_count. The lambda's call is not the block's.
    assert_rows(
        rows(FINALLY, "finally_blocks", "finally_blocks"),
        &[
            "F | @work | 15 | 4 | 8 | 4 | 5",
            "F | @work | 22 | 8 | 20 | 1 | 2",
            "F | NULL | 26 | 0 | 25 | 1 | 1",
        ],
    );
}

#[test]
fn finally_cleanup_calls() {
    // finally | line | col | callee | callee_qualified. The inner finally's calls are also in
    // the outer block.
    assert_rows(
        rows(FINALLY, "finally_blocks", "finally_calls"),
        &[
            "finally_blocks#0 | 16 | 8 | lock.release | NULL",
            "finally_blocks#0 | 18 | 12 | os.unlink | os.unlink",
            "finally_blocks#0 | 21 | 12 | conn.close | NULL",
            "finally_blocks#0 | 23 | 12 | log | NULL",
            "finally_blocks#0 | 23 | 16 | conn.id | NULL",
            "finally_blocks#1 | 23 | 12 | log | NULL",
            "finally_blocks#1 | 23 | 16 | conn.id | NULL",
            "finally_blocks#2 | 26 | 9 | print | builtins.print",
        ],
    );
}
