//! AWS CDK (issue 10): construct instantiations and their properties.

pub mod constructs;

use ruff_python_ast::NodeKind;

use super::Extractor;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] =
    &[Extractor { name: "cdk_constructs", kinds: &[NodeKind::ExprCall], run: constructs::extract }];
