//! Testing (issue 10): test cases and test classes, fixtures, assertions, parametrize, markers,
//! pytest plugin hooks, mocks and hypothesis strategies.
//!
//! Which scopes are tests is decided once here (`TestScopes`), so every extractor of the domain
//! agrees on it: `test_cases` rows are pushed in scope order, and `assertions.test_id` refers to
//! them by that order without `test_cases` having to run first.

pub mod assertions;
pub mod fixtures;
pub mod hooks;
pub mod hypothesis;
pub mod markers;
pub mod mocks;
pub mod parametrize;
pub mod test_cases;

use ruff_python_ast::{self as ast, Expr, NodeKind, Stmt};

use super::Extractor;
pub use crate::extract::common::qualified;
pub use crate::extract::common::string_value;
use crate::index::names::{dotted_name, join_dotted};
use crate::index::{NodeIndex, ScopeDef, ScopeId, ScopeKind};

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor {
        name: "test_cases",
        kinds: &[NodeKind::StmtFunctionDef, NodeKind::StmtClassDef],
        run: test_cases::extract,
    },
    Extractor { name: "test_fixtures", kinds: &[NodeKind::Decorator], run: fixtures::extract },
    Extractor {
        name: "assertions",
        kinds: &[NodeKind::StmtAssert, NodeKind::ExprCall],
        run: assertions::extract,
    },
    Extractor { name: "parametrize", kinds: &[NodeKind::Decorator], run: parametrize::extract },
    Extractor {
        name: "test_markers",
        kinds: &[NodeKind::Decorator, NodeKind::StmtAssign, NodeKind::ExprCall],
        run: markers::extract,
    },
    Extractor { name: "pytest_hooks", kinds: &[NodeKind::StmtFunctionDef], run: hooks::extract },
    Extractor { name: "mocks", kinds: &[NodeKind::ExprCall], run: mocks::extract },
    Extractor { name: "hypothesis", kinds: &[NodeKind::Decorator], run: hypothesis::extract },
];

/// The test framework a test or test class belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    Pytest,
    Unittest,
}

impl Framework {
    pub fn as_str(self) -> &'static str {
        match self {
            Framework::Pytest => "pytest",
            Framework::Unittest => "unittest",
        }
    }
}

/// What a scope is for the testing domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    None,
    /// A test class (pytest `Test*` class or unittest TestCase).
    TestClass(Framework),
    /// A test: row `row` of `test_cases` in this file (tests are numbered in scope order).
    TestCase {
        framework: Framework,
        row: u32,
    },
    Fixture,
}

/// The role of every scope of a file, by scope id, plus whether the module is a pytest module.
pub struct TestScopes {
    pub roles: Vec<Role>,
    /// The qualified base that makes each unittest class one (by scope id).
    pub unittest_bases: Vec<Option<String>>,
    pub is_pytest_module: bool,
}

/// Base classes that make a class a unittest test case (the final name is also accepted when it
/// ends in `TestCase`: `django.test.TestCase`, a project's `BaseTestCase` from another module).
const TESTCASE_BASES: &[&str] = &[
    "unittest.TestCase",
    "unittest.IsolatedAsyncioTestCase",
    "unittest.case.TestCase",
    "unittest.async_case.IsolatedAsyncioTestCase",
    "twisted.trial.unittest.TestCase",
    "twisted.trial.unittest.SynchronousTestCase",
];

impl TestScopes {
    pub fn compute(index: &NodeIndex<'_>) -> TestScopes {
        let scopes = index.scopes();
        let is_pytest_module = is_pytest_module(index);
        let test_module = is_test_module_path(&index.context.path);
        let mut roles = vec![Role::None; scopes.len()];
        let mut unittest_bases: Vec<Option<String>> = vec![None; scopes.len()];
        // Qualified names of this file's unittest classes, for classes deriving from them.
        let mut local_testcases: Vec<String> = Vec::new();
        let mut tests = 0u32;
        for (id, scope) in scopes.iter().enumerate() {
            let parent_role = scope.parent.map_or(Role::None, |p| roles[p as usize]);
            roles[id] = match scope.def {
                ScopeDef::Class(class) => {
                    if let Some(base) = unittest_base(index, scope.parent, class, &local_testcases) {
                        local_testcases.push(join_dotted(&index.context.module, &scope.qualname));
                        unittest_bases[id] = Some(base);
                        Role::TestClass(Framework::Unittest)
                    } else if is_pytest_class(class, scope.parent.is_none(), parent_role, is_pytest_module) {
                        Role::TestClass(Framework::Pytest)
                    } else if let Some(base) =
                        test_module.then(|| test_named_base(index, scope.parent, class)).flatten()
                    {
                        // A base class from another file (`class ParserTest(UnitTest)` with
                        // `UnitTest(TestCase)` elsewhere): only its name can tell, in a test module.
                        local_testcases.push(join_dotted(&index.context.module, &scope.qualname));
                        unittest_bases[id] = Some(base);
                        Role::TestClass(Framework::Unittest)
                    } else {
                        Role::None
                    }
                }
                ScopeDef::Function(def) => {
                    let framework = match parent_role {
                        Role::TestClass(framework) if scope.kind == ScopeKind::Method => Some(framework),
                        _ if scope.parent.is_none() && is_pytest_module => Some(Framework::Pytest),
                        _ => None,
                    };
                    match framework {
                        Some(framework) if def.name.as_str().starts_with("test") => {
                            tests += 1;
                            Role::TestCase { framework, row: tests - 1 }
                        }
                        _ if fixture_decorator(index, scope.parent, &def.decorator_list).is_some() => {
                            Role::Fixture
                        }
                        _ => Role::None,
                    }
                }
                ScopeDef::Lambda(_) => Role::None,
            };
        }
        TestScopes { roles, unittest_bases, is_pytest_module }
    }

    /// The innermost test case enclosing `scope` (itself included), as its `test_cases` row.
    pub fn enclosing_test(&self, index: &NodeIndex<'_>, scope: Option<ScopeId>) -> Option<u32> {
        self.chain(index, scope).find_map(|id| match self.roles[id as usize] {
            Role::TestCase { row, .. } => Some(row),
            _ => None,
        })
    }

    /// Whether code in `scope` is test code: inside a test, test class or fixture, or anywhere
    /// in a pytest module.
    pub fn is_test_code(&self, index: &NodeIndex<'_>, scope: Option<ScopeId>) -> bool {
        self.is_pytest_module || self.chain(index, scope).any(|id| self.roles[id as usize] != Role::None)
    }

    /// `scope` and its enclosing scopes, innermost first.
    fn chain<'s>(
        &'s self,
        index: &'s NodeIndex<'_>,
        scope: Option<ScopeId>,
    ) -> impl Iterator<Item = ScopeId> + 's {
        std::iter::successors(scope, move |&id| index.scope(id).parent)
    }
}

/// A pytest module by pytest's default `python_files` (`test_*.py`, `*_test.py`), or `conftest.py`,
/// or any module that imports pytest (projects configure other file patterns).
pub fn is_pytest_module(index: &NodeIndex<'_>) -> bool {
    let file = index.context.path.rsplit('/').next().unwrap_or("");
    let stem = file.strip_suffix(".py").unwrap_or("");
    let by_name = stem.starts_with("test_") || stem.ends_with("_test") || stem == "conftest";
    by_name
        || crate::index::names::import_statements(index).any(|(_, bindings)| {
            bindings.iter().any(|b| {
                b.resolved_name.as_deref().is_some_and(|n| n == "pytest" || n.starts_with("pytest."))
            })
        })
}

/// A test module by its path: `test_*.py`, `*_test.py`, `conftest.py`, or below a directory named
/// `test` or `tests`.
fn is_test_module_path(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.strip_suffix(".py").unwrap_or("");
    parts.iter().any(|dir| *dir == "test" || *dir == "tests")
        || stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem == "conftest"
}

/// In a test module, a base whose final name contains `Test` (`UnitTest`, `CSTNodeTest`),
/// qualified when possible. A class of this file is known not to be a TestCase (it would have
/// been found as one): a local mixin `BaseTest` does not count.
fn test_named_base(
    index: &NodeIndex<'_>,
    outer: Option<ScopeId>,
    class: &ast::StmtClassDef,
) -> Option<String> {
    class.arguments.as_deref()?.args.iter().find_map(|base| {
        let written = dotted_name(base)?;
        let last = written.rsplit('.').next().unwrap_or(&written);
        if !last.contains("Test") {
            return None;
        }
        let qualified = index.names().qualify(index, outer, &written);
        let is_local_class = qualified.as_deref().is_some_and(|name| {
            index.scopes().iter().any(|scope| {
                scope.kind == ScopeKind::Class && join_dotted(&index.context.module, &scope.qualname) == name
            })
        });
        (!is_local_class).then(|| qualified.unwrap_or(written))
    })
}

/// The qualified base that makes `class` a unittest test class: a known TestCase, a name ending
/// in `TestCase`, or a class of this file that is one.
fn unittest_base(
    index: &NodeIndex<'_>,
    outer: Option<ScopeId>,
    class: &ast::StmtClassDef,
    local_testcases: &[String],
) -> Option<String> {
    let arguments = class.arguments.as_deref()?;
    arguments.args.iter().find_map(|base| {
        let written = dotted_name(base)?;
        let qualified = index.names().qualify(index, outer, &written);
        let name = qualified.as_deref().unwrap_or(&written);
        let known = TESTCASE_BASES.contains(&name)
            || name.rsplit('.').next().is_some_and(|last| last.ends_with("TestCase"))
            || local_testcases.iter().any(|local| local == name);
        known.then(|| name.to_owned())
    })
}

/// pytest collects classes named `Test*` without an `__init__`, at module level or nested in
/// another test class, in pytest modules.
fn is_pytest_class(
    class: &ast::StmtClassDef,
    at_module_level: bool,
    parent: Role,
    pytest_module: bool,
) -> bool {
    let placed = at_module_level || parent == Role::TestClass(Framework::Pytest);
    let has_init =
        class.body.iter().any(|stmt| matches!(stmt, Stmt::FunctionDef(f) if f.name.as_str() == "__init__"));
    pytest_module && placed && class.name.as_str().starts_with("Test") && !has_init
}

/// Qualified names of pytest's fixture decorators.
const FIXTURE_DECORATORS: &[&str] =
    &["pytest.fixture", "pytest.yield_fixture", "_pytest.fixtures.fixture", "pytest_asyncio.fixture"];

/// The fixture decorator among `decorators`, with its call when it has arguments.
pub fn fixture_decorator<'a>(
    index: &NodeIndex<'_>,
    outer: Option<ScopeId>,
    decorators: &'a [ast::Decorator],
) -> Option<Option<&'a ast::ExprCall>> {
    decorators.iter().find_map(|decorator| {
        let (callee, call) = decorator_parts(&decorator.expression);
        let name = qualified(index, outer, callee)?;
        FIXTURE_DECORATORS.contains(&name.as_str()).then_some(call)
    })
}

/// A decorator's callee and, when it is called (`@fixture(scope="module")`), the call.
pub fn decorator_parts(expression: &Expr) -> (&Expr, Option<&ast::ExprCall>) {
    match expression {
        Expr::Call(call) => (&call.func, Some(call)),
        other => (other, None),
    }
}

/// A string literal's value, or else the expression's source text.
pub fn string_or_text<'a>(index: &NodeIndex<'a>, expr: &'a Expr) -> &'a str {
    string_value(expr).unwrap_or_else(|| index.text(expr))
}

/// Whether an expression is the constant `True`.
pub fn is_true(expr: Option<&Expr>) -> bool {
    matches!(expr, Some(Expr::BooleanLiteral(b)) if b.value)
}

/// The scope opened by the definition at node `node` (a def or class), if any.
pub fn scope_of_def(index: &NodeIndex<'_>, node: crate::index::NodeId) -> Option<ScopeId> {
    let scopes = index.scopes();
    scopes.binary_search_by_key(&node, |s| s.node).ok().map(|i| i as ScopeId)
}
