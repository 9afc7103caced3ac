//! `finally_blocks` and `finally_calls`: every `finally` clause (position of the `finally`
//! keyword, its `try`, its size) and the calls made in it, in the same scope (the cleanup:
//! `conn.close()`, `lock.release()`, `os.unlink(tmp)`), qualified through the file's imports.
//! Node kinds: StmtTry, ExprCall.

use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeEntry, NodeIndex};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let with_finally: Vec<(&ast::StmtTry, &NodeEntry<'_>)> =
        index.try_stmts().filter(|(stmt, _)| !stmt.finalbody.is_empty()).collect();
    if with_finally.is_empty() {
        return;
    }
    let calls: Vec<_> = index.calls().collect();
    for (stmt, entry) in with_finally {
        let body = body_range(&stmt.finalbody);
        let keyword = finally_keyword(index, stmt).unwrap_or(body.start());
        let in_block: Vec<_> = calls
            .iter()
            .filter(|(call, call_entry)| body.contains_range(call.range()) && call_entry.scope == entry.scope)
            .collect();
        let (line, col) = index.position(keyword);
        let row = facts.push(
            Table::FinallyBlocks,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                index.position(stmt.start()).0.into(),
                stmt.finalbody.len().into(),
                in_block.len().into(),
            ],
        );
        for (call, call_entry) in in_block {
            let callee = dotted_name(&call.func);
            let qualified = callee.as_deref().and_then(|c| index.names().qualify(index, call_entry.scope, c));
            let (line, col) = index.position(call.start());
            facts.push(
                Table::FinallyCalls,
                [row.into(), line.into(), col.into(), callee.into(), qualified.into()],
            );
        }
    }
}

fn body_range(body: &[Stmt]) -> TextRange {
    let first = body.first().map_or(TextSize::default(), Ranged::start);
    let last = body.last().map_or(first, Ranged::end);
    TextRange::new(first, last)
}

/// Where the `finally` keyword is: the first line between the end of the clause before it and
/// the first statement of the block that starts with `finally` (comment lines start with `#`).
fn finally_keyword(index: &NodeIndex<'_>, stmt: &ast::StmtTry) -> Option<TextSize> {
    let before = stmt
        .body
        .iter()
        .map(Ranged::end)
        .chain(stmt.handlers.iter().map(Ranged::end))
        .chain(stmt.orelse.iter().map(Ranged::end))
        .max()?;
    let gap = TextRange::new(before, stmt.finalbody.first()?.start());
    let text = index.slice(gap);
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        if rest.starts_with("finally") && rest["finally".len()..].trim_start().starts_with(':') {
            return Some(gap.start() + TextSize::new((offset + indent) as u32));
        }
        offset += line.len();
    }
    None
}
