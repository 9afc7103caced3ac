//! `io_operations`: calls that touch files, the network, databases, processes or the
//! environment, classified by what is really called (the callee qualified through the file's
//! imports: `from subprocess import run as r; r(...)` is `subprocess.run`; a method named `get`
//! on an unknown object is not a network request), plus reads and writes of `os.environ[...]`.
//! `open` is a read or a write by its mode. The target is the literal path, URL, command, SQL
//! or variable name when it is constant. Node kinds: ExprCall, ExprSubscript.

use std::collections::HashMap;
use std::sync::LazyLock;

use ruff_python_ast::{Expr, ExprContext};
use ruff_text_size::Ranged;

use crate::extract::scope_value;
use crate::extract::security::bindings::Bindings;
use crate::extract::security::sinks::sql_argument;
use crate::extract::security::site::{CallSite, call_sites};
use crate::extract::security::sql::{Evidence, parse};
use crate::extract::security::strings::{literal_str, shorten};
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::index::names::dotted_name;
use crate::store::schema::Table;

/// (qualified callee, kind, operation) for functions whose meaning does not depend on arguments.
const FUNCTIONS: &[(&str, &str, &str)] = &[
    ("os.remove", "file", "write"),
    ("os.unlink", "file", "write"),
    ("os.rmdir", "file", "write"),
    ("os.removedirs", "file", "write"),
    ("os.rename", "file", "write"),
    ("os.replace", "file", "write"),
    ("os.mkdir", "file", "write"),
    ("os.makedirs", "file", "write"),
    ("os.truncate", "file", "write"),
    ("os.chmod", "file", "write"),
    ("os.chown", "file", "write"),
    ("shutil.copy", "file", "write"),
    ("shutil.copy2", "file", "write"),
    ("shutil.copyfile", "file", "write"),
    ("shutil.copytree", "file", "write"),
    ("shutil.move", "file", "write"),
    ("shutil.rmtree", "file", "write"),
    ("os.listdir", "file", "read"),
    ("os.scandir", "file", "read"),
    ("os.walk", "file", "read"),
    ("glob.glob", "file", "read"),
    ("glob.iglob", "file", "read"),
    ("requests.get", "network", "request"),
    ("requests.post", "network", "request"),
    ("requests.put", "network", "request"),
    ("requests.patch", "network", "request"),
    ("requests.delete", "network", "request"),
    ("requests.head", "network", "request"),
    ("requests.options", "network", "request"),
    ("requests.request", "network", "request"),
    ("httpx.get", "network", "request"),
    ("httpx.post", "network", "request"),
    ("httpx.put", "network", "request"),
    ("httpx.patch", "network", "request"),
    ("httpx.delete", "network", "request"),
    ("httpx.head", "network", "request"),
    ("httpx.options", "network", "request"),
    ("httpx.request", "network", "request"),
    ("httpx.stream", "network", "request"),
    ("aiohttp.request", "network", "request"),
    ("urllib.request.urlopen", "network", "request"),
    ("urllib.request.urlretrieve", "network", "request"),
    ("urllib.urlopen", "network", "request"),
    ("urllib2.urlopen", "network", "request"),
    ("http.client.HTTPConnection", "network", "connect"),
    ("http.client.HTTPSConnection", "network", "connect"),
    ("socket.socket", "network", "connect"),
    ("socket.create_connection", "network", "connect"),
    ("asyncio.open_connection", "network", "connect"),
    ("ftplib.FTP", "network", "connect"),
    ("ftplib.FTP_TLS", "network", "connect"),
    ("smtplib.SMTP", "network", "connect"),
    ("smtplib.SMTP_SSL", "network", "connect"),
    ("telnetlib.Telnet", "network", "connect"),
    ("poplib.POP3", "network", "connect"),
    ("imaplib.IMAP4", "network", "connect"),
    ("imaplib.IMAP4_SSL", "network", "connect"),
    ("websockets.connect", "network", "connect"),
    ("socket.create_server", "network", "listen"),
    ("asyncio.start_server", "network", "listen"),
    ("http.server.HTTPServer", "network", "listen"),
    ("http.server.ThreadingHTTPServer", "network", "listen"),
    ("socketserver.TCPServer", "network", "listen"),
    ("socketserver.UDPServer", "network", "listen"),
    ("sqlite3.connect", "database", "connect"),
    ("psycopg2.connect", "database", "connect"),
    ("psycopg.connect", "database", "connect"),
    ("pymysql.connect", "database", "connect"),
    ("MySQLdb.connect", "database", "connect"),
    ("mysql.connector.connect", "database", "connect"),
    ("cx_Oracle.connect", "database", "connect"),
    ("oracledb.connect", "database", "connect"),
    ("pyodbc.connect", "database", "connect"),
    ("asyncpg.connect", "database", "connect"),
    ("asyncpg.create_pool", "database", "connect"),
    ("aiosqlite.connect", "database", "connect"),
    ("sqlalchemy.create_engine", "database", "connect"),
    ("pymongo.MongoClient", "database", "connect"),
    ("redis.Redis", "database", "connect"),
    ("redis.StrictRedis", "database", "connect"),
    ("redis.from_url", "database", "connect"),
    ("pandas.read_sql", "database", "query"),
    ("pandas.read_sql_query", "database", "query"),
    ("pandas.read_sql_table", "database", "query"),
    ("subprocess.run", "process", "spawn"),
    ("subprocess.call", "process", "spawn"),
    ("subprocess.check_call", "process", "spawn"),
    ("subprocess.check_output", "process", "spawn"),
    ("subprocess.Popen", "process", "spawn"),
    ("subprocess.getoutput", "process", "spawn"),
    ("subprocess.getstatusoutput", "process", "spawn"),
    ("os.system", "process", "spawn"),
    ("os.popen", "process", "spawn"),
    ("os.startfile", "process", "spawn"),
    ("os.posix_spawn", "process", "spawn"),
    ("os.posix_spawnp", "process", "spawn"),
    ("asyncio.create_subprocess_exec", "process", "spawn"),
    ("asyncio.create_subprocess_shell", "process", "spawn"),
    ("pty.spawn", "process", "spawn"),
    ("commands.getoutput", "process", "spawn"),
    ("os.getenv", "environment", "read"),
    ("os.getenvb", "environment", "read"),
    ("os.environ.get", "environment", "read"),
    ("os.putenv", "environment", "write"),
    ("os.unsetenv", "environment", "write"),
    ("os.environ.setdefault", "environment", "write"),
    ("os.environ.update", "environment", "write"),
    ("os.environ.pop", "environment", "write"),
    ("os.environ.clear", "environment", "write"),
];

/// `FUNCTIONS` by callee, built once.
static FUNCTION_TABLE: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| FUNCTIONS.iter().map(|&(name, kind, operation)| (name, (kind, operation))).collect());

/// Names of receivers that hold a database connection or cursor (`cur.execute`, `db.commit`).
fn is_database_receiver(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    ["cursor", "cur", "conn", "connection", "db", "database", "session", "engine", "con", "cnx"]
        .iter()
        .any(|w| last == *w || last.ends_with(&format!("_{w}")))
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let bindings = Bindings::build(index);
    let mut rows: Vec<(u32, u32, Vec<Value<'_>>)> = Vec::new();
    for site in call_sites(index) {
        let Some((kind, operation, target)) = classify(index, &bindings, &site) else { continue };
        // `Path(p).read_text()` has no dotted callee: name it by the class and the method.
        let callee = site.callee().or_else(|| path_callee(index, &bindings, &site));
        let (line, col) = index.position(site.call.start());
        let (target, target_expr) = describe_target(index, target);
        rows.push((
            line,
            col,
            vec![
                Value::File,
                scope_value(site.entry.scope),
                line.into(),
                col.into(),
                kind.into(),
                operation.into(),
                callee.into(),
                Value::Row(Table::Calls, site.row),
                target.into(),
                target_expr.into(),
            ],
        ));
    }
    environ_subscripts(index, &mut rows);
    rows.sort_by_key(|(line, col, _)| (*line, *col));
    for (_, _, row) in rows {
        let row: [Value<'_>; 10] =
            row.try_into().unwrap_or_else(|_| unreachable!("io_operations rows have 10 cells"));
        facts.push(Table::IoOperations, row);
    }
}

/// Kind, operation and target argument of a call, when it is an I/O operation.
fn classify<'a>(
    index: &NodeIndex<'a>,
    bindings: &Bindings<'a>,
    site: &CallSite<'a>,
) -> Option<(&'static str, &'static str, Option<&'a Expr>)> {
    let name = site.name();
    if let Some(&(kind, operation)) = FUNCTION_TABLE.get(name) {
        let target = site
            .argument("url", 0)
            .filter(|_| kind == "network")
            .or_else(|| site.argument("args", 0))
            .or_else(|| site.first_argument());
        return Some((kind, operation, target));
    }
    if matches!(name, "builtins.open" | "io.open" | "codecs.open" | "os.open" | "os.fdopen") {
        let mode = site.argument("mode", 1);
        return Some(("file", open_operation(mode, name == "os.open"), site.argument("file", 0)));
    }
    if let Some(found) = path_method(index, bindings, site) {
        return Some(found);
    }
    let Expr::Attribute(attribute) = &*site.call.func else { return None };
    let on_database = || is_database_object(index, bindings, site, &attribute.value, 0);
    if let Some(argument) = sql_argument(site) {
        let is_sql = literal_str(argument).is_some_and(|t| parse(t, Evidence::Sink).is_some());
        return (is_sql || on_database()).then_some(("database", "query", Some(argument)));
    }
    let operation = match attribute.attr.as_str() {
        "commit" => "commit",
        "rollback" => "rollback",
        "fetchone" | "fetchall" | "fetchmany" => "fetch",
        _ => return None,
    };
    on_database().then_some(("database", operation, None))
}

/// The call that made the object `receiver` refers to: the receiver itself when it is a call
/// (`Path(p).read_text()`), or the value last assigned to the name in the same scope (`p =
/// Path(x); p.read_text()`).
fn constructor_of<'a>(
    bindings: &Bindings<'a>,
    site: &CallSite<'a>,
    receiver: &'a Expr,
) -> Option<&'a ruff_python_ast::ExprCall> {
    match receiver {
        Expr::Call(call) => Some(call),
        Expr::Name(name) => {
            match bindings.latest(site.entry.scope, name.id.as_str(), site.call.start())?.value {
                Expr::Call(call) => Some(call),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether `receiver` holds a database connection or cursor: it was made by a database
/// `connect` function (or is the `cursor()` of such a connection), or it is named like one
/// (`cur`, `cursor`, `conn`, `db`, `session`, ...).
fn is_database_object<'a>(
    index: &NodeIndex<'a>,
    bindings: &Bindings<'a>,
    site: &CallSite<'a>,
    receiver: &'a Expr,
    depth: u32,
) -> bool {
    if dotted_name(receiver).is_some_and(|name| is_database_receiver(&name)) {
        return true;
    }
    let Some(constructor) = constructor_of(bindings, site, receiver).filter(|_| depth < 3) else {
        return false;
    };
    let made_by =
        dotted_name(&constructor.func).and_then(|d| index.names().qualify(index, site.entry.scope, &d));
    if made_by.is_some_and(|m| FUNCTION_TABLE.get(m.as_str()).is_some_and(|(kind, _)| *kind == "database")) {
        return true;
    }
    match &*constructor.func {
        Expr::Attribute(method) if matches!(method.attr.as_str(), "cursor" | "connect" | "begin") => {
            is_database_object(index, bindings, site, &method.value, depth + 1)
        }
        _ => false,
    }
}

/// `read`/`write` from an `open` mode: `w`, `a`, `x` or `+` write; a mode that is not a literal
/// gives `open`. `os.open` takes flags, not a mode.
fn open_operation(mode: Option<&Expr>, flags: bool) -> &'static str {
    if flags {
        return match mode {
            None => "open",
            Some(m) if dotted_name(m).is_some_and(|m| m.ends_with("O_RDONLY")) => "read",
            Some(_) => "write",
        };
    }
    match mode {
        None => "read",
        Some(mode) => match literal_str(mode) {
            Some(text) if text.contains(['w', 'a', 'x', '+']) => "write",
            Some(_) => "read",
            None => "open",
        },
    }
}

const PATH_CLASSES: &[&str] =
    &["pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.WindowsPath"];

/// The `pathlib` class and constructor call of a method's receiver (`Path(p)` in
/// `Path(p).read_text()` or `path = Path(p); path.read_text()`).
fn path_receiver<'a>(
    index: &NodeIndex<'a>,
    bindings: &Bindings<'a>,
    site: &CallSite<'a>,
) -> Option<(String, &'a ruff_python_ast::ExprCall, &'a str)> {
    let Expr::Attribute(attribute) = &*site.call.func else { return None };
    let constructor = constructor_of(bindings, site, &attribute.value)?;
    let class = index.names().qualify(index, site.entry.scope, &dotted_name(&constructor.func)?)?;
    PATH_CLASSES.contains(&class.as_str()).then_some((class, constructor, attribute.attr.as_str()))
}

/// `pathlib.Path.read_text` for `Path(p).read_text()`.
fn path_callee<'a>(index: &NodeIndex<'a>, bindings: &Bindings<'a>, site: &CallSite<'a>) -> Option<String> {
    path_receiver(index, bindings, site).map(|(class, _, method)| format!("{class}.{method}"))
}

/// `Path(p).read_text()`, `pathlib.Path(p).write_bytes(...)`, `Path(p).open("w")`, also through
/// a local name bound to the `Path(...)` call.
fn path_method<'a>(
    index: &NodeIndex<'a>,
    bindings: &Bindings<'a>,
    site: &CallSite<'a>,
) -> Option<(&'static str, &'static str, Option<&'a Expr>)> {
    let (_, constructor, method) = path_receiver(index, bindings, site)?;
    let operation = match method {
        "read_text" | "read_bytes" | "iterdir" | "glob" | "rglob" => "read",
        "write_text" | "write_bytes" | "touch" | "mkdir" | "unlink" | "rmdir" | "rename" | "replace" => {
            "write"
        }
        "open" => open_operation(site.argument("mode", 0), false),
        _ => return None,
    };
    Some(("file", operation, constructor.arguments.args.first()))
}

/// The constant value of a target (string, or list of strings joined by spaces) and its text.
fn describe_target(index: &NodeIndex<'_>, target: Option<&Expr>) -> (Option<String>, Option<String>) {
    let Some(target) = target else { return (None, None) };
    let constant = match target {
        Expr::List(list) => {
            let parts: Option<Vec<&str>> = list.iter().map(literal_str).collect();
            parts.map(|p| p.join(" "))
        }
        Expr::Tuple(tuple) => {
            let parts: Option<Vec<&str>> = tuple.iter().map(literal_str).collect();
            parts.map(|p| p.join(" "))
        }
        other => literal_str(other).map(str::to_owned),
    };
    (constant.map(|c| shorten(&c, 1000)), Some(shorten(index.text(target), 1000)))
}

/// `os.environ["KEY"]` read (load) or written/deleted (store, del).
fn environ_subscripts<'a>(index: &NodeIndex<'a>, rows: &mut Vec<(u32, u32, Vec<Value<'a>>)>) {
    let names = index.names();
    for (subscript, entry) in index.subscripts() {
        let Some(base) = dotted_name(&subscript.value) else { continue };
        if names.qualify(index, entry.scope, &base).as_deref() != Some("os.environ") {
            continue;
        }
        let operation = if subscript.ctx == ExprContext::Load { "read" } else { "write" };
        let (line, col) = index.position(subscript.start());
        let (target, target_expr) = describe_target(index, Some(&subscript.slice));
        rows.push((
            line,
            col,
            vec![
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                "environment".into(),
                operation.into(),
                "os.environ".into(),
                Value::Null,
                target.into(),
                target_expr.into(),
            ],
        ));
    }
}
