//! `query callers NAME` / `query callees NAME`, with `--depth N` for the transitive call graph.
//!
//! Callers of a definition are the calls the link stage resolved to it
//! (`calls.target_symbol_id`) plus unresolved calls whose qualified callee is its
//! module-qualified name; callers of a name outside the repository (`subprocess.run`) are the
//! calls whose `callee_qualified` is that name. Callees of a definition are the calls in its own
//! body (`calls.scope_id`). The graph is explored breadth first; each definition is expanded
//! once, so cycles (recursion, mutual calls) end.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use rusqlite::{Connection, Row};
use serde::Serialize;

use super::symbols::{self, Symbol};
use super::{Index, MAX_DEPTH, NotFound, location, suggest};
use crate::report::{Report, Section};

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Callers,
    Callees,
}

/// A definition at one end of a call: its module-qualified name and where it is defined.
#[derive(Debug, Clone, Serialize)]
pub struct End {
    pub name: String,
    pub kind: String,
    pub file: String,
    pub line: i64,
}

impl From<&Symbol> for End {
    fn from(s: &Symbol) -> End {
        End { name: s.full_name.clone(), kind: s.kind.clone(), file: s.file.clone(), line: s.line }
    }
}

/// One call in the graph.
#[derive(Debug, Clone, Serialize)]
pub struct CallEdge {
    /// 1 for a direct caller or callee, 2 for one step further, ...
    pub depth: u32,
    /// The calling definition; `None` for a call at module level.
    pub caller: Option<End>,
    /// The module of a module-level call (`caller` is `None`).
    pub caller_module: Option<String>,
    /// The callee as best known: the definition's name, else the qualified name, else the text.
    pub callee: String,
    /// The repository definition the call reaches, when resolved.
    pub target: Option<End>,
    /// Where the call is.
    pub file: String,
    pub line: i64,
    pub col: i64,
}

/// The answer to `query callers` / `query callees`.
#[derive(Debug, Serialize)]
pub struct CallGraph {
    pub query: String,
    pub direction: Direction,
    pub depth: u32,
    /// The definitions `query` designates (empty for a name outside the repository).
    pub roots: Vec<End>,
    pub calls: Vec<CallEdge>,
    pub truncated: bool,
}

const SELECT_CALLS: &str =
    "SELECT c.scope_id, c.callee, c.callee_qualified, c.target_symbol_id, f.path, c.line,
        c.col, f.module
    FROM calls c JOIN files f ON f.id = c.file_id";

/// A call row before its ends are looked up.
struct RawCall {
    scope_id: Option<i64>,
    callee: Option<String>,
    callee_qualified: Option<String>,
    target_id: Option<i64>,
    file: String,
    line: i64,
    col: i64,
    module: Option<String>,
}

impl RawCall {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<RawCall> {
        Ok(RawCall {
            scope_id: row.get(0)?,
            callee: row.get(1)?,
            callee_qualified: row.get(2)?,
            target_id: row.get(3)?,
            file: row.get(4)?,
            line: row.get(5)?,
            col: row.get(6)?,
            module: row.get(7)?,
        })
    }
}

/// Definitions met while exploring, looked up once each.
struct Symbols<'c> {
    conn: &'c Connection,
    cache: HashMap<i64, Option<Symbol>>,
}

impl Symbols<'_> {
    fn get(&mut self, id: i64) -> Result<Option<Symbol>> {
        if let Some(found) = self.cache.get(&id) {
            return Ok(found.clone());
        }
        let found = symbols::by_id(self.conn, id)?;
        self.cache.insert(id, found.clone());
        Ok(found)
    }
}

/// What a level of the exploration starts from.
enum Node {
    /// A repository definition: its row id and module-qualified name.
    Definition { id: i64, full_name: String },
    /// A qualified name with no definition in the repository.
    External(String),
}

impl Node {
    fn definition(symbol: &Symbol) -> Node {
        Node::Definition { id: symbol.id, full_name: symbol.full_name.clone() }
    }
}

/// `query callers|callees NAME --depth DEPTH`, at most `limit` calls.
pub fn graph(index: &Index, name: &str, direction: Direction, depth: u32, limit: usize) -> Result<CallGraph> {
    let conn = &index.conn;
    let depth = depth.clamp(1, MAX_DEPTH);
    let roots: Vec<Symbol> = match symbols::resolve(conn, name, usize::MAX)? {
        Some((_, found, _)) => found,
        None => Vec::new(),
    };
    let mut frontier: Vec<Node> = roots.iter().map(Node::definition).collect();
    if frontier.is_empty() {
        // A name outside the repository: its callers are the calls that name it.
        let known: bool = direction == Direction::Callers
            && conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM calls WHERE callee_qualified = ?1)",
                [name],
                |row| row.get(0),
            )?;
        if !known {
            return Err(callee_not_found(conn, name)?.into());
        }
        frontier.push(Node::External(name.to_owned()));
    }
    let mut cache = Symbols { conn, cache: HashMap::new() };
    let mut expanded: HashSet<i64> = roots.iter().map(|s| s.id).collect();
    let mut calls = Vec::new();
    let mut truncated = false;
    'levels: for level in 1..=depth {
        let mut next = Vec::new();
        for node in &frontier {
            for raw in calls_of(conn, node, direction)? {
                if calls.len() == limit {
                    truncated = true;
                    break 'levels;
                }
                let caller = match raw.scope_id {
                    Some(id) => cache.get(id)?,
                    None => None,
                };
                let target = match raw.target_id {
                    Some(id) => cache.get(id)?,
                    None => None,
                };
                // The next level starts from the other end of the call.
                let further = match direction {
                    Direction::Callers => caller.as_ref(),
                    Direction::Callees => target.as_ref(),
                };
                if let Some(symbol) = further
                    && expanded.insert(symbol.id)
                {
                    next.push(Node::definition(symbol));
                }
                let callee = match (&target, &raw.callee_qualified, &raw.callee) {
                    (Some(t), _, _) => t.full_name.clone(),
                    (None, Some(qualified), _) => qualified.clone(),
                    (None, None, Some(text)) => text.clone(),
                    (None, None, None) => "<expression>".to_owned(),
                };
                calls.push(CallEdge {
                    depth: level,
                    caller_module: if caller.is_none() {
                        raw.module.clone().or(Some(raw.file.clone()))
                    } else {
                        None
                    },
                    caller: caller.as_ref().map(End::from),
                    callee,
                    target: target.as_ref().map(End::from),
                    file: raw.file,
                    line: raw.line,
                    col: raw.col,
                });
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    Ok(CallGraph {
        query: name.to_owned(),
        direction,
        depth,
        roots: roots.iter().map(End::from).collect(),
        calls,
        truncated,
    })
}

/// The calls one step from `node`, in id (file and source) order.
fn calls_of(conn: &Connection, node: &Node, direction: Direction) -> Result<Vec<RawCall>> {
    let rows = match (node, direction) {
        (Node::Definition { id, full_name }, Direction::Callers) => {
            let mut stmt = conn.prepare_cached(&format!(
                "{SELECT_CALLS} WHERE c.target_symbol_id = ?1
                 UNION ALL
                 {SELECT_CALLS} WHERE c.callee_qualified = ?2 AND c.target_symbol_id IS NULL
                 ORDER BY 5, 6, 7"
            ))?;
            stmt.query_map(rusqlite::params![id, full_name], RawCall::from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        }
        (Node::Definition { id, .. }, Direction::Callees) => {
            let mut stmt =
                conn.prepare_cached(&format!("{SELECT_CALLS} WHERE c.scope_id = ?1 ORDER BY c.id"))?;
            stmt.query_map([id], RawCall::from_row)?.collect::<rusqlite::Result<Vec<_>>>()?
        }
        (Node::External(name), Direction::Callers) => {
            let mut stmt =
                conn.prepare_cached(&format!("{SELECT_CALLS} WHERE c.callee_qualified = ?1 ORDER BY c.id"))?;
            stmt.query_map([name], RawCall::from_row)?.collect::<rusqlite::Result<Vec<_>>>()?
        }
        (Node::External(_), Direction::Callees) => Vec::new(),
    };
    Ok(rows)
}

/// `NotFound` for a callee: near matches among definitions and the qualified names calls use.
fn callee_not_found(conn: &Connection, name: &str) -> Result<NotFound> {
    let mut not_found = symbols::not_found(conn, "symbol", name)?;
    if name.contains('.') {
        let mut stmt =
            conn.prepare("SELECT DISTINCT callee_qualified FROM calls WHERE callee_qualified IS NOT NULL")?;
        let called: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut candidates: Vec<&str> = not_found.near.iter().map(String::as_str).collect();
        candidates.extend(called.iter().map(String::as_str));
        not_found.near = suggest::near_matches(name, candidates);
    }
    Ok(not_found)
}

impl Report for CallGraph {
    fn sections(&self) -> Vec<Section> {
        let (title, columns): (_, &[&str]) = match self.direction {
            Direction::Callers => ("callers", &["depth", "caller", "calls", "at"]),
            Direction::Callees => ("callees", &["depth", "caller", "callee", "at", "defined at"]),
        };
        let mut section = Section::new(
            format!("{} {title} of `{}` (depth {})", self.calls.len(), self.query, self.depth),
            columns,
        );
        for call in &self.calls {
            let caller = match (&call.caller, &call.caller_module) {
                (Some(end), _) => end.name.clone(),
                (None, Some(module)) => format!("<module {module}>"),
                (None, None) => "<module>".to_owned(),
            };
            let mut row =
                vec![call.depth.to_string(), caller, call.callee.clone(), location(&call.file, call.line)];
            if self.direction == Direction::Callees {
                row.push(call.target.as_ref().map_or_else(|| "-".to_owned(), |t| location(&t.file, t.line)));
            }
            section.row(row);
        }
        if self.roots.is_empty() {
            section.note(format!("`{}` is not defined in the repository", self.query));
        }
        section.truncated(self.truncated, "raise --limit or lower --depth");
        vec![section]
    }
}
