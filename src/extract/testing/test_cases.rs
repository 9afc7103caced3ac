//! `test_cases` and `test_classes`: one row per test (pytest test functions and methods of
//! `Test*` classes, unittest `TestCase` methods; all named `test*`) and one per test class, with
//! its set-up and tear-down methods. Node kinds: StmtFunctionDef, StmtClassDef (through the
//! scopes and `TestScopes`).

use ruff_python_ast::Stmt;

use super::{Role, TestScopes};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeDef};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let tests = TestScopes::compute(index);
    for (id, scope) in index.scopes().iter().enumerate() {
        let symbol = scope_value(Some(id as u32));
        match (tests.roles[id], scope.def) {
            (Role::TestCase { framework, .. }, ScopeDef::Function(def)) => {
                let line = index.position(index.def_start(&def.name, "def", def.is_async)).0;
                let class = scope.parent.filter(|&p| matches!(tests.roles[p as usize], Role::TestClass(_)));
                facts.push(
                    Table::TestCases,
                    [
                        Value::File,
                        symbol,
                        line.into(),
                        framework.as_str().into(),
                        scope.name.as_str().into(),
                        class.map(|c| index.scope(c).qualname.as_str()).into(),
                    ],
                );
            }
            (Role::TestClass(framework), ScopeDef::Class(class)) => {
                let line = index.position(index.def_start(&class.name, "class", false)).0;
                let methods = MethodSummary::of(&class.body);
                facts.push(
                    Table::TestClasses,
                    [
                        Value::File,
                        symbol,
                        line.into(),
                        framework.as_str().into(),
                        scope.name.as_str().into(),
                        tests.unittest_bases[id].as_deref().into(),
                        methods.tests.into(),
                        methods.setup.into(),
                        methods.teardown.into(),
                        methods.setup_class.into(),
                        methods.teardown_class.into(),
                    ],
                );
            }
            _ => {}
        }
    }
}

/// What a test class's own methods are (a look at the class body's direct statements).
#[derive(Default)]
struct MethodSummary {
    tests: u32,
    setup: bool,
    teardown: bool,
    setup_class: bool,
    teardown_class: bool,
}

impl MethodSummary {
    fn of(body: &[Stmt]) -> MethodSummary {
        let mut summary = MethodSummary::default();
        for stmt in body {
            let Stmt::FunctionDef(def) = stmt else { continue };
            match def.name.as_str() {
                "setUp" | "asyncSetUp" | "setup_method" => summary.setup = true,
                "tearDown" | "asyncTearDown" | "teardown_method" => summary.teardown = true,
                "setUpClass" | "setup_class" => summary.setup_class = true,
                "tearDownClass" | "teardown_class" => summary.teardown_class = true,
                name if name.starts_with("test") => summary.tests += 1,
                _ => {}
            }
        }
        summary
    }
}
