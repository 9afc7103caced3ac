mod common;

use common::{assert_rows, rows};

#[test]
fn explore() {
    let source = r#"
        import os, subprocess, pickle, yaml, hashlib, re, tempfile, requests
        from os import system as s
        import jwt

        def handler(request, cursor, flag):
            s(request.args["cmd"])
            eval(request.data)
            re.compile(request.data)
            subprocess.run(["ls"])
            subprocess.run("ls " + request.path, shell=True)
            subprocess.call(cmd, shell=flag)
            yaml.load(f, Loader=yaml.SafeLoader)
            yaml.load(f)
            pickle.loads(request.data)
            hashlib.md5(b"x")
            hashlib.new("sha1")
            tempfile.mktemp()
            requests.get(url, verify=False)
            cursor.execute("SELECT 1 WHERE a = ?", (x,))
            cursor.execute(f"SELECT * FROM users WHERE id = {request.id}")
            query = "DELETE FROM t WHERE id = %s" % request.id
            cursor.execute(query)
            text.insert("end", s)
            password = "hunter2"
            login(password="x")
            open(f"/tmp/{request.name}")
            token = jwt.encode({"a": 1}, "secret", algorithm="HS256")
            jwt.decode(token, options={"verify_signature": False})
    "#;
    for table in ["security_findings"] {
        for row in rows(source, "security_findings", table) {
            println!("{row}");
        }
    }
    for row in rows(source, "sql_queries", "sql_queries") {
        println!("{row}");
    }
    for row in rows(source, "sql_queries", "sql_query_tables") {
        println!("{row}");
    }
    for row in rows(source, "jwt_uses", "jwt_uses") {
        println!("{row}");
    }
    for row in rows(source, "jwt_uses", "jwt_algorithms") {
        println!("{row}");
    }
    let _ = assert_rows;
}
