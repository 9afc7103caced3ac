//! `type_vars`: old-style type variable declarations, `T = TypeVar("T", bound=..., covariant=True)`,
//! `P = ParamSpec("P")`, `Ts = TypeVarTuple("Ts")` (from `typing` or `typing_extensions`), with
//! bound, constraints, variance and PEP 696 default. Node kinds: StmtAssign.

use ruff_python_ast::Expr;

use super::typing_member;
use crate::extract::scope_value;
use crate::extract::testing::{is_true, string_value};
use crate::facts::{FileFacts, Value};
use crate::index::NodeIndex;
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (assign, entry) in index.assigns() {
        let ([target @ Expr::Name(_)], Expr::Call(call)) = (&assign.targets[..], &*assign.value) else {
            continue;
        };
        let kind =
            match typing_member(index, entry.scope, &call.func, &["TypeVar", "ParamSpec", "TypeVarTuple"]) {
                Some("TypeVar") => "typevar",
                Some("ParamSpec") => "paramspec",
                Some("TypeVarTuple") => "typevartuple",
                _ => continue,
            };
        let arguments = &call.arguments;
        let keyword = |name: &str| arguments.find_keyword(name).map(|k| &k.value);
        let constraints: Vec<&str> = arguments.args.iter().skip(1).map(|c| index.text(c)).collect();
        let variance = if is_true(keyword("covariant")) {
            "covariant"
        } else if is_true(keyword("contravariant")) {
            "contravariant"
        } else if is_true(keyword("infer_variance")) {
            "inferred"
        } else {
            "invariant"
        };
        let (line, col) = index.position(ruff_text_size::Ranged::start(assign));
        facts.push(
            Table::TypeVars,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                kind.into(),
                index.text(target).into(),
                arguments.find_argument_value("name", 0).and_then(string_value).into(),
                keyword("bound").map(|b| index.text(b)).into(),
                (!constraints.is_empty()).then(|| constraints.join(", ")).into(),
                variance.into(),
                keyword("default").map(|d| index.text(d)).into(),
            ],
        );
    }
}
