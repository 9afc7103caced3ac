//! `pyindex mcp`: the queries as a Model Context Protocol server over stdio, for agents.
//!
//! Transport: JSON-RPC 2.0, one JSON message per line on stdin, one response per line on
//! stdout (nothing else is ever written to stdout; diagnostics go to stderr). Methods:
//! `initialize` (protocol version, `capabilities.tools`, `serverInfo`),
//! `notifications/initialized` (no reply, as for every notification), `ping`, `tools/list` and
//! `tools/call`. Every query of `crate::query` is a tool with a JSON schema for its arguments;
//! results are `content: [{type: "text", text}]`, bounded by a row limit and a character cap;
//! a name or file that matches nothing is a result with `isError: true` (the agent can read the
//! near matches and retry), while an unknown tool or bad arguments are JSON-RPC errors
//! (-32602), as are unknown methods (-32601), malformed JSON (-32700) and messages that are not
//! requests (-32600).
//!
//! The database is found (`--db`, or `.pyindex/index.db` above the start directory) and opened
//! for each call, so a re-index between calls is seen and a missing index is reported to the
//! agent as a tool error instead of stopping the server.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Result;
use serde_json::{Map, Value, json};

use crate::query::{self, Filters, Index, MAX_DEPTH, NotFound, Query};
use crate::report::Report;

/// Protocol revisions this server speaks, newest first; a client asking for another one gets
/// the newest.
pub const PROTOCOL_VERSIONS: &[&str] = &["2025-06-18", "2025-03-26", "2024-11-05"];

/// Rows per list unless the call asks for another limit, and the most it may ask for.
pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 500;
/// The longest text a tool returns; longer answers are cut with a note.
pub const MAX_TEXT_CHARS: usize = 60_000;

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;

/// Serves MCP on `input`/`output` until the input ends.
pub fn serve(
    db: Option<PathBuf>,
    start: PathBuf,
    mut input: impl BufRead,
    mut output: impl Write,
) -> Result<()> {
    let server = Server { db, start };
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        if input.read_until(b'\n', &mut buffer)? == 0 {
            return Ok(());
        }
        // Invalid UTF-8 is not fatal: the lossy text fails to parse and gets a parse error.
        let line = String::from_utf8_lossy(&buffer);
        if line.trim().is_empty() {
            continue;
        }
        if let Some(response) = server.handle_line(&line) {
            serde_json::to_writer(&mut output, &response)?;
            output.write_all(b"\n")?;
            output.flush()?;
        }
    }
}

/// Where the database is.
pub struct Server {
    pub db: Option<PathBuf>,
    pub start: PathBuf,
}

impl Server {
    /// The response to one line, or `None` for a notification.
    pub fn handle_line(&self, line: &str) -> Option<Value> {
        let message: Value = match serde_json::from_str(line) {
            Ok(message) => message,
            Err(error) => {
                return Some(error_response(Value::Null, PARSE_ERROR, &format!("parse error: {error}")));
            }
        };
        let Value::Object(message) = message else {
            return Some(error_response(Value::Null, INVALID_REQUEST, "a message must be a JSON object"));
        };
        let id = message.get("id").cloned();
        let valid_id = matches!(id, None | Some(Value::String(_)) | Some(Value::Number(_)));
        let method = message.get("method").and_then(Value::as_str);
        let (Some(method), true, true) = (method, message.get("jsonrpc") == Some(&json!("2.0")), valid_id)
        else {
            // A response from the client (it has `result` or `error`) needs no answer.
            if message.contains_key("result") || message.contains_key("error") {
                return None;
            }
            let id = if valid_id { id.unwrap_or(Value::Null) } else { Value::Null };
            return Some(error_response(id, INVALID_REQUEST, "not a JSON-RPC 2.0 request"));
        };
        let params = message.get("params").cloned().unwrap_or(Value::Null);
        let Some(id) = id else {
            // Notifications (`notifications/initialized`, `notifications/cancelled`, ...) get no
            // reply, whatever they are.
            return None;
        };
        Some(match self.handle_request(method, &params) {
            Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
            Err((code, message)) => error_response(id, code, &message),
        })
    }

    fn handle_request(&self, method: &str, params: &Value) -> Result<Value, (i64, String)> {
        match method {
            "initialize" => Ok(initialize(params)),
            "ping" => Ok(json!({})),
            "tools/list" => Ok(json!({ "tools": TOOLS.iter().map(Tool::describe).collect::<Vec<_>>() })),
            "tools/call" => self.call(params),
            _ => Err((METHOD_NOT_FOUND, format!("method not found: {method}"))),
        }
    }

    fn call(&self, params: &Value) -> Result<Value, (i64, String)> {
        let name = params
            .get("name")
            .and_then(Value::as_str)
            .ok_or((INVALID_PARAMS, "tools/call needs a string `name`".to_owned()))?;
        let tool = TOOLS
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| (INVALID_PARAMS, format!("unknown tool: {name}")))?;
        let empty = Map::new();
        let arguments = match params.get("arguments") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(arguments)) => arguments,
            Some(_) => return Err((INVALID_PARAMS, "`arguments` must be an object".to_owned())),
        };
        let arguments = Arguments::check(tool, arguments).map_err(|e| (INVALID_PARAMS, e))?;
        let query = (tool.query)(&arguments).map_err(|e| (INVALID_PARAMS, e))?;
        Ok(self.answer(&query, &arguments))
    }

    /// Runs `query`: the answer as text, or the failure as a tool error the agent can read.
    fn answer(&self, query: &Query, arguments: &Arguments<'_>) -> Value {
        let limit = arguments.limit();
        let json_format = arguments.string("format") == Some("json");
        let result = Index::discover(self.db.as_deref(), &self.start)
            .and_then(|index| query::run(&index, query, limit));
        match result {
            Ok(answer) => {
                let text = if json_format {
                    serde_json::to_string_pretty(&answer).unwrap_or_else(|e| format!("cannot serialize: {e}"))
                } else {
                    answer.to_text()
                };
                tool_result(bounded(text), false)
            }
            Err(error) => match error.downcast_ref::<NotFound>() {
                Some(not_found) if json_format => {
                    tool_result(json!({ "error": "not_found", "not_found": not_found }).to_string(), true)
                }
                _ => tool_result(format!("{error:#}"), true),
            },
        }
    }
}

fn initialize(params: &Value) -> Value {
    let requested = params.get("protocolVersion").and_then(Value::as_str);
    let version = requested.filter(|v| PROTOCOL_VERSIONS.contains(v)).unwrap_or(PROTOCOL_VERSIONS[0]);
    json!({
        "protocolVersion": version,
        "capabilities": { "tools": { "listChanged": false } },
        "serverInfo": { "name": "pyindex", "title": "pyindex", "version": env!("CARGO_PKG_VERSION") },
        "instructions": "Answers questions about an indexed Python repository from its pyindex database: \
            where symbols are defined, call graphs, imports, routes, ORM models, background tasks, \
            security findings and per-file summaries. Names may be partial (`Class.method`, \
            `pkg.mod.func`); unknown names return near matches.",
    })
}

fn tool_result(text: String, is_error: bool) -> Value {
    json!({ "content": [{ "type": "text", "text": text }], "isError": is_error })
}

fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

/// `text` cut to `MAX_TEXT_CHARS` characters, with a note when cut.
fn bounded(text: String) -> String {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        None => text,
        Some((cut, _)) => {
            format!("{}\n[output cut at {MAX_TEXT_CHARS} characters: lower `limit` or filter]", &text[..cut])
        }
    }
}

/// One argument of a tool.
struct Param {
    name: &'static str,
    kind: Kind,
    required: bool,
    description: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Integer { min: u64, max: u64 },
}

/// One tool: its name, description, arguments, and the query its arguments make.
struct Tool {
    name: &'static str,
    description: &'static str,
    params: &'static [Param],
    query: fn(&Arguments<'_>) -> Result<Query, String>,
}

const fn text(name: &'static str, required: bool, description: &'static str) -> Param {
    Param { name, kind: Kind::String, required, description }
}

const LIMIT: Param = Param {
    name: "limit",
    kind: Kind::Integer { min: 1, max: MAX_LIMIT as u64 },
    required: false,
    description: "Most rows per list (default 50).",
};
const FORMAT: Param = text("format", false, "`table` (default: aligned text) or `json`.");
const DEPTH: Param = Param {
    name: "depth",
    kind: Kind::Integer { min: 1, max: MAX_DEPTH as u64 },
    required: false,
    description: "Levels of the transitive call graph (default 1: direct calls only).",
};
const NAME: Param = text(
    "name",
    true,
    "A definition: a name (`helper`), a qualname (`Class.method`), a module-qualified name \
     (`pkg.mod.func`) or its end (`mod.func`); for callers also a name outside the repository \
     (`subprocess.run`).",
);
const FILE_ARG: Param = text(
    "file",
    true,
    "A file: its path relative to the repository root, its module name, or the end of its path.",
);
const FILE_FILTER: Param = text("file", false, "Only this file, or the files under this directory.");
const FRAMEWORK: Param =
    text("framework", false, "Only this framework (for example `flask`, `django`, `celery`).");

static TOOLS: &[Tool] = &[
    Tool {
        name: "symbol",
        description: "Where a function, class or method is defined (fuzzy on `Class.method`, module paths and \
                      name suffixes).",
        params: &[NAME, LIMIT, FORMAT],
        query: |a| Ok(Query::Symbol { name: a.required("name")? }),
    },
    Tool {
        name: "callers",
        description: "The calls that reach a definition (or a qualified name such as `subprocess.run`), \
                      transitively up to `depth` levels.",
        params: &[NAME, DEPTH, LIMIT, FORMAT],
        query: |a| Ok(Query::Callers { name: a.required("name")?, depth: a.depth() }),
    },
    Tool {
        name: "callees",
        description: "The calls a definition makes, transitively up to `depth` levels.",
        params: &[NAME, DEPTH, LIMIT, FORMAT],
        query: |a| Ok(Query::Callees { name: a.required("name")?, depth: a.depth() }),
    },
    Tool {
        name: "imports",
        description: "What a file imports, and which repository file each import reaches.",
        params: &[FILE_ARG, LIMIT, FORMAT],
        query: |a| Ok(Query::Imports { file: a.required("file")? }),
    },
    Tool {
        name: "importers",
        description: "The files that import a repository module or file (or a module outside the repository).",
        params: &[text("target", true, "A module name (`pkg.sub.mod`) or a file path."), LIMIT, FORMAT],
        query: |a| Ok(Query::Importers { target: a.required("target")? }),
    },
    Tool {
        name: "routes",
        description: "HTTP routes (one row per method) with handler, framework and whether auth guards them.",
        params: &[
            FRAMEWORK,
            text("method", false, "Only this HTTP method (`GET`, `POST`, ...)."),
            FILE_FILTER,
            LIMIT,
            FORMAT,
        ],
        query: |a| Ok(Query::Routes(a.filters())),
    },
    Tool {
        name: "models",
        description: "ORM models with their table and fields.",
        params: &[FRAMEWORK, FILE_FILTER, LIMIT, FORMAT],
        query: |a| Ok(Query::Models(a.filters())),
    },
    Tool {
        name: "tasks",
        description: "Background task definitions (Celery, Dramatiq, RQ, ...).",
        params: &[FRAMEWORK, FILE_FILTER, LIMIT, FORMAT],
        query: |a| Ok(Query::Tasks(a.filters())),
    },
    Tool {
        name: "findings",
        description: "Security findings: the rule matched, the call involved, why, and where.",
        params: &[text("rule", false, "Only this rule."), FILE_FILTER, LIMIT, FORMAT],
        query: |a| Ok(Query::Findings(a.filters())),
    },
    Tool {
        name: "file",
        description: "One file's summary: status, definitions, imports, routes, security findings, diagnostics.",
        params: &[FILE_ARG, LIMIT, FORMAT],
        query: |a| Ok(Query::File { file: a.required("file")? }),
    },
    Tool {
        name: "stats",
        description: "What the index holds: root, build time, rows per table, files by status, diagnostics.",
        params: &[FORMAT],
        query: |_| Ok(Query::Stats),
    },
];

impl Tool {
    /// The `tools/list` entry: name, description and the JSON schema of the arguments.
    fn describe(&self) -> Value {
        let mut properties = Map::new();
        for p in self.params {
            let mut schema = match p.kind {
                Kind::String => json!({ "type": "string" }),
                Kind::Integer { min, max } => json!({ "type": "integer", "minimum": min, "maximum": max }),
            };
            if p.name == "format" {
                schema["enum"] = json!(["table", "json"]);
            }
            schema["description"] = json!(p.description);
            properties.insert(p.name.to_owned(), schema);
        }
        let required: Vec<&str> = self.params.iter().filter(|p| p.required).map(|p| p.name).collect();
        json!({
            "name": self.name,
            "description": self.description,
            "inputSchema": {
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": false,
            },
            "annotations": { "readOnlyHint": true, "openWorldHint": false },
        })
    }
}

/// A call's arguments, checked against the tool's parameters.
struct Arguments<'a> {
    values: &'a Map<String, Value>,
}

impl<'a> Arguments<'a> {
    fn check(tool: &Tool, values: &'a Map<String, Value>) -> Result<Arguments<'a>, String> {
        for (key, value) in values {
            let Some(param) = tool.params.iter().find(|p| p.name == key) else {
                let known: Vec<&str> = tool.params.iter().map(|p| p.name).collect();
                return Err(format!(
                    "unknown argument `{key}` for {} (arguments: {})",
                    tool.name,
                    known.join(", ")
                ));
            };
            match param.kind {
                Kind::String if !value.is_string() => return Err(format!("`{key}` must be a string")),
                Kind::Integer { min, max } => match value.as_u64() {
                    Some(n) if (min..=max).contains(&n) => {}
                    _ => return Err(format!("`{key}` must be an integer from {min} to {max}")),
                },
                Kind::String => {}
            }
            if key == "format" && !matches!(value.as_str(), Some("table" | "json")) {
                return Err("`format` must be `table` or `json`".to_owned());
            }
        }
        for param in tool.params.iter().filter(|p| p.required) {
            match values.get(param.name).and_then(Value::as_str) {
                Some(text) if !text.trim().is_empty() => {}
                _ => return Err(format!("missing required argument `{}`", param.name)),
            }
        }
        Ok(Arguments { values })
    }

    fn string(&self, key: &str) -> Option<&'a str> {
        self.values.get(key).and_then(Value::as_str)
    }

    fn required(&self, key: &str) -> Result<String, String> {
        self.string(key).map(str::to_owned).ok_or_else(|| format!("missing required argument `{key}`"))
    }

    fn integer(&self, key: &str) -> Option<u64> {
        self.values.get(key).and_then(Value::as_u64)
    }

    fn limit(&self) -> usize {
        self.integer("limit").map_or(DEFAULT_LIMIT, |n| n as usize)
    }

    fn depth(&self) -> u32 {
        self.integer("depth").map_or(1, |n| n as u32)
    }

    fn filters(&self) -> Filters {
        let get = |key| self.string(key).map(str::to_owned);
        Filters { framework: get("framework"), method: get("method"), file: get("file"), rule: get("rule") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> Server {
        Server { db: Some(PathBuf::from("/nonexistent/index.db")), start: PathBuf::from("/") }
    }

    #[test]
    fn protocol_errors() {
        let s = server();
        assert_eq!(s.handle_line("{not json").unwrap()["error"]["code"], PARSE_ERROR);
        assert_eq!(s.handle_line("[1]").unwrap()["error"]["code"], INVALID_REQUEST);
        assert_eq!(s.handle_line(r#"{"jsonrpc":"2.0","id":1}"#).unwrap()["error"]["code"], INVALID_REQUEST);
        let unknown = s.handle_line(r#"{"jsonrpc":"2.0","id":7,"method":"resources/list"}"#).unwrap();
        assert_eq!(unknown["error"]["code"], METHOD_NOT_FOUND);
        assert_eq!(unknown["id"], 7);
        assert!(s.handle_line(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).is_none());
        let bad = s
            .handle_line(
                r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"symbol","arguments":{}}}"#,
            )
            .unwrap();
        assert_eq!(bad["error"]["code"], INVALID_PARAMS);
        let bad = s
            .handle_line(r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope"}}"#)
            .unwrap();
        assert_eq!(bad["error"]["code"], INVALID_PARAMS);
        let call = |arguments: Value| {
            let line = json!({"jsonrpc": "2.0", "id": 4, "method": "tools/call",
                              "params": {"name": "callers", "arguments": arguments}});
            s.handle_line(&line.to_string()).unwrap()
        };
        let unknown = call(json!({"name": "f", "deep": 2}));
        assert_eq!(unknown["error"]["code"], INVALID_PARAMS);
        assert!(unknown["error"]["message"].as_str().unwrap().contains("unknown argument `deep`"));
        assert_eq!(call(json!({"name": "f", "depth": 0}))["error"]["code"], INVALID_PARAMS);
        assert_eq!(call(json!({"name": "f", "format": "xml"}))["error"]["code"], INVALID_PARAMS);
        assert_eq!(call(json!({"name": "  "}))["error"]["code"], INVALID_PARAMS);
        // Valid arguments reach the query (here: no database, a tool error).
        assert_eq!(call(json!({"name": "f", "depth": 3, "limit": 5}))["result"]["isError"], true);
    }

    #[test]
    fn protocol_version_negotiation() {
        let s = server();
        let ask = |version: &str| {
            let line = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                              "params": {"protocolVersion": version, "capabilities": {}}});
            s.handle_line(&line.to_string()).unwrap()["result"]["protocolVersion"].clone()
        };
        assert_eq!(ask("2024-11-05"), "2024-11-05");
        assert_eq!(ask("2099-01-01"), PROTOCOL_VERSIONS[0]);
    }

    #[test]
    fn missing_database_is_a_tool_error() {
        let response = server()
            .handle_line(r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"stats"}}"#)
            .unwrap();
        assert_eq!(response["result"]["isError"], true);
        let text = response["result"]["content"][0]["text"].as_str().unwrap();
        assert!(text.contains("pyindex index"), "{text}");
    }

    #[test]
    fn serves_until_the_input_ends_and_survives_bad_bytes() {
        let input: &[u8] = b"\xff\xfe\n\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n";
        let mut output = Vec::new();
        serve(None, PathBuf::from("/"), input, &mut output).unwrap();
        let lines: Vec<Value> = output
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["error"]["code"], PARSE_ERROR);
        assert_eq!(lines[1], json!({"jsonrpc": "2.0", "id": 1, "result": {}}));
    }

    #[test]
    fn long_text_is_cut() {
        let text = bounded("é".repeat(MAX_TEXT_CHARS + 10));
        assert!(text.starts_with(&"é".repeat(MAX_TEXT_CHARS)));
        assert!(text.ends_with("or filter]"));
    }
}
