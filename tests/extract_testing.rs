//! Exact rows of the testing extractors (`src/extract/testing/`): test_cases, test_classes,
//! test_fixtures, fixture_params, assertions, parametrizations, parametrize_values,
//! test_markers, pytest_hooks, mocks and hypothesis_strategies.
//!
//! Each test runs parse → node index → `symbols` → one extractor on a snippet written for this
//! project and compares the whole table (see `tests/common/mod.rs` for the rendering).
//! Also checked, against the predecessor's defects: unittest classes are recognised by their
//! base qualified through imports (and through a local base class), not by a substring of the
//! base's text; `testFoo` is a test; decorators are matched by their qualified name, not by a
//! substring ("fixture", "patch", "given"), so a project's own `patch` gives no mock row.

mod common;

use common::{assert_rows, rows, rows_in};

// ---- test_cases and test_classes -------------------------------------------------------------

const TEST_MODULE: &str = r#"
    import unittest
    from unittest import TestCase as TC
    import pytest

    def test_top():
        assert 1

    def testCamel():
        pass

    def helper_test():
        pass

    class TestThing:
        def setup_method(self):
            pass
        def test_a(self):
            def test_nested():
                pass
        async def test_b(self):
            pass
        class TestInner:
            def test_deep(self):
                pass

    class TestWithInit:
        def __init__(self):
            pass
        def test_never(self):
            pass

    class Base(unittest.TestCase):
        def setUp(self):
            pass
        def helper(self):
            pass

    class Derived(Base):
        def testSomething(self):
            pass
        @classmethod
        def setUpClass(cls):
            pass

    class Aliased(TC):
        def test_x(self):
            pass
"#;

#[test]
fn test_cases_pytest_functions_and_methods_unittest_methods() {
    // file | symbol | line | framework | name | class_name. `testCamel` is a test (pytest's and
    // unittest's prefix is `test`); nested functions, classes with `__init__` and names that only
    // end in `test` are not; `Derived` is a TestCase through the local `Base`, `Aliased` through
    // the import alias.
    assert_rows(
        rows(TEST_MODULE, "test_cases", "test_cases"),
        &[
            "F | @test_top | 5 | pytest | test_top | NULL",
            "F | @testCamel | 8 | pytest | testCamel | NULL",
            "F | @TestThing.test_a | 17 | pytest | test_a | TestThing",
            "F | @TestThing.test_b | 20 | pytest | test_b | TestThing",
            "F | @TestThing.TestInner.test_deep | 23 | pytest | test_deep | TestThing.TestInner",
            "F | @Derived.testSomething | 39 | unittest | testSomething | Derived",
            "F | @Aliased.test_x | 46 | unittest | test_x | Aliased",
        ],
    );
}

#[test]
fn test_classes_with_setup_and_teardown() {
    // file | symbol | line | framework | name | base | test_count | has_setup | has_teardown |
    // has_setup_class | has_teardown_class (own methods only: Derived inherits setUp).
    assert_rows(
        rows(TEST_MODULE, "test_cases", "test_classes"),
        &[
            "F | @TestThing | 14 | pytest | TestThing | NULL | 2 | 1 | 0 | 0 | 0",
            "F | @TestThing.TestInner | 22 | pytest | TestInner | NULL | 1 | 0 | 0 | 0 | 0",
            "F | @Base | 32 | unittest | Base | unittest.TestCase | 0 | 1 | 0 | 0 | 0",
            "F | @Derived | 38 | unittest | Derived | pkg.mod.Base | 1 | 0 | 0 | 1 | 0",
            "F | @Aliased | 45 | unittest | Aliased | unittest.TestCase | 1 | 0 | 0 | 0 | 0",
        ],
    );
}

#[test]
fn pytest_functions_only_in_pytest_modules() {
    let source = r#"
        from django.test import TestCase

        def test_helper_in_library():
            pass

        class TestLooksLikePytest:
            def test_m(self):
                pass

        class ViewTests(TestCase):
            def test_view(self):
                pass
    "#;
    // Not a test file and no pytest import: only the unittest-style class counts (any base
    // whose name ends in TestCase).
    assert_rows(
        rows(source, "test_cases", "test_cases"),
        &["F | @ViewTests.test_view | 11 | unittest | test_view | ViewTests"],
    );
    // The same code in tests/test_views.py: pytest collects the function and the class too.
    assert_rows(
        rows_in("tests/test_views.py", "tests.test_views", false, source, "test_cases", "test_cases"),
        &[
            "F | @test_helper_in_library | 3 | pytest | test_helper_in_library | NULL",
            "F | @TestLooksLikePytest.test_m | 7 | pytest | test_m | TestLooksLikePytest",
            "F | @ViewTests.test_view | 11 | unittest | test_view | ViewTests",
        ],
    );
}

#[test]
fn unittest_base_from_another_file_named_like_a_test() {
    let source = r#"
        from libfoo.testing.utils import UnitTest
        from .base import NodeTest

        class ParserTest(UnitTest):
            def test_parse(self):
                self.assertEqual(1, 1)

        class RemovalBehavior(NodeTest):
            def test_remove(self):
                pass

        class Helper(Base):
            def test_not_collected(self):
                pass

        class LocalBaseTest:
            def test_shared(self):
                pass

        class MixedIn(LocalBaseTest):
            def test_more(self):
                pass
    "#;
    // In a test module, a base whose name contains `Test` is taken for a TestCase defined in
    // another file (not a mixin of the same file, which is known not to be one); elsewhere it is
    // not.
    let path = "libfoo/tests/test_nodes.py";
    assert_rows(
        rows_in(path, "libfoo.tests.test_nodes", false, source, "test_cases", "test_classes"),
        &[
            "F | @ParserTest | 4 | unittest | ParserTest | libfoo.testing.utils.UnitTest | 1 | 0 | 0 | 0 | 0",
            "F | @RemovalBehavior | 8 | unittest | RemovalBehavior | libfoo.tests.base.NodeTest | 1 | 0 | 0 | 0 | 0",
        ],
    );
    assert_rows(rows(source, "test_cases", "test_classes"), &[]);
}

// ---- test_fixtures and fixture_params ---------------------------------------------------------

const FIXTURES: &str = r#"
    import pytest
    from pytest import fixture
    import pytest_asyncio

    @pytest.fixture
    def db():
        conn = connect()
        yield conn
        conn.close()

    @fixture(scope="session", autouse=True, name="cfg")
    def _config():
        return {}

    @pytest.fixture(params=[1, "two", pytest.param(3, id="three")])
    def number(request):
        return request.param

    @pytest.fixture(params=BACKENDS, scope=pick_scope)
    def backend(request):
        return request.param

    @pytest_asyncio.fixture(scope="module")
    async def client():
        async with make() as c:
            yield c

    def not_a_fixture():
        yield 1

    class TestX:
        @pytest.fixture
        def resource(self):
            return lambda: (yield)
"#;

#[test]
fn fixtures_scope_autouse_name_yield_and_params() {
    // file | symbol | line | name | scope | autouse | is_yield | params_expr. Scope defaults to
    // `function`; a dynamic scope (a callable) is NULL; `name=` overrides the function name; a
    // yield in a nested lambda does not make the fixture a yield fixture.
    assert_rows(
        rows(FIXTURES, "test_fixtures", "test_fixtures"),
        &[
            "F | @db | 6 | db | function | 0 | 1 | NULL",
            "F | @_config | 12 | cfg | session | 1 | 0 | NULL",
            "F | @number | 16 | number | function | 0 | 0 | NULL",
            "F | @backend | 20 | backend | NULL | 0 | 0 | BACKENDS",
            "F | @client | 24 | client | module | 0 | 1 | NULL",
            "F | @TestX.resource | 33 | resource | function | 0 | 0 | NULL",
        ],
    );
    // fixture | position | value | id_label
    assert_rows(
        rows(FIXTURES, "test_fixtures", "fixture_params"),
        &[
            "test_fixtures#2 | 0 | 1 | NULL",
            "test_fixtures#2 | 1 | \"two\" | NULL",
            "test_fixtures#2 | 2 | 3 | three",
        ],
    );
}

#[test]
fn a_projects_own_fixture_decorator_is_not_pytests() {
    let source = r#"
        from myproj.fixtures import fixture

        @fixture
        def data():
            return 1
    "#;
    assert_rows(rows(source, "test_fixtures", "test_fixtures"), &[]);
}

// ---- assertions -------------------------------------------------------------------------------

#[test]
fn assertions_in_tests_helpers_and_unittest_methods() {
    let source = r#"
        import unittest
        import pytest

        def check(x):
            assert x > 0, "positive"

        def test_values():
            assert check(1)
            with pytest.raises(ValueError, match="bad"):
                int("x")
            assert 0.1 + 0.2 == pytest.approx(0.3)
            def inner():
                assert False
            pytest.fail("boom")

        class T(unittest.TestCase):
            def test_eq(self):
                self.assertEqual(1, 1, msg="same")
                self.assertRaises(KeyError, lambda: {}["k"])
                self.fail("never")
                self.failUnless(True)
                self.failure_count()
                other.assertEqual(1, 2)
            def helper(self):
                self.assertTrue(True)
                assert self
    "#;
    // file | scope | line | col | kind | test | method | expr | message. The helper `check` is
    // test code (pytest module) but no test; `inner` belongs to the test around it;
    // `self.failure_count()` and `other.assertEqual` are not assertions.
    assert_rows(
        rows(source, "assertions", "assertions"),
        &[
            "F | @check | 5 | 4 | assert | NULL | NULL | x > 0 | \"positive\"",
            "F | @test_values | 8 | 4 | assert | test_cases#0 | NULL | check(1) | NULL",
            "F | @test_values | 9 | 9 | pytest | test_cases#0 | raises | pytest.raises(ValueError, match=\"bad\") | \"bad\"",
            "F | @test_values | 11 | 4 | assert | test_cases#0 | NULL | 0.1 + 0.2 == pytest.approx(0.3) | NULL",
            "F | @test_values | 11 | 24 | pytest | test_cases#0 | approx | pytest.approx(0.3) | NULL",
            "F | @test_values.<locals>.inner | 13 | 8 | assert | test_cases#0 | NULL | False | NULL",
            "F | @test_values | 14 | 4 | pytest | test_cases#0 | fail | pytest.fail(\"boom\") | \"boom\"",
            "F | @T.test_eq | 18 | 8 | unittest | test_cases#1 | assertEqual | self.assertEqual(1, 1, msg=\"same\") | \"same\"",
            "F | @T.test_eq | 19 | 8 | unittest | test_cases#1 | assertRaises | self.assertRaises(KeyError, lambda: {}[\"k\"]) | NULL",
            "F | @T.test_eq | 20 | 8 | unittest | test_cases#1 | fail | self.fail(\"never\") | \"never\"",
            "F | @T.test_eq | 21 | 8 | unittest | test_cases#1 | failUnless | self.failUnless(True) | NULL",
            "F | @T.helper | 25 | 8 | unittest | NULL | assertTrue | self.assertTrue(True) | NULL",
            "F | @T.helper | 26 | 8 | assert | NULL | NULL | self | NULL",
        ],
    );
}

#[test]
fn asserts_outside_test_code_are_not_assertions() {
    let source = r#"
        def normalize(x):
            assert isinstance(x, int)
            return x
    "#;
    assert_rows(rows(source, "assertions", "assertions"), &[]);
}

// ---- parametrize and markers ------------------------------------------------------------------

const MARKED: &str = r#"
    import pytest
    from pytest import mark
    import unittest

    pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore")]

    @pytest.mark.parametrize("a, b", [(1, 2), pytest.param(3, 4, id="big"), CASE])
    @mark.parametrize(("x",), [[1]], indirect=True, ids=["one"])
    def test_sum(a, b, x):
        pass

    @pytest.mark.parametrize(argnames="n", argvalues=range(3))
    @pytest.mark.skip(reason="flaky")
    @pytest.mark.skipif(sys.platform == "win32", reason="posix only")
    @pytest.mark.xfail(raises=IndexError)
    @pytest.mark.usefixtures("db")
    def test_n(n):
        pass

    @pytest.mark.parametrize("v", ["a", pytest.param("b", marks=pytest.mark.xfail)])
    class TestClassLevel:
        pytestmark = pytest.mark.django_db
        def test_v(self, v):
            pass

    class Legacy(unittest.TestCase):
        @unittest.skip("not now")
        def test_a(self): pass
        @unittest.skipIf(X, "no X")
        def test_b(self): pass
        @unittest.expectedFailure
        def test_c(self): pass

    def f():
        pytestmark = pytest.mark.slow
"#;

#[test]
fn parametrize_names_and_value_sets() {
    // file | symbol | line | col | argnames | argvalues | set_count | indirect | ids
    assert_rows(
        rows(MARKED, "parametrize", "parametrizations"),
        &[
            "F | @test_sum | 7 | 1 | a,b | [(1, 2), pytest.param(3, 4, id=\"big\"), CASE] | 3 | 0 | NULL",
            "F | @test_sum | 8 | 1 | x | [[1]] | 1 | 1 | [\"one\"]",
            "F | @test_n | 12 | 1 | n | range(3) | NULL | 0 | NULL",
            "F | @TestClassLevel | 20 | 1 | v | [\"a\", pytest.param(\"b\", marks=pytest.mark.xfail)] | 2 | 0 | NULL",
        ],
    );
    // parametrization | set_position | param_position | name | value | set_label. `CASE` cannot be
    // split over two names (no rows); names given as a tuple unpack each set, even for one name.
    assert_rows(
        rows(MARKED, "parametrize", "parametrize_values"),
        &[
            "parametrizations#0 | 0 | 0 | a | 1 | NULL",
            "parametrizations#0 | 0 | 1 | b | 2 | NULL",
            "parametrizations#0 | 1 | 0 | a | 3 | big",
            "parametrizations#0 | 1 | 1 | b | 4 | big",
            "parametrizations#1 | 0 | 0 | x | 1 | NULL",
            "parametrizations#3 | 0 | 0 | v | \"a\" | NULL",
            "parametrizations#3 | 1 | 0 | v | \"b\" | NULL",
        ],
    );
}

#[test]
fn markers_pytest_and_unittest() {
    // file | scope | symbol | line | col | framework | kind | name | condition | reason | expr |
    // is_call.
    // `pytestmark` marks the module (symbol NULL) or its class; one in a function is no mark.
    assert_rows(
        rows(MARKED, "test_markers", "test_markers"),
        &[
            "F | NULL | NULL | 5 | 14 | pytest | custom | slow | NULL | NULL | pytest.mark.slow | 0",
            "F | NULL | NULL | 5 | 32 | pytest | filterwarnings | filterwarnings | NULL | NULL | pytest.mark.filterwarnings(\"ignore\") | 0",
            "F | NULL | @test_n | 13 | 1 | pytest | skip | skip | NULL | flaky | pytest.mark.skip(reason=\"flaky\") | 0",
            "F | NULL | @test_n | 14 | 1 | pytest | skipif | skipif | sys.platform == \"win32\" | posix only | pytest.mark.skipif(sys.platform == \"win32\", reason=\"posix only\") | 0",
            "F | NULL | @test_n | 15 | 1 | pytest | xfail | xfail | NULL | NULL | pytest.mark.xfail(raises=IndexError) | 0",
            "F | NULL | @test_n | 16 | 1 | pytest | usefixtures | usefixtures | NULL | NULL | pytest.mark.usefixtures(\"db\") | 0",
            "F | @TestClassLevel | @TestClassLevel | 22 | 17 | pytest | custom | django_db | NULL | NULL | pytest.mark.django_db | 0",
            "F | @Legacy | @Legacy.test_a | 27 | 5 | unittest | skip | skip | NULL | not now | unittest.skip(\"not now\") | 0",
            "F | @Legacy | @Legacy.test_b | 29 | 5 | unittest | skipif | skipIf | X | no X | unittest.skipIf(X, \"no X\") | 0",
            "F | @Legacy | @Legacy.test_c | 31 | 5 | unittest | xfail | expectedFailure | NULL | NULL | unittest.expectedFailure | 0",
        ],
    );
}

#[test]
fn imperative_skips_in_tests() {
    let source = r#"
        import sys
        import unittest
        import pytest

        np = pytest.importorskip("numpy", reason="needs numpy")

        def test_platform():
            if sys.platform == "win32":
                pytest.skip("posix only")
            pytest.xfail(reason="known bug")

        class T(unittest.TestCase):
            def test_net(self):
                self.skipTest("offline")

        def test_local(skip):
            skip("not pytest's")
    "#;
    // The mark applies to the function the call is in (the module for a module-level call).
    assert_rows(
        rows(source, "test_markers", "test_markers"),
        &[
            "F | NULL | NULL | 5 | 5 | pytest | skipif | importorskip | \"numpy\" | needs numpy | pytest.importorskip(\"numpy\", reason=\"needs numpy\") | 1",
            "F | @test_platform | @test_platform | 9 | 8 | pytest | skip | skip | NULL | posix only | pytest.skip(\"posix only\") | 1",
            "F | @test_platform | @test_platform | 10 | 4 | pytest | xfail | xfail | NULL | known bug | pytest.xfail(reason=\"known bug\") | 1",
            "F | @T.test_net | @T.test_net | 14 | 8 | unittest | skip | skipTest | NULL | offline | self.skipTest(\"offline\") | 1",
        ],
    );
}

// ---- hooks, mocks, hypothesis -----------------------------------------------------------------

const PLUGIN_AND_MOCKS: &str = r#"
    import pytest
    import pluggy
    from unittest import mock
    from unittest.mock import patch, MagicMock as MM
    from hypothesis import given, strategies as st
    from myproj.testing import patch as my_patch

    hookspec = pluggy.HookspecMarker("myplugin")

    def pytest_addoption(parser):
        parser.addoption("--slow")

    @pytest.hookimpl(tryfirst=True, hookwrapper=True)
    def pytest_runtest_call(item):
        yield

    @hookspec(firstresult=True)
    def pytest_my_hook(config):
        pass

    class Plugin:
        @pytest.hookimpl(trylast=True)
        def pytest_collection_modifyitems(self, session, config, items):
            def pytest_not_a_hook():
                pass

    @patch("app.db.connect")
    @mock.patch.object(Service, "fetch", return_value=1)
    def test_it(fetch, connect, mocker):
        with patch.dict("os.environ", {"A": "1"}), mock.patch("app.clock", new=fake):
            m = MM(spec=Service)
            helper = mock.Mock()
        patcher = patch.object(app, "send")
        mocker.patch("app.mail.send", return_value=None)
        mocker.patch.object(app, "x")
        my_patch("not.a.mock")
        stub = mock.create_autospec(Service)

    def mocker_outside():
        mocker.patch("no.fixture")

    @given(st.integers(), text=st.text(min_size=1), flag=BOOLS)
    def test_prop(n, text, flag):
        pass
"#;

#[test]
fn pytest_hooks_impls_specs_and_options() {
    // file | symbol | line | kind | name | param_count (without self) | tryfirst | trylast | wrapper.
    // A nested function named pytest_* is no hook.
    assert_rows(
        rows(PLUGIN_AND_MOCKS, "pytest_hooks", "pytest_hooks"),
        &[
            "F | @pytest_addoption | 10 | impl | pytest_addoption | 1 | 0 | 0 | 0",
            "F | @pytest_runtest_call | 14 | impl | pytest_runtest_call | 1 | 1 | 0 | 1",
            "F | @pytest_my_hook | 18 | spec | pytest_my_hook | 1 | 0 | 0 | 0",
            "F | @Plugin.pytest_collection_modifyitems | 23 | impl | pytest_collection_modifyitems | 3 | 0 | 1 | 0",
        ],
    );
}

#[test]
fn mocks_patches_and_mock_objects_by_qualified_name() {
    // file | scope | symbol | line | col | kind | callee | callee_qualified | target | attribute |
    // new_expr. The project's own `my_patch` and a `mocker` that is no fixture parameter give
    // no row.
    assert_rows(
        rows(PLUGIN_AND_MOCKS, "mocks", "mocks"),
        &[
            "F | NULL | @test_it | 27 | 1 | patch_decorator | patch | unittest.mock.patch | app.db.connect | NULL | NULL",
            "F | NULL | @test_it | 28 | 1 | patch_decorator | mock.patch.object | unittest.mock.patch.object | Service | fetch | NULL",
            "F | @test_it | NULL | 30 | 9 | patch_context | patch.dict | unittest.mock.patch.dict | os.environ | NULL | {\"A\": \"1\"}",
            "F | @test_it | NULL | 30 | 47 | patch_context | mock.patch | unittest.mock.patch | app.clock | NULL | fake",
            "F | @test_it | NULL | 31 | 12 | mock_object | MM | unittest.mock.MagicMock | Service | NULL | NULL",
            "F | @test_it | NULL | 32 | 17 | mock_object | mock.Mock | unittest.mock.Mock | NULL | NULL | NULL",
            "F | @test_it | NULL | 33 | 14 | patch_call | patch.object | unittest.mock.patch.object | app | send | NULL",
            "F | @test_it | NULL | 34 | 4 | patch_call | mocker.patch | pytest_mock.MockerFixture.patch | app.mail.send | NULL | NULL",
            "F | @test_it | NULL | 35 | 4 | patch_call | mocker.patch.object | pytest_mock.MockerFixture.patch.object | app | x | NULL",
            "F | @test_it | NULL | 37 | 11 | mock_object | mock.create_autospec | unittest.mock.create_autospec | Service | NULL | NULL",
        ],
    );
}

#[test]
fn mock_backport_and_shadowed_patch() {
    let source = r#"
        import mock

        def patch(target):
            return target

        @patch("local.function")
        def test_a():
            with mock.patch("pkg.thing"):
                pass
    "#;
    // `import mock` is the backport of unittest.mock; the module's own `patch` is not a mock.
    assert_rows(
        rows(source, "mocks", "mocks"),
        &["F | @test_a | NULL | 8 | 9 | patch_context | mock.patch | mock.patch | pkg.thing | NULL | NULL"],
    );
}

#[test]
fn monkeypatch_fixture_methods() {
    let source = r#"
        import os

        def test_env(monkeypatch, tmp_path):
            monkeypatch.setattr(os, "getcwd", lambda: str(tmp_path))
            monkeypatch.setattr("app.config.DEBUG", True)
            monkeypatch.setitem(app.settings, "mode", "test")
            monkeypatch.setenv("HOME", str(tmp_path))
            monkeypatch.delenv("TOKEN", raising=False)
            monkeypatch.delattr("app.cache.client")
            monkeypatch.chdir(tmp_path)

        def helper(patcher):
            monkeypatch.setattr(os, "sep", "/")
    "#;
    // Only on a `monkeypatch` parameter; `chdir` replaces nothing.
    assert_rows(
        rows(source, "mocks", "mocks"),
        &[
            "F | @test_env | NULL | 4 | 4 | monkeypatch | monkeypatch.setattr | pytest.MonkeyPatch.setattr | os | getcwd | lambda: str(tmp_path)",
            "F | @test_env | NULL | 5 | 4 | monkeypatch | monkeypatch.setattr | pytest.MonkeyPatch.setattr | app.config.DEBUG | NULL | True",
            "F | @test_env | NULL | 6 | 4 | monkeypatch | monkeypatch.setitem | pytest.MonkeyPatch.setitem | app.settings | mode | \"test\"",
            "F | @test_env | NULL | 7 | 4 | monkeypatch | monkeypatch.setenv | pytest.MonkeyPatch.setenv | HOME | NULL | str(tmp_path)",
            "F | @test_env | NULL | 8 | 4 | monkeypatch | monkeypatch.delenv | pytest.MonkeyPatch.delenv | TOKEN | NULL | NULL",
            "F | @test_env | NULL | 9 | 4 | monkeypatch | monkeypatch.delattr | pytest.MonkeyPatch.delattr | app.cache.client | NULL | NULL",
        ],
    );
}

#[test]
fn hypothesis_given_strategies() {
    // file | symbol | line | col | position | param | strategy | expr
    assert_rows(
        rows(PLUGIN_AND_MOCKS, "hypothesis", "hypothesis_strategies"),
        &[
            "F | @test_prop | 42 | 7 | 0 | NULL | hypothesis.strategies.integers | st.integers()",
            "F | @test_prop | 42 | 27 | 1 | text | hypothesis.strategies.text | st.text(min_size=1)",
            "F | @test_prop | 42 | 53 | 2 | flag | NULL | BOOLS",
        ],
    );
}
