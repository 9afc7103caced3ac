mod common;

use common::{assert_rows, rows};

#[test]
fn explore() {
    let source = r#"
        import os, socket, sqlite3, requests
        from subprocess import run as r
        from urllib.request import urlopen
        from pathlib import Path

        def io(path, url, cur, session):
            with open(path) as f: pass
            open("out.txt", "w")
            open(path, mode)
            requests.get("https://x.org", timeout=3)
            session.get(url)
            urlopen(url)
            socket.socket()
            db = sqlite3.connect("app.db")
            cur.execute("SELECT 1")
            obj.execute(task)
            db.commit()
            r(["ls", "-l"])
            os.environ["HOME"]
            os.environ["X"] = "1"
            os.getenv("PATH")
            Path("a.txt").read_text()

        def outer(a, b):
            count = 0
            def inner(c):
                nonlocal count
                count += 1
                return a + c
            class K:
                def m(self):
                    return b
            if a:
                return a
            return lambda x: (x, b)

        def cond(x):
            if x > 1:
                f()
            elif x:
                g(h())
            else:
                if y:
                    k()
    "#;
    for (ex, table) in [("io_operations", "io_operations"), ("param_flows", "param_flows"), ("closure_captures", "closure_captures"), ("conditional_calls", "conditional_calls")] {
        println!("== {table}");
        for row in rows(source, ex, table) {
            println!("{row}");
        }
    }
    let _ = assert_rows;
}
