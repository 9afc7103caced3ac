//! The one walk. Source pre-order over the whole tree, with Python's scoping rules applied on
//! the way: decorators, defaults, annotations, bases and a generator's first iterable belong to
//! the enclosing scope; only bodies belong to the new one.

use ruff_python_ast::visitor::source_order::{SourceOrderVisitor, TraversalSignal, walk_expr, walk_stmt};
use ruff_python_ast::{self as ast, AnyNodeRef, Expr, ModModule, Stmt};

use super::{NodeEntry, NodeId, Scope, ScopeDef, ScopeId, ScopeKind, kind_count};

pub(super) struct Walked<'a> {
    pub nodes: Vec<NodeEntry<'a>>,
    pub by_kind: Vec<Vec<NodeId>>,
    pub scopes: Vec<Scope<'a>>,
}

pub(super) fn walk(module: &ModModule) -> Walked<'_> {
    let mut builder = Builder {
        nodes: Vec::new(),
        by_kind: vec![Vec::new(); kind_count()],
        parents: Vec::new(),
        frames: vec![Frame {
            kind: FrameKind::Module,
            qualname: String::new(),
            scope: None,
            globals: Vec::new(),
        }],
        scopes: Vec::new(),
        type_checking: 0,
    };
    builder.visit_body(&module.body);
    Walked { nodes: builder.nodes, by_kind: builder.by_kind, scopes: builder.scopes }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Module,
    Function,
    Lambda,
    Class,
    /// A generator expression: not a scope for facts, but part of `__qualname__`s.
    Generator,
}

/// A level of the qualified-name stack.
struct Frame {
    kind: FrameKind,
    qualname: String,
    /// The innermost scope at this level (a generator keeps its parent's).
    scope: Option<ScopeId>,
    /// Names declared `global` so far at this level (they make a nested def's qualname bare).
    globals: Vec<String>,
}

struct Builder<'a> {
    nodes: Vec<NodeEntry<'a>>,
    by_kind: Vec<Vec<NodeId>>,
    parents: Vec<NodeId>,
    frames: Vec<Frame>,
    scopes: Vec<Scope<'a>>,
    type_checking: u32,
}

impl<'a> Builder<'a> {
    fn frame(&self) -> &Frame {
        self.frames.last().expect("the module frame is never popped")
    }

    fn record(&mut self, node: AnyNodeRef<'a>) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(NodeEntry {
            node,
            parent: self.parents.last().copied(),
            scope: self.frame().scope,
            in_type_checking: self.type_checking > 0,
        });
        self.by_kind[node.kind() as usize].push(id);
        self.parents.push(id);
        id
    }

    fn close(&mut self) {
        self.parents.pop();
    }

    /// `__qualname__` of a definition named `name` at the current level (CPython's
    /// `compiler_set_qualname`).
    fn child_qualname(&self, name: &str, can_be_global: bool) -> String {
        let parent = self.frame();
        let declared_global = can_be_global
            && matches!(parent.kind, FrameKind::Function | FrameKind::Class)
            && parent.globals.iter().any(|g| g == name);
        match parent.kind {
            _ if declared_global => name.to_owned(),
            FrameKind::Module => name.to_owned(),
            FrameKind::Class | FrameKind::Generator => format!("{}.{name}", parent.qualname),
            FrameKind::Function | FrameKind::Lambda => format!("{}.<locals>.{name}", parent.qualname),
        }
    }

    /// Creates the scope of a definition when its node is reached, so scopes (and `symbols`
    /// rows) follow the pre-order of their nodes; its frame is entered later, at the body.
    fn new_scope(&mut self, kind: ScopeKind, name: &str, def: ScopeDef<'a>, node: NodeId) -> ScopeId {
        let qualname = self.child_qualname(name, kind != ScopeKind::Lambda);
        let id = self.scopes.len() as ScopeId;
        self.scopes.push(Scope {
            kind,
            def,
            node,
            name: name.to_owned(),
            qualname,
            parent: self.frame().scope,
        });
        id
    }

    fn enter_scope(&mut self, id: ScopeId) {
        let scope = &self.scopes[id as usize];
        let kind = match scope.kind {
            ScopeKind::Function | ScopeKind::Method => FrameKind::Function,
            ScopeKind::Lambda => FrameKind::Lambda,
            ScopeKind::Class => FrameKind::Class,
        };
        let frame = Frame { kind, qualname: scope.qualname.clone(), scope: Some(id), globals: Vec::new() };
        self.frames.push(frame);
    }

    fn close_frame(&mut self) {
        self.frames.pop();
    }

    fn visit_function(&mut self, stmt: &'a Stmt, def: &'a ast::StmtFunctionDef) {
        let id = self.record(AnyNodeRef::from(stmt));
        let kind =
            if self.frame().kind == FrameKind::Class { ScopeKind::Method } else { ScopeKind::Function };
        let scope = self.new_scope(kind, def.name.as_str(), ScopeDef::Function(def), id);
        self.visit_decorators_and_type_params(&def.decorator_list, def.type_params.as_deref());
        self.visit_parameters(&def.parameters);
        if let Some(returns) = &def.returns {
            self.visit_annotation(returns);
        }
        self.enter_scope(scope);
        self.visit_body(&def.body);
        self.close_frame();
        self.close();
    }

    fn visit_class(&mut self, stmt: &'a Stmt, def: &'a ast::StmtClassDef) {
        let id = self.record(AnyNodeRef::from(stmt));
        let scope = self.new_scope(ScopeKind::Class, def.name.as_str(), ScopeDef::Class(def), id);
        self.visit_decorators_and_type_params(&def.decorator_list, def.type_params.as_deref());
        if let Some(arguments) = &def.arguments {
            self.visit_arguments(arguments);
        }
        self.enter_scope(scope);
        self.visit_body(&def.body);
        self.close_frame();
        self.close();
    }

    /// What a `def` or `class` evaluates in the enclosing scope before its own parts.
    fn visit_decorators_and_type_params(
        &mut self,
        decorators: &'a [ast::Decorator],
        type_params: Option<&'a ast::TypeParams>,
    ) {
        for decorator in decorators {
            self.visit_decorator(decorator);
        }
        if let Some(type_params) = type_params {
            self.visit_type_params(type_params);
        }
    }

    fn visit_lambda(&mut self, expr: &'a Expr, lambda: &'a ast::ExprLambda) {
        let id = self.record(AnyNodeRef::from(expr));
        let scope = self.new_scope(ScopeKind::Lambda, "<lambda>", ScopeDef::Lambda(lambda), id);
        if let Some(parameters) = &lambda.parameters {
            self.visit_parameters(parameters);
        }
        self.enter_scope(scope);
        self.visit_expr(&lambda.body);
        self.close_frame();
        self.close();
    }

    /// A generator expression's first iterable is evaluated outside it; the rest inside.
    fn visit_generator(&mut self, expr: &'a Expr, generator: &'a ast::ExprGenerator) {
        self.record(AnyNodeRef::from(expr));
        let qualname = self.child_qualname("<genexpr>", false);
        let scope = self.frame().scope;
        let inner =
            || Frame { kind: FrameKind::Generator, qualname: qualname.clone(), scope, globals: Vec::new() };
        self.frames.push(inner());
        self.visit_expr(&generator.elt);
        for (position, comprehension) in generator.generators.iter().enumerate() {
            self.record(AnyNodeRef::from(comprehension));
            self.visit_expr(&comprehension.target);
            if position == 0 {
                self.close_frame();
                self.visit_expr(&comprehension.iter);
                self.frames.push(inner());
            } else {
                self.visit_expr(&comprehension.iter);
            }
            for condition in &comprehension.ifs {
                self.visit_expr(condition);
            }
            self.close();
        }
        self.close_frame();
        self.close();
    }

    /// `if TYPE_CHECKING:` marks its body (not its `elif`/`else`) as typing-only.
    fn visit_type_checking_if(&mut self, stmt: &'a Stmt, node: &'a ast::StmtIf) {
        self.record(AnyNodeRef::from(stmt));
        self.visit_expr(&node.test);
        self.type_checking += 1;
        self.visit_body(&node.body);
        self.type_checking -= 1;
        for clause in &node.elif_else_clauses {
            self.visit_elif_else_clause(clause);
        }
        self.close();
    }
}

fn is_type_checking(test: &Expr) -> bool {
    match test {
        Expr::Name(name) => name.id.as_str() == "TYPE_CHECKING",
        Expr::Attribute(attribute) => attribute.attr.as_str() == "TYPE_CHECKING",
        _ => false,
    }
}

impl<'a> SourceOrderVisitor<'a> for Builder<'a> {
    fn enter_node(&mut self, node: AnyNodeRef<'a>) -> TraversalSignal {
        if let AnyNodeRef::StmtGlobal(global) = node {
            let names: Vec<String> = global.names.iter().map(|n| n.as_str().to_owned()).collect();
            self.frames.last_mut().expect("module frame").globals.extend(names);
        }
        self.record(node);
        TraversalSignal::Traverse
    }

    fn leave_node(&mut self, _node: AnyNodeRef<'a>) {
        self.close();
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => self.visit_function(stmt, def),
            Stmt::ClassDef(def) => self.visit_class(stmt, def),
            Stmt::If(node) if is_type_checking(&node.test) => self.visit_type_checking_if(stmt, node),
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Lambda(lambda) => self.visit_lambda(expr, lambda),
            Expr::Generator(generator) => self.visit_generator(expr, generator),
            _ => walk_expr(self, expr),
        }
    }

    // Identifiers are reachable through their owners; recording them would only cost time.
    fn visit_identifier(&mut self, _identifier: &'a ast::Identifier) {}
}
