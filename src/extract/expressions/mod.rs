//! Expressions (issue 11): comprehensions with their clauses; walrus, conditional expressions,
//! f-/t-strings, await, yield, starred expressions and slices; operators, one row per token.

pub mod comprehensions;
pub mod expression_rows;
pub mod operators;

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor {
        name: "comprehensions",
        kinds: comprehensions::COMPREHENSION_KINDS,
        run: comprehensions::extract,
    },
    Extractor {
        name: "expressions",
        kinds: expression_rows::EXPRESSION_KINDS,
        run: expression_rows::extract,
    },
    Extractor { name: "operators", kinds: operators::OPERATOR_KINDS, run: operators::extract },
];
