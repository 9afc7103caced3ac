//! `cfg_blocks`, `cfg_edges` and `cfg_statements`: one control-flow graph for the module's
//! top-level code (symbol_id NULL), then one per scope in `symbols` order: every function,
//! method, nested function, class body and lambda. Reads `index.scopes()` for the bodies and
//! the module's top-level statements (statement nodes without a parent); `builder.rs` turns a
//! body into blocks and edges. Node kinds: none required (every file has a module graph).

use ruff_python_ast::{NodeKind, StmtRef};

use super::builder::{Builder, Graph};
use crate::extract::scope_value;
use crate::facts::{FileFacts, RowRef, Value};
use crate::index::{NodeIndex, ScopeDef, ScopeId};
use crate::store::schema::Table;

/// Every statement kind: the module body is the statements whose entry has no parent.
const STATEMENT_KINDS: &[NodeKind] = &[
    NodeKind::StmtFunctionDef,
    NodeKind::StmtClassDef,
    NodeKind::StmtReturn,
    NodeKind::StmtDelete,
    NodeKind::StmtTypeAlias,
    NodeKind::StmtAssign,
    NodeKind::StmtAugAssign,
    NodeKind::StmtAnnAssign,
    NodeKind::StmtFor,
    NodeKind::StmtWhile,
    NodeKind::StmtIf,
    NodeKind::StmtWith,
    NodeKind::StmtMatch,
    NodeKind::StmtRaise,
    NodeKind::StmtTry,
    NodeKind::StmtAssert,
    NodeKind::StmtImport,
    NodeKind::StmtImportFrom,
    NodeKind::StmtGlobal,
    NodeKind::StmtNonlocal,
    NodeKind::StmtExpr,
    NodeKind::StmtPass,
    NodeKind::StmtBreak,
    NodeKind::StmtContinue,
    NodeKind::StmtIpyEscapeCommand,
];

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let module_body = index
        .of_kinds(STATEMENT_KINDS)
        .into_iter()
        .filter(|(_, entry)| entry.parent.is_none())
        .filter_map(|(_, entry)| entry.node.as_stmt_ref());
    write(facts, None, Builder::new(index).body_graph(module_body));
    for (id, scope) in index.scopes().iter().enumerate() {
        let builder = Builder::new(index);
        let graph = match scope.def {
            ScopeDef::Function(def) => builder.body_graph(def.body.iter().map(StmtRef::from)),
            ScopeDef::Class(def) => builder.body_graph(def.body.iter().map(StmtRef::from)),
            ScopeDef::Lambda(lambda) => builder.lambda_graph(&lambda.body),
        };
        write(facts, Some(id as ScopeId), graph);
    }
}

/// One graph's rows: its blocks, then its edges, then the statements of its blocks.
fn write(facts: &mut FileFacts, scope: Option<ScopeId>, graph: Graph<'_>) {
    let rows: Vec<RowRef> = graph
        .blocks
        .iter()
        .map(|block| {
            facts.push(
                Table::CfgBlocks,
                [
                    Value::File,
                    scope_value(scope),
                    block.kind.as_str().into(),
                    block.start_line.into(),
                    block.end_line.into(),
                    block.condition.as_deref().into(),
                ],
            )
        })
        .collect();
    for edge in &graph.edges {
        facts.push(
            Table::CfgEdges,
            [
                Value::File,
                scope_value(scope),
                rows[edge.source].into(),
                rows[edge.target].into(),
                edge.kind.as_str().into(),
            ],
        );
    }
    for (block, row) in graph.blocks.iter().zip(&rows) {
        for (position, statement) in block.statements.iter().enumerate() {
            facts.push(
                Table::CfgStatements,
                [
                    (*row).into(),
                    position.into(),
                    statement.line.into(),
                    statement.kind.into(),
                    statement.text.into(),
                ],
            );
        }
    }
}
