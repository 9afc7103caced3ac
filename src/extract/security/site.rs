//! What the security rules know about one call (its row in `calls`, the callee as written and
//! as qualified through the file's imports, its arguments) and about one finding before it is
//! written. Node kinds: ExprCall (the file's calls, in the order of the `calls` table).

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use crate::index::names::dotted_name;
use crate::index::{NodeEntry, NodeIndex, ScopeId};

/// One call, numbered like its `calls` row.
pub struct CallSite<'a> {
    /// Row of the call in the file's `calls` table (calls are written in `index.calls()` order).
    pub row: u32,
    pub call: &'a ast::ExprCall,
    pub entry: &'a NodeEntry<'a>,
    /// Dotted callee as written (`self.cursor.execute`), when it is a name or attribute chain.
    pub written: Option<String>,
    /// Callee qualified through the file's imports (`os.system`, `builtins.eval`).
    pub qualified: Option<String>,
}

/// Every call of the file, in `calls` row order.
pub fn call_sites<'a>(index: &'a NodeIndex<'a>) -> impl Iterator<Item = CallSite<'a>> + 'a {
    call_sites_named(index, |_| true)
}

/// The calls whose last dotted part (`execute` in `cur.execute`; the name itself for a plain
/// call) passes `keep`, in `calls` row order: extractors interested in a few names skip
/// qualifying every other call.
pub fn call_sites_named<'a>(
    index: &'a NodeIndex<'a>,
    keep: impl Fn(&str) -> bool + 'a,
) -> impl Iterator<Item = CallSite<'a>> + 'a {
    let names = index.names();
    index.calls().enumerate().filter_map(move |(row, (call, entry))| {
        let last = match &*call.func {
            Expr::Attribute(attribute) => attribute.attr.as_str(),
            Expr::Name(name) => name.id.as_str(),
            _ => "",
        };
        if !keep(last) {
            return None;
        }
        let written = dotted_name(&call.func);
        let qualified = written.as_deref().and_then(|w| names.qualify(index, entry.scope, w));
        Some(CallSite { row: row as u32, call, entry, written, qualified })
    })
}

impl<'a> CallSite<'a> {
    /// The name the rules match: the qualified name, empty when unknown (a local variable or
    /// parameter shadowing an import is not the imported function).
    pub fn name(&self) -> &str {
        self.qualified.as_deref().unwrap_or("")
    }

    /// The callee column: qualified when known, else as written.
    pub fn callee(&self) -> Option<String> {
        self.qualified.clone().or_else(|| self.written.clone())
    }

    /// The attribute name of a method call (`execute` in `cur.execute(...)`).
    pub fn method(&self) -> Option<&'a str> {
        match &*self.call.func {
            Expr::Attribute(attribute) => Some(attribute.attr.as_str()),
            _ => None,
        }
    }

    pub fn keyword(&self, name: &str) -> Option<&'a Expr> {
        self.call.arguments.find_keyword(name).map(|k| &k.value)
    }

    /// The argument passed by `keyword` or at `position` (positions stop at the first `*args`).
    pub fn argument(&self, keyword: &str, position: usize) -> Option<&'a Expr> {
        self.call.arguments.find_argument_value(keyword, position)
    }

    pub fn first_argument(&self) -> Option<&'a Expr> {
        self.call.arguments.args.first()
    }

    pub fn in_module(&self, module: &str) -> bool {
        self.name().strip_prefix(module).is_some_and(|rest| rest.starts_with('.'))
    }
}

/// One finding, collected before the rows are sorted and written.
#[derive(Debug, Clone)]
pub struct Finding {
    pub scope: Option<ScopeId>,
    pub line: u32,
    pub col: u32,
    pub rule: &'static str,
    pub callee: Option<String>,
    pub detail: String,
    /// Row of the call in `calls`, when a call is involved.
    pub call: Option<u32>,
    /// The definition a decorator finding applies to.
    pub symbol: Option<ScopeId>,
    pub bandit: Option<&'static str>,
    pub dynamic: Option<bool>,
}

impl Finding {
    /// A finding at `node`, inside `scope`, with nothing else known yet.
    pub fn at(index: &NodeIndex<'_>, node: &impl Ranged, scope: Option<ScopeId>, rule: &'static str) -> Self {
        let (line, col) = index.position(node.start());
        Finding {
            scope,
            line,
            col,
            rule,
            callee: None,
            detail: String::new(),
            call: None,
            symbol: None,
            bandit: None,
            dynamic: None,
        }
    }

    /// A finding on a call site (position, callee and call row filled).
    pub fn on_call(index: &NodeIndex<'_>, site: &CallSite<'_>, rule: &'static str) -> Self {
        Finding {
            callee: site.callee(),
            call: Some(site.row),
            ..Finding::at(index, site.call, site.entry.scope, rule)
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    pub fn bandit(mut self, id: &'static str) -> Self {
        self.bandit = Some(id);
        self
    }

    pub fn dynamic(mut self, dynamic: bool) -> Self {
        self.dynamic = Some(dynamic);
        self
    }
}

/// Whether `expr` is a literal value: a constant, an f-string without replacement fields, or a
/// tuple/list/set of such values.
pub fn is_constant_value(expr: &Expr) -> bool {
    match expr {
        Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_)
        | Expr::EllipsisLiteral(_) => true,
        Expr::FString(fstring) => {
            fstring.value.elements().all(|e| matches!(e, ast::InterpolatedStringElement::Literal(_)))
        }
        Expr::Tuple(tuple) => tuple.iter().all(is_constant_value),
        Expr::List(list) => list.iter().all(is_constant_value),
        Expr::Set(set) => set.iter().all(is_constant_value),
        Expr::UnaryOp(unary) => is_constant_value(&unary.operand),
        _ => false,
    }
}

/// Whether `expr` is the literal `False` (or `0`, `None`).
pub fn is_false_literal(expr: &Expr) -> bool {
    match expr {
        Expr::BooleanLiteral(b) => !b.value,
        Expr::NoneLiteral(_) => true,
        Expr::NumberLiteral(n) => matches!(&n.value, ast::Number::Int(i) if i.as_u8() == Some(0)),
        _ => false,
    }
}
