//! How a string expression is built: a plain literal, an f-string, `%` formatting, `.format()`,
//! `.replace()` on a template, or concatenation with `+`. Shared by the SQL, path-traversal and secret rules. Reads only the
//! fields of the expression it is given (no walk: a `+` chain is followed along its operands).

use ruff_python_ast::{self as ast, Expr, ExprRef, InterpolatedStringElement, Operator};

use super::site::is_constant_value;
use crate::index::NodeIndex;

/// The way a string expression is put together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Construction {
    Literal,
    FString,
    Percent,
    Format,
    Replace,
    Concatenation,
}

impl Construction {
    pub fn as_str(self) -> &'static str {
        match self {
            Construction::Literal => "literal",
            Construction::FString => "f-string",
            Construction::Percent => "% formatting",
            Construction::Format => ".format()",
            Construction::Replace => ".replace()",
            Construction::Concatenation => "concatenation",
        }
    }
}

/// A string expression's text with every run-time part shown as `{expr}`, how it is built, and
/// whether any part is not a literal.
#[derive(Debug, Clone)]
pub struct BuiltString {
    pub text: String,
    pub how: Construction,
    pub dynamic: bool,
}

/// The string `expr` builds, when it is a string literal, an f-string, a `%` or `.format()` on a
/// string, or a `+` chain with at least one string part.
pub fn built_string(index: &NodeIndex<'_>, expr: ExprRef<'_>) -> Option<BuiltString> {
    match expr {
        ExprRef::StringLiteral(literal) => Some(BuiltString {
            text: literal.value.to_str().to_owned(),
            how: Construction::Literal,
            dynamic: false,
        }),
        ExprRef::FString(fstring) => Some(fstring_text(index, fstring)),
        ExprRef::BinOp(binop) if binop.op == Operator::Mod => {
            let left = literal_or_fstring(index, &binop.left)?;
            let constant_right = ruff_python_ast::helpers::is_constant(&binop.right);
            Some(BuiltString { text: left.text, how: Construction::Percent, dynamic: !constant_right })
        }
        ExprRef::BinOp(binop) if binop.op == Operator::Add => concatenation(index, binop),
        ExprRef::Call(call) => {
            let Expr::Attribute(attribute) = &*call.func else { return None };
            let receiver = literal_or_fstring(index, &attribute.value)?;
            match attribute.attr.as_str() {
                "format" => {
                    let dynamic = !call.arguments.is_empty() || receiver.dynamic;
                    Some(BuiltString { text: receiver.text, how: Construction::Format, dynamic })
                }
                // `"... WHERE id = ID".replace("ID", uid)`: a template filled in by replacement.
                "replace" => {
                    let dynamic = receiver.dynamic || !call.arguments.args.iter().all(is_constant_value);
                    Some(BuiltString { text: receiver.text, how: Construction::Replace, dynamic })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn literal_or_fstring(index: &NodeIndex<'_>, expr: &Expr) -> Option<BuiltString> {
    match expr {
        Expr::StringLiteral(_) | Expr::FString(_) => built_string(index, expr.into()),
        _ => None,
    }
}

fn fstring_text(index: &NodeIndex<'_>, fstring: &ast::ExprFString) -> BuiltString {
    let mut text = String::new();
    let mut dynamic = false;
    for part in fstring.value.iter() {
        match part {
            ast::FStringPart::Literal(literal) => text.push_str(literal.as_str()),
            ast::FStringPart::FString(inner) => {
                for element in inner.elements.iter() {
                    match element {
                        InterpolatedStringElement::Literal(literal) => text.push_str(&literal.value),
                        InterpolatedStringElement::Interpolation(hole) => {
                            dynamic = true;
                            text.push('{');
                            text.push_str(index.text(&*hole.expression));
                            text.push('}');
                        }
                    }
                }
            }
        }
    }
    BuiltString { text, how: Construction::FString, dynamic }
}

/// `a + b + c`: left-nested `+` operations, followed down the left operand (a chain, not a walk).
fn concatenation(index: &NodeIndex<'_>, binop: &ast::ExprBinOp) -> Option<BuiltString> {
    let mut operands = vec![&*binop.right];
    let mut left = &*binop.left;
    while let Expr::BinOp(inner) = left {
        if inner.op != Operator::Add {
            break;
        }
        operands.push(&*inner.right);
        left = &*inner.left;
    }
    operands.push(left);
    operands.reverse();
    let mut text = String::new();
    let mut dynamic = false;
    let mut has_string = false;
    for operand in operands {
        match built_string(index, operand.into()) {
            Some(part) => {
                has_string = true;
                dynamic |= part.dynamic;
                text.push_str(&part.text);
            }
            None => {
                dynamic = true;
                text.push('{');
                text.push_str(index.text(operand));
                text.push('}');
            }
        }
    }
    has_string.then_some(BuiltString { text, how: Construction::Concatenation, dynamic })
}

/// The value of a plain string literal.
pub fn literal_str(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(literal) => Some(literal.value.to_str()),
        _ => None,
    }
}

/// `text` cut to `max` characters (on a character boundary), with `...` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}
