//! `security_findings`: one row per place that matches a rule (the rules are listed in
//! docs/schema.md). Call rules (`call_rules.rs`), JWT calls (`jwt.rs`), hard-coded secrets and
//! temporary directories (`secrets.rs`), auth decorators (`auth.rs`) and SQL built as a string
//! outside a sink are collected, then written in source order. Node kinds: ExprCall,
//! StmtAssign, StmtAnnAssign, StmtAugAssign, ExprCompare, StmtFunctionDef, StmtClassDef,
//! ExprDict, ExprStringLiteral, ExprFString.

use ruff_python_ast::ExprRef;
use ruff_text_size::Ranged;

use super::bindings::Bindings;
use super::jwt::jwt_use;
use super::sinks::{sql_argument, string_roots};
use super::site::{Finding, call_sites};
use super::sql::looks_like_sql_statement;
use super::strings::{Construction, built_string, shorten};
use super::{auth, call_rules, secrets};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let bindings = Bindings::build(index);
    let imports_flask = imports_module(index, "flask");
    let mut findings = Vec::new();
    let mut sink_arguments = Vec::new();
    for site in call_sites(index) {
        call_rules::check(index, &bindings, imports_flask, &site, &mut findings);
        jwt_findings(index, &bindings, &site, &mut findings);
        if let Some(argument) = sql_argument(&site) {
            sink_arguments.push(argument.range());
        }
    }
    sql_strings(index, &sink_arguments, &mut findings);
    secrets::collect(index, &mut findings);
    auth::collect(index, &mut findings);
    findings.sort_by(|a, b| (a.line, a.col, a.rule).cmp(&(b.line, b.col, b.rule)));
    for finding in findings {
        facts.push(
            Table::SecurityFindings,
            [
                Value::File,
                scope_value(finding.scope),
                finding.line.into(),
                finding.col.into(),
                finding.rule.into(),
                finding.callee.into(),
                finding.detail.into(),
                finding.call.map_or(Value::Null, |row| Value::Row(Table::Calls, row)),
                finding.symbol.map_or(Value::Null, |id| Value::Row(Table::Symbols, id)),
                finding.bandit.into(),
                finding.dynamic.into(),
            ],
        );
    }
}

/// Whether the file imports `module` or one of its submodules (anywhere in the file).
fn imports_module(index: &NodeIndex<'_>, module: &str) -> bool {
    let under =
        |name: &str| name == module || name.strip_prefix(module).is_some_and(|rest| rest.starts_with('.'));
    index.import_stmts().any(|(statement, _)| statement.names.iter().any(|alias| under(alias.name.as_str())))
        || index.import_from_stmts().any(|(statement, _)| {
            statement.level == 0 && statement.module.as_ref().is_some_and(|m| under(m.as_str()))
        })
}

fn jwt_findings<'a>(
    index: &NodeIndex<'a>,
    bindings: &Bindings<'a>,
    site: &super::site::CallSite<'a>,
    out: &mut Vec<Finding>,
) {
    let Some(jwt) = jwt_use(index, bindings, site) else { return };
    if let Some(how) = &jwt.disabled_by {
        out.push(Finding::on_call(index, site, "jwt_unverified").detail(how.clone()));
    }
    if jwt.secret_source == Some("hardcoded") {
        let secret = jwt.secret.map(|s| shorten(index.text(s), 200)).unwrap_or_default();
        out.push(Finding::on_call(index, site, "jwt_hardcoded_secret").detail(secret).dynamic(false));
    }
}

/// Strings built with an f-string, `%`, `.format()` or `+` that look like a SQL statement
/// (Bandit's B608 test), except those given directly to a SQL sink (`sql_injection` covers
/// them at the call).
fn sql_strings(index: &NodeIndex<'_>, sink_arguments: &[ruff_text_size::TextRange], out: &mut Vec<Finding>) {
    for (_, entry, expr) in string_roots(index) {
        if matches!(expr, ExprRef::StringLiteral(_)) {
            continue;
        }
        let Some(built) = built_string(index, expr) else { continue };
        if built.how == Construction::Literal || !looks_like_sql_statement(&built.text) {
            continue;
        }
        if built.dynamic && sink_arguments.contains(&expr.range()) {
            continue;
        }
        out.push(
            Finding::at(index, &expr, entry.scope, "sql_built")
                .detail(format!("{}: {}", built.how.as_str(), shorten(index.text(&expr), 200)))
                .bandit("B608")
                .dynamic(built.dynamic),
        );
    }
}
