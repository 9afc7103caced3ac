//! `operators`: one row per operator token as written: binary (`+`, `@`, `//`, ...), unary
//! (`not`, `-`, `+`, `~`), boolean (`and`, `or`), comparison (`<`, `not in`, `is not`, ...) and
//! augmented assignment (`+=`, `//=`, ...). `a < b <= c` gives two rows and `a and b and c` two,
//! as Python's `ast` has one operator per pair of operands. Node kinds: ExprBinOp, ExprUnaryOp,
//! ExprBoolOp, ExprCompare, StmtAugAssign.
//!
//! Python's `ast` gives operators no position; a row has the position of its token, found in the
//! text between the two operands (only blanks, comments, line continuations and parentheses can
//! sit there besides the token). Rows are in the source order of their tokens.

use ruff_python_ast::{AnyNodeRef, Expr, NodeKind};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::super::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::{NodeEntry, NodeIndex};
use crate::store::schema::Table;

pub const OPERATOR_KINDS: &[NodeKind] = &[
    NodeKind::ExprBinOp,
    NodeKind::ExprUnaryOp,
    NodeKind::ExprBoolOp,
    NodeKind::ExprCompare,
    NodeKind::StmtAugAssign,
];

/// One operator occurrence before it becomes a row.
struct Occurrence<'a> {
    token: TextSize,
    kind: &'static str,
    operator: &'static str,
    left: Option<&'a Expr>,
    right: &'a Expr,
    chain_length: usize,
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let mut found: Vec<(Occurrence<'_>, &NodeEntry<'_>)> = Vec::new();
    for (_, entry) in index.of_kinds(OPERATOR_KINDS) {
        occurrences(index, entry.node, &mut |occurrence| found.push((occurrence, entry)));
    }
    // Nodes come in pre-order (`a * b + c` lists the `+` first); rows follow the tokens.
    found.sort_by_key(|(occurrence, _)| occurrence.token);
    for (occurrence, entry) in found {
        let (line, col) = index.position(occurrence.token);
        let container = (matches!(occurrence.operator, "in" | "not in"))
            .then(|| container_type(occurrence.right))
            .flatten();
        facts.push(
            Table::Operators,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                occurrence.kind.into(),
                occurrence.operator.into(),
                occurrence.left.map(|left| index.text(left)).into(),
                index.text(occurrence.right).into(),
                occurrence.chain_length.into(),
                container.into(),
            ],
        );
    }
}

/// The operators of one node, each with its operands.
fn occurrences<'a>(index: &NodeIndex<'a>, node: AnyNodeRef<'a>, emit: &mut dyn FnMut(Occurrence<'a>)) {
    let between = |left: &Expr, right: &Expr| token_start(index, TextRange::new(left.end(), right.start()));
    match node {
        AnyNodeRef::ExprBinOp(node) => emit(Occurrence {
            token: between(&node.left, &node.right),
            kind: "binary",
            operator: node.op.as_str(),
            left: Some(&node.left),
            right: &node.right,
            chain_length: 1,
        }),
        AnyNodeRef::StmtAugAssign(node) => emit(Occurrence {
            token: between(&node.target, &node.value),
            kind: "augmented",
            operator: augmented(node.op.as_str()),
            left: Some(&node.target),
            right: &node.value,
            chain_length: 1,
        }),
        AnyNodeRef::ExprUnaryOp(node) => emit(Occurrence {
            token: node.start(),
            kind: "unary",
            operator: node.op.as_str(),
            left: None,
            right: &node.operand,
            chain_length: 1,
        }),
        AnyNodeRef::ExprBoolOp(node) => {
            for pair in node.values.windows(2) {
                emit(Occurrence {
                    token: between(&pair[0], &pair[1]),
                    kind: "boolean",
                    operator: node.op.as_str(),
                    left: Some(&pair[0]),
                    right: &pair[1],
                    chain_length: node.values.len() - 1,
                });
            }
        }
        AnyNodeRef::ExprCompare(node) => {
            let lefts = std::iter::once(&*node.left).chain(node.comparators.iter());
            for ((op, left), right) in node.ops.iter().zip(lefts).zip(node.comparators.iter()) {
                emit(Occurrence {
                    token: between(left, right),
                    kind: "compare",
                    operator: op.as_str(),
                    left: Some(left),
                    right,
                    chain_length: node.ops.len(),
                });
            }
        }
        _ => {}
    }
}

/// `+=` for `+`, ... (the augmented spelling of a binary operator).
fn augmented(operator: &str) -> &'static str {
    match operator {
        "+" => "+=",
        "-" => "-=",
        "*" => "*=",
        "@" => "@=",
        "/" => "/=",
        "%" => "%=",
        "**" => "**=",
        "<<" => "<<=",
        ">>" => ">>=",
        "|" => "|=",
        "^" => "^=",
        "&" => "&=",
        _ => "//=",
    }
}

/// Where the operator token starts in the text between two operands: after the blanks, line
/// continuations, comments and closing parentheses that follow the left operand.
fn token_start(index: &NodeIndex<'_>, gap: TextRange) -> TextSize {
    let bytes = index.slice(gap).as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\x0c' | b'\r' | b'\n' | b'\\' | b')' => i += 1,
            b'#' => {
                while i < bytes.len() && !matches!(bytes[i], b'\n' | b'\r') {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    gap.start() + TextSize::new(i as u32)
}

/// The kind of container an `in`/`not in` tests, when the right operand shows it: a display or
/// comprehension (`list`, `tuple`, `set`, `dict`), a string or bytes literal (`str`, `bytes`), or
/// a `range(...)` call. NULL otherwise.
fn container_type(right: &Expr) -> Option<&'static str> {
    Some(match right {
        Expr::List(_) | Expr::ListComp(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Set(_) | Expr::SetComp(_) => "set",
        Expr::Dict(_) | Expr::DictComp(_) => "dict",
        Expr::StringLiteral(_) | Expr::FString(_) => "str",
        Expr::BytesLiteral(_) => "bytes",
        Expr::Call(call) if matches!(&*call.func, Expr::Name(name) if name.id.as_str() == "range") => "range",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_ast::CmpOp;

    #[test]
    fn every_binary_operator_has_its_augmented_spelling() {
        let all = ["+", "-", "*", "@", "/", "%", "**", "<<", ">>", "|", "^", "&", "//"];
        for operator in all {
            assert_eq!(augmented(operator), format!("{operator}="));
        }
        assert_eq!(CmpOp::NotIn.as_str(), "not in");
    }
}
