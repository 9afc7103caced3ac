//! Exact rows of the security extractors (`src/extract/security/`): `security_findings`,
//! `sql_queries` + `sql_query_tables`, `jwt_uses` + `jwt_algorithms`.
//!
//! Each test runs parse → node index → `symbols` → one extractor on a snippet written for this
//! project and compares whole tables (see `tests/common/mod.rs` for the rendering). A
//! `security_findings` row is: file | scope | line | col | rule | callee | detail | call |
//! symbol | bandit | is_dynamic.
//!
//! Also checked: the predecessor's false positives are gone (`re.compile(p)` is not `compile`,
//! Tk's `text.insert("end", s)` is not SQL, a local named like a module is not the module), the
//! Bandit checks B102, B105-B108, B301-B324, B501, B506 and B602-B608 (and B103, B104, B113,
//! B201, B502-B505, B507, B701) flag nothing we miss on the same code, and findings are scoped
//! to the innermost function.

mod common;

use common::{assert_rows, rows};

fn findings(source: &str) -> Vec<String> {
    rows(source, "security_findings", "security_findings")
}

// ---- processes and code execution ----------------------------------------------------------------

#[test]
fn shell_and_process_calls_qualified_through_imports() {
    let source = r#"
        import os, subprocess, asyncio
        from os import system as s
        from subprocess import Popen

        def run(cmd, flag, path):
            s(cmd)
            os.popen("ls -l")
            subprocess.run(["ls"])
            subprocess.run(["ls", path])
            subprocess.run("ls " + path, shell=True)
            subprocess.call(cmd, shell=flag)
            subprocess.call(cmd, shell=False)
            Popen(cmd)
            os.spawnl(os.P_WAIT, "/bin/ls", "ls")
            helper(cmd, shell=True)
            asyncio.create_subprocess_exec("ls")

        def shadowed(os):
            os.system("x")
    "#;
    assert_rows(
        findings(source),
        &[
            "F | @run | 6 | 4 | os_shell | os.system | cmd | calls#0 | NULL | B605 | 1",
            "F | @run | 7 | 4 | os_shell | os.popen | \"ls -l\" | calls#1 | NULL | B605 | 0",
            "F | @run | 9 | 4 | process_exec | subprocess.run | [\"ls\", path] | calls#3 | NULL | B603 | 1",
            "F | @run | 10 | 4 | subprocess_shell | subprocess.run | shell=True: \"ls \" + path | calls#4 | NULL | B602 | 1",
            "F | @run | 11 | 4 | subprocess_shell | subprocess.call | shell=flag (unknown): cmd | calls#5 | NULL | B602 | 1",
            "F | @run | 12 | 4 | process_exec | subprocess.call | cmd | calls#6 | NULL | B603 | 1",
            "F | @run | 13 | 4 | process_exec | subprocess.Popen | cmd | calls#7 | NULL | B603 | 1",
            "F | @run | 14 | 4 | process_exec | os.spawnl | \"/bin/ls\" | calls#8 | NULL | B606 | 0",
            "F | @run | 15 | 4 | shell_keyword | helper | shell=True: cmd | calls#9 | NULL | B604 | 1",
        ],
    );
}

#[test]
fn eval_exec_compile_only_the_builtins() {
    let source = r#"
        import re
        from regex import compile as rc

        def evaluate(expr, pattern):
            eval(expr)
            eval("1 + 2")
            exec(f"x = {expr}")
            compile(expr, "<string>", "eval")
            compile("x = 1", "<string>", "exec")
            re.compile(pattern)
            rc(pattern)

        def local_eval(eval):
            eval("anything")

        class Calc:
            def run(self, code):
                f = lambda: exec(code)
    "#;
    assert_rows(
        findings(source),
        &[
            "F | @evaluate | 5 | 4 | code_execution | builtins.eval | expr | calls#0 | NULL | B307 | 1",
            "F | @evaluate | 6 | 4 | code_execution | builtins.eval | \"1 + 2\" | calls#1 | NULL | B307 | 0",
            "F | @evaluate | 7 | 4 | code_execution | builtins.exec | f\"x = {expr}\" | calls#2 | NULL | B102 | 1",
            "F | @evaluate | 8 | 4 | code_execution | builtins.compile | expr | calls#3 | NULL | NULL | 1",
            "F | @Calc.run.<locals>.<lambda> | 18 | 20 | code_execution | builtins.exec | code | calls#8 | NULL | B102 | 1",
        ],
    );
}

// ---- deserialization, crypto, TLS, temp files, Bandit's blacklist -------------------------------

#[test]
fn deserialization_and_yaml_loaders() {
    let source = r#"
        import pickle, marshal, shelve, yaml
        from yaml import load, SafeLoader, CSafeLoader

        def read(data, f):
            pickle.loads(data)
            marshal.load(f)
            shelve.open("db")
            yaml.load(f, Loader=yaml.SafeLoader)
            yaml.load(f, CSafeLoader)
            load(f, Loader=SafeLoader)
            yaml.safe_load(f)
            yaml.load(f)
            yaml.load(f, Loader=yaml.FullLoader)
            yaml.unsafe_load(f)
    "#;
    assert_rows(
        findings(source),
        &[
            "F | @read | 5 | 4 | unsafe_deserialization | pickle.loads | data | calls#0 | NULL | B301 | NULL",
            "F | @read | 6 | 4 | unsafe_deserialization | marshal.load | f | calls#1 | NULL | B302 | NULL",
            "F | @read | 7 | 4 | unsafe_deserialization | shelve.open | \"db\" | calls#2 | NULL | B301 | NULL",
            "F | @read | 12 | 4 | yaml_load | yaml.load | no Loader | calls#7 | NULL | B506 | NULL",
            "F | @read | 13 | 4 | yaml_load | yaml.load | Loader=yaml.FullLoader | calls#8 | NULL | B506 | NULL",
            "F | @read | 14 | 4 | yaml_load | yaml.unsafe_load | yaml.unsafe_load | calls#9 | NULL | B506 | NULL",
        ],
    );
}

#[test]
fn weak_hashes_and_ciphers() {
    let source = r#"
        import hashlib
        from hashlib import sha1
        from Cryptodome.Cipher import DES, AES
        from Crypto.Hash import MD5
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        digest = hashlib.md5(data).hexdigest()
        sha1(data)
        hashlib.md5(data, usedforsecurity=False)
        hashlib.new("MD5")
        hashlib.new("sha256")
        hashlib.sha256(data)
        MD5.new()
        DES.new(key, DES.MODE_CBC)
        AES.new(key, AES.MODE_ECB)
        AES.new(key, AES.MODE_GCM)
        Cipher(algorithms.TripleDES(key), modes.ECB())
    "#;
    assert_rows(
        findings(source),
        &[
            "F | NULL | 7 | 9 | weak_hash | hashlib.md5 | md5 | calls#1 | NULL | B324 | NULL",
            "F | NULL | 8 | 0 | weak_hash | hashlib.sha1 | sha1 | calls#2 | NULL | B324 | NULL",
            "F | NULL | 10 | 0 | weak_hash | hashlib.new | md5 | calls#4 | NULL | B324 | NULL",
            "F | NULL | 13 | 0 | weak_hash | Crypto.Hash.MD5.new | md5 | calls#7 | NULL | B303 | NULL",
            "F | NULL | 14 | 0 | cipher_use | Cryptodome.Cipher.DES.new | DES/CBC | calls#8 | NULL | NULL | NULL",
            "F | NULL | 14 | 0 | weak_cipher | Cryptodome.Cipher.DES.new | DES | calls#8 | NULL | B304 | NULL",
            "F | NULL | 15 | 0 | cipher_use | Cryptodome.Cipher.AES.new | AES/ECB | calls#9 | NULL | NULL | NULL",
            "F | NULL | 15 | 0 | weak_cipher_mode | Cryptodome.Cipher.AES.new | ECB | calls#9 | NULL | NULL | NULL",
            "F | NULL | 16 | 0 | cipher_use | Cryptodome.Cipher.AES.new | AES/GCM | calls#10 | NULL | NULL | NULL",
            "F | NULL | 17 | 0 | cipher_use | cryptography.hazmat.primitives.ciphers.Cipher | TripleDES/ECB | calls#11 | NULL | NULL | NULL",
            "F | NULL | 17 | 7 | weak_cipher | cryptography.hazmat.primitives.ciphers.algorithms.TripleDES | TripleDES | calls#12 | NULL | B304 | NULL",
            "F | NULL | 17 | 34 | weak_cipher_mode | cryptography.hazmat.primitives.ciphers.modes.ECB | ECB | calls#13 | NULL | B305 | NULL",
        ],
    );
}

#[test]
fn literal_keys_password_hashing_and_dynamic_imports() {
    let source = r#"
        import hmac, hashlib, bcrypt, importlib
        from cryptography.fernet import Fernet
        from Crypto.Cipher import AES

        def protect(password, key, plugin):
            hmac.new(b"static-key", password, hashlib.sha256)
            hmac.new(key, password, hashlib.sha256)
            Fernet(b"c2VjcmV0LWtleS0xMjM0NTY3ODkwMTIzNDU2Nzg5MDE=")
            AES.new("0123456789abcdef", AES.MODE_GCM)
            bcrypt.hashpw(password, bcrypt.gensalt())
            hashlib.pbkdf2_hmac("sha256", password, b"salt", 100_000)
            importlib.import_module(plugin)
            importlib.import_module("json")
            __import__(f"plugins.{plugin}")
    "#;
    assert_rows(
        findings(source),
        &[
            "F | @protect | 6 | 4 | hardcoded_key | hmac.new | b\"static-key\" | calls#0 | NULL | NULL | 0",
            "F | @protect | 8 | 4 | hardcoded_key | cryptography.fernet.Fernet | b\"c2VjcmV0LWtleS0xMjM0NTY3ODkwMTIzNDU2Nzg5MDE=\" | calls#2 | NULL | NULL | 0",
            "F | @protect | 9 | 4 | cipher_use | Crypto.Cipher.AES.new | AES/GCM | calls#3 | NULL | NULL | NULL",
            "F | @protect | 9 | 4 | hardcoded_key | Crypto.Cipher.AES.new | \"0123456789abcdef\" | calls#3 | NULL | NULL | 0",
            "F | @protect | 10 | 4 | password_hash | bcrypt.hashpw | bcrypt.hashpw | calls#4 | NULL | NULL | 1",
            "F | @protect | 11 | 4 | password_hash | hashlib.pbkdf2_hmac | hashlib.pbkdf2_hmac | calls#6 | NULL | NULL | 1",
            "F | @protect | 12 | 4 | dynamic_import | importlib.import_module | plugin | calls#7 | NULL | NULL | 1",
            "F | @protect | 14 | 4 | dynamic_import | builtins.__import__ | f\"plugins.{plugin}\" | calls#9 | NULL | NULL | 1",
        ],
    );
}

#[test]
fn tls_verification_temp_files_and_blacklisted_calls() {
    let source = r#"
        import requests, httpx, ssl, tempfile, random, telnetlib
        import xml.etree.ElementTree as ET
        from django.utils.safestring import mark_safe
        from urllib.request import urlopen

        def fetch(url, session, html, xml):
            requests.get(url, verify=False)
            requests.get(url, verify=True)
            httpx.Client(verify=False)
            session.post(url, verify=False)
            cache.get(url, verify=False)
            ssl._create_unverified_context()
            tempfile.mktemp()
            tempfile.mkstemp()
            random.choice(["a", "b"])
            telnetlib.Telnet("host")
            ET.fromstring(xml)
            mark_safe(html)
            urlopen(url)
    "#;
    assert_rows(
        findings(source),
        &[
            "F | @fetch | 7 | 4 | request_without_timeout | requests.get | url | calls#0 | NULL | B113 | NULL",
            "F | @fetch | 7 | 4 | tls_verify_disabled | requests.get | verify=False | calls#0 | NULL | B501 | NULL",
            "F | @fetch | 8 | 4 | request_without_timeout | requests.get | url | calls#1 | NULL | B113 | NULL",
            "F | @fetch | 9 | 4 | tls_verify_disabled | httpx.Client | verify=False | calls#2 | NULL | B501 | NULL",
            "F | @fetch | 10 | 4 | tls_verify_disabled | session.post | verify=False | calls#3 | NULL | B501 | NULL",
            "F | @fetch | 11 | 4 | tls_verify_disabled | cache.get | verify=False | calls#4 | NULL | B501 | NULL",
            "F | @fetch | 12 | 4 | tls_verify_disabled | ssl._create_unverified_context | unverified SSL context | calls#5 | NULL | B323 | NULL",
            "F | @fetch | 13 | 4 | insecure_tempfile | tempfile.mktemp | tempfile.mktemp | calls#6 | NULL | B306 | NULL",
            "F | @fetch | 15 | 4 | insecure_random | random.choice | [\"a\", \"b\"] | calls#8 | NULL | B311 | NULL",
            "F | @fetch | 16 | 4 | cleartext_protocol | telnetlib.Telnet | \"host\" | calls#9 | NULL | B312 | NULL",
            "F | @fetch | 17 | 4 | xml_parse | xml.etree.ElementTree.fromstring | xml | calls#10 | NULL | B314 | NULL",
            "F | @fetch | 18 | 4 | xss_mark_safe | django.utils.safestring.mark_safe | html | calls#11 | NULL | B308 | NULL",
            "F | @fetch | 19 | 4 | url_open | urllib.request.urlopen | url | calls#12 | NULL | B310 | NULL",
        ],
    );
}

#[test]
fn path_traversal_only_when_the_path_varies_beyond_a_base() {
    let source = r#"
        import os
        from pathlib import Path
        BASE = "/srv/data"

        def serve(name, base):
            open(f"{BASE}/{name}")
            open(BASE + "/" + name)
            open(os.path.join(BASE, name))
            open(os.path.join(BASE, "index.html"))
            Path(base) / name
            open(base / name)
            open(f"{BASE}/index.html")
            open("uploads/%s" % name)
            Path("logs/{}.txt".format(name))
            open(name)
    "#;
    assert_rows(
        findings(source),
        &[
            "F | @serve | 6 | 4 | path_traversal | builtins.open | f-string: f\"{BASE}/{name}\" | calls#0 | NULL | NULL | 1",
            "F | @serve | 7 | 4 | path_traversal | builtins.open | concatenation: BASE + \"/\" + name | calls#1 | NULL | NULL | 1",
            "F | @serve | 8 | 4 | path_traversal | builtins.open | os.path.join: os.path.join(BASE, name) | calls#2 | NULL | NULL | 1",
            "F | @serve | 11 | 4 | path_traversal | builtins.open | / operator: base / name | calls#7 | NULL | NULL | 1",
            "F | @serve | 13 | 4 | path_traversal | builtins.open | % formatting: \"uploads/%s\" % name | calls#9 | NULL | NULL | 1",
            "F | @serve | 14 | 4 | path_traversal | pathlib.Path | .format(): \"logs/{}.txt\".format(name) | calls#10 | NULL | NULL | 1",
        ],
    );
}

#[test]
fn settings_that_switch_a_protection_off() {
    // Bandit 1.9.4 reports B104 (line 7), B103 (12, 14), B701 (15, 16), B507 (19), B201 (21).
    let source = r#"
        import os
        import paramiko
        import jinja2
        from jinja2 import Environment, select_autoescape
        from flask import Flask

        HOST = "0.0.0.0"
        app = Flask(__name__)


        def setup(path, loader, client):
            os.chmod(path, 0o777)
            os.chmod(path, 0o644)
            os.chmod(path, 0o750)
            jinja2.Environment(loader=loader)
            Environment(loader=loader, autoescape=False)
            Environment(loader=loader, autoescape=True)
            Environment(autoescape=select_autoescape(["html"]))
            client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
            client.set_missing_host_key_policy(paramiko.RejectPolicy())
            app.run(debug=True)
            app.run(host=HOST)
    "#;
    assert_rows(
        findings(source),
        &[
            "F | NULL | 7 | 7 | bind_all_interfaces | NULL | \"0.0.0.0\" | NULL | NULL | B104 | NULL",
            "F | @setup | 12 | 4 | permissive_file_mode | os.chmod | 0o777 | calls#1 | NULL | B103 | NULL",
            "F | @setup | 14 | 4 | permissive_file_mode | os.chmod | 0o750 | calls#3 | NULL | B103 | NULL",
            "F | @setup | 15 | 4 | template_autoescape_off | jinja2.Environment | no autoescape | calls#4 | NULL | B701 | NULL",
            "F | @setup | 16 | 4 | template_autoescape_off | jinja2.Environment | autoescape=False | calls#5 | NULL | B701 | NULL",
            "F | @setup | 19 | 4 | ssh_host_key_unchecked | client.set_missing_host_key_policy | paramiko.AutoAddPolicy | calls#9 | NULL | B507 | NULL",
            "F | @setup | 21 | 4 | debug_enabled | app.run | debug=True | calls#13 | NULL | B201 | NULL",
        ],
    );
}

#[test]
fn broken_tls_versions_weak_keys_and_requests_without_timeout() {
    // Bandit 1.9.4 reports B502 (line 9), B504 (10), B113 (13, 15), B505 (16, 18, 20).
    let source = r#"
        import ssl
        import requests
        from OpenSSL import SSL
        from cryptography.hazmat.primitives.asymmetric import rsa, dsa, ec
        from Crypto.PublicKey import RSA


        def connect(sock, url):
            ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)
            ssl.wrap_socket(sock)
            SSL.Context(SSL.TLSv1_METHOD)
            ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            requests.get(url)
            requests.get(url, timeout=5)
            requests.post(url, timeout=None)
            rsa.generate_private_key(public_exponent=65537, key_size=1024)
            rsa.generate_private_key(65537, 4096)
            dsa.generate_private_key(1024)
            ec.generate_private_key(ec.SECP192R1())
            RSA.generate(1024)
    "#;
    assert_rows(
        findings(source),
        &[
            "F | @connect | 9 | 4 | weak_tls_version | ssl.wrap_socket | ssl.PROTOCOL_SSLv3 | calls#0 | NULL | B502 | NULL",
            "F | @connect | 10 | 4 | weak_tls_version | ssl.wrap_socket | no ssl_version | calls#1 | NULL | B504 | NULL",
            "F | @connect | 11 | 4 | weak_tls_version | OpenSSL.SSL.Context | SSL.TLSv1_METHOD | calls#2 | NULL | B502 | NULL",
            "F | @connect | 13 | 4 | request_without_timeout | requests.get | url | calls#4 | NULL | B113 | NULL",
            "F | @connect | 15 | 4 | request_without_timeout | requests.post | url | calls#6 | NULL | B113 | NULL",
            "F | @connect | 16 | 4 | weak_key_size | cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key | 1024 bits | calls#7 | NULL | B505 | NULL",
            "F | @connect | 18 | 4 | weak_key_size | cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key | 1024 bits | calls#9 | NULL | B505 | NULL",
            "F | @connect | 19 | 28 | weak_key_size | cryptography.hazmat.primitives.asymmetric.ec.SECP192R1 | SECP192R1 | calls#11 | NULL | B505 | NULL",
            "F | @connect | 20 | 4 | weak_key_size | Crypto.PublicKey.RSA.generate | 1024 bits | calls#12 | NULL | B505 | NULL",
        ],
    );
}

// ---- SQL -------------------------------------------------------------------------------------------

#[test]
fn sql_injection_at_the_sink_and_sql_built_elsewhere() {
    let source = r#"
        from sqlalchemy import text

        def find(cursor, conn, uid, name, order):
            cursor.execute("SELECT 1 WHERE a = ?", (uid,))
            cursor.execute(f"SELECT * FROM users WHERE id = {uid}")
            query = "SELECT * FROM users WHERE name = '%s'" % name
            query += " ORDER BY " + order
            cursor.execute(query)
            conn.execute(text("DELETE FROM t WHERE id = " + uid))
            cursor.executemany("INSERT INTO t (a) VALUES ('{}')".format(name), rows)
            message = f"select {name} from the list"
            text.insert("end", message)
            cursor.execute("SELECT * FROM t WHERE id = %s" % (1,))
            cursor.execute("DELETE FROM t WHERE id = ID".replace("ID", uid))
    "#;
    assert_rows(
        findings(source),
        &[
            "F | @find | 5 | 4 | sql_injection | cursor.execute | f-string: f\"SELECT * FROM users WHERE id = {uid}\" | calls#1 | NULL | B608 | 1",
            "F | @find | 6 | 12 | sql_built | NULL | % formatting: \"SELECT * FROM users WHERE name = '%s'\" % name | NULL | NULL | B608 | 1",
            "F | @find | 8 | 4 | sql_injection | cursor.execute | % formatting (via query): SELECT * FROM users WHERE name = '%s' ORDER BY {order} | calls#2 | NULL | B608 | 1",
            "F | @find | 9 | 17 | sql_injection | sqlalchemy.text | concatenation: \"DELETE FROM t WHERE id = \" + uid | calls#4 | NULL | B608 | 1",
            "F | @find | 10 | 4 | sql_injection | cursor.executemany | .format(): \"INSERT INTO t (a) VALUES ('{}')\".format(name) | calls#5 | NULL | B608 | 1",
            "F | @find | 11 | 14 | sql_built | NULL | f-string: f\"select {name} from the list\" | NULL | NULL | B608 | 1",
            "F | @find | 13 | 19 | sql_built | NULL | % formatting: \"SELECT * FROM t WHERE id = %s\" % (1,) | NULL | NULL | B608 | 0",
            "F | @find | 14 | 4 | sql_injection | cursor.execute | .replace(): \"DELETE FROM t WHERE id = ID\".replace(\"ID\", uid) | calls#9 | NULL | B608 | 1",
        ],
    );
}

#[test]
fn sql_queries_are_strings_that_are_sql() {
    let source = r#"
        import sqlite3
        SCHEMA = "CREATE TABLE IF NOT EXISTS users (id INTEGER, name TEXT)"
        HELP = "Select a file from the list"
        LOWER = "select id from users"

        def load(db, text, uid, table):
            """SELECT * FROM docstrings is not a query."""
            db.execute("select u.name from users u join roles r on r.uid = u.id where u.id = ?", (uid,))
            text.insert("end", "INSERT mode")
            text.delete("1.0", "end")
            q = f"UPDATE {table} SET seen = 1 WHERE id = {uid}"
            db.execute(q)
            db.executescript("""
                WITH recent AS (SELECT * FROM events)
                DELETE FROM archive WHERE id IN (SELECT id FROM recent);
            """)
            db.execute("PRAGMA foreign_keys = ON")
            log.info("UPDATE done")
    "#;
    assert_rows(
        rows(source, "sql_queries", "sql_queries"),
        &[
            "F | NULL | 2 | create | CREATE TABLE IF NOT EXISTS users (id INTEGER, name TEXT) | 0 | 9 | NULL",
            "F | @load | 8 | select | select u.name from users u join roles r on r.uid = u.id where u.id = ? | 0 | 15 | calls#0",
            "F | @load | 11 | update | UPDATE {table} SET seen = 1 WHERE id = {uid} | 1 | 8 | calls#3",
            "F | @load | 13 | with | \\n        WITH recent AS (SELECT * FROM events)\\n        DELETE FROM archive WHERE id IN (SELECT id FROM recent);\\n     | 0 | 21 | calls#4",
            "F | @load | 17 | pragma | PRAGMA foreign_keys = ON | 0 | 15 | calls#5",
        ],
    );
    assert_rows(
        rows(source, "sql_queries", "sql_query_tables"),
        &[
            "sql_queries#0 | users",
            "sql_queries#1 | users",
            "sql_queries#1 | roles",
            "sql_queries#3 | events",
            "sql_queries#3 | archive",
        ],
    );
}

// ---- secrets, temporary directories, decorators ----------------------------------------------

#[test]
fn hard_coded_secrets_in_every_form() {
    let source = r#"
        DB_PASSWORD = "hunter2"
        api_key: str = "AKIA0000"
        tokens = "not a secret name"
        password = get_password()
        settings["secret"] = "s3cr3t"

        def connect(host, password="admin", *, timeout=3):
            if password == "root":
                login(user="me", passwd="x")
            return {"apiKey": "k", "name": "n"}

        class Service:
            def __init__(self):
                self.authToken = "t"
    "#;
    assert_rows(
        findings(source),
        &[
            "F | NULL | 1 | 0 | hardcoded_secret | NULL | DB_PASSWORD = \"hunter2\" | NULL | NULL | B105 | 0",
            "F | NULL | 2 | 0 | hardcoded_secret | NULL | api_key = \"AKIA0000\" | NULL | NULL | B105 | 0",
            "F | NULL | 5 | 0 | hardcoded_secret | NULL | secret = \"s3cr3t\" | NULL | NULL | B105 | 0",
            "F | NULL | 7 | 18 | hardcoded_secret | NULL | password=\"admin\" | NULL | NULL | B107 | 0",
            "F | @connect | 8 | 7 | hardcoded_secret | NULL | password == \"root\" | NULL | NULL | B105 | 0",
            "F | @connect | 9 | 8 | hardcoded_secret | login | passwd=\"x\" | calls#1 | NULL | B106 | 0",
            "F | @connect | 10 | 12 | hardcoded_secret | NULL | apiKey: \"k\" | NULL | NULL | B105 | 0",
            "F | @Service.__init__ | 14 | 8 | hardcoded_secret | NULL | authToken = \"t\" | NULL | NULL | B105 | 0",
        ],
    );
}

#[test]
fn hard_coded_temporary_directories() {
    let source = r#"
        LOG = "/tmp/app.log"
        SHM = "/dev/shm"
        OK = "/var/lib/app"

        def dump(name):
            return open(f"/var/tmp/{name}", "w")
    "#;
    assert_rows(
        findings(source),
        &[
            "F | NULL | 1 | 6 | hardcoded_tmp | NULL | \"/tmp/app.log\" | NULL | NULL | B108 | 0",
            "F | NULL | 2 | 6 | hardcoded_tmp | NULL | \"/dev/shm\" | NULL | NULL | B108 | 0",
            "F | @dump | 6 | 11 | path_traversal | builtins.open | f-string: f\"/var/tmp/{name}\" | calls#0 | NULL | NULL | 1",
            "F | @dump | 6 | 16 | hardcoded_tmp | NULL | f\"/var/tmp/{name}\" | NULL | NULL | B108 | 0",
        ],
    );
}

#[test]
fn auth_decorators_name_the_protected_definition() {
    let source = r#"
        from django.contrib.auth.decorators import login_required, permission_required
        from django.utils.decorators import method_decorator
        from django.views.decorators.csrf import csrf_exempt
        from flask_jwt_extended import jwt_required

        @login_required
        @permission_required("polls.add_choice", raise_exception=True)
        def add_choice(request):
            pass

        @method_decorator(login_required, name="dispatch")
        class Dashboard(View):
            @csrf_exempt
            def post(self, request):
                @jwt_required()
                def inner():
                    pass

        @app.route("/")
        def index():
            pass
    "#;
    assert_rows(
        findings(source),
        &[
            "F | NULL | 6 | 1 | auth_decorator | django.contrib.auth.decorators.login_required | login_required | NULL | @add_choice | NULL | NULL",
            "F | NULL | 7 | 1 | auth_decorator | django.contrib.auth.decorators.permission_required | permission_required(\"polls.add_choice\", raise_exception=True) | NULL | @add_choice | NULL | NULL",
            "F | NULL | 11 | 1 | auth_decorator | django.contrib.auth.decorators.login_required | method_decorator(login_required, name=\"dispatch\") | NULL | @Dashboard | NULL | NULL",
            "F | @Dashboard | 13 | 5 | csrf_exempt | django.views.decorators.csrf.csrf_exempt | csrf_exempt | NULL | @Dashboard.post | NULL | NULL",
            "F | @Dashboard.post | 15 | 9 | auth_decorator | flask_jwt_extended.jwt_required | jwt_required() | NULL | @Dashboard.post.<locals>.inner | NULL | NULL",
        ],
    );
}

// ---- JWT ---------------------------------------------------------------------------------------------

#[test]
fn jwt_uses_with_secret_sources_and_algorithms() {
    let source = r#"
        import os
        import jwt as pyjwt
        from jose import jwt as jose_jwt
        from django.conf import settings
        SECRET = "dev-secret"

        def issue(payload, key):
            pyjwt.encode(payload, SECRET, algorithm="HS256")
            pyjwt.encode(payload, os.environ["JWT_KEY"])
            pyjwt.encode(payload, settings.SECRET_KEY, "RS256")
            pyjwt.encode(payload, key, algorithm="none")
            jose_jwt.encode(payload, b"raw")

        def check(token, key):
            pyjwt.decode(token, key, algorithms=["HS256", "HS512"])
            pyjwt.decode(token, options={"verify_signature": False})
            pyjwt.decode(token, os.getenv("KEY"), verify=False)
            jose_jwt.decode(token, key, algorithms="HS256")
            jwt.decode(token, key)
    "#;
    assert_rows(
        rows(source, "jwt_uses", "jwt_uses"),
        &[
            "F | @issue | 8 | 4 | calls#0 | jwt.encode | pyjwt | encode | hardcoded | SECRET | 0 | NULL",
            "F | @issue | 9 | 4 | calls#1 | jwt.encode | pyjwt | encode | environment | os.environ[\"JWT_KEY\"] | 0 | NULL",
            "F | @issue | 10 | 4 | calls#2 | jwt.encode | pyjwt | encode | config | settings.SECRET_KEY | 0 | NULL",
            "F | @issue | 11 | 4 | calls#3 | jwt.encode | pyjwt | encode | variable | key | 1 | algorithm none",
            "F | @issue | 12 | 4 | calls#4 | jose.jwt.encode | python-jose | encode | hardcoded | b\"raw\" | 0 | NULL",
            "F | @check | 15 | 4 | calls#5 | jwt.decode | pyjwt | decode | variable | key | 0 | NULL",
            "F | @check | 16 | 4 | calls#6 | jwt.decode | pyjwt | decode | NULL | NULL | 1 | options verify_signature=False",
            "F | @check | 17 | 4 | calls#7 | jwt.decode | pyjwt | decode | environment | os.getenv(\"KEY\") | 1 | verify=False",
            "F | @check | 18 | 4 | calls#9 | jose.jwt.decode | python-jose | decode | variable | key | 0 | NULL",
        ],
    );
    assert_rows(
        rows(source, "jwt_uses", "jwt_algorithms"),
        &[
            "jwt_uses#0 | 0 | HS256",
            "jwt_uses#2 | 0 | RS256",
            "jwt_uses#3 | 0 | none",
            "jwt_uses#5 | 0 | HS256",
            "jwt_uses#5 | 1 | HS512",
            "jwt_uses#8 | 0 | HS256",
        ],
    );
    assert_rows(
        findings(source),
        &[
            "F | NULL | 5 | 0 | hardcoded_secret | NULL | SECRET = \"dev-secret\" | NULL | NULL | B105 | 0",
            "F | @issue | 8 | 4 | jwt_hardcoded_secret | jwt.encode | SECRET | calls#0 | NULL | NULL | 0",
            "F | @issue | 11 | 4 | jwt_unverified | jwt.encode | algorithm none | calls#3 | NULL | NULL | NULL",
            "F | @issue | 12 | 4 | jwt_hardcoded_secret | jose.jwt.encode | b\"raw\" | calls#4 | NULL | NULL | 0",
            "F | @check | 16 | 4 | jwt_unverified | jwt.decode | options verify_signature=False | calls#6 | NULL | NULL | NULL",
            "F | @check | 17 | 4 | jwt_unverified | jwt.decode | verify=False | calls#7 | NULL | NULL | NULL",
        ],
    );
}

// ---- Bandit parity -----------------------------------------------------------------------------------

/// Every (line, check) Bandit 1.9.4 reports on this snippet for the checks the issue names
/// (B102, B105-B108, B301-B324, B501, B506, B602-B608) has a finding with that `bandit` id on
/// that line. Left out on purpose: B607 (a command without a full path) and B603 on a constant
/// argument list (`subprocess.run(["ls"])`), which are not findings here.
#[test]
fn every_bandit_finding_of_the_named_checks_is_reported() {
    let source = r#"
        import os
        import pickle
        import marshal
        import shelve
        import subprocess
        import hashlib
        import tempfile
        import random
        import telnetlib
        import ftplib
        import yaml
        import requests
        import httpx
        import ssl
        import xml.etree.ElementTree as ET
        from xml.dom import minidom
        from lxml import etree
        from os import system as s
        from Crypto.Cipher import DES, AES
        from Crypto.Hash import MD5
        from cryptography.hazmat.primitives.ciphers import algorithms, modes
        from django.utils.safestring import mark_safe
        from urllib.request import urlopen
        import re


        def handler(request, cursor, flag, cmd, user):
            s(request.args["cmd"])
            os.system("ls")
            os.popen(cmd)
            eval(request.data)
            eval("1 + 1")
            exec(cmd)
            compile(cmd, "f", "exec")
            re.compile(request.data)
            subprocess.run(["ls"])
            subprocess.run("ls " + cmd, shell=True)
            subprocess.call(cmd, shell=flag)
            subprocess.Popen(cmd)
            subprocess.check_output(["ls", cmd])
            os.execv("/bin/ls", ["ls"])
            os.spawnl(os.P_WAIT, "/bin/ls")
            run_command(cmd, shell=True)
            yaml.load(f, Loader=yaml.SafeLoader)
            yaml.load(f)
            yaml.load(f, Loader=yaml.Loader)
            pickle.loads(request.data)
            pickle.load(f)
            marshal.loads(data)
            shelve.open("x")
            hashlib.md5(b"x")
            hashlib.sha1(b"x")
            hashlib.md5(b"x", usedforsecurity=False)
            hashlib.new("md5")
            hashlib.sha256(b"x")
            MD5.new()
            DES.new(key, DES.MODE_ECB)
            AES.new(key, AES.MODE_ECB)
            algorithms.ARC4(key)
            modes.ECB()
            tempfile.mktemp()
            requests.get(url, verify=False)
            httpx.Client(verify=False)
            requests.post(url, data=d, verify=False)
            ssl._create_unverified_context()
            cursor.execute("SELECT 1 WHERE a = ?", (x,))
            cursor.execute(f"SELECT * FROM users WHERE id = {request.id}")
            query = "DELETE FROM t WHERE id = %s" % request.id
            cursor.execute(query)
            cursor.execute("SELECT * FROM t WHERE name = '{}'".format(user))
            cursor.execute("UPDATE t SET a = " + user + " WHERE b = 1")
            text.insert("end", s)
            password = "hunter2"
            login(password="x")
            if password == "root":
                pass
            d = {"password": "x"}
            open(f"/tmp/{request.name}")
            open("/var/tmp/x")
            random.random()
            random.choice([1, 2])
            telnetlib.Telnet("host")
            ftplib.FTP("host")
            ET.parse(f)
            ET.fromstring(data)
            minidom.parseString(data)
            etree.parse(f)
            mark_safe(user)
            urlopen(url)
            urlopen("https://example.org")


        def connect(host, password="admin", token="abc"):
            pass


        class Config:
            SECRET_KEY = "dev"
            api_token = "x"

            def __init__(self):
                self.password = "p"
    "#;
    let expected: &[(u32, &str)] = &[
        (28, "B605"),
        (29, "B605"),
        (30, "B605"),
        (31, "B307"),
        (32, "B307"),
        (33, "B102"),
        (37, "B602"),
        (38, "B602"),
        (39, "B603"),
        (40, "B603"),
        (41, "B606"),
        (42, "B606"),
        (43, "B604"),
        (45, "B506"),
        (46, "B506"),
        (47, "B301"),
        (48, "B301"),
        (49, "B302"),
        (50, "B301"),
        (51, "B324"),
        (52, "B324"),
        (54, "B324"),
        (56, "B303"),
        (57, "B304"),
        (59, "B304"),
        (60, "B305"),
        (61, "B306"),
        (62, "B501"),
        (63, "B501"),
        (64, "B501"),
        (65, "B323"),
        (67, "B608"),
        (68, "B608"),
        (70, "B608"),
        (71, "B608"),
        (73, "B105"),
        (74, "B106"),
        (75, "B105"),
        (77, "B105"),
        (78, "B108"),
        (79, "B108"),
        (80, "B311"),
        (81, "B311"),
        (82, "B312"),
        (83, "B321"),
        (84, "B314"),
        (85, "B314"),
        (86, "B318"),
        (88, "B308"),
        (89, "B310"),
        (90, "B310"),
        (93, "B107"),
        (98, "B105"),
        (99, "B105"),
        (102, "B105"),
    ];
    let found: Vec<(u32, String)> = findings(source)
        .iter()
        .map(|row| {
            let cells: Vec<&str> = row.split(" | ").collect();
            (cells[2].parse().unwrap(), cells[cells.len() - 2].to_owned())
        })
        .collect();
    let missing: Vec<_> =
        expected.iter().filter(|(line, id)| !found.iter().any(|(l, b)| l == line && b == id)).collect();
    assert!(missing.is_empty(), "Bandit findings without a matching row: {missing:?}");
    assert!(!found.iter().any(|(line, _)| *line == 36), "subprocess.run([\"ls\"]) is not a finding");
    assert!(!found.iter().any(|(line, _)| *line == 35), "re.compile is not the builtin compile");
    assert!(!found.iter().any(|(line, _)| *line == 44), "yaml.load with SafeLoader is safe");
    assert!(!found.iter().any(|(line, _)| *line == 66), "a parameterized query is not an injection");
    assert!(!found.iter().any(|(line, _)| *line == 72), "Tk's text.insert is not SQL");
}

#[test]
fn a_query_reaches_its_sink_through_a_name() {
    let source = r#"
        LIST = "select id, name from users order by name"
        query = "delete from users"

        def list_users(db):
            return db.execute(LIST).fetchall()

        def run(db, query):
            db.execute(query)

        def search(db, term):
            sql = "SELECT * FROM users"
            sql += f" WHERE name LIKE '%{term}%'"
            return db.execute(sql)
    "#;
    assert_rows(
        rows(source, "sql_queries", "sql_queries"),
        &[
            "F | NULL | 1 | select | select id, name from users order by name | 0 | 7 | calls#1",
            "F | @search | 11 | select | SELECT * FROM users WHERE name LIKE '%{term}%' | 1 | 10 | calls#3",
        ],
    );
    assert_rows(
        findings(source),
        &[
            "F | @search | 13 | 11 | sql_injection | db.execute | concatenation (via sql): SELECT * FROM users WHERE name LIKE '%{term}%' | calls#3 | NULL | B608 | 1",
        ],
    );
}
