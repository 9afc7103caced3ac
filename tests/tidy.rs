//! Tidy checks on the source tree: the walk-once rule and module docs.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("readable source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Extractors read the node index; only `src/index/build.rs` may walk a syntax tree.
#[test]
fn only_the_index_walks_the_tree() {
    let mut offenders = Vec::new();
    for path in rust_files(&src()) {
        if path.ends_with("index/build.rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if ["visitor::", "SourceOrderVisitor", "walk_stmt", "walk_expr", "walk_body", "walk_module"]
                .iter()
                .any(|needle| code.contains(needle))
            {
                offenders.push(format!("{}:{}: {}", path.display(), number + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "tree walks outside src/index/build.rs:\n{}", offenders.join("\n"));
    assert!(rust_files(&src()).len() > 10, "the check must see the source tree");
}

/// Every source file says what it is for in a `//!` comment on its first line.
#[test]
fn every_module_starts_with_a_doc_comment() {
    let missing: Vec<String> = rust_files(&src())
        .into_iter()
        .filter(|path| !fs::read_to_string(path).unwrap().starts_with("//!"))
        .map(|path| path.display().to_string())
        .collect();
    assert!(missing.is_empty(), "files without a leading //! doc comment:\n{}", missing.join("\n"));
}
