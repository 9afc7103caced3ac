//! Finding the Python files of a repository: a gitignore-aware walk that skips virtualenvs,
//! caches and build output, never opens anything, and turns every odd path into data
//! (a per-file problem or a warning) instead of an error.

use std::ffi::OsStr;
use std::fs::FileType;
use std::path::{Path, PathBuf};

use anyhow::Context;
use ignore::overrides::{Override, OverrideBuilder};
use ignore::{DirEntry, WalkBuilder};

use crate::diagnostic::{Diagnostic, DiagnosticKind};

/// Directory names never walked into (below the root): VCS data, virtualenvs, caches and
/// build output. `env` is deliberately absent: it is a common package name.
const SKIPPED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "venv",
    ".venv",
    "__pycache__",
    "node_modules",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "site-packages",
    ".eggs",
    ".pyindex",
];

/// How to walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoverOptions {
    /// Globs in gitignore syntax, relative to the root, of paths to leave out.
    pub excludes: Vec<String>,
    /// Follow symbolic links (to files and directories); off by default.
    pub follow_symlinks: bool,
    /// Honour .gitignore, .ignore and .git/info/exclude files (even outside a git repository).
    pub respect_ignore_files: bool,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        DiscoverOptions { excludes: Vec::new(), follow_symlinks: false, respect_ignore_files: true }
    }
}

/// One Python path found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// Relative to the root, '/'-separated.
    pub rel_path: String,
    /// The root (made absolute) joined with the relative path.
    pub abs_path: PathBuf,
    /// Why the path cannot be read (not a regular file, broken link); it still gets a row.
    pub problem: Option<Diagnostic>,
}

/// Everything the walk found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Sorted by `rel_path` (byte order), without duplicates.
    pub files: Vec<Discovered>,
    /// Problems with no file to attach to (unreadable directory, symlink loop, ...), each
    /// naming its path; sorted.
    pub warnings: Vec<String>,
}

/// Walks `root` (a directory, or a single Python file). Err only when the root cannot be
/// read or an exclude glob is invalid.
pub fn discover(root: &Path, options: &DiscoverOptions) -> anyhow::Result<Discovery> {
    let root =
        std::path::absolute(root).with_context(|| format!("cannot resolve root {}", root.display()))?;
    let meta = std::fs::metadata(&root).with_context(|| format!("cannot read root {}", root.display()))?;
    let mut found = if meta.is_dir() {
        std::fs::read_dir(&root).with_context(|| format!("cannot read root {}", root.display()))?;
        walk(&root, options)?
    } else {
        single_file(&root, meta.file_type())
    };
    found.files.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    found.files.dedup_by(|a, b| a.rel_path == b.rel_path);
    found.warnings.sort();
    found.warnings.dedup();
    Ok(found)
}

/// A root that is not a directory: it is its own discovery when it looks like Python.
fn single_file(root: &Path, file_type: FileType) -> Discovery {
    let mut found = Discovery::default();
    let name = root.file_name().unwrap_or_default();
    match name.to_str() {
        Some(rel) if is_python_name(name) => found.files.push(Discovered {
            rel_path: rel.to_string(),
            abs_path: root.to_path_buf(),
            problem: special_file_problem(file_type),
        }),
        _ => found.warnings.push(format!("{}: not a Python file", root.display())),
    }
    found
}

fn walk(root: &Path, options: &DiscoverOptions) -> anyhow::Result<Discovery> {
    let mut found = Discovery::default();
    for result in builder(root, options)?.build() {
        match result {
            Ok(entry) => visit(root, &entry, &mut found),
            Err(err) => walk_error(root, &err, &mut found),
        }
    }
    Ok(found)
}

fn builder(root: &Path, options: &DiscoverOptions) -> anyhow::Result<WalkBuilder> {
    let mut builder = WalkBuilder::new(root);
    let ignore_files = options.respect_ignore_files;
    builder
        .hidden(true)
        .parents(ignore_files)
        .ignore(ignore_files)
        .git_ignore(ignore_files)
        .git_exclude(ignore_files)
        .git_global(false)
        .require_git(false)
        .follow_links(options.follow_symlinks)
        .overrides(excludes(root, &options.excludes)?)
        .filter_entry(|entry| entry.depth() == 0 || !is_skipped_dir(entry));
    Ok(builder)
}

/// Overrides are a whitelist by default; `!glob` turns each exclude into an ignore rule.
fn excludes(root: &Path, globs: &[String]) -> anyhow::Result<Override> {
    let mut overrides = OverrideBuilder::new(root);
    for glob in globs {
        overrides.add(&format!("!{glob}")).with_context(|| format!("invalid exclude glob {glob:?}"))?;
    }
    overrides.build().context("invalid exclude globs")
}

/// Build output folders, skipped unless they are a package themselves (pypa/build's `build/`).
const OUTPUT_DIRS: &[&str] = &["build", "dist"];

fn is_skipped_dir(entry: &DirEntry) -> bool {
    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
    let name = entry.file_name().to_string_lossy();
    let is_output = || OUTPUT_DIRS.contains(&name.as_ref()) && !entry.path().join("__init__.py").exists();
    is_dir && (SKIPPED_DIRS.contains(&name.as_ref()) || name.ends_with(".egg-info") || is_output())
}

fn visit(root: &Path, entry: &DirEntry, found: &mut Discovery) {
    // A broken .gitignore still lets the walk go on; say so.
    if let Some(err) = entry.error() {
        found.warnings.push(err.to_string());
    }
    let Some(file_type) = entry.file_type() else {
        return;
    };
    // Directories (even one named x.py) are walked into; unfollowed links are skipped.
    if file_type.is_dir() || file_type.is_symlink() || !is_python_name(entry.file_name()) {
        return;
    }
    push(root, entry.path(), special_file_problem(file_type), found);
}

fn push(root: &Path, path: &Path, problem: Option<Diagnostic>, found: &mut Discovery) {
    match rel_path(root, path) {
        Some(rel_path) => {
            found.files.push(Discovered { rel_path, abs_path: path.to_path_buf(), problem });
        }
        None => found.warnings.push(format!("{}: skipped, name is not UTF-8", path.display())),
    }
}

/// The '/'-separated path below the root; None when it is not UTF-8.
fn rel_path(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// A Python-named path that must not be opened (a FIFO would block a reader forever).
fn special_file_problem(file_type: FileType) -> Option<Diagnostic> {
    if file_type.is_file() {
        return None;
    }
    let message = format!("not a regular file ({})", file_kind(file_type));
    Some(Diagnostic::new(DiagnosticKind::ReadError, message))
}

#[cfg(unix)]
fn file_kind(file_type: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "FIFO"
    } else if file_type.is_socket() {
        "socket"
    } else if file_type.is_block_device() {
        "block device"
    } else if file_type.is_char_device() {
        "character device"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn file_kind(_: FileType) -> &'static str {
    "special file"
}

/// A walk error becomes a warning, except a Python-named link that cannot be followed,
/// which still gets its row.
fn walk_error(root: &Path, err: &ignore::Error, found: &mut Discovery) {
    let broken_link = error_path(err).filter(|path| {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        is_link && path.file_name().is_some_and(is_python_name)
    });
    match (broken_link, err.io_error()) {
        (Some(path), Some(io)) => {
            let message = format!("broken symbolic link: {io}");
            let problem = Diagnostic::new(DiagnosticKind::ReadError, message);
            push(root, path, Some(problem), found);
        }
        _ => found.warnings.push(err.to_string()),
    }
}

/// The path an error is about, looking through depth and line-number wrappers.
fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        _ => None,
    }
}

fn is_python_name(name: &OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.ends_with(b".py") || name.ends_with(b".pyi")
}

/// The dotted module name of a relative path, and whether it is a package (`__init__`).
/// "pkg/sub/mod.py" -> ("pkg.sub.mod", false); "pkg/__init__.py" -> ("pkg", true).
pub fn module_for_path(rel_path: &str) -> (String, bool) {
    let (parts, is_package) = module_parts(rel_path);
    (parts.join("."), is_package)
}

/// Whether Python could import the file by a dotted name: every folder and the file stem are
/// identifiers (`my-dir/a.py`, `x.py/inner.py`, `a.b.py` and a root `__init__.py` are not).
pub fn is_importable(rel_path: &str) -> bool {
    let (parts, _) = module_parts(rel_path);
    !parts.is_empty()
        && parts.iter().all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
                && chars.all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// The components of the dotted name a path stands for, and whether it is a package's
/// `__init__` (dropped from the components).
fn module_parts(rel_path: &str) -> (Vec<&str>, bool) {
    let mut parts: Vec<&str> = strip_python_suffix(rel_path).split('/').filter(|p| !p.is_empty()).collect();
    let is_package = parts.last() == Some(&"__init__");
    if is_package {
        parts.pop();
    }
    (parts, is_package)
}

/// Test files by pytest's conventions: test_*.py, *_test.py, conftest.py, or anything below
/// a directory named test or tests.
pub fn is_test_path(rel_path: &str) -> bool {
    let mut parts: Vec<&str> = rel_path.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    if parts.iter().any(|dir| *dir == "test" || *dir == "tests") {
        return true;
    }
    let stem = strip_python_suffix(file);
    stem != file && (stem.starts_with("test_") || stem.ends_with("_test") || stem == "conftest")
}

/// Type stubs.
pub fn is_stub_path(rel_path: &str) -> bool {
    rel_path.ends_with(".pyi")
}

fn strip_python_suffix(path: &str) -> &str {
    path.strip_suffix(".pyi").or_else(|| path.strip_suffix(".py")).unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_only_for_importable_paths() {
        assert!(is_importable("pkg/sub/mod.py"));
        assert!(is_importable("pkg/__init__.py"));
        assert!(is_importable("_private/café.pyi"));
        assert!(!is_importable("__init__.py"));
        assert!(!is_importable("my-dir/a.py"));
        assert!(!is_importable("x.py/inner.py"));
        assert!(!is_importable("a.b.py"));
        assert!(!is_importable("2fast.py"));
    }

    #[test]
    fn python_names() {
        assert!(is_python_name(OsStr::new("a.py")));
        assert!(is_python_name(OsStr::new("a.pyi")));
        assert!(!is_python_name(OsStr::new("a.pyc")));
        assert!(!is_python_name(OsStr::new("a.py.txt")));
    }

    #[test]
    fn rel_paths_use_slashes() {
        let root = Path::new("/r");
        assert_eq!(rel_path(root, Path::new("/r/a/b.py")).as_deref(), Some("a/b.py"));
        assert_eq!(rel_path(root, Path::new("/elsewhere/b.py")), None);
    }
}
