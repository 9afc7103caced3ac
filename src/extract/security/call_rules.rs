//! The rules that look at one call: code execution and dynamic imports, shell and process
//! execution, unsafe deserialization, weak hashes, ciphers, keys and TLS versions, cipher and
//! password-hashing inventory, insecure temporary files, disabled TLS verification, requests
//! without a timeout, path traversal, SQL injection, Bandit's blacklisted calls, settings that
//! switch a protection off, and hard-coded secrets passed as keyword arguments. Callees are
//! matched by their name qualified through the file's imports (`from os import system as s;
//! s(x)` is `os.system`; `re.compile` is not the builtin `compile`). Node kinds: ExprCall.

use ruff_python_ast::{self as ast, Expr};

use super::bindings::Bindings;
use super::secrets::is_secret_name;
use super::sinks::{resolve_string, sql_argument};
use super::site::{CallSite, Finding, is_constant_value, is_false_literal};
use super::sql::{Evidence, looks_like_sql_statement, parse};
use super::strings::{Construction, built_string, literal_str, shorten};
use crate::index::NodeIndex;
use crate::index::names::dotted_name;

/// Longest argument text kept in `detail`.
const DETAIL_MAX: usize = 200;

/// Every finding of one call.
pub fn check<'a>(
    index: &NodeIndex<'a>,
    bindings: &Bindings<'a>,
    imports_flask: bool,
    site: &CallSite<'a>,
    out: &mut Vec<Finding>,
) {
    code_execution(index, site, out);
    dynamic_import(index, site, out);
    processes(index, site, out);
    deserialization(index, site, out);
    weak_crypto(index, site, out);
    crypto_inventory(index, site, out);
    temp_files(index, site, out);
    tls_verification(index, site, out);
    path_traversal(index, site, out);
    sql_injection(index, bindings, site, out);
    blacklisted(index, site, out);
    configuration(index, site, imports_flask, out);
    transport(index, site, out);
    secret_keywords(index, site, out);
}

const BAD_TLS_VERSIONS: &[&str] = &[
    "PROTOCOL_SSLv2",
    "PROTOCOL_SSLv3",
    "PROTOCOL_TLSv1",
    "PROTOCOL_TLSv1_1",
    "SSLv2_METHOD",
    "SSLv23_METHOD",
    "SSLv3_METHOD",
    "TLSv1_METHOD",
    "TLSv1_1_METHOD",
];

const REQUESTS_FUNCTIONS: &[&str] = &[
    "requests.get",
    "requests.post",
    "requests.put",
    "requests.patch",
    "requests.delete",
    "requests.head",
    "requests.options",
    "requests.request",
];

/// Transport settings: an SSL/TLS protocol version known to be broken (B502, in any argument
/// of any call), `ssl.wrap_socket` without a version (B504), a `requests` call without a
/// timeout (B113), RSA/DSA keys under 2048 bits and weak elliptic curves (B505).
fn transport(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    let name = site.name();
    let arguments =
        site.call.arguments.args.iter().chain(site.call.arguments.keywords.iter().map(|k| &k.value));
    for argument in arguments {
        let version =
            dotted_name(argument).filter(|d| BAD_TLS_VERSIONS.contains(&d.rsplit('.').next().unwrap_or("")));
        if let Some(version) = version {
            out.push(Finding::on_call(index, site, "weak_tls_version").detail(version).bandit("B502"));
        }
    }
    if name == "ssl.wrap_socket" && site.keyword("ssl_version").is_none() {
        out.push(Finding::on_call(index, site, "weak_tls_version").detail("no ssl_version").bandit("B504"));
    }
    if REQUESTS_FUNCTIONS.contains(&name)
        && site.keyword("timeout").is_none_or(|t| matches!(t, Expr::NoneLiteral(_)))
    {
        out.push(
            Finding::on_call(index, site, "request_without_timeout")
                .detail(text_of(index, site.first_argument()))
                .bandit("B113"),
        );
    }
    let key_size = match name {
        "cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key" => site.argument("key_size", 1),
        "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key" => site.argument("key_size", 0),
        "Crypto.PublicKey.RSA.generate"
        | "Crypto.PublicKey.DSA.generate"
        | "Cryptodome.PublicKey.RSA.generate"
        | "Cryptodome.PublicKey.DSA.generate" => site.argument("bits", 0),
        _ => None,
    };
    if let Some(bits) = key_size.and_then(int_literal).filter(|bits| *bits < 2048) {
        out.push(
            Finding::on_call(index, site, "weak_key_size").detail(format!("{bits} bits")).bandit("B505"),
        );
    }
    if matches!(
        name,
        "cryptography.hazmat.primitives.asymmetric.ec.SECP192R1"
            | "cryptography.hazmat.primitives.asymmetric.ec.SECT163K1"
            | "cryptography.hazmat.primitives.asymmetric.ec.SECT163R2"
    ) {
        let curve = name.rsplit('.').next().unwrap_or(name);
        out.push(Finding::on_call(index, site, "weak_key_size").detail(curve.to_owned()).bandit("B505"));
    }
}

/// Settings that switch a protection off: world-writable or group-executable `os.chmod` modes
/// (B103), Flask's `run(debug=True)` in a file that imports flask (B201), a Jinja2
/// `Environment` without autoescaping (B701), paramiko accepting unknown host keys (B507).
fn configuration(index: &NodeIndex<'_>, site: &CallSite<'_>, imports_flask: bool, out: &mut Vec<Finding>) {
    let name = site.name();
    if name == "os.chmod" {
        let mode = site.argument("mode", 1).and_then(int_literal);
        // stat.S_IWOTH (0o002) or stat.S_IXGRP (0o010), as Bandit checks.
        if let Some(mode) = mode.filter(|m| m & 0o002 != 0 || m & 0o010 != 0) {
            out.push(
                Finding::on_call(index, site, "permissive_file_mode")
                    .detail(format!("0o{mode:o}"))
                    .bandit("B103"),
            );
        }
    } else if name == "jinja2.Environment" || name == "jinja2.environment.Environment" {
        let autoescape = site.keyword("autoescape");
        if autoescape.is_none_or(is_false_literal) {
            let detail =
                autoescape.map_or("no autoescape".to_owned(), |a| format!("autoescape={}", index.text(a)));
            out.push(Finding::on_call(index, site, "template_autoescape_off").detail(detail).bandit("B701"));
        }
    } else if site.method() == Some("set_missing_host_key_policy") {
        let policy = site.first_argument().map(|p| match p {
            Expr::Call(call) => &*call.func,
            other => other,
        });
        let policy = policy.and_then(dotted_name).unwrap_or_default();
        let last = policy.rsplit('.').next().unwrap_or_default();
        if last == "AutoAddPolicy" || last == "WarningPolicy" {
            out.push(
                Finding::on_call(index, site, "ssh_host_key_unchecked").detail(policy.clone()).bandit("B507"),
            );
        }
    } else if imports_flask
        && site.method() == Some("run")
        && site.keyword("debug").is_some_and(|d| matches!(d, Expr::BooleanLiteral(b) if b.value))
    {
        out.push(Finding::on_call(index, site, "debug_enabled").detail("debug=True").bandit("B201"));
    }
}

/// The value of an integer literal (`0o777`, `511`).
fn int_literal(expr: &Expr) -> Option<u64> {
    match expr {
        Expr::NumberLiteral(number) => match &number.value {
            ast::Number::Int(int) => int.as_u64(),
            _ => None,
        },
        _ => None,
    }
}

fn text_of(index: &NodeIndex<'_>, expr: Option<&Expr>) -> String {
    expr.map(|e| shorten(index.text(e), DETAIL_MAX)).unwrap_or_default()
}

/// `eval`/`exec` (always, as Bandit's B307/B102) and `compile` on a non-constant source.
fn code_execution(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    let bandit = match site.qualified.as_deref() {
        Some("builtins.eval") => Some("B307"),
        Some("builtins.exec") => Some("B102"),
        Some("builtins.compile") => None,
        _ => return,
    };
    let source = site.argument("source", 0);
    let dynamic = !source.is_some_and(is_constant_value);
    if bandit.is_none() && !dynamic {
        return;
    }
    let mut finding =
        Finding::on_call(index, site, "code_execution").detail(text_of(index, source)).dynamic(dynamic);
    finding.bandit = bandit;
    out.push(finding);
}

/// `__import__(name)` and `importlib.import_module(name)` on a name that is not a literal.
fn dynamic_import(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    if !matches!(site.name(), "builtins.__import__" | "importlib.import_module" | "importlib.__import__") {
        return;
    }
    let module = site.argument("name", 0);
    if !module.is_some_and(is_constant_value) {
        out.push(
            Finding::on_call(index, site, "dynamic_import").detail(text_of(index, module)).dynamic(true),
        );
    }
}

const SUBPROCESS: &[&str] = &[
    "subprocess.Popen",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "subprocess.run",
];

const SHELL_FUNCTIONS: &[&str] = &[
    "os.system",
    "os.popen",
    "os.popen2",
    "os.popen3",
    "os.popen4",
    "popen2.popen2",
    "popen2.popen3",
    "popen2.popen4",
    "popen2.Popen3",
    "popen2.Popen4",
    "commands.getoutput",
    "commands.getstatusoutput",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
    "asyncio.create_subprocess_shell",
];

const EXEC_FUNCTIONS: &[&str] = &[
    "os.execl",
    "os.execle",
    "os.execlp",
    "os.execlpe",
    "os.execv",
    "os.execve",
    "os.execvp",
    "os.execvpe",
    "os.spawnl",
    "os.spawnle",
    "os.spawnlp",
    "os.spawnlpe",
    "os.spawnv",
    "os.spawnve",
    "os.spawnvp",
    "os.spawnvpe",
    "os.startfile",
    "os.posix_spawn",
    "os.posix_spawnp",
    "pty.spawn",
];

/// The truth of a `shell=` argument: `Some(true)` for a true literal, `None` for an expression
/// whose value is unknown, `Some(false)` for a false literal.
fn shell_truth(value: &Expr) -> Option<bool> {
    match value {
        _ if is_false_literal(value) => Some(false),
        Expr::BooleanLiteral(_) | Expr::NumberLiteral(_) | Expr::StringLiteral(_) => Some(true),
        Expr::List(list) => Some(!list.is_empty()),
        Expr::Dict(dict) => Some(!dict.is_empty()),
        _ => None,
    }
}

/// subprocess with `shell=` true or unknown (B602), other functions with such a `shell=`
/// (B604), shell-running functions (B605), exec/spawn functions (B606), and subprocess
/// without a shell on a non-constant command (B603 restricted to commands that can vary).
fn processes(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    let name = site.name();
    // `os.spawn*(mode, path, ...)` take the mode first.
    let command =
        if name.starts_with("os.spawn") { site.argument("path", 1) } else { site.argument("args", 0) };
    let command_text = text_of(index, command);
    let command_dynamic = !command.is_some_and(is_constant_value);
    let shell = site.keyword("shell").map(|value| (value, shell_truth(value)));
    let shell_detail = |value: &Expr, truth: Option<bool>| match truth {
        Some(_) => format!("shell={}: {command_text}", index.text(value)),
        None => format!("shell={} (unknown): {command_text}", index.text(value)),
    };
    if SUBPROCESS.contains(&name) {
        match shell {
            Some((value, truth @ (Some(true) | None))) => out.push(
                Finding::on_call(index, site, "subprocess_shell")
                    .detail(shell_detail(value, truth))
                    .bandit("B602")
                    .dynamic(command_dynamic),
            ),
            _ if command_dynamic => out.push(
                Finding::on_call(index, site, "process_exec")
                    .detail(command_text)
                    .bandit("B603")
                    .dynamic(true),
            ),
            _ => {}
        }
    } else if SHELL_FUNCTIONS.contains(&name) {
        out.push(
            Finding::on_call(index, site, "os_shell")
                .detail(command_text)
                .bandit("B605")
                .dynamic(command_dynamic),
        );
    } else if EXEC_FUNCTIONS.contains(&name) || (name == "asyncio.create_subprocess_exec" && command_dynamic)
    {
        let bandit = if name.starts_with("os.") { Some("B606") } else { None };
        let mut finding =
            Finding::on_call(index, site, "process_exec").detail(command_text).dynamic(command_dynamic);
        finding.bandit = bandit;
        out.push(finding);
    } else if let Some((value, truth @ (Some(true) | None))) = shell {
        out.push(
            Finding::on_call(index, site, "shell_keyword")
                .detail(shell_detail(value, truth))
                .bandit("B604")
                .dynamic(command_dynamic),
        );
    }
}

const PICKLE_LOADERS: &[&str] = &[
    "pickle.load",
    "pickle.loads",
    "pickle.Unpickler",
    "_pickle.load",
    "_pickle.loads",
    "_pickle.Unpickler",
    "cPickle.load",
    "cPickle.loads",
    "cPickle.Unpickler",
    "dill.load",
    "dill.loads",
    "dill.Unpickler",
    "shelve.open",
    "shelve.DbfilenameShelf",
    "jsonpickle.decode",
    "jsonpickle.unpickler.decode",
    "jsonpickle.unpickler.Unpickler",
    "pandas.read_pickle",
];

const SAFE_YAML_LOADERS: &[&str] = &["SafeLoader", "CSafeLoader", "BaseLoader"];

/// pickle/dill/shelve/jsonpickle loads (B301), marshal loads (B302), and `yaml.load` without a
/// safe loader or the explicitly unsafe yaml loaders (B506).
fn deserialization(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    let name = site.name();
    let data = text_of(index, site.first_argument());
    if PICKLE_LOADERS.contains(&name) {
        out.push(Finding::on_call(index, site, "unsafe_deserialization").detail(data).bandit("B301"));
    } else if name == "marshal.load" || name == "marshal.loads" {
        out.push(Finding::on_call(index, site, "unsafe_deserialization").detail(data).bandit("B302"));
    } else if name == "yaml.load" || name == "yaml.load_all" {
        let loader = site.argument("Loader", 1);
        let safe = loader
            .and_then(dotted_name)
            .is_some_and(|l| SAFE_YAML_LOADERS.contains(&l.rsplit('.').next().unwrap_or_default()));
        if !safe {
            let detail = match loader {
                Some(loader) => format!("Loader={}", index.text(loader)),
                None => "no Loader".to_owned(),
            };
            out.push(Finding::on_call(index, site, "yaml_load").detail(detail).bandit("B506"));
        }
    } else if name == "yaml.unsafe_load" || name == "yaml.unsafe_load_all" {
        out.push(Finding::on_call(index, site, "yaml_load").detail(name.to_owned()).bandit("B506"));
    }
}

const WEAK_HASH_FUNCTIONS: &[&str] = &[
    "hashlib.md5",
    "hashlib.sha1",
    "Crypto.Hash.MD2.new",
    "Crypto.Hash.MD4.new",
    "Crypto.Hash.MD5.new",
    "Crypto.Hash.SHA.new",
    "Crypto.Hash.SHA1.new",
    "Cryptodome.Hash.MD2.new",
    "Cryptodome.Hash.MD4.new",
    "Cryptodome.Hash.MD5.new",
    "Cryptodome.Hash.SHA.new",
    "Cryptodome.Hash.SHA1.new",
    "cryptography.hazmat.primitives.hashes.MD5",
    "cryptography.hazmat.primitives.hashes.SHA1",
];

const WEAK_HASH_NAMES: &[&str] = &["md4", "md5", "sha", "sha1", "md5-sha1", "md5_sha1"];

const WEAK_CIPHERS: &[&str] = &[
    "Crypto.Cipher.ARC2.new",
    "Crypto.Cipher.ARC4.new",
    "Crypto.Cipher.Blowfish.new",
    "Crypto.Cipher.DES.new",
    "Crypto.Cipher.DES3.new",
    "Crypto.Cipher.XOR.new",
    "Cryptodome.Cipher.ARC2.new",
    "Cryptodome.Cipher.ARC4.new",
    "Cryptodome.Cipher.Blowfish.new",
    "Cryptodome.Cipher.DES.new",
    "Cryptodome.Cipher.DES3.new",
    "Cryptodome.Cipher.XOR.new",
    "cryptography.hazmat.primitives.ciphers.algorithms.ARC4",
    "cryptography.hazmat.primitives.ciphers.algorithms.Blowfish",
    "cryptography.hazmat.primitives.ciphers.algorithms.IDEA",
    "cryptography.hazmat.primitives.ciphers.algorithms.CAST5",
    "cryptography.hazmat.primitives.ciphers.algorithms.SEED",
    "cryptography.hazmat.primitives.ciphers.algorithms.TripleDES",
    "cryptography.hazmat.decrepit.ciphers.algorithms.ARC4",
    "cryptography.hazmat.decrepit.ciphers.algorithms.Blowfish",
    "cryptography.hazmat.decrepit.ciphers.algorithms.IDEA",
    "cryptography.hazmat.decrepit.ciphers.algorithms.CAST5",
    "cryptography.hazmat.decrepit.ciphers.algorithms.SEED",
    "cryptography.hazmat.decrepit.ciphers.algorithms.TripleDES",
];

/// Weak hashes (B303/B324; not when `usedforsecurity=False`), weak ciphers (B304) and the ECB
/// mode (B305; also PyCryptodome's `MODE_ECB` argument).
fn weak_crypto(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    let name = site.name();
    let not_for_security = site.keyword("usedforsecurity").is_some_and(is_false_literal);
    if WEAK_HASH_FUNCTIONS.contains(&name) && !not_for_security {
        let algorithm = name.rsplit('.').find(|part| *part != "new").unwrap_or(name);
        // Bandit reports hashlib as B324 and the other libraries as B303.
        let bandit = if name.starts_with("hashlib.") { "B324" } else { "B303" };
        out.push(Finding::on_call(index, site, "weak_hash").detail(algorithm.to_lowercase()).bandit(bandit));
    } else if name == "hashlib.new" && !not_for_security {
        let algorithm = site.argument("name", 0).and_then(literal_str).map(str::to_lowercase);
        if let Some(algorithm) = algorithm.filter(|a| WEAK_HASH_NAMES.contains(&a.as_str())) {
            out.push(Finding::on_call(index, site, "weak_hash").detail(algorithm).bandit("B324"));
        }
    }
    if WEAK_CIPHERS.contains(&name) {
        let algorithm = name.rsplit('.').find(|part| *part != "new").unwrap_or(name);
        out.push(Finding::on_call(index, site, "weak_cipher").detail(algorithm.to_owned()).bandit("B304"));
    }
    if name == "cryptography.hazmat.primitives.ciphers.modes.ECB" {
        out.push(Finding::on_call(index, site, "weak_cipher_mode").detail("ECB").bandit("B305"));
    } else if (site.in_module("Crypto.Cipher") || site.in_module("Cryptodome.Cipher"))
        && name.ends_with(".new")
    {
        let mode = site.argument("mode", 1).and_then(dotted_name);
        if mode.as_deref().is_some_and(|m| m.ends_with("MODE_ECB")) {
            out.push(Finding::on_call(index, site, "weak_cipher_mode").detail("ECB"));
        }
    }
}

/// Password hashing functions (what the predecessor listed as password hashing).
const PASSWORD_HASHERS: &[&str] = &[
    "bcrypt.hashpw",
    "bcrypt.kdf",
    "hashlib.pbkdf2_hmac",
    "hashlib.scrypt",
    "argon2.PasswordHasher",
    "argon2.hash_password",
    "werkzeug.security.generate_password_hash",
    "django.contrib.auth.hashers.make_password",
    "passlib.hash.bcrypt.hash",
    "passlib.hash.pbkdf2_sha256.hash",
    "passlib.hash.argon2.hash",
    "passlib.context.CryptContext",
];

/// Cipher and key inventory: every cipher construction with its algorithm and mode
/// (`cipher_use`), password hashing calls (`password_hash`), and a literal key given to a
/// cipher, Fernet or HMAC (`hardcoded_key`).
fn crypto_inventory(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    let name = site.name();
    let pycrypto_cipher =
        (site.in_module("Crypto.Cipher") || site.in_module("Cryptodome.Cipher")) && name.ends_with(".new");
    if pycrypto_cipher {
        let algorithm = name.rsplit('.').nth(1).unwrap_or_default();
        let mode = site.argument("mode", 1).and_then(dotted_name);
        let mode =
            mode.as_deref().map(|m| m.rsplit('.').next().unwrap_or(m).trim_start_matches("MODE_").to_owned());
        let detail = match mode {
            Some(mode) => format!("{algorithm}/{mode}"),
            None => algorithm.to_owned(),
        };
        out.push(Finding::on_call(index, site, "cipher_use").detail(detail));
    } else if name == "cryptography.hazmat.primitives.ciphers.Cipher" {
        let part = |expr: Option<&Expr>| {
            let dotted = expr.and_then(|e| match e {
                Expr::Call(call) => dotted_name(&call.func),
                other => dotted_name(other),
            });
            dotted.map(|d| d.rsplit('.').next().unwrap_or(&d).to_owned()).unwrap_or_else(|| "?".to_owned())
        };
        let detail = format!("{}/{}", part(site.argument("algorithm", 0)), part(site.argument("mode", 1)));
        out.push(Finding::on_call(index, site, "cipher_use").detail(detail));
    }
    if PASSWORD_HASHERS.contains(&name) {
        let position = usize::from(name == "hashlib.pbkdf2_hmac");
        let password = site.argument("password", position);
        let mut finding = Finding::on_call(index, site, "password_hash").detail(name.to_owned());
        finding.dynamic = password.map(|p| !is_constant_value(p));
        out.push(finding);
    }
    let keyed = pycrypto_cipher
        || site.in_module("cryptography.hazmat.primitives.ciphers.algorithms")
        || matches!(name, "cryptography.fernet.Fernet" | "hmac.new" | "hmac.digest" | "hmac.HMAC");
    let key = if keyed { site.argument("key", 0) } else { None };
    if let Some(key @ (Expr::StringLiteral(_) | Expr::BytesLiteral(_))) = key {
        out.push(
            Finding::on_call(index, site, "hardcoded_key")
                .detail(shorten(index.text(key), DETAIL_MAX))
                .dynamic(false),
        );
    }
}

/// `tempfile.mktemp` (B306) and the old `os.tempnam`/`os.tmpnam` (B325).
fn temp_files(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    let bandit = match site.name() {
        "tempfile.mktemp" => "B306",
        "os.tempnam" | "os.tmpnam" => "B325",
        _ => return,
    };
    out.push(
        Finding::on_call(index, site, "insecure_tempfile").detail(site.name().to_owned()).bandit(bandit),
    );
}

const HTTP_METHODS: &[&str] =
    &["get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send"];

/// `verify=False` on requests/httpx calls and on HTTP-verb methods of their sessions and
/// clients (B501), and `ssl._create_unverified_context` (B323).
fn tls_verification(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    if site.name() == "ssl._create_unverified_context" {
        out.push(
            Finding::on_call(index, site, "tls_verify_disabled")
                .detail("unverified SSL context")
                .bandit("B323"),
        );
        return;
    }
    let Some(verify) = site.keyword("verify").filter(|v| is_false_literal(v)) else { return };
    let http_library = ["requests", "httpx", "aiohttp"].iter().any(|m| site.in_module(m));
    let http_method = site.method().is_some_and(|m| HTTP_METHODS.contains(&m));
    if http_library || http_method {
        out.push(
            Finding::on_call(index, site, "tls_verify_disabled")
                .detail(format!("verify={}", index.text(verify)))
                .bandit("B501"),
        );
    }
}

const FILE_OPENERS: &[&str] = &[
    "builtins.open",
    "io.open",
    "codecs.open",
    "os.open",
    "pathlib.Path",
    "pathlib.PurePath",
    "pathlib.PosixPath",
    "pathlib.WindowsPath",
    "flask.send_file",
];

const PATH_JOINS: &[&str] = &["os.path.join", "posixpath.join", "ntpath.join"];

/// `open`/`Path`/... on a path built at run time whose varying part is not only a leading
/// directory: `f"{base}/{name}"`, `base + name`, `os.path.join(base, name)`, `base / name`.
fn path_traversal(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    if !FILE_OPENERS.contains(&site.name()) {
        return;
    }
    let Some(path) = site.argument("file", 0).or_else(|| site.keyword("path")) else { return };
    let how = match path {
        Expr::Call(join) => {
            let names = index.names();
            let joined = dotted_name(&join.func).and_then(|d| names.qualify(index, site.entry.scope, &d));
            let tail_varies = join.arguments.args.iter().skip(1).any(|a| !is_constant_value(a));
            match joined {
                Some(joined) if PATH_JOINS.contains(&joined.as_str()) && tail_varies => Some(joined),
                _ => built_varying(index, path),
            }
        }
        Expr::BinOp(binop) if binop.op == ast::Operator::Div => {
            (!is_constant_value(&binop.right)).then(|| "/ operator".to_owned())
        }
        _ => built_varying(index, path),
    };
    if let Some(how) = how {
        out.push(
            Finding::on_call(index, site, "path_traversal")
                .detail(format!("{how}: {}", text_of(index, Some(path))))
                .dynamic(true),
        );
    }
}

/// How a built path string varies beyond a leading run-time directory, if it does.
fn built_varying(index: &NodeIndex<'_>, path: &Expr) -> Option<String> {
    let built = built_string(index, path.into())?;
    let varies_after_start = built.text.char_indices().any(|(i, c)| c == '{' && i > 0);
    let varies = match built.how {
        Construction::Literal => false,
        Construction::Percent | Construction::Format | Construction::Replace => built.dynamic,
        Construction::FString | Construction::Concatenation => built.dynamic && varies_after_start,
    };
    varies.then(|| built.how.as_str().to_owned())
}

/// A SQL sink running SQL text built at run time (f-string, `%`, `.format()`, `+`), inline or
/// through a local name (B608 at the sink).
fn sql_injection<'a>(
    index: &NodeIndex<'a>,
    bindings: &Bindings<'a>,
    site: &CallSite<'a>,
    out: &mut Vec<Finding>,
) {
    let Some(argument) = sql_argument(site) else { return };
    let Some(resolved) = resolve_string(index, bindings, site, argument) else { return };
    let built = &resolved.built;
    let is_sql = parse(&built.text, Evidence::Sink).is_some() || looks_like_sql_statement(&built.text);
    if !(built.dynamic && is_sql) {
        return;
    }
    // Through a name, show the text the sink receives (with what `+=` added); inline, the code.
    let shown = match resolved.via_name {
        Some(name) => format!("{} (via {name}): {}", built.how.as_str(), shorten(&built.text, DETAIL_MAX)),
        None => format!("{}: {}", built.how.as_str(), shorten(index.text(resolved.expr), DETAIL_MAX)),
    };
    out.push(Finding::on_call(index, site, "sql_injection").detail(shown).bandit("B608").dynamic(true));
}

const RANDOM_FUNCTIONS: &[&str] = &[
    "random.Random",
    "random.random",
    "random.randrange",
    "random.randint",
    "random.choice",
    "random.choices",
    "random.uniform",
    "random.triangular",
    "random.randbytes",
    "random.sample",
    "random.getrandbits",
];

const XML_PARSERS: &[(&str, &str)] = &[
    ("xml.etree.cElementTree.parse", "B313"),
    ("xml.etree.cElementTree.iterparse", "B313"),
    ("xml.etree.cElementTree.fromstring", "B313"),
    ("xml.etree.cElementTree.XMLParser", "B313"),
    ("xml.etree.ElementTree.parse", "B314"),
    ("xml.etree.ElementTree.iterparse", "B314"),
    ("xml.etree.ElementTree.fromstring", "B314"),
    ("xml.etree.ElementTree.XMLParser", "B314"),
    ("xml.sax.expatreader.create_parser", "B315"),
    ("xml.dom.expatbuilder.parse", "B316"),
    ("xml.dom.expatbuilder.parseString", "B316"),
    ("xml.sax.parse", "B317"),
    ("xml.sax.parseString", "B317"),
    ("xml.sax.make_parser", "B317"),
    ("xml.dom.minidom.parse", "B318"),
    ("xml.dom.minidom.parseString", "B318"),
    ("xml.dom.pulldom.parse", "B319"),
    ("xml.dom.pulldom.parseString", "B319"),
    ("lxml.etree.parse", "B320"),
    ("lxml.etree.fromstring", "B320"),
    ("lxml.etree.RestrictedElement", "B320"),
    ("lxml.etree.GlobalParserTLS", "B320"),
    ("lxml.etree.getDefaultParser", "B320"),
    ("lxml.etree.check_docinfo", "B320"),
];

const URL_OPENERS: &[&str] = &[
    "urllib.urlopen",
    "urllib.request.urlopen",
    "urllib.urlretrieve",
    "urllib.request.urlretrieve",
    "urllib.URLopener",
    "urllib.request.URLopener",
    "urllib.FancyURLopener",
    "urllib.request.FancyURLopener",
    "urllib2.urlopen",
    "urllib2.Request",
    "six.moves.urllib.request.urlopen",
    "six.moves.urllib.request.urlretrieve",
    "six.moves.urllib.request.URLopener",
    "six.moves.urllib.request.FancyURLopener",
];

/// The rest of Bandit's blacklisted calls: `mark_safe` (B308), URL openers that accept any
/// scheme such as `file://` (B310), `random` (B311), telnet and FTP
/// (B312, B321), and XML parsers open to entity attacks (B313-B320).
fn blacklisted(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    let name = site.name();
    let first = text_of(index, site.first_argument());
    let (rule, bandit) =
        if name == "django.utils.safestring.mark_safe" || name == "django.utils.html.mark_safe" {
            ("xss_mark_safe", "B308")
        } else if URL_OPENERS.contains(&name) {
            ("url_open", "B310")
        } else if RANDOM_FUNCTIONS.contains(&name) {
            ("insecure_random", "B311")
        } else if site.in_module("telnetlib") {
            ("cleartext_protocol", "B312")
        } else if site.in_module("ftplib") {
            ("cleartext_protocol", "B321")
        } else if let Some((_, bandit)) = XML_PARSERS.iter().find(|(parser, _)| *parser == name) {
            ("xml_parse", *bandit)
        } else {
            return;
        };
    out.push(Finding::on_call(index, site, rule).detail(first).bandit(bandit));
}

/// `login(password="hunter2")`: a secret-like keyword given a string literal (B106).
fn secret_keywords(index: &NodeIndex<'_>, site: &CallSite<'_>, out: &mut Vec<Finding>) {
    for keyword in site.call.arguments.keywords.iter() {
        let Some(arg) = &keyword.arg else { continue };
        if matches!(keyword.value, Expr::StringLiteral(_)) && is_secret_name(arg.as_str()) {
            out.push(
                Finding::on_call(index, site, "hardcoded_secret")
                    .detail(format!("{}={}", arg.as_str(), shorten(index.text(&keyword.value), DETAIL_MAX)))
                    .bandit("B106")
                    .dynamic(false),
            );
        }
    }
}
