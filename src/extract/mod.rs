//! Extractors: functions of the node index that return rows. One module per domain, one entry
//! per extractor in `EXTRACTORS` (the registry); `extract_file` is the thin orchestrator.
//!
//! An extractor reads `NodeIndex` (node lists by kind, scopes, names) and the fields of the nodes
//! it is handed; it never walks the tree (`tests/tidy.rs` checks that no extractor uses a visitor).

pub mod cdk;
pub mod cfg;
pub mod classes;
pub mod common;
pub mod control;
pub mod core;
pub mod dataflow;
pub mod exceptions;
pub mod expressions;
pub mod mutations;
pub mod orm;
pub mod routes;
pub mod security;
pub mod stdlib;
pub mod tasks;
pub mod testing;
pub mod types;
pub mod validation;
pub mod web;

use ruff_python_ast::NodeKind;

use crate::facts::{FileFacts, Value};
use crate::index::{NodeIndex, ScopeId};
use crate::store::schema::Table;

/// One registered extractor.
pub struct Extractor {
    pub name: &'static str,
    /// Node kinds it reads; it is skipped when none occurs in the file (empty: always runs).
    pub kinds: &'static [NodeKind],
    pub run: fn(&NodeIndex<'_>, &mut FileFacts),
}

/// The registry: every domain's extractors, in the order they run (core first).
pub const DOMAINS: &[&[Extractor]] = &[
    core::EXTRACTORS,
    control::EXTRACTORS,
    expressions::EXTRACTORS,
    classes::EXTRACTORS,
    stdlib::EXTRACTORS,
    mutations::EXTRACTORS,
    cfg::EXTRACTORS,
    security::EXTRACTORS,
    dataflow::EXTRACTORS,
    testing::EXTRACTORS,
    types::EXTRACTORS,
    exceptions::EXTRACTORS,
    cdk::EXTRACTORS,
    orm::EXTRACTORS,
    routes::EXTRACTORS,
    validation::EXTRACTORS,
    web::EXTRACTORS,
    tasks::EXTRACTORS,
];

/// The name of each entry of `DOMAINS` (its module), in the same order.
pub const DOMAIN_NAMES: &[&str] = &[
    "core",
    "control",
    "expressions",
    "classes",
    "stdlib",
    "mutations",
    "cfg",
    "security",
    "dataflow",
    "testing",
    "types",
    "exceptions",
    "cdk",
    "orm",
    "routes",
    "validation",
    "web",
    "tasks",
];
const _: () = assert!(DOMAIN_NAMES.len() == DOMAINS.len() && DOMAINS.len() <= 64);

/// Runs every registered extractor whose node kinds occur in the file.
pub fn extract_file(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let profile = profile::enabled();
    let domains = selection::enabled();
    let mut position = 0;
    for (domain, extractors) in DOMAINS.iter().enumerate() {
        if domains & (1 << domain) == 0 {
            position += extractors.len();
            continue;
        }
        for extractor in extractors.iter() {
            if extractor.kinds.is_empty() || extractor.kinds.iter().any(|&kind| index.has_kind(kind)) {
                let started = profile.then(std::time::Instant::now);
                (extractor.run)(index, facts);
                if let Some(started) = started {
                    profile::add(position, started.elapsed());
                }
            }
            position += 1;
        }
    }
}

/// Which domains run (all by default): benchmarks measure what each domain costs by indexing
/// with a subset (`--domains core,control`, a hidden option). `core` always runs: every other
/// domain's rows refer to its symbols.
pub mod selection {
    use std::sync::atomic::{AtomicU64, Ordering};

    static ENABLED: AtomicU64 = AtomicU64::new(u64::MAX);

    /// Runs only the named domains (and `core`); an unknown name is an error.
    pub fn restrict(names: &[String]) -> Result<(), String> {
        let mut mask = 1u64; // core
        for name in names {
            let position = super::DOMAIN_NAMES.iter().position(|d| d == name).ok_or_else(|| {
                format!("unknown domain {name:?} (domains: {})", super::DOMAIN_NAMES.join(", "))
            })?;
            mask |= 1 << position;
        }
        ENABLED.store(mask, Ordering::Relaxed);
        Ok(())
    }

    pub(super) fn enabled() -> u64 {
        ENABLED.load(Ordering::Relaxed)
    }

    /// `all`, or the domains that run, comma-separated (stored in `meta.domains`, so an index
    /// built with a subset is never updated in place by a run with another).
    pub fn describe() -> String {
        let mask = enabled();
        if mask == u64::MAX {
            return "all".to_owned();
        }
        let names: Vec<&str> = super::DOMAIN_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, d)| *d)
            .collect();
        names.join(",")
    }
}

/// Time spent in each extractor, summed over files and threads, for benchmarks
/// (`pyindex floor --extract --profile`); off unless enabled, at the cost of one load per file.
pub mod profile {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::time::Duration;

    const SLOTS: usize = 128;
    static ENABLED: AtomicBool = AtomicBool::new(false);
    static NANOS: [AtomicU64; SLOTS] = [const { AtomicU64::new(0) }; SLOTS];

    pub fn enable() {
        ENABLED.store(true, Ordering::Relaxed);
    }

    pub fn enabled() -> bool {
        ENABLED.load(Ordering::Relaxed)
    }

    pub(super) fn add(position: usize, elapsed: Duration) {
        if let Some(slot) = NANOS.get(position) {
            slot.fetch_add(elapsed.as_nanos() as u64, Ordering::Relaxed);
        }
    }

    /// (domain, extractor, seconds) for every extractor, in registry order.
    pub fn report() -> Vec<(&'static str, &'static str, f64)> {
        let mut out = Vec::new();
        let mut position = 0;
        for (domain, extractors) in super::DOMAIN_NAMES.iter().zip(super::DOMAINS) {
            for extractor in extractors.iter() {
                let nanos = NANOS.get(position).map_or(0, |slot| slot.load(Ordering::Relaxed));
                out.push((*domain, extractor.name, nanos as f64 / 1e9));
                position += 1;
            }
        }
        out
    }
}

/// Every registered extractor, domain by domain.
pub fn all_extractors() -> impl Iterator<Item = &'static Extractor> {
    DOMAINS.iter().flat_map(|domain| domain.iter())
}

/// Runs one extractor by name (tests use this to check one domain's rows alone).
pub fn run_extractor(name: &str, index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let extractor =
        all_extractors().find(|e| e.name == name).unwrap_or_else(|| panic!("no extractor {name}"));
    (extractor.run)(index, facts);
}

/// The `scope_id` value of a fact inside `scope` (scopes and `symbols` rows share numbering).
pub fn scope_value(scope: Option<ScopeId>) -> Value<'static> {
    scope.map_or(Value::Null, |id| Value::Row(Table::Symbols, id))
}
