//! Exact shapes of the control-flow graphs (`src/extract/cfg/`): `cfg_blocks`, `cfg_edges` and
//! `cfg_statements`.
//!
//! `graph(source, "@f")` renders one graph (the blocks whose symbol_id is `@f`, or `NULL` for
//! module level) as a list of lines: each block as `b<n> <kind> <start>-<end> [<condition>]`
//! (numbered from 0 within the graph) followed by its statements as `  <line> <kind>: <text>`,
//! then every edge as `b<n> -> b<m> <kind>`. Tests compare the whole list, so an extra,
//! missing or misplaced block, statement or edge fails. `rows` checks the raw columns once.

mod common;

use common::{assert_rows, rows};

/// One graph of `source` as lines (see the module doc).
fn graph(source: &str, symbol: &str) -> Vec<String> {
    let blocks = rows(source, "cfg", "cfg_blocks");
    let edges = rows(source, "cfg", "cfg_edges");
    let statements = rows(source, "cfg", "cfg_statements");
    // Global block numbers of this graph, in order.
    let mine: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, row)| row.split(" | ").nth(1) == Some(symbol))
        .map(|(n, _)| n)
        .collect();
    assert!(!mine.is_empty(), "no graph for {symbol}");
    let local = |reference: &str| -> String {
        let n: usize = reference.strip_prefix("cfg_blocks#").expect("a block reference").parse().unwrap();
        let position = mine.iter().position(|&m| m == n).expect("edge inside its own graph");
        format!("b{position}")
    };
    let mut out = Vec::new();
    for (position, &n) in mine.iter().enumerate() {
        // The condition is the last column and may itself contain ` | ` (`case [a] | [b]`).
        let cells: Vec<&str> = blocks[n].splitn(6, " | ").collect();
        let lines = if cells[3] == "NULL" { String::new() } else { format!(" {}-{}", cells[3], cells[4]) };
        let condition = if cells[5] == "NULL" { String::new() } else { format!(" [{}]", cells[5]) };
        out.push(format!("b{position} {}{lines}{condition}", cells[2]));
        let prefix = format!("cfg_blocks#{n} | ");
        let mut expected_position = 0;
        for statement in statements.iter().filter(|s| s.starts_with(&prefix)) {
            let cells: Vec<&str> = statement.splitn(5, " | ").collect();
            assert_eq!(cells[1], expected_position.to_string(), "positions count from 0 in a block");
            expected_position += 1;
            out.push(format!("  {} {}: {}", cells[2], cells[3], cells[4]));
        }
    }
    for edge in &edges {
        let cells: Vec<&str> = edge.split(" | ").collect();
        if cells[1] == symbol {
            out.push(format!("{} -> {} {}", local(cells[2]), local(cells[3]), cells[4]));
        }
    }
    out
}

#[test]
fn straight_line() {
    let source = r#"
        def f(x):
            y = x + 1
            y += 2
            print(y)
            return y
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 basic 2-5",
            "  2 assign: y = x + 1",
            "  3 aug_assign: y += 2",
            "  4 expr: print(y)",
            "  5 return: return y",
            "b2 exit",
            "b0 -> b1 normal",
            "b1 -> b2 return",
        ],
    );
}

#[test]
fn if_elif_else() {
    let source = r#"
        def f(x):
            if x > 0:
                a = 1
            elif x < 0:
                a = 2
            elif x == 0:
                a = 3
            else:
                a = 4
            return a
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 condition 2-2 [x > 0]",
            "  2 if: if x > 0:",
            "b2 basic 3-3",
            "  3 assign: a = 1",
            "b3 condition 4-4 [x < 0]",
            "  4 elif: elif x < 0:",
            "b4 basic 5-5",
            "  5 assign: a = 2",
            "b5 condition 6-6 [x == 0]",
            "  6 elif: elif x == 0:",
            "b6 basic 7-7",
            "  7 assign: a = 3",
            "b7 basic 9-9",
            "  9 assign: a = 4",
            "b8 basic 10-10",
            "  10 return: return a",
            "b9 exit",
            "b0 -> b1 normal",
            "b1 -> b2 true",
            "b1 -> b3 false",
            "b2 -> b8 normal",
            "b3 -> b4 true",
            "b3 -> b5 false",
            "b4 -> b8 normal",
            "b5 -> b6 true",
            "b5 -> b7 false",
            "b6 -> b8 normal",
            "b7 -> b8 normal",
            "b8 -> b9 return",
        ],
    );
}

#[test]
fn if_without_else_and_one_line_if() {
    let source = r#"
        def f(x):
            if x: x = 0
            if (x and
                    x > 1):
                pass
            done()
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 condition 2-2 [x]",
            "  2 if: if x: x = 0",
            "b2 basic 2-2",
            "  2 assign: x = 0",
            "b3 condition 3-4 [x and\\n            x > 1]",
            "  3 if: if (x and",
            "b4 basic 5-5",
            "  5 pass: pass",
            "b5 basic 6-6",
            "  6 expr: done()",
            "b6 exit",
            "b0 -> b1 normal",
            "b1 -> b2 true",
            "b1 -> b3 false",
            "b2 -> b3 normal",
            "b3 -> b4 true",
            "b3 -> b5 false",
            "b4 -> b5 normal",
            "b5 -> b6 normal",
        ],
    );
}

#[test]
fn nested_if_in_loop() {
    let source = r#"
        def f(items):
            total = 0
            for item in items:
                if item:
                    total += item
                else:
                    total -= 1
            return total
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 basic 2-2",
            "  2 assign: total = 0",
            "b2 loop_condition 3-3 [item in items]",
            "  3 for: for item in items:",
            "b3 condition 4-4 [item]",
            "  4 if: if item:",
            "b4 basic 5-5",
            "  5 aug_assign: total += item",
            "b5 basic 7-7",
            "  7 aug_assign: total -= 1",
            "b6 basic 8-8",
            "  8 return: return total",
            "b7 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 true",
            "b2 -> b6 false",
            "b3 -> b4 true",
            "b3 -> b5 false",
            "b4 -> b2 loop_back",
            "b5 -> b2 loop_back",
            "b6 -> b7 return",
        ],
    );
}

#[test]
fn while_with_else_break_and_continue() {
    let source = r#"
        def f(n):
            while n > 0:
                n -= 1
                if n == 5:
                    continue
                if n == 3:
                    break
                step(n)
            else:
                exhausted()
            return n
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 loop_condition 2-2 [n > 0]",
            "  2 while: while n > 0:",
            "b2 basic 3-3",
            "  3 aug_assign: n -= 1",
            "b3 condition 4-4 [n == 5]",
            "  4 if: if n == 5:",
            "b4 basic 5-5",
            "  5 continue: continue",
            "b5 condition 6-6 [n == 3]",
            "  6 if: if n == 3:",
            "b6 basic 7-7",
            "  7 break: break",
            "b7 basic 8-8",
            "  8 expr: step(n)",
            "b8 basic 10-10",
            "  10 expr: exhausted()",
            "b9 basic 11-11",
            "  11 return: return n",
            "b10 exit",
            "b0 -> b1 normal",
            "b1 -> b2 true",
            "b1 -> b8 false",
            "b2 -> b3 normal",
            "b3 -> b4 true",
            "b3 -> b5 false",
            "b4 -> b1 continue",
            "b5 -> b6 true",
            "b5 -> b7 false",
            "b6 -> b9 break",
            "b7 -> b1 loop_back",
            "b8 -> b9 normal",
            "b9 -> b10 return",
        ],
    );
}

#[test]
fn while_true_is_left_only_by_break() {
    let source = r#"
        def f():
            while True:
                if poll():
                    break
            done()
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 loop_condition 2-2 [True]",
            "  2 while: while True:",
            "b2 condition 3-3 [poll()]",
            "  3 if: if poll():",
            "b3 basic 4-4",
            "  4 break: break",
            "b4 basic 5-5",
            "  5 expr: done()",
            "b5 exit",
            "b0 -> b1 normal",
            "b1 -> b2 true",
            "b2 -> b3 true",
            "b2 -> b1 false",
            "b3 -> b4 break",
            "b4 -> b5 normal",
        ],
    );
}

#[test]
fn for_with_else() {
    let source = r#"
        def f(pairs):
            for k, v in pairs:
                if v is None:
                    break
            else:
                return True
            return False
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 loop_condition 2-2 [k, v in pairs]",
            "  2 for: for k, v in pairs:",
            "b2 condition 3-3 [v is None]",
            "  3 if: if v is None:",
            "b3 basic 4-4",
            "  4 break: break",
            "b4 basic 6-6",
            "  6 return: return True",
            "b5 basic 7-7",
            "  7 return: return False",
            "b6 exit",
            "b0 -> b1 normal",
            "b1 -> b2 true",
            "b1 -> b4 false",
            "b2 -> b3 true",
            "b2 -> b1 false",
            "b3 -> b5 break",
            "b4 -> b6 return",
            "b5 -> b6 return",
        ],
    );
}

#[test]
fn return_inside_a_loop_and_unreachable_code() {
    let source = r#"
        def f(xs):
            for x in xs:
                if x:
                    return x
                    print("never")
            return None
            print("never either")
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 loop_condition 2-2 [x in xs]",
            "  2 for: for x in xs:",
            "b2 condition 3-3 [x]",
            "  3 if: if x:",
            "b3 basic 4-4",
            "  4 return: return x",
            "b4 basic 6-6",
            "  6 return: return None",
            "b5 exit",
            "b0 -> b1 normal",
            "b1 -> b2 true",
            "b1 -> b4 false",
            "b2 -> b3 true",
            "b2 -> b1 false",
            "b3 -> b5 return",
            "b4 -> b5 return",
        ],
    );
}

#[test]
fn try_except_else_finally() {
    let source = r#"
        def f(path):
            try:
                data = read(path)
            except FileNotFoundError as error:
                log(error)
                data = None
            except (OSError, ValueError):
                raise
            else:
                check(data)
            finally:
                # cleanup
                close()
            return data
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 try 2-2",
            "  2 try: try:",
            "b2 basic 3-3",
            "  3 assign: data = read(path)",
            "b3 except 4-4 [FileNotFoundError]",
            "  4 except: except FileNotFoundError as error:",
            "b4 basic 5-6",
            "  5 expr: log(error)",
            "  6 assign: data = None",
            "b5 except 7-7 [(OSError, ValueError)]",
            "  7 except: except (OSError, ValueError):",
            "b6 basic 8-8",
            "  8 raise: raise",
            "b7 basic 10-10",
            "  10 expr: check(data)",
            "b8 finally 11-11",
            "  11 finally: finally:",
            "b9 basic 13-13",
            "  13 expr: close()",
            "b10 basic 14-14",
            "  14 return: return data",
            "b11 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 exception",
            "b2 -> b7 normal",
            "b3 -> b4 true",
            "b3 -> b5 false",
            "b4 -> b8 normal",
            "b4 -> b8 exception",
            "b5 -> b6 true",
            "b5 -> b8 exception",
            "b6 -> b8 exception",
            "b7 -> b8 normal",
            "b7 -> b8 exception",
            "b8 -> b9 normal",
            "b9 -> b11 exception",
            "b9 -> b10 normal",
            "b10 -> b11 return",
        ],
    );
}

#[test]
fn try_finally_with_return() {
    let source = r#"
        def f(lock):
            lock.acquire()
            try:
                return work()
            finally:
                lock.release()
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 basic 2-2",
            "  2 expr: lock.acquire()",
            "b2 try 3-3",
            "  3 try: try:",
            "b3 basic 4-4",
            "  4 return: return work()",
            "b4 finally 5-5",
            "  5 finally: finally:",
            "b5 basic 6-6",
            "  6 expr: lock.release()",
            "b6 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 normal",
            "b3 -> b4 exception",
            "b3 -> b4 return",
            "b4 -> b5 normal",
            "b5 -> b6 exception",
            "b5 -> b6 return",
        ],
    );
}

#[test]
fn bare_except_catches_everything() {
    let source = r#"
        def f():
            try:
                risky()
            except:
                pass
            after()
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 try 2-2",
            "  2 try: try:",
            "b2 basic 3-3",
            "  3 expr: risky()",
            "b3 except 4-4",
            "  4 except: except:",
            "b4 basic 5-5",
            "  5 pass: pass",
            "b5 basic 6-6",
            "  6 expr: after()",
            "b6 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 exception",
            "b2 -> b5 normal",
            "b3 -> b4 true",
            "b4 -> b5 normal",
            "b5 -> b6 normal",
        ],
    );
}

#[test]
fn except_star() {
    let source = r#"
        def f():
            try:
                run_group()
            except* ValueError as group:
                handle(group)
            except* TypeError:
                pass
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 try 2-2",
            "  2 try_star: try:",
            "b2 basic 3-3",
            "  3 expr: run_group()",
            "b3 except 4-4 [ValueError]",
            "  4 except_star: except* ValueError as group:",
            "b4 basic 5-5",
            "  5 expr: handle(group)",
            "b5 except 6-6 [TypeError]",
            "  6 except_star: except* TypeError:",
            "b6 basic 7-7",
            "  7 pass: pass",
            "b7 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 exception",
            "b2 -> b7 normal",
            "b3 -> b4 true",
            "b3 -> b5 false",
            "b4 -> b7 normal",
            "b5 -> b6 true",
            "b5 -> b7 exception",
            "b6 -> b7 normal",
        ],
    );
}

#[test]
fn raise_goes_to_the_exit() {
    let source = r#"
        def f(x):
            if x < 0:
                raise ValueError(x)
            return x
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 condition 2-2 [x < 0]",
            "  2 if: if x < 0:",
            "b2 basic 3-3",
            "  3 raise: raise ValueError(x)",
            "b3 basic 4-4",
            "  4 return: return x",
            "b4 exit",
            "b0 -> b1 normal",
            "b1 -> b2 true",
            "b1 -> b3 false",
            "b2 -> b4 exception",
            "b3 -> b4 return",
        ],
    );
}

#[test]
fn with_statement() {
    let source = r#"
        def f(path):
            with open(path) as fh, lock:
                data = fh.read()
            return data
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 with 2-2",
            "  2 with: with open(path) as fh, lock:",
            "b2 basic 3-3",
            "  3 assign: data = fh.read()",
            "b3 basic 4-4",
            "  4 return: return data",
            "b4 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 normal",
            "b2 -> b3 exception",
            "b3 -> b4 return",
        ],
    );
}

#[test]
fn match_with_guard_and_wildcard() {
    let source = r#"
        def f(command):
            match command.split():
                case ["go", direction] if direction in DIRECTIONS:
                    move(direction)
                case ["quit"] | ["exit"]:
                    return
                case _:
                    unknown(command)
            prompt()
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 match 2-2",
            "  2 match: match command.split():",
            "b2 case 3-3 [[\"go\", direction] if direction in DIRECTIONS]",
            "  3 case: case [\"go\", direction] if direction in DIRECTIONS:",
            "b3 basic 4-4",
            "  4 expr: move(direction)",
            "b4 case 5-5 [[\"quit\"] | [\"exit\"]]",
            "  5 case: case [\"quit\"] | [\"exit\"]:",
            "b5 basic 6-6",
            "  6 return: return",
            "b6 case 7-7 [_]",
            "  7 case: case _:",
            "b7 basic 8-8",
            "  8 expr: unknown(command)",
            "b8 basic 9-9",
            "  9 expr: prompt()",
            "b9 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 true",
            "b2 -> b4 false",
            "b3 -> b8 normal",
            "b4 -> b5 true",
            "b4 -> b6 false",
            "b5 -> b9 return",
            "b6 -> b7 true",
            "b7 -> b8 normal",
            "b8 -> b9 normal",
        ],
    );
}

#[test]
fn match_without_catch_all() {
    let source = r#"
        def f(point):
            match point:
                case Point(x=0):
                    origin()
                case other if other:
                    some()
            done()
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 match 2-2",
            "  2 match: match point:",
            "b2 case 3-3 [Point(x=0)]",
            "  3 case: case Point(x=0):",
            "b3 basic 4-4",
            "  4 expr: origin()",
            "b4 case 5-5 [other if other]",
            "  5 case: case other if other:",
            "b5 basic 6-6",
            "  6 expr: some()",
            "b6 basic 7-7",
            "  7 expr: done()",
            "b7 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 true",
            "b2 -> b4 false",
            "b3 -> b6 normal",
            "b4 -> b5 true",
            "b4 -> b6 false",
            "b5 -> b6 normal",
            "b6 -> b7 normal",
        ],
    );
}

#[test]
fn nested_function_has_its_own_graph() {
    let source = r#"
        def outer(x):
            @decorate
            def inner(y):
                if y:
                    return y
                return 0
            class Local:
                attr = 1
            return inner(x)
    "#;
    assert_rows(
        graph(source, "@outer"),
        &[
            "b0 entry",
            "b1 basic 3-9",
            "  3 function_def: def inner(y):",
            "  7 class_def: class Local:",
            "  9 return: return inner(x)",
            "b2 exit",
            "b0 -> b1 normal",
            "b1 -> b2 return",
        ],
    );
    assert_rows(
        graph(source, "@outer.<locals>.inner"),
        &[
            "b0 entry",
            "b1 condition 4-4 [y]",
            "  4 if: if y:",
            "b2 basic 5-5",
            "  5 return: return y",
            "b3 basic 6-6",
            "  6 return: return 0",
            "b4 exit",
            "b0 -> b1 normal",
            "b1 -> b2 true",
            "b1 -> b3 false",
            "b2 -> b4 return",
            "b3 -> b4 return",
        ],
    );
    assert_rows(
        graph(source, "@outer.<locals>.Local"),
        &[
            "b0 entry",
            "b1 basic 8-8",
            "  8 assign: attr = 1",
            "b2 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
        ],
    );
}

#[test]
fn lambda_graph() {
    let source = r#"
        key = lambda item: item[1]
    "#;
    assert_rows(
        graph(source, "@<lambda>"),
        &["b0 entry", "b1 basic 1-1", "  1 expr: item[1]", "b2 exit", "b0 -> b1 normal", "b1 -> b2 return"],
    );
    assert_rows(
        graph(source, "NULL"),
        &[
            "b0 entry",
            "b1 basic 1-1",
            "  1 assign: key = lambda item: item[1]",
            "b2 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
        ],
    );
}

#[test]
fn module_level() {
    let source = r#"
        import sys

        if sys.version_info >= (3, 11):
            import tomllib
        else:
            tomllib = None

        def main():
            pass

        if __name__ == "__main__":
            main()
    "#;
    assert_rows(
        graph(source, "NULL"),
        &[
            "b0 entry",
            "b1 basic 1-1",
            "  1 import: import sys",
            "b2 condition 3-3 [sys.version_info >= (3, 11)]",
            "  3 if: if sys.version_info >= (3, 11):",
            "b3 basic 4-4",
            "  4 import: import tomllib",
            "b4 basic 6-6",
            "  6 assign: tomllib = None",
            "b5 basic 8-8",
            "  8 function_def: def main():",
            "b6 condition 11-11 [__name__ == \"__main__\"]",
            "  11 if: if __name__ == \"__main__\":",
            "b7 basic 12-12",
            "  12 expr: main()",
            "b8 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 true",
            "b2 -> b4 false",
            "b3 -> b5 normal",
            "b4 -> b5 normal",
            "b5 -> b6 normal",
            "b6 -> b7 true",
            "b6 -> b8 false",
            "b7 -> b8 normal",
        ],
    );
}

#[test]
fn async_for_and_async_with() {
    let source = r#"
        async def f(session, urls):
            async with session:
                async for chunk in fetch(urls):
                    await store(chunk)
            return True
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 with 2-2",
            "  2 async_with: async with session:",
            "b2 loop_condition 3-3 [chunk in fetch(urls)]",
            "  3 async_for: async for chunk in fetch(urls):",
            "b3 basic 4-4",
            "  4 expr: await store(chunk)",
            "b4 basic 5-5",
            "  5 return: return True",
            "b5 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 true",
            "b2 -> b4 false",
            "b2 -> b4 exception",
            "b3 -> b2 loop_back",
            "b3 -> b4 exception",
            "b4 -> b5 return",
        ],
    );
}

#[test]
fn nested_structures() {
    let source = r#"
        def f(rows):
            for row in rows:
                try:
                    while row:
                        with guard(row):
                            if row.bad:
                                continue
                            row = row.next
                except KeyError:
                    break
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 loop_condition 2-2 [row in rows]",
            "  2 for: for row in rows:",
            "b2 try 3-3",
            "  3 try: try:",
            "b3 loop_condition 4-4 [row]",
            "  4 while: while row:",
            "b4 with 5-5",
            "  5 with: with guard(row):",
            "b5 condition 6-6 [row.bad]",
            "  6 if: if row.bad:",
            "b6 basic 7-7",
            "  7 continue: continue",
            "b7 basic 8-8",
            "  8 assign: row = row.next",
            "b8 except 9-9 [KeyError]",
            "  9 except: except KeyError:",
            "b9 basic 10-10",
            "  10 break: break",
            "b10 exit",
            "b0 -> b1 normal",
            "b1 -> b2 true",
            "b1 -> b10 false",
            "b2 -> b3 normal",
            "b3 -> b4 true",
            "b3 -> b8 exception",
            "b3 -> b1 false",
            "b4 -> b5 normal",
            "b4 -> b8 exception",
            "b5 -> b6 true",
            "b5 -> b7 false",
            "b5 -> b3 exception",
            "b5 -> b8 exception",
            "b6 -> b3 continue",
            "b7 -> b3 loop_back",
            "b7 -> b3 exception",
            "b7 -> b8 exception",
            "b8 -> b9 true",
            "b8 -> b10 exception",
            "b9 -> b10 break",
        ],
    );
}

#[test]
fn raw_rows_reference_symbols_blocks_and_the_file() {
    let source = r#"
        class C:
            def m(self, x):
                if x:
                    return 1
    "#;
    assert_rows(
        rows(source, "cfg", "cfg_blocks"),
        &[
            "F | NULL | entry | NULL | NULL | NULL",
            "F | NULL | basic | 1 | 1 | NULL",
            "F | NULL | exit | NULL | NULL | NULL",
            "F | @C | entry | NULL | NULL | NULL",
            "F | @C | basic | 2 | 2 | NULL",
            "F | @C | exit | NULL | NULL | NULL",
            "F | @C.m | entry | NULL | NULL | NULL",
            "F | @C.m | condition | 3 | 3 | x",
            "F | @C.m | basic | 4 | 4 | NULL",
            "F | @C.m | exit | NULL | NULL | NULL",
        ],
    );
    assert_rows(
        rows(source, "cfg", "cfg_edges"),
        &[
            "F | NULL | cfg_blocks#0 | cfg_blocks#1 | normal",
            "F | NULL | cfg_blocks#1 | cfg_blocks#2 | normal",
            "F | @C | cfg_blocks#3 | cfg_blocks#4 | normal",
            "F | @C | cfg_blocks#4 | cfg_blocks#5 | normal",
            "F | @C.m | cfg_blocks#6 | cfg_blocks#7 | normal",
            "F | @C.m | cfg_blocks#7 | cfg_blocks#8 | true",
            "F | @C.m | cfg_blocks#7 | cfg_blocks#9 | false",
            "F | @C.m | cfg_blocks#8 | cfg_blocks#9 | return",
        ],
    );
    assert_rows(
        rows(source, "cfg", "cfg_statements"),
        &[
            "cfg_blocks#1 | 0 | 1 | class_def | class C:",
            "cfg_blocks#4 | 0 | 2 | function_def | def m(self, x):",
            "cfg_blocks#7 | 0 | 3 | if | if x:",
            "cfg_blocks#8 | 0 | 4 | return | return 1",
        ],
    );
}

#[test]
fn jumps_out_of_a_loop_go_through_finally() {
    let source = r#"
        def f(jobs):
            for job in jobs:
                try:
                    if job.skip:
                        continue
                    if job.last:
                        break
                    return job.run()
                finally:
                    job.close()
            cleanup()
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 loop_condition 2-2 [job in jobs]",
            "  2 for: for job in jobs:",
            "b2 try 3-3",
            "  3 try: try:",
            "b3 condition 4-4 [job.skip]",
            "  4 if: if job.skip:",
            "b4 basic 5-5",
            "  5 continue: continue",
            "b5 condition 6-6 [job.last]",
            "  6 if: if job.last:",
            "b6 basic 7-7",
            "  7 break: break",
            "b7 basic 8-8",
            "  8 return: return job.run()",
            "b8 finally 9-9",
            "  9 finally: finally:",
            "b9 basic 10-10",
            "  10 expr: job.close()",
            "b10 basic 11-11",
            "  11 expr: cleanup()",
            "b11 exit",
            "b0 -> b1 normal",
            "b1 -> b2 true",
            "b1 -> b10 false",
            "b2 -> b3 normal",
            "b3 -> b4 true",
            "b3 -> b5 false",
            "b3 -> b8 exception",
            "b4 -> b8 continue",
            "b5 -> b6 true",
            "b5 -> b7 false",
            "b5 -> b8 exception",
            "b6 -> b8 break",
            "b7 -> b8 exception",
            "b7 -> b8 return",
            "b8 -> b9 normal",
            "b9 -> b11 exception",
            "b9 -> b1 continue",
            "b9 -> b11 return",
            "b9 -> b10 break",
            "b10 -> b11 normal",
        ],
    );
}

#[test]
fn unmatched_exception_goes_to_the_outer_handler() {
    let source = r#"
        def f():
            try:
                try:
                    inner()
                except KeyError:
                    missing()
            except Exception as error:
                report(error)
                raise RuntimeError() from error
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 try 2-2",
            "  2 try: try:",
            "b2 try 3-3",
            "  3 try: try:",
            "b3 basic 4-4",
            "  4 expr: inner()",
            "b4 except 5-5 [KeyError]",
            "  5 except: except KeyError:",
            "b5 basic 6-6",
            "  6 expr: missing()",
            "b6 except 7-7 [Exception]",
            "  7 except: except Exception as error:",
            "b7 basic 8-9",
            "  8 expr: report(error)",
            "  9 raise: raise RuntimeError() from error",
            "b8 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 normal",
            "b3 -> b4 exception",
            "b3 -> b8 normal",
            "b4 -> b5 true",
            "b4 -> b6 exception",
            "b5 -> b6 exception",
            "b5 -> b8 normal",
            "b6 -> b7 true",
            "b6 -> b8 exception",
            "b7 -> b8 exception",
        ],
    );
}

#[test]
fn statement_texts_and_lines() {
    let source = r#"
        def f(values):
            result = compute(
                values,
            )
            @cache
            def helper(
                a,
            ) -> int:
                return a
            try: x = 1
            # the finally below
            finally: y = 2
            return "a very long string that goes on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on"
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 basic 2-8",
            "  2 assign: result = compute(",
            "  6 function_def: def helper(",
            "b2 try 10-10",
            "  10 try: try: x = 1",
            "b3 basic 10-10",
            "  10 assign: x = 1",
            "b4 finally 12-12",
            "  12 finally: finally:",
            "b5 basic 12-12",
            "  12 assign: y = 2",
            "b6 basic 13-13",
            "  13 return: return \"a very long string that goes on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on and on",
            "b7 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 normal",
            "b3 -> b4 normal",
            "b3 -> b4 exception",
            "b4 -> b5 normal",
            "b5 -> b7 exception",
            "b5 -> b6 normal",
            "b6 -> b7 return",
        ],
    );
}

#[test]
fn class_body_and_method_graphs() {
    let source = r#"
        class Config:
            debug = False
            if debug:
                level = 10
            def load(self):
                with self.lock:
                    pass
    "#;
    assert_rows(
        graph(source, "@Config"),
        &[
            "b0 entry",
            "b1 basic 2-2",
            "  2 assign: debug = False",
            "b2 condition 3-3 [debug]",
            "  3 if: if debug:",
            "b3 basic 4-4",
            "  4 assign: level = 10",
            "b4 basic 5-5",
            "  5 function_def: def load(self):",
            "b5 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 true",
            "b2 -> b4 false",
            "b3 -> b4 normal",
            "b4 -> b5 normal",
        ],
    );
    assert_rows(
        graph(source, "@Config.load"),
        &[
            "b0 entry",
            "b1 with 6-6",
            "  6 with: with self.lock:",
            "b2 basic 7-7",
            "  7 pass: pass",
            "b3 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b3 normal",
        ],
    );
    assert_rows(
        graph(source, "NULL"),
        &[
            "b0 entry",
            "b1 basic 1-1",
            "  1 class_def: class Config:",
            "b2 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
        ],
    );
}

#[test]
fn empty_module_has_an_entry_and_an_exit() {
    assert_rows(graph("", "NULL"), &["b0 entry", "b1 exit", "b0 -> b1 normal"]);
}

#[test]
fn with_may_suppress_what_its_body_raises() {
    // As in zipfile.FastLookup.namelist: the code after the `with` runs when the body raised
    // and the context manager suppressed it.
    let source = r#"
        def f(self):
            with suppress(AttributeError):
                return self.names
            self.names = load()
            return self.names
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 with 2-2",
            "  2 with: with suppress(AttributeError):",
            "b2 basic 3-3",
            "  3 return: return self.names",
            "b3 basic 4-5",
            "  4 assign: self.names = load()",
            "  5 return: return self.names",
            "b4 exit",
            "b0 -> b1 normal",
            "b1 -> b2 normal",
            "b2 -> b4 return",
            "b2 -> b3 exception",
            "b3 -> b4 return",
        ],
    );
}

#[test]
fn while_true_makes_its_else_and_what_follows_unreachable() {
    let source = r#"
        def serve():
            while 1:
                handle()
            else:
                never()
            never_either()
    "#;
    assert_rows(
        graph(source, "@serve"),
        &[
            "b0 entry",
            "b1 loop_condition 2-2 [1]",
            "  2 while: while 1:",
            "b2 basic 3-3",
            "  3 expr: handle()",
            "b3 exit",
            "b0 -> b1 normal",
            "b1 -> b2 true",
            "b2 -> b1 loop_back",
        ],
    );
}

/// Code with syntax errors (the parser recovers) and misplaced jumps still gives one graph per
/// scope with an entry and an exit, and no panic.
#[test]
fn recovered_syntax_errors_and_misplaced_jumps() {
    use pyindex::extract::run_extractor;
    use pyindex::facts::{FileFacts, Value};
    use pyindex::index::{FileContext, NodeIndex};
    use pyindex::parse::{LineIndex, parse};
    use pyindex::store::schema::Table;

    let sources = [
        "break\ncontinue\nreturn 1\n",
        "def f(:\n    try:\n    finally\n",
        "for x in :\n    if\nelse:\n    match x:\n        case\n",
        "try:\n    pass\nexcept* :\n    raise\nfinally: return\n",
        "with open(x) as:\n    lambda: (yield)\nclass C(:\n",
    ];
    for source in sources {
        let context = FileContext::default();
        let lines = LineIndex::new(source);
        let (parsed, diagnostics) = parse(source, &lines, false).expect("parsed with recovery");
        assert!(!diagnostics.is_empty() || source.starts_with("break"), "{source:?} should be invalid");
        let index = NodeIndex::build(&context, source, &lines, parsed.syntax());
        let mut facts = FileFacts::default();
        run_extractor("cfg", &index, &mut facts);
        let kinds: Vec<String> = facts
            .rows(Table::CfgBlocks)
            .map(|row| match &row[2] {
                Value::Text(kind) => kind.to_string(),
                other => panic!("kind is text, got {other:?}"),
            })
            .collect();
        let graphs = index.scopes().len() + 1;
        assert_eq!(kinds.iter().filter(|k| *k == "entry").count(), graphs, "{source:?}");
        assert_eq!(kinds.iter().filter(|k| *k == "exit").count(), graphs, "{source:?}");
    }
}
