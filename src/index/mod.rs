//! The per-file node index: the result of the ONE walk over a syntax tree.
//!
//! `NodeIndex::build` visits every node once (in `build.rs`, the only tree walker in pyindex) and
//! records, per node, its kind, parent and innermost enclosing scope (function, method, lambda or
//! class; comprehensions are not scopes), plus per-kind lists in source order, the scope table with
//! Python's `__qualname__`s, and the file's name bindings (`names.rs`). Extractors read this index
//! and the fields of the nodes it hands out; they never walk the tree themselves.

mod build;
pub mod names;

use ruff_python_ast::{self as ast, AnyNodeRef, ModModule, NodeKind};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::parse::LineIndex;
pub use names::Names;

/// Position of a node in `NodeIndex::nodes` (source pre-order).
pub type NodeId = u32;
/// Position of a scope in `NodeIndex::scopes`; also the row of its `symbols` row in the file.
pub type ScopeId = u32;

/// What the per-file stage knows about the file besides its text.
#[derive(Debug, Clone, Default)]
pub struct FileContext {
    /// Path relative to the indexed root, `/`-separated.
    pub path: String,
    /// Dotted module name from the path (`pkg/sub/mod.py` → `pkg.sub.mod`).
    pub module: String,
    /// Whether the file is a package's `__init__`.
    pub is_package: bool,
}

/// One visited node.
#[derive(Debug, Clone, Copy)]
pub struct NodeEntry<'a> {
    pub node: AnyNodeRef<'a>,
    pub parent: Option<NodeId>,
    /// Innermost enclosing function, method, lambda or class; `None` at module level.
    pub scope: Option<ScopeId>,
    /// Inside the body of an `if TYPE_CHECKING:` block.
    pub in_type_checking: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Function,
    Method,
    Lambda,
    Class,
}

impl ScopeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Function => "function",
            ScopeKind::Method => "method",
            ScopeKind::Lambda => "lambda",
            ScopeKind::Class => "class",
        }
    }
}

/// The definition that opens a scope.
#[derive(Debug, Clone, Copy)]
pub enum ScopeDef<'a> {
    Function(&'a ast::StmtFunctionDef),
    Class(&'a ast::StmtClassDef),
    Lambda(&'a ast::ExprLambda),
}

/// A function, method, lambda or class, in source order.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    pub kind: ScopeKind,
    pub def: ScopeDef<'a>,
    /// The defining node.
    pub node: NodeId,
    pub name: String,
    /// Exactly Python's `__qualname__` (3.12+ rules: list/set/dict comprehensions are inlined,
    /// generator expressions are not).
    pub qualname: String,
    pub parent: Option<ScopeId>,
}

/// The per-file index every extractor reads.
pub struct NodeIndex<'a> {
    pub context: &'a FileContext,
    source: &'a str,
    lines: &'a LineIndex,
    nodes: Vec<NodeEntry<'a>>,
    by_kind: Vec<Vec<NodeId>>,
    scopes: Vec<Scope<'a>>,
    names: Names,
}

const KIND_COUNT: usize = NodeKind::Identifier as usize + 1;

macro_rules! typed_nodes {
    ($($method:ident => $kind:ident : $ty:ty),* $(,)?) => {
        impl<'a> NodeIndex<'a> {
            $(
                #[doc = concat!("Every `", stringify!($kind), "` node in source order, with its entry.")]
                pub fn $method(&self) -> impl Iterator<Item = (&'a $ty, &NodeEntry<'a>)> + '_ {
                    self.of_kind(NodeKind::$kind).filter_map(|(_, entry)| match entry.node {
                        AnyNodeRef::$kind(node) => Some((node, entry)),
                        _ => None,
                    })
                }
            )*
        }
    };
}

// Typed lists for the kinds extractors read (any other kind: `of_kind` and match `entry.node`).
typed_nodes! {
    function_defs => StmtFunctionDef: ast::StmtFunctionDef,
    class_defs => StmtClassDef: ast::StmtClassDef,
    returns => StmtReturn: ast::StmtReturn,
    deletes => StmtDelete: ast::StmtDelete,
    type_alias_stmts => StmtTypeAlias: ast::StmtTypeAlias,
    assigns => StmtAssign: ast::StmtAssign,
    aug_assigns => StmtAugAssign: ast::StmtAugAssign,
    ann_assigns => StmtAnnAssign: ast::StmtAnnAssign,
    for_loops => StmtFor: ast::StmtFor,
    while_loops => StmtWhile: ast::StmtWhile,
    if_stmts => StmtIf: ast::StmtIf,
    with_stmts => StmtWith: ast::StmtWith,
    match_stmts => StmtMatch: ast::StmtMatch,
    raises => StmtRaise: ast::StmtRaise,
    try_stmts => StmtTry: ast::StmtTry,
    asserts => StmtAssert: ast::StmtAssert,
    import_stmts => StmtImport: ast::StmtImport,
    import_from_stmts => StmtImportFrom: ast::StmtImportFrom,
    globals => StmtGlobal: ast::StmtGlobal,
    nonlocals => StmtNonlocal: ast::StmtNonlocal,
    expr_stmts => StmtExpr: ast::StmtExpr,
    bool_ops => ExprBoolOp: ast::ExprBoolOp,
    walruses => ExprNamed: ast::ExprNamed,
    bin_ops => ExprBinOp: ast::ExprBinOp,
    unary_ops => ExprUnaryOp: ast::ExprUnaryOp,
    lambdas => ExprLambda: ast::ExprLambda,
    ternaries => ExprIf: ast::ExprIf,
    dicts => ExprDict: ast::ExprDict,
    set_displays => ExprSet: ast::ExprSet,
    list_comps => ExprListComp: ast::ExprListComp,
    set_comps => ExprSetComp: ast::ExprSetComp,
    dict_comps => ExprDictComp: ast::ExprDictComp,
    generator_exps => ExprGenerator: ast::ExprGenerator,
    awaits => ExprAwait: ast::ExprAwait,
    yields => ExprYield: ast::ExprYield,
    yield_froms => ExprYieldFrom: ast::ExprYieldFrom,
    compares => ExprCompare: ast::ExprCompare,
    calls => ExprCall: ast::ExprCall,
    fstrings => ExprFString: ast::ExprFString,
    tstrings => ExprTString: ast::ExprTString,
    string_literals => ExprStringLiteral: ast::ExprStringLiteral,
    attributes => ExprAttribute: ast::ExprAttribute,
    subscripts => ExprSubscript: ast::ExprSubscript,
    starreds => ExprStarred: ast::ExprStarred,
    names_used => ExprName: ast::ExprName,
    list_displays => ExprList: ast::ExprList,
    tuples => ExprTuple: ast::ExprTuple,
    slices => ExprSlice: ast::ExprSlice,
    except_handlers => ExceptHandlerExceptHandler: ast::ExceptHandlerExceptHandler,
    comprehension_clauses => Comprehension: ast::Comprehension,
    keywords => Keyword: ast::Keyword,
    decorators => Decorator: ast::Decorator,
    with_items => WithItem: ast::WithItem,
    match_cases => MatchCase: ast::MatchCase,
    type_var_params => TypeParamTypeVar: ast::TypeParamTypeVar,
    type_var_tuple_params => TypeParamTypeVarTuple: ast::TypeParamTypeVarTuple,
    param_spec_params => TypeParamParamSpec: ast::TypeParamParamSpec,
}

impl<'a> NodeIndex<'a> {
    /// Walks `module` once and builds the index.
    pub fn build(
        context: &'a FileContext,
        source: &'a str,
        lines: &'a LineIndex,
        module: &'a ModModule,
    ) -> Self {
        let built = build::walk(module);
        let mut index = NodeIndex {
            context,
            source,
            lines,
            nodes: built.nodes,
            by_kind: built.by_kind,
            scopes: built.scopes,
            names: Names::default(),
        };
        index.names = Names::build(&index);
        index
    }

    /// Every node of `kind` in source order.
    pub fn of_kind(&self, kind: NodeKind) -> impl Iterator<Item = (NodeId, &NodeEntry<'a>)> + '_ {
        self.by_kind[kind as usize].iter().map(|&id| (id, &self.nodes[id as usize]))
    }

    /// Every node of any of `kinds`, merged in source order.
    pub fn of_kinds(&self, kinds: &[NodeKind]) -> Vec<(NodeId, &NodeEntry<'a>)> {
        let mut ids: Vec<NodeId> =
            kinds.iter().flat_map(|&kind| self.by_kind[kind as usize].iter().copied()).collect();
        ids.sort_unstable();
        ids.into_iter().map(|id| (id, &self.nodes[id as usize])).collect()
    }

    /// Whether any node of `kind` occurs (lets the orchestrator skip extractors).
    pub fn has_kind(&self, kind: NodeKind) -> bool {
        !self.by_kind[kind as usize].is_empty()
    }

    pub fn node(&self, id: NodeId) -> &NodeEntry<'a> {
        &self.nodes[id as usize]
    }

    pub fn scopes(&self) -> &[Scope<'a>] {
        &self.scopes
    }

    pub fn scope(&self, id: ScopeId) -> &Scope<'a> {
        &self.scopes[id as usize]
    }

    pub fn names(&self) -> &Names {
        &self.names
    }

    /// The source text of a node, as written.
    pub fn text(&self, node: &impl Ranged) -> &'a str {
        self.slice(node.range())
    }

    pub fn slice(&self, range: TextRange) -> &'a str {
        self.source.get(range.start().to_usize()..range.end().to_usize()).unwrap_or("")
    }

    /// 1-based line and 0-based UTF-8 column of an offset.
    pub fn position(&self, offset: TextSize) -> (u32, u32) {
        self.lines.position(offset)
    }

    /// Start (line, col) and end (line, col) of a node.
    pub fn span(&self, node: &impl Ranged) -> (u32, u32, u32, u32) {
        let (line, col) = self.position(node.start());
        let (end_line, end_col) = self.position(node.end());
        (line, col, end_line, end_col)
    }

    /// Where Python's `ast` puts a function or class: the `def`/`async`/`class` keyword, after
    /// any decorators (ruff's range starts at the first decorator). `async` is looked for only
    /// when the function is async; keywords and name share a logical line (backslash
    /// continuations allowed).
    pub fn def_start(&self, name: &ast::Identifier, keyword: &str, is_async: bool) -> TextSize {
        let bytes = self.source.as_bytes();
        let keyword_end = skip_blanks_back(bytes, name.range.start().to_usize());
        let Some(keyword_start) = keyword_end.checked_sub(keyword.len()) else {
            return name.range.start();
        };
        if &bytes[keyword_start..keyword_end] != keyword.as_bytes() {
            return name.range.start();
        }
        let before = skip_blanks_back(bytes, keyword_start);
        if is_async && before >= 5 && &bytes[before - 5..before] == b"async" {
            return TextSize::new((before - 5) as u32);
        }
        TextSize::new(keyword_start as u32)
    }
}

impl NodeIndex<'_> {
    /// Where Python's `ast` ends a function or class: after its last statement, including a
    /// trailing `;` (`def f(): x = 1;`), which ruff's range leaves out.
    pub fn def_end(&self, end: TextSize) -> TextSize {
        let rest = &self.source.as_bytes()[end.to_usize()..];
        let blanks = rest.iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\x0c')).count();
        if rest.get(blanks) == Some(&b';') { end + TextSize::new(blanks as u32 + 1) } else { end }
    }
}

/// Moves back from `i` over spaces, tabs, form feeds and backslash continuations.
fn skip_blanks_back(bytes: &[u8], mut i: usize) -> usize {
    loop {
        match bytes[..i] {
            [.., b' ' | b'\t' | b'\x0c'] => i -= 1,
            [.., b'\\', b'\r', b'\n'] => i -= 3,
            [.., b'\\', b'\n' | b'\r'] => i -= 2,
            _ => return i,
        }
    }
}

pub(crate) const fn kind_count() -> usize {
    KIND_COUNT
}

impl<'a> NodeIndex<'a> {
    /// The nodes enclosing `entry`, innermost first (its parent, the parent's parent, ...).
    pub fn ancestors(&self, entry: &NodeEntry<'a>) -> impl Iterator<Item = (NodeId, &NodeEntry<'a>)> + '_ {
        std::iter::successors(entry.parent.map(|id| (id, &self.nodes[id as usize])), |(_, e)| {
            e.parent.map(|id| (id, &self.nodes[id as usize]))
        })
    }
}

impl<'a> NodeIndex<'a> {
    /// The `Name` nodes inside `range`, in source order: a binary search over the index (nodes
    /// are stored in pre-order, so starts are sorted), not a walk of the subtree.
    pub fn names_within(&self, range: TextRange) -> impl Iterator<Item = &'a ast::ExprName> + '_ {
        let ids = &self.by_kind[NodeKind::ExprName as usize];
        let start = ids.partition_point(|&id| self.nodes[id as usize].node.start() < range.start());
        ids[start..]
            .iter()
            .map(|&id| self.nodes[id as usize].node)
            .take_while(move |node| node.start() < range.end())
            .filter_map(move |node| match node {
                AnyNodeRef::ExprName(name) if node.end() <= range.end() => Some(name),
                _ => None,
            })
    }

    /// Distinct names loaded inside `range`, in order of first appearance.
    pub fn loaded_names(&self, range: TextRange) -> Vec<&'a str> {
        let mut seen: Vec<&'a str> = Vec::new();
        for name in self.names_within(range) {
            let id = name.id.as_str();
            if name.ctx == ast::ExprContext::Load && !seen.contains(&id) {
                seen.push(id);
            }
        }
        seen
    }
}
