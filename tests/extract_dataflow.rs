//! Exact rows of the data-flow extractors (`src/extract/dataflow/`): `io_operations`,
//! `param_flows`, `closure_captures` and `conditional_calls`.
//!
//! Each test runs parse → node index → `symbols` → one extractor on a snippet written for this
//! project and compares the whole table (rendering in `tests/common/mod.rs`).
//!
//! Also checked: the predecessor's defects are fixed: I/O is classified by the qualified callee
//! (an aliased import counts, a `get` method on an unknown object does not), a parameter flows
//! only to its own function's returns (not to every return of the file, not to a nested
//! function's), closure captures look at the inner scope's own names only.

mod common;

use common::{assert_rows, rows};

#[test]
fn io_operations_by_what_is_really_called() {
    let source = r#"
        import os, socket, sqlite3, requests
        from subprocess import run as sh
        from urllib.request import urlopen
        from pathlib import Path

        def io(path, url, cur, session, mode):
            with open(path) as f:
                pass
            open("out.txt", "w")
            open(path, mode)
            open(path, "rb")
            requests.get("https://example.org", timeout=3)
            session.get(url)
            urlopen(url)
            socket.socket()
            db = sqlite3.connect("app.db")
            cur.execute("SELECT 1")
            worker.execute(task)
            db.commit()
            sh(["ls", "-l"])
            home = os.environ["HOME"]
            os.environ["DEBUG"] = "1"
            os.getenv("PATH")
            Path("a.txt").read_text()
            Path(path).open("a")
            os.remove(path)

        def through_names(query):
            link = sqlite3.connect(":memory:")
            c = link.cursor()
            c.execute(query)
            c.fetchall()
            report = Path("report.txt")
            report.write_text("done")
    "#;
    assert_rows(
        rows(source, "io_operations", "io_operations"),
        &[
            "F | @io | 7 | 9 | file | read | builtins.open | calls#0 | NULL | path",
            "F | @io | 9 | 4 | file | write | builtins.open | calls#1 | out.txt | \"out.txt\"",
            "F | @io | 10 | 4 | file | open | builtins.open | calls#2 | NULL | path",
            "F | @io | 11 | 4 | file | read | builtins.open | calls#3 | NULL | path",
            "F | @io | 12 | 4 | network | request | requests.get | calls#4 | https://example.org | \"https://example.org\"",
            "F | @io | 14 | 4 | network | request | urllib.request.urlopen | calls#6 | NULL | url",
            "F | @io | 15 | 4 | network | connect | socket.socket | calls#7 | NULL | NULL",
            "F | @io | 16 | 9 | database | connect | sqlite3.connect | calls#8 | app.db | \"app.db\"",
            "F | @io | 17 | 4 | database | query | cur.execute | calls#9 | SELECT 1 | \"SELECT 1\"",
            "F | @io | 19 | 4 | database | commit | db.commit | calls#11 | NULL | NULL",
            "F | @io | 20 | 4 | process | spawn | subprocess.run | calls#12 | ls -l | [\"ls\", \"-l\"]",
            "F | @io | 21 | 11 | environment | read | os.environ | NULL | HOME | \"HOME\"",
            "F | @io | 22 | 4 | environment | write | os.environ | NULL | DEBUG | \"DEBUG\"",
            "F | @io | 23 | 4 | environment | read | os.getenv | calls#13 | PATH | \"PATH\"",
            "F | @io | 24 | 4 | file | read | pathlib.Path.read_text | calls#14 | a.txt | \"a.txt\"",
            "F | @io | 25 | 4 | file | write | pathlib.Path.open | calls#16 | NULL | path",
            "F | @io | 26 | 4 | file | write | os.remove | calls#18 | NULL | path",
            "F | @through_names | 29 | 11 | database | connect | sqlite3.connect | calls#19 | :memory: | \":memory:\"",
            "F | @through_names | 31 | 4 | database | query | c.execute | calls#21 | NULL | query",
            "F | @through_names | 32 | 4 | database | fetch | c.fetchall | calls#22 | NULL | NULL",
            "F | @through_names | 34 | 4 | file | write | report.write_text | calls#24 | report.txt | \"report.txt\"",
        ],
    );
}

#[test]
fn parameters_flow_to_their_own_functions_returns() {
    let source = r#"
        def outer(a, b, c):
            def inner(c):
                return a + c
            if a:
                return a
            for item in b:
                return [x for x in item]
            return lambda x: (x, b)

        def other(a):
            return 42

        class Box:
            def get(self, default=None):
                try:
                    return self.value
                except KeyError:
                    return default

        square = lambda n: n * n
    "#;
    assert_rows(
        rows(source, "param_flows", "param_flows"),
        &[
            "F | @outer | 5 | 8 | a | 0 | returns#1 | direct | 1",
            "F | @outer | 8 | 4 | b | 1 | returns#3 | derived | 0",
            "F | @outer.<locals>.inner | 3 | 8 | c | 0 | returns#0 | derived | 0",
            "F | @outer.<locals>.<lambda> | 8 | 21 | x | 0 | NULL | derived | 0",
            "F | @Box.get | 16 | 12 | self | 0 | returns#5 | derived | 1",
            "F | @Box.get | 18 | 12 | default | 1 | returns#6 | direct | 1",
            "F | @<lambda> | 20 | 19 | n | 0 | NULL | derived | 0",
        ],
    );
}

#[test]
fn closures_capture_names_bound_in_enclosing_functions() {
    let source = r#"
        import os
        LIMIT = 3

        def counter(start, step):
            count = start
            def bump():
                nonlocal count
                count += step
                return count, LIMIT, len(os.sep)
            def shadow(step):
                return step
            class Local:
                attr = start
                def method(self):
                    return step
            return lambda: count + step

        def uses_global():
            global LIMIT
            def inner():
                return LIMIT
    "#;
    assert_rows(
        rows(source, "closure_captures", "closure_captures"),
        &[
            "F | @counter.<locals>.bump | 7 | 17 | count | @counter | 1",
            "F | @counter.<locals>.bump | 8 | 17 | step | @counter | 0",
            "F | @counter.<locals>.Local.method | 15 | 19 | step | @counter | 0",
            "F | @counter.<locals>.<lambda> | 16 | 19 | count | @counter | 0",
            "F | @counter.<locals>.<lambda> | 16 | 27 | step | @counter | 0",
        ],
    );
}

#[test]
fn calls_under_if_elif_else_with_their_condition() {
    let source = r#"
        def handle(x, y):
            if check(x):
                first()
            elif x > 1:
                second(third())
            else:
                if y:
                    fourth()
                fifth()
            always()
            if not x:
                raise ValueError(describe(x))

        if __name__ == "__main__":
            main()
    "#;
    assert_rows(
        rows(source, "conditional_calls", "conditional_calls"),
        &[
            "F | @handle | 3 | 8 | calls#1 | first | if | check(x) | 0 | 0",
            "F | @handle | 5 | 8 | calls#2 | second | elif | x > 1 | 0 | 0",
            "F | @handle | 5 | 15 | calls#3 | third | elif | x > 1 | 0 | 0",
            "F | @handle | 8 | 12 | calls#4 | fourth | if | y | 1 | 0",
            "F | @handle | 9 | 8 | calls#5 | fifth | else | check(x) | 0 | 0",
            "F | @handle | 12 | 14 | calls#7 | builtins.ValueError | if | not x | 0 | 1",
            "F | @handle | 12 | 25 | calls#8 | describe | if | not x | 0 | 1",
            "F | NULL | 15 | 4 | calls#9 | main | if | __name__ == \"__main__\" | 0 | 0",
        ],
    );
}
