//! Builds one control-flow graph from one scope's statement list.
//!
//! This is the one place in the extractors that recurses over statements, and it is allowed
//! because it is not a tree walk: it follows the statement lists of ONE scope (a function's,
//! class's or the module's body, and the bodies of the `if`/`while`/`for`/`try`/`with`/`match`
//! statements inside it) and never enters an expression or a nested `def`, `class` or `lambda`
//! (those are statements of this graph, and their bodies have graphs of their own). The depth is
//! bounded by the nesting pre-check of the parser.
//!
//! The model:
//! - Straight-line statements share a `basic` block; a compound statement ends the block before
//!   it, and the statement after it starts a new one.
//! - Every compound statement (and every `elif`, `except` and `case` clause, and `finally`) has a
//!   header block of its own, holding one row for the header, starting on its line.
//! - `if`/`elif` tests are `condition` blocks (`true` edge to the body, `false` to the next
//!   clause); loops test in a `loop_condition` block (`true` into the body, `false` to the `else`
//!   clause or past the loop; the body's end goes back with `loop_back`); `while True` has no
//!   `false` edge.
//! - `break`, `continue`, `return` and `raise` end their block with an edge of their kind:
//!   `break` past the loop (skipping its `else`), `continue` to the loop test, `return` to the
//!   exit, `raise` (edge kind `exception`) to the first handler of the innermost `try`, else the
//!   exit. A `finally` on the way is entered first, and its end continues the jump.
//! - In a `try` body every block that may raise (any statement but `pass`, `break`, `continue`,
//!   `global`, `nonlocal`, bare `return`) has an `exception` edge to the first `except` block;
//!   `except` blocks test in turn (`true` into the handler, `false` to the next one); the last
//!   one, unless bare, passes the exception on (`exception` edge outwards). With a `finally`, the
//!   raising blocks of the `else` and handlers (or of the body, without handlers) have
//!   `exception` edges to it, and its end an `exception` edge outwards. Outside `try` and
//!   `with`, that a statement may raise is not drawn.
//! - A `with` block evaluates the context managers; its body follows. A body block that may
//!   raise also has an `exception` edge past the `with` (the context manager may suppress the
//!   exception; `with suppress(E): return x` falls through on `E`), and counts as raising for an
//!   enclosing `try`.
//! - `match` evaluates its subject, then `case` blocks test in turn like `except` blocks; a last
//!   irrefutable case without guard has no `false` edge.
//! - Code after a jump is unreachable and left out (no block, no statement rows).
//! - Pending edges keep their kind up to the next block: the `false` edge of a test that ends a
//!   loop body goes straight back to the loop test as `false` (no empty join blocks).

use std::collections::HashSet;

use ruff_python_ast::{self as ast, Expr, Stmt, StmtRef};
use ruff_text_size::{Ranged, TextRange};

use super::statement::{self, Statement};
use crate::index::NodeIndex;

pub type BlockId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Entry,
    Exit,
    Basic,
    Condition,
    LoopCondition,
    Try,
    Except,
    Finally,
    With,
    Match,
    Case,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Entry => "entry",
            BlockKind::Exit => "exit",
            BlockKind::Basic => "basic",
            BlockKind::Condition => "condition",
            BlockKind::LoopCondition => "loop_condition",
            BlockKind::Try => "try",
            BlockKind::Except => "except",
            BlockKind::Finally => "finally",
            BlockKind::With => "with",
            BlockKind::Match => "match",
            BlockKind::Case => "case",
        }
    }

    /// Whether the block may run code that raises (headers of `try`, `except` and `finally` do
    /// not: an `except` block's propagation is an edge of its own).
    fn may_raise(self) -> bool {
        !matches!(
            self,
            BlockKind::Entry | BlockKind::Exit | BlockKind::Try | BlockKind::Except | BlockKind::Finally
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    Normal,
    True,
    False,
    LoopBack,
    Exception,
    Break,
    Continue,
    Return,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Normal => "normal",
            EdgeKind::True => "true",
            EdgeKind::False => "false",
            EdgeKind::LoopBack => "loop_back",
            EdgeKind::Exception => "exception",
            EdgeKind::Break => "break",
            EdgeKind::Continue => "continue",
            EdgeKind::Return => "return",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Block<'a> {
    pub kind: BlockKind,
    pub start_line: Option<u32>,
    pub end_line: Option<u32>,
    pub condition: Option<String>,
    pub statements: Vec<Statement<'a>>,
    /// Whether a statement of the block may raise (`pass`, `break`, `continue`, `global`,
    /// `nonlocal` and a bare `return` cannot).
    may_raise: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Edge {
    pub source: BlockId,
    pub target: BlockId,
    pub kind: EdgeKind,
}

/// A finished graph: blocks in creation order (entry first, exit last), edges by source block.
#[derive(Debug, Default)]
pub struct Graph<'a> {
    pub blocks: Vec<Block<'a>>,
    pub edges: Vec<Edge>,
}

/// The exit block while the graph is built (it gets its real number, the last, at the end).
const EXIT: BlockId = BlockId::MAX;

/// Edges waiting for the block control reaches next: (source block, edge kind).
type Pending = Vec<(BlockId, EdgeKind)>;

/// Where control is after a statement.
enum Flow {
    /// At the end of a basic block that the next simple statement may join.
    Open(BlockId),
    /// Coming from these edges; empty: unreachable.
    Pending(Pending),
}

impl Flow {
    fn from(block: BlockId, kind: EdgeKind) -> Flow {
        Flow::Pending(vec![(block, kind)])
    }

    fn unreachable() -> Flow {
        Flow::Pending(Vec::new())
    }

    fn is_reachable(&self) -> bool {
        !matches!(self, Flow::Pending(edges) if edges.is_empty())
    }

    fn into_pending(self) -> Pending {
        match self {
            Flow::Open(block) => vec![(block, EdgeKind::Normal)],
            Flow::Pending(edges) => edges,
        }
    }
}

/// A jump that leaves its block for somewhere else than the next statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Jump {
    Break,
    Continue,
    Return,
    Raise,
}

impl Jump {
    fn edge_kind(self) -> EdgeKind {
        match self {
            Jump::Break => EdgeKind::Break,
            Jump::Continue => EdgeKind::Continue,
            Jump::Return => EdgeKind::Return,
            Jump::Raise => EdgeKind::Exception,
        }
    }
}

/// An enclosing construct that jumps go through, innermost last.
enum Context {
    /// A loop: `continue` goes to `head`; `break` edges wait for the block after the loop.
    Loop { head: BlockId, breaks: Pending },
    /// A `try` body with handlers: edges waiting for the first `except` block, and the blocks
    /// of the body (those that may raise get an `exception` edge to it).
    Handlers { raises: Pending, blocks: Vec<BlockId> },
    /// The parts of a `try` that its `finally` protects: edges waiting for the `finally` block,
    /// the jumps its end must continue, and the protected blocks (as for `Handlers`).
    Finally { entries: Pending, jumps: Vec<Jump>, blocks: Vec<BlockId> },
    /// A `with` body: its context manager may suppress what the body raises, so control may
    /// continue after the `with` from a raising block (`raises`, and the recorded `blocks` that
    /// may raise); the exception may also go on to an enclosing handler.
    With { raises: Pending, blocks: Vec<BlockId> },
}

pub struct Builder<'i, 'a> {
    index: &'i NodeIndex<'a>,
    blocks: Vec<Block<'a>>,
    edges: Vec<Edge>,
    /// The edges made so far, so that two paths asking for the same edge give one row.
    seen: HashSet<Edge>,
    contexts: Vec<Context>,
}

impl<'i, 'a> Builder<'i, 'a> {
    pub fn new(index: &'i NodeIndex<'a>) -> Self {
        let mut builder = Builder {
            index,
            blocks: Vec::new(),
            edges: Vec::new(),
            seen: HashSet::new(),
            contexts: Vec::new(),
        };
        builder.new_block(BlockKind::Entry, None);
        builder
    }

    /// The graph of a statement list (a function's, class's or the module's body).
    pub fn body_graph(mut self, body: impl IntoIterator<Item = StmtRef<'a>>) -> Graph<'a> {
        let end = self.body(body, Flow::from(0, EdgeKind::Normal));
        self.connect(end, EXIT, EdgeKind::Normal);
        self.finish()
    }

    /// A lambda's graph: entry, the body expression, exit.
    pub fn lambda_graph(mut self, body: &'a Expr) -> Graph<'a> {
        let block = self.header(
            BlockKind::Basic,
            Flow::from(0, EdgeKind::Normal),
            statement::lambda_body(self.index, body),
            None,
        );
        self.edge(block, EXIT, EdgeKind::Return);
        self.finish()
    }

    fn finish(mut self) -> Graph<'a> {
        let exit = self.new_block(BlockKind::Exit, None);
        for edge in &mut self.edges {
            if edge.target == EXIT {
                edge.target = exit;
            }
        }
        // Stable: edges of one source keep the order they were made in.
        self.edges.sort_by_key(|edge| edge.source);
        Graph { blocks: self.blocks, edges: self.edges }
    }

    // ---- blocks and edges ----------------------------------------------------------------------

    fn new_block(&mut self, kind: BlockKind, condition: Option<String>) -> BlockId {
        let id = self.blocks.len();
        let block = Block {
            kind,
            start_line: None,
            end_line: None,
            condition,
            statements: Vec::new(),
            may_raise: false,
        };
        self.blocks.push(block);
        if kind.may_raise() {
            self.protect(id);
        }
        id
    }

    /// Records a block with the innermost `try` part or `with` body that catches what it raises.
    fn protect(&mut self, block: BlockId) {
        let catcher = self.contexts.iter_mut().rev().find_map(|context| match context {
            Context::Handlers { blocks, .. }
            | Context::Finally { blocks, .. }
            | Context::With { blocks, .. } => Some(blocks),
            Context::Loop { .. } => None,
        });
        if let Some(blocks) = catcher {
            blocks.push(block);
        }
    }

    /// The `exception` edges of the recorded `blocks` that may raise.
    fn raising(&self, blocks: &[BlockId]) -> Pending {
        blocks
            .iter()
            .filter(|&&block| self.blocks[block].may_raise)
            .map(|&block| (block, EdgeKind::Exception))
            .collect()
    }

    fn add_statement(&mut self, block: BlockId, statement: Statement<'a>, may_raise: bool) {
        let block = &mut self.blocks[block];
        block.may_raise |= may_raise;
        block.start_line.get_or_insert(statement.line);
        block.end_line = Some(block.end_line.map_or(statement.end_line, |end| end.max(statement.end_line)));
        block.statements.push(statement);
    }

    fn edge(&mut self, source: BlockId, target: BlockId, kind: EdgeKind) {
        let edge = Edge { source, target, kind };
        if self.seen.insert(edge) {
            self.edges.push(edge);
        }
    }

    /// Connects `flow` to `target`; plain fall-through edges get `kind` (`loop_back`, ...),
    /// edges that already have a meaning (`true`, `break`, ...) keep it.
    fn connect(&mut self, flow: Flow, target: BlockId, kind: EdgeKind) {
        for (source, pending) in flow.into_pending() {
            self.edge(source, target, if pending == EdgeKind::Normal { kind } else { pending });
        }
    }

    /// A block of its own for a header (or a lambda body), reached from `flow`.
    fn header(
        &mut self,
        kind: BlockKind,
        flow: Flow,
        row: Statement<'a>,
        condition: Option<String>,
    ) -> BlockId {
        let block = self.new_block(kind, condition);
        self.connect(flow, block, EdgeKind::Normal);
        self.add_statement(block, row, true);
        block
    }

    /// Adds a simple statement to the open basic block, or to a new one.
    fn simple(&mut self, stmt: StmtRef<'a>, flow: Flow) -> BlockId {
        let block = match flow {
            Flow::Open(block) => block,
            pending => {
                let block = self.new_block(BlockKind::Basic, None);
                self.connect(pending, block, EdgeKind::Normal);
                block
            }
        };
        self.add_statement(block, Statement::of(self.index, stmt), may_raise(stmt));
        block
    }

    // ---- jumps ---------------------------------------------------------------------------------

    /// Sends `from` where `jump` goes: through the innermost `finally` on the way, to the loop,
    /// the first handler, or the exit.
    fn jump(&mut self, from: Pending, jump: Jump) {
        let from: Pending = from
            .into_iter()
            .map(|(block, kind)| (block, if kind == EdgeKind::Normal { jump.edge_kind() } else { kind }))
            .collect();
        for context in self.contexts.iter_mut().rev() {
            match (context, jump) {
                (Context::Finally { entries, jumps, .. }, _) => {
                    entries.extend(from);
                    if !jumps.contains(&jump) {
                        jumps.push(jump);
                    }
                    return;
                }
                (Context::Handlers { raises, .. }, Jump::Raise) => return raises.extend(from),
                // Maybe suppressed (continue after the `with`), maybe not (go on outwards).
                (Context::With { raises, .. }, Jump::Raise) => raises.extend(from.iter().copied()),
                (Context::Loop { breaks, .. }, Jump::Break) => return breaks.extend(from),
                (Context::Loop { head, .. }, Jump::Continue) => {
                    let head = *head;
                    return self.connect(Flow::Pending(from), head, EdgeKind::Continue);
                }
                _ => {}
            }
        }
        // `break`/`continue` outside a loop (invalid code the parser recovered) go nowhere.
        if matches!(jump, Jump::Return | Jump::Raise) {
            self.connect(Flow::Pending(from), EXIT, jump.edge_kind());
        }
    }

    // ---- statements ----------------------------------------------------------------------------

    /// Adds a statement list reached from `flow`; returns where control is after it.
    fn body(&mut self, body: impl IntoIterator<Item = StmtRef<'a>>, mut flow: Flow) -> Flow {
        for stmt in body {
            if !flow.is_reachable() {
                break;
            }
            flow = self.statement(stmt, flow);
        }
        flow
    }

    fn suite(&mut self, body: &'a [Stmt], flow: Flow) -> Flow {
        self.body(body.iter().map(StmtRef::from), flow)
    }

    fn statement(&mut self, stmt: StmtRef<'a>, flow: Flow) -> Flow {
        let jump = match stmt {
            StmtRef::If(node) => return self.if_stmt(node, flow),
            StmtRef::While(node) => return self.while_stmt(node, flow),
            StmtRef::For(node) => return self.for_stmt(node, flow),
            StmtRef::Try(node) => return self.try_stmt(node, flow),
            StmtRef::With(node) => return self.with_stmt(node, flow),
            StmtRef::Match(node) => return self.match_stmt(node, flow),
            StmtRef::Return(_) => Jump::Return,
            StmtRef::Raise(_) => Jump::Raise,
            StmtRef::Break(_) => Jump::Break,
            StmtRef::Continue(_) => Jump::Continue,
            _ => return Flow::Open(self.simple(stmt, flow)),
        };
        let block = self.simple(stmt, flow);
        self.jump(vec![(block, EdgeKind::Normal)], jump);
        Flow::unreachable()
    }

    fn if_stmt(&mut self, node: &'a ast::StmtIf, flow: Flow) -> Flow {
        let row = Statement::of(self.index, StmtRef::If(node));
        let test = self.header(BlockKind::Condition, flow, row, Some(self.text(&node.test)));
        let mut after = self.suite(&node.body, Flow::from(test, EdgeKind::True)).into_pending();
        let mut otherwise = Flow::from(test, EdgeKind::False);
        for clause in &node.elif_else_clauses {
            match &clause.test {
                Some(condition) => {
                    let row = statement::elif(self.index, clause, condition);
                    let test = self.header(BlockKind::Condition, otherwise, row, Some(self.text(condition)));
                    after.extend(self.suite(&clause.body, Flow::from(test, EdgeKind::True)).into_pending());
                    otherwise = Flow::from(test, EdgeKind::False);
                }
                None => otherwise = self.suite(&clause.body, otherwise),
            }
        }
        after.extend(otherwise.into_pending());
        Flow::Pending(after)
    }

    fn while_stmt(&mut self, node: &'a ast::StmtWhile, flow: Flow) -> Flow {
        let row = Statement::of(self.index, StmtRef::While(node));
        let head = self.header(BlockKind::LoopCondition, flow, row, Some(self.text(&node.test)));
        let exits =
            if is_always_true(&node.test) { Flow::unreachable() } else { Flow::from(head, EdgeKind::False) };
        self.loop_rest(head, &node.body, &node.orelse, exits)
    }

    fn for_stmt(&mut self, node: &'a ast::StmtFor, flow: Flow) -> Flow {
        let row = Statement::of(self.index, StmtRef::For(node));
        let condition = format!("{} in {}", self.text(&node.target), self.text(&node.iter));
        let head = self.header(BlockKind::LoopCondition, flow, row, Some(condition));
        self.loop_rest(head, &node.body, &node.orelse, Flow::from(head, EdgeKind::False))
    }

    /// A loop's body (back to `head`), then its `else` clause reached by `exhausted`.
    fn loop_rest(&mut self, head: BlockId, body: &'a [Stmt], orelse: &'a [Stmt], exhausted: Flow) -> Flow {
        self.contexts.push(Context::Loop { head, breaks: Vec::new() });
        let end = self.suite(body, Flow::from(head, EdgeKind::True));
        self.connect(end, head, EdgeKind::LoopBack);
        let Some(Context::Loop { breaks, .. }) = self.contexts.pop() else { unreachable!("loop context") };
        let mut after = self.suite(orelse, exhausted).into_pending();
        after.extend(breaks);
        Flow::Pending(after)
    }

    fn with_stmt(&mut self, node: &'a ast::StmtWith, flow: Flow) -> Flow {
        let row = Statement::of(self.index, StmtRef::With(node));
        let block = self.header(BlockKind::With, flow, row, None);
        self.contexts.push(Context::With { raises: Vec::new(), blocks: Vec::new() });
        let mut after = self.suite(&node.body, Flow::from(block, EdgeKind::Normal)).into_pending();
        let Some(Context::With { raises, blocks }) = self.contexts.pop() else { unreachable!("with") };
        // A raising block's exception is suppressed (edge past the `with`) or goes on to what
        // encloses the `with` (recorded there as raising too).
        after.extend(self.raising(&blocks));
        after.extend(raises);
        for block in blocks {
            self.protect(block);
        }
        Flow::Pending(after)
    }

    fn match_stmt(&mut self, node: &'a ast::StmtMatch, flow: Flow) -> Flow {
        let row = Statement::of(self.index, StmtRef::Match(node));
        let subject = self.header(BlockKind::Match, flow, row, None);
        let mut next = Flow::from(subject, EdgeKind::Normal);
        let mut after = Vec::new();
        for case in &node.cases {
            let condition = self.index.slice(TextRange::new(
                case.pattern.start(),
                case.guard.as_ref().map_or(case.pattern.end(), |guard| guard.end()),
            ));
            let row = statement::case(self.index, case);
            let test = self.header(BlockKind::Case, next, row, Some(condition.to_owned()));
            after.extend(self.suite(&case.body, Flow::from(test, EdgeKind::True)).into_pending());
            let catches_all = case.guard.is_none() && case.pattern.is_irrefutable();
            next = if catches_all { Flow::unreachable() } else { Flow::from(test, EdgeKind::False) };
        }
        after.extend(next.into_pending());
        Flow::Pending(after)
    }

    fn try_stmt(&mut self, node: &'a ast::StmtTry, flow: Flow) -> Flow {
        let row = Statement::of(self.index, StmtRef::Try(node));
        let header = self.header(BlockKind::Try, flow, row, None);
        let has_finally = !node.finalbody.is_empty();
        if has_finally {
            self.contexts.push(Context::Finally {
                entries: Vec::new(),
                jumps: Vec::new(),
                blocks: Vec::new(),
            });
        }
        if !node.handlers.is_empty() {
            self.contexts.push(Context::Handlers { raises: Vec::new(), blocks: Vec::new() });
        }
        let body_end = self.suite(&node.body, Flow::from(header, EdgeKind::Normal));
        let mut after = Vec::new();
        if !node.handlers.is_empty() {
            let Some(Context::Handlers { mut raises, blocks }) = self.contexts.pop() else {
                unreachable!("handlers")
            };
            raises.splice(0..0, self.raising(&blocks));
            after = self.handlers(node, raises);
        }
        let body_end = match body_end {
            Flow::Open(block) => Flow::from(block, EdgeKind::Normal),
            pending => pending,
        };
        after.extend(self.suite(&node.orelse, body_end).into_pending());
        if has_finally { self.finally(node, after) } else { Flow::Pending(after) }
    }

    /// The `except` clauses, reached from `raises`; returns the edges leaving the handlers.
    fn handlers(&mut self, node: &'a ast::StmtTry, raises: Pending) -> Pending {
        let mut after = Vec::new();
        let mut next = Flow::Pending(raises);
        for handler in &node.handlers {
            let ast::ExceptHandler::ExceptHandler(handler) = handler;
            let row = statement::except(self.index, handler, node.is_star);
            let condition = handler.type_.as_deref().map(|type_| self.text(type_));
            let test = self.header(BlockKind::Except, next, row, condition);
            after.extend(self.suite(&handler.body, Flow::from(test, EdgeKind::True)).into_pending());
            next =
                if handler.type_.is_none() { Flow::unreachable() } else { Flow::from(test, EdgeKind::False) };
        }
        // No handler matched: the exception goes on.
        let unmatched = next.into_pending();
        if !unmatched.is_empty() {
            let unmatched = unmatched.into_iter().map(|(block, _)| (block, EdgeKind::Exception)).collect();
            self.jump(unmatched, Jump::Raise);
        }
        after
    }

    /// The `finally` clause: entered from `normal` and from the jumps it intercepted; its end
    /// goes on normally (if entered normally) and continues each intercepted jump.
    fn finally(&mut self, node: &'a ast::StmtTry, normal: Pending) -> Flow {
        let Some(Context::Finally { entries: jumped, jumps: mut jumped_kinds, blocks }) = self.contexts.pop()
        else {
            unreachable!("finally")
        };
        let mut entries = self.raising(&blocks);
        if !entries.is_empty() && !jumped_kinds.contains(&Jump::Raise) {
            jumped_kinds.insert(0, Jump::Raise);
        }
        entries.extend(jumped);
        let first = &node.finalbody[0];
        let previous_end = [
            node.body.last().map(Ranged::end),
            node.handlers.last().map(Ranged::end),
            node.orelse.last().map(Ranged::end),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(node.start());
        let keyword =
            statement::finally_keyword(self.index, previous_end, first.start()).unwrap_or(first.start());
        let entered_normally = !normal.is_empty();
        let block = self.header(
            BlockKind::Finally,
            Flow::Pending(normal),
            statement::finally(self.index, keyword),
            None,
        );
        for (source, kind) in entries {
            self.edge(source, block, kind);
        }
        let end = self.suite(&node.finalbody, Flow::from(block, EdgeKind::Normal)).into_pending();
        for jump in jumped_kinds {
            self.jump(end.clone(), jump);
        }
        if entered_normally { Flow::Pending(end) } else { Flow::unreachable() }
    }

    fn text(&self, node: &Expr) -> String {
        self.index.text(node).to_owned()
    }
}

/// Whether running a simple statement may raise.
fn may_raise(stmt: StmtRef<'_>) -> bool {
    match stmt {
        StmtRef::Pass(_)
        | StmtRef::Break(_)
        | StmtRef::Continue(_)
        | StmtRef::Global(_)
        | StmtRef::Nonlocal(_) => false,
        StmtRef::Return(node) => node.value.is_some(),
        _ => true,
    }
}

/// `while True:` / `while 1:`: a loop left only by `break`, `return` or `raise`.
fn is_always_true(test: &Expr) -> bool {
    match test {
        Expr::BooleanLiteral(literal) => literal.value,
        Expr::NumberLiteral(number) => {
            matches!(&number.value, ast::Number::Int(int) if *int != ast::Int::ZERO)
        }
        _ => false,
    }
}
