//! Classes and functions (issue 11): class features, descriptors, protocols, function features,
//! and the module-level facts about imports (conditions, module attributes, dynamic imports).

pub mod class_features;
pub mod descriptors;
pub mod function_features;
pub mod helpers;
pub mod import_conditions;
pub mod module_facts;
pub mod protocols;

use super::Extractor;
use ruff_python_ast::NodeKind;

/// This domain's extractors, in the order they run.
pub const EXTRACTORS: &[Extractor] = &[
    Extractor {
        name: "function_features",
        kinds: &[NodeKind::StmtFunctionDef, NodeKind::ExprLambda],
        run: function_features::extract,
    },
    Extractor { name: "class_features", kinds: &[NodeKind::StmtClassDef], run: class_features::extract },
    Extractor {
        name: "descriptors",
        kinds: &[NodeKind::StmtClassDef, NodeKind::StmtFunctionDef],
        run: descriptors::extract,
    },
    Extractor { name: "protocols", kinds: &[NodeKind::StmtClassDef], run: protocols::extract },
    Extractor {
        name: "import_conditions",
        kinds: &[NodeKind::StmtImport, NodeKind::StmtImportFrom],
        run: import_conditions::extract,
    },
    Extractor {
        name: "module_facts",
        kinds: &[
            NodeKind::StmtAssign,
            NodeKind::StmtAnnAssign,
            NodeKind::StmtAugAssign,
            NodeKind::StmtIf,
            NodeKind::ExprName,
            NodeKind::ExprCall,
        ],
        run: module_facts::extract,
    },
];
