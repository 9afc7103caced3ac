//! Discovery of Python files: ignore rules, skipped directories, excludes, special files and
//! symbolic links, plus the path helpers (module names, test and stub paths).

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use pyindex::diagnostic::DiagnosticKind;
use pyindex::discover::{DiscoverOptions, Discovery, discover, is_stub_path, is_test_path, module_for_path};

fn touch(root: &Path, rel: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, b"x = 1\n").unwrap();
}

fn tree(rels: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for rel in rels {
        touch(dir.path(), rel);
    }
    dir
}

fn run(root: &Path, options: &DiscoverOptions) -> Discovery {
    discover(root, options).unwrap()
}

fn paths(found: &Discovery) -> Vec<&str> {
    found.files.iter().map(|f| f.rel_path.as_str()).collect()
}

fn default_paths(root: &Path) -> Vec<String> {
    let found = run(root, &DiscoverOptions::default());
    paths(&found).into_iter().map(String::from).collect()
}

fn with_follow(follow_symlinks: bool) -> DiscoverOptions {
    DiscoverOptions { follow_symlinks, ..DiscoverOptions::default() }
}

#[test]
fn nested_packages_sorted_with_absolute_paths() {
    let dir = tree(&["pkg/__init__.py", "pkg/sub/mod.py", "pkg/sub/__init__.py", "top.py", "a.py"]);
    let found = run(dir.path(), &DiscoverOptions::default());
    let expected = ["a.py", "pkg/__init__.py", "pkg/sub/__init__.py", "pkg/sub/mod.py", "top.py"];
    assert_eq!(paths(&found), expected);
    for file in &found.files {
        assert!(file.abs_path.is_absolute());
        assert_eq!(file.abs_path, dir.path().join(&file.rel_path));
        assert_eq!(file.problem, None);
    }
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
}

#[test]
fn stubs_included_other_files_ignored() {
    let dir = tree(&["a.pyi", "b.py", "c.pyc", "d.txt", "setup.cfg", "e.py.bak"]);
    assert_eq!(default_paths(dir.path()), ["a.pyi", "b.py"]);
}

#[test]
fn gitignore_without_git_dir() {
    let dir = tree(&["keep.py", "secret.py", "gen/out.py", "pkg/gen.py"]);
    fs::write(dir.path().join(".gitignore"), "secret.py\ngen/\n").unwrap();
    assert_eq!(default_paths(dir.path()), ["keep.py", "pkg/gen.py"]);
}

#[test]
fn ignore_files_can_be_disregarded() {
    let dir = tree(&["keep.py", "secret.py"]);
    fs::write(dir.path().join(".gitignore"), "secret.py\n").unwrap();
    fs::write(dir.path().join(".ignore"), "keep.py\n").unwrap();
    assert!(default_paths(dir.path()).is_empty());
    let options = DiscoverOptions { respect_ignore_files: false, ..DiscoverOptions::default() };
    assert_eq!(paths(&run(dir.path(), &options)), ["keep.py", "secret.py"]);
}

#[test]
fn hidden_paths_skipped() {
    let dir = tree(&[".hidden/a.py", ".b.py", "c.py"]);
    assert_eq!(default_paths(dir.path()), ["c.py"]);
}

#[test]
fn tool_directories_skipped() {
    let dir = tree(&[
        "venv/lib/a.py",
        ".venv/b.py",
        "pkg/__pycache__/c.py",
        "node_modules/d.py",
        "build/e.py",
        "dist/f.py",
        "lib/site-packages/g.py",
        "proj.egg-info/h.py",
        ".tox/i.py",
        "env/j.py",
        "pkg/k.py",
    ]);
    assert_eq!(default_paths(dir.path()), ["env/j.py", "pkg/k.py"]);
}

#[test]
fn build_and_dist_packages_are_not_build_output() {
    // pypa/build keeps its code in `src/build/`; a package is code, not build output.
    let dir = tree(&["src/build/__init__.py", "src/build/env.py", "build/lib/pkg/m.py", "dist/d.py"]);
    assert_eq!(default_paths(dir.path()), ["src/build/__init__.py", "src/build/env.py"]);
}

#[test]
fn a_skipped_name_as_root_is_still_walked() {
    let dir = tree(&["build/a.py"]);
    assert_eq!(default_paths(&dir.path().join("build")), ["a.py"]);
}

#[test]
fn excludes_match_files_and_directories() {
    let dir = tree(&["a.py", "b_gen.py", "pkg/c_gen.py", "vendor/d.py", "pkg/vendor/e.py", "f/g.py"]);
    let excludes = vec!["*_gen.py".to_string(), "vendor/".to_string(), "/f".to_string()];
    let options = DiscoverOptions { excludes, ..DiscoverOptions::default() };
    assert_eq!(paths(&run(dir.path(), &options)), ["a.py"]);
}

#[test]
fn invalid_exclude_glob_is_an_error() {
    let dir = tree(&["a.py"]);
    let options = DiscoverOptions { excludes: vec!["a[".into()], ..DiscoverOptions::default() };
    let err = discover(dir.path(), &options).unwrap_err();
    assert!(format!("{err:#}").contains("a["), "{err:#}");
}

#[test]
fn directory_named_like_a_module_is_walked_into() {
    let dir = tree(&["odd.py/inner.py"]);
    assert_eq!(default_paths(dir.path()), ["odd.py/inner.py"]);
}

#[test]
fn fifo_gets_a_problem_and_is_never_opened() {
    let dir = tree(&["a.py"]);
    let fifo = dir.path().join("x.py");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let started = Instant::now();
    let found = run(dir.path(), &DiscoverOptions::default());
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(paths(&found), ["a.py", "x.py"]);
    let problem = found.files[1].problem.clone().expect("a problem");
    assert_eq!(problem.kind, DiagnosticKind::ReadError);
    assert_eq!(problem.message, "not a regular file (FIFO)");
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn symlinks_not_followed_by_default() {
        let dir = tree(&["real/a.py", "b.py"]);
        symlink(dir.path().join("real"), dir.path().join("linked")).unwrap();
        symlink(dir.path().join("b.py"), dir.path().join("c.py")).unwrap();
        symlink(dir.path().join("missing.py"), dir.path().join("dangling.py")).unwrap();
        let found = run(dir.path(), &with_follow(false));
        assert_eq!(paths(&found), ["b.py", "real/a.py"]);
        assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    }

    #[test]
    fn symlinks_followed_on_request() {
        let dir = tree(&["real/a.py", "b.py"]);
        symlink(dir.path().join("real"), dir.path().join("linked")).unwrap();
        symlink(dir.path().join("b.py"), dir.path().join("c.py")).unwrap();
        let found = run(dir.path(), &with_follow(true));
        assert_eq!(paths(&found), ["b.py", "c.py", "linked/a.py", "real/a.py"]);
        assert!(found.files.iter().all(|f| f.problem.is_none()));
    }

    #[test]
    fn dangling_symlink_when_following() {
        let dir = tree(&["a.py"]);
        symlink(dir.path().join("missing.py"), dir.path().join("dangling.py")).unwrap();
        symlink(dir.path().join("missing.txt"), dir.path().join("dangling.txt")).unwrap();
        let found = run(dir.path(), &with_follow(true));
        assert_eq!(paths(&found), ["a.py", "dangling.py"]);
        let problem = found.files[1].problem.clone().expect("a problem");
        assert_eq!(problem.kind, DiagnosticKind::ReadError);
        assert!(problem.message.starts_with("broken symbolic link"), "{}", problem.message);
    }

    #[test]
    fn symlink_loops_never_hang() {
        let dir = tree(&["pkg/a.py"]);
        symlink(dir.path().join("pkg"), dir.path().join("pkg/again")).unwrap();
        symlink(dir.path().join("self.py"), dir.path().join("self.py")).unwrap();
        let found = run(dir.path(), &with_follow(false));
        assert_eq!(paths(&found), ["pkg/a.py"]);

        let found = run(dir.path(), &with_follow(true));
        assert_eq!(paths(&found), ["pkg/a.py", "self.py"]);
        let loop_warning = found.warnings.iter().find(|w| w.contains("loop"));
        let loop_warning = loop_warning.unwrap_or_else(|| panic!("{:?}", found.warnings));
        assert!(loop_warning.contains("again"), "{loop_warning}");
    }
}

#[cfg(unix)]
#[test]
fn unreadable_directory_is_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&["a.py", "locked/b.py"]);
    let locked = dir.path().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let readable = fs::read_dir(&locked).is_ok(); // root ignores permissions
    let found = run(dir.path(), &DiscoverOptions::default());
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    if !readable {
        assert_eq!(paths(&found), ["a.py"]);
        assert!(found.warnings.iter().any(|w| w.contains("locked")), "{:?}", found.warnings);
    }
}

#[test]
fn single_file_root() {
    let dir = tree(&["pkg/mod.py", "pkg/other.py"]);
    let found = run(&dir.path().join("pkg/mod.py"), &DiscoverOptions::default());
    assert_eq!(paths(&found), ["mod.py"]);
    assert_eq!(found.files[0].abs_path, dir.path().join("pkg/mod.py"));
}

#[test]
fn missing_root_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let err = discover(&missing, &DiscoverOptions::default()).unwrap_err();
    assert!(format!("{err:#}").contains("nowhere"), "{err:#}");
}

#[test]
fn module_names() {
    assert_eq!(module_for_path("pkg/sub/mod.py"), ("pkg.sub.mod".to_string(), false));
    assert_eq!(module_for_path("pkg/__init__.py"), ("pkg".to_string(), true));
    assert_eq!(module_for_path("pkg/__init__.pyi"), ("pkg".to_string(), true));
    assert_eq!(module_for_path("mod.pyi"), ("mod".to_string(), false));
    assert_eq!(module_for_path("__init__.py"), (String::new(), true));
}

#[test]
fn test_paths() {
    for yes in ["test_a.py", "pkg/a_test.py", "conftest.py", "tests/helpers.py", "a/test/b.py"] {
        assert!(is_test_path(yes), "{yes}");
    }
    for no in ["testing.py", "pkg/contest.py", "attest/a.py", "pkg/tests.py", "latest_x.py"] {
        assert!(!is_test_path(no), "{no}");
    }
}

#[test]
fn stub_paths() {
    assert!(is_stub_path("pkg/a.pyi"));
    assert!(!is_stub_path("pkg/a.py"));
}
