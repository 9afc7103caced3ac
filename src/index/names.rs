//! Name bindings of one file, for qualifying dotted names: what each `import` binds, which
//! names the module itself defines, and Python's builtins. Built from the node index (no walk).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use ruff_python_ast::{AnyNodeRef, Expr, ExprContext, NodeKind, StmtImport, StmtImportFrom};

use super::{NodeEntry, NodeIndex, Scope, ScopeDef, ScopeId, ScopeKind};

/// One name an import statement binds (one row of `imports`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBinding {
    /// The module as written, with leading dots (`..x`, `.`); for `import a.b`, `a.b`.
    pub module: Option<String>,
    /// The imported name of a `from` import (`*` for a star import); None for `import a.b`.
    pub name: Option<String>,
    pub alias: Option<String>,
    /// The local name bound (`c` in `import a.b as c`, `a` in `import a.b`); None for `*`.
    pub bound_name: Option<String>,
    pub level: u32,
    pub is_star: bool,
    /// Absolute module of the `from` clause, or the imported module of `import a.b`.
    pub resolved_module: Option<String>,
    /// Absolute dotted name of what is imported (`a.b` for `import a.b`, `pkg.x.y` for
    /// `from ..x import y` in `pkg.sub`).
    pub resolved_name: Option<String>,
}

impl ImportBinding {
    /// What `bound_name` refers to: `import a.b` binds `a` to the package `a`, every other form
    /// binds the imported thing.
    pub fn bound_target(&self) -> Option<&str> {
        let plain_import = self.name.is_none() && self.alias.is_none();
        if plain_import { self.bound_name.as_deref() } else { self.resolved_name.as_deref() }
    }
}

/// The import bindings of one `import` statement.
fn import_bindings(node: &StmtImport) -> Vec<ImportBinding> {
    node.names
        .iter()
        .map(|alias| {
            let module = alias.name.as_str();
            let alias_name = alias.asname.as_ref().map(|a| a.as_str().to_owned());
            let first = module.split('.').next().unwrap_or(module);
            let bound = alias_name.clone().unwrap_or_else(|| first.to_owned());
            ImportBinding {
                module: Some(module.to_owned()),
                name: None,
                alias: alias_name,
                bound_name: Some(bound),
                level: 0,
                is_star: false,
                resolved_module: Some(module.to_owned()),
                resolved_name: Some(module.to_owned()),
            }
        })
        .collect()
}

/// The import bindings of one `from ... import ...` statement in the file `context`.
fn import_from_bindings(node: &StmtImportFrom, file_module: &str, is_package: bool) -> Vec<ImportBinding> {
    let written_module = node.module.as_ref().map(|m| m.as_str());
    let as_written = format!("{}{}", ".".repeat(node.level as usize), written_module.unwrap_or(""));
    let resolved_module = absolute_module(file_module, is_package, node.level, written_module);
    node.names
        .iter()
        .map(|alias| {
            let name = alias.name.as_str();
            let is_star = name == "*";
            let alias_name = alias.asname.as_ref().map(|a| a.as_str().to_owned());
            let bound_name =
                if is_star { None } else { Some(alias_name.clone().unwrap_or_else(|| name.to_owned())) };
            let resolved_name = match (&resolved_module, is_star) {
                (Some(base), false) => Some(join_dotted(base, name)),
                _ => None,
            };
            ImportBinding {
                module: Some(as_written.clone()),
                name: Some(name.to_owned()),
                alias: alias_name,
                bound_name,
                level: node.level,
                is_star,
                resolved_module: resolved_module.clone(),
                resolved_name,
            }
        })
        .collect()
}

/// Every `import` and `from ... import` statement of the file, in source order, with what it binds.
pub fn import_statements<'i, 'a>(
    index: &'i NodeIndex<'a>,
) -> impl Iterator<Item = (&'i NodeEntry<'a>, Vec<ImportBinding>)> + 'i {
    let context = index.context;
    index.of_kinds(&[NodeKind::StmtImport, NodeKind::StmtImportFrom]).into_iter().filter_map(
        move |(_, entry)| {
            let bindings = match entry.node {
                AnyNodeRef::StmtImport(node) => import_bindings(node),
                AnyNodeRef::StmtImportFrom(node) => {
                    import_from_bindings(node, &context.module, context.is_package)
                }
                _ => return None,
            };
            Some((entry, bindings))
        },
    )
}

/// The absolute module a `from` clause names: `level` leading dots climb from the file's package
/// (a package's `__init__` is its own package). None when it climbs above the top.
pub fn absolute_module(
    file_module: &str,
    is_package: bool,
    level: u32,
    module: Option<&str>,
) -> Option<String> {
    if level == 0 {
        return module.map(str::to_owned);
    }
    let mut parts: Vec<&str> =
        if file_module.is_empty() { Vec::new() } else { file_module.split('.').collect() };
    if !is_package {
        parts.pop();
    }
    // As importlib: the package needs at least `level` components ("attempted relative import
    // beyond top-level package" otherwise).
    if parts.len() < level as usize {
        return None;
    }
    parts.truncate(parts.len() + 1 - level as usize);
    if let Some(module) = module {
        parts.extend(module.split('.'));
    }
    Some(parts.join("."))
}

/// `base.name`, or `name` when `base` is empty (the root package).
pub fn join_dotted(base: &str, name: &str) -> String {
    if base.is_empty() { name.to_owned() } else { format!("{base}.{name}") }
}

/// Dotted text of a name/attribute chain (`a.b.c`); None for anything else.
pub fn dotted_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str().to_owned()),
        Expr::Attribute(attribute) => {
            let mut base = dotted_name(&attribute.value)?;
            base.push('.');
            base.push_str(attribute.attr.as_str());
            Some(base)
        }
        _ => None,
    }
}

/// Everything needed to qualify names in one file.
#[derive(Debug, Default)]
pub struct Names {
    /// Per scope (None = module), local name → absolute dotted target.
    imports: HashMap<Option<ScopeId>, HashMap<String, String>>,
    /// Names of module-level functions and classes.
    module_defs: HashSet<String>,
    /// Per function or lambda scope, the names bound locally (parameters and assigned names):
    /// they shadow imports of enclosing scopes and builtins.
    locals: HashMap<ScopeId, HashSet<String>>,
    /// Names assigned at module level (they shadow builtins).
    module_stores: HashSet<String>,
    module: String,
}

impl Names {
    pub(super) fn build(index: &NodeIndex<'_>) -> Names {
        let context = index.context;
        let mut names = Names { module: context.module.clone(), ..Names::default() };
        for (entry, bindings) in import_statements(index) {
            for binding in bindings {
                if let (Some(bound), Some(target)) = (&binding.bound_name, binding.bound_target()) {
                    names.imports.entry(entry.scope).or_default().insert(bound.clone(), target.to_owned());
                }
            }
        }
        names.collect_bindings(index);
        names
    }

    /// Every name a scope binds other than by importing: parameters, assignment and deletion
    /// targets, nested definitions, `except ... as` and `match` captures; `global` names bind at
    /// module level instead.
    fn collect_bindings(&mut self, index: &NodeIndex<'_>) {
        let mut globals: HashSet<(ScopeId, &str)> = HashSet::default();
        for (_, entry) in index.of_kind(NodeKind::StmtGlobal) {
            if let (AnyNodeRef::StmtGlobal(global), Some(scope)) = (entry.node, entry.scope) {
                globals.extend(global.names.iter().map(|name| (scope, name.as_str())));
            }
        }
        let mut bind = |scope: Option<ScopeId>, name: &str| match scope {
            Some(id) if !globals.contains(&(id, name)) => {
                self.locals.entry(id).or_default().insert(name.to_owned());
            }
            _ => {
                self.module_stores.insert(name.to_owned());
            }
        };
        for (id, scope) in index.scopes().iter().enumerate() {
            match (scope.parent, scope.kind) {
                (_, ScopeKind::Lambda) => {}
                (None, _) => {
                    self.module_defs.insert(scope.name.clone());
                }
                (Some(_), _) => bind(scope.parent, &scope.name),
            }
            let parameters = match scope.def {
                ScopeDef::Function(def) => Some(&*def.parameters),
                ScopeDef::Lambda(lambda) => lambda.parameters.as_deref(),
                ScopeDef::Class(_) => None,
            };
            for parameter in parameters.into_iter().flat_map(|p| p.iter()) {
                bind(Some(id as ScopeId), parameter.name().as_str());
            }
        }
        for (name, entry) in index.names_used() {
            if matches!(name.ctx, ExprContext::Store | ExprContext::Del) {
                bind(entry.scope, name.id.as_str());
            }
        }
        let captures = [
            NodeKind::ExceptHandlerExceptHandler,
            NodeKind::PatternMatchAs,
            NodeKind::PatternMatchStar,
            NodeKind::PatternMatchMapping,
        ];
        for kind in captures {
            for (_, entry) in index.of_kind(kind) {
                let name = match entry.node {
                    AnyNodeRef::ExceptHandlerExceptHandler(handler) => handler.name.as_ref(),
                    AnyNodeRef::PatternMatchAs(pattern) => pattern.name.as_ref(),
                    AnyNodeRef::PatternMatchStar(pattern) => pattern.name.as_ref(),
                    AnyNodeRef::PatternMatchMapping(pattern) => pattern.rest.as_ref(),
                    _ => None,
                };
                if let Some(name) = name {
                    bind(entry.scope, name.as_str());
                }
            }
        }
    }

    /// Whether `scope` binds `name` itself (parameter, assignment, nested definition, import,
    /// `except`/`match` capture; not a name it declares `global`).
    pub fn binds(&self, scope: ScopeId, name: &str) -> bool {
        self.is_local(scope, name)
            || self.imports.get(&Some(scope)).is_some_and(|imports| imports.contains_key(name))
    }

    /// Whether function, lambda or class scope `scope` binds `name` itself (a parameter, an
    /// assignment or deletion target, a nested definition, a capture; not an import, not a
    /// name it declares `global`).
    pub fn is_local(&self, scope: ScopeId, name: &str) -> bool {
        self.locals.get(&scope).is_some_and(|locals| locals.contains(name))
    }

    /// The absolute dotted name `dotted` refers to when used in `scope`: through the imports
    /// visible there, `self`/`cls` in methods, the module's own definitions, then builtins.
    pub fn qualify(&self, index: &NodeIndex<'_>, scope: Option<ScopeId>, dotted: &str) -> Option<String> {
        let (head, rest) = match dotted.split_once('.') {
            Some((head, rest)) => (head, Some(rest)),
            None => (dotted, None),
        };
        let with_rest = |base: &str| match rest {
            Some(rest) => join_dotted(base, rest),
            None => base.to_owned(),
        };
        // Imports visible from `scope`: its own, then enclosing function scopes, then the module
        // (class bodies are not visible from the functions nested in them).
        // A name bound locally (parameter, assignment) is a local variable: unknown.
        let mut current = scope;
        let mut first = true;
        loop {
            let visible = first || current.is_none_or(|id| index.scope(id).kind != ScopeKind::Class);
            if visible && let Some(target) = self.imports.get(&current).and_then(|m| m.get(head)) {
                return Some(with_rest(target));
            }
            let Some(id) = current else { break };
            if is_instance_or_class_parameter(index.scope(id), head) {
                // `self.m` / `cls.m` in a method: the method of the class (one level only:
                // `self.a.b` is an attribute of an instance attribute).
                let class = index.scope(id).parent?;
                let rest = rest.filter(|r| !r.contains('.'))?;
                return Some(join_dotted(&join_dotted(&self.module, &index.scope(class).qualname), rest));
            }
            if visible && self.locals.get(&id).is_some_and(|locals| locals.contains(head)) {
                return None;
            }
            current = index.scope(id).parent;
            first = false;
        }
        if self.module_defs.contains(head) {
            return Some(with_rest(&join_dotted(&self.module, head)));
        }
        if !self.module_stores.contains(head) && BUILTINS.binary_search(&head).is_ok() {
            return Some(format!("builtins.{dotted}"));
        }
        None
    }
}

/// Whether `name` is the `self`/`cls` parameter of `scope`: the first parameter of a method that
/// is not a staticmethod.
fn is_instance_or_class_parameter(scope: &Scope<'_>, name: &str) -> bool {
    let ScopeDef::Function(def) = scope.def else { return false };
    let first = def.parameters.posonlyargs.iter().chain(&def.parameters.args).next();
    scope.kind == ScopeKind::Method
        && first.is_some_and(|p| p.parameter.name.as_str() == name)
        && !def
            .decorator_list
            .iter()
            .any(|d| matches!(&d.expression, Expr::Name(n) if n.id.as_str() == "staticmethod"))
}

/// Python's builtin names (sorted: looked up by binary search).
const BUILTINS: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "NotADirectoryError",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "__import__",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_sorted() {
        assert!(BUILTINS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn relative_levels_climb_from_the_package() {
        assert_eq!(absolute_module("pkg.sub.mod", false, 1, Some("x")).as_deref(), Some("pkg.sub.x"));
        assert_eq!(absolute_module("pkg.sub.mod", false, 2, Some("x")).as_deref(), Some("pkg.x"));
        assert_eq!(absolute_module("pkg.sub.mod", false, 1, None).as_deref(), Some("pkg.sub"));
        // A package's __init__ is its own package.
        assert_eq!(absolute_module("pkg.sub", true, 1, Some("x")).as_deref(), Some("pkg.sub.x"));
        assert_eq!(absolute_module("pkg.sub", true, 2, None).as_deref(), Some("pkg"));
        assert_eq!(absolute_module("pkg.mod", false, 3, None), None);
        assert_eq!(absolute_module("pkg.sub.mod", false, 3, Some("q")), None);
        assert_eq!(absolute_module("pkg", true, 2, Some("x")), None);
        // A top-level module has no package to be relative to.
        assert_eq!(absolute_module("mod", false, 1, Some("x")), None);
        assert_eq!(absolute_module("a", false, 0, Some("b.c")).as_deref(), Some("b.c"));
    }
}
