//! Exact shapes of the control-flow graphs (`src/extract/cfg/`): `cfg_blocks`, `cfg_edges` and
//! `cfg_statements`.
//!
//! `graph(source, "@f")` renders one graph (the blocks whose symbol_id is `@f`, or `NULL` for
//! module level) as a list of lines: each block as `b<n> <kind> <start>-<end> [<condition>]`
//! (numbered from 0 within the graph) followed by its statements as `  <line> <kind>: <text>`,
//! then every edge as `b<n> -> b<m> <kind>`. Tests compare the whole list, so an extra,
//! missing or misplaced block, statement or edge fails. `rows` checks the raw columns once.

mod common;

use common::{assert_rows, rows};

/// One graph of `source` as lines (see the module doc).
fn graph(source: &str, symbol: &str) -> Vec<String> {
    let blocks = rows(source, "cfg", "cfg_blocks");
    let edges = rows(source, "cfg", "cfg_edges");
    let statements = rows(source, "cfg", "cfg_statements");
    // Global block numbers of this graph, in order.
    let mine: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, row)| row.split(" | ").nth(1) == Some(symbol))
        .map(|(n, _)| n)
        .collect();
    assert!(!mine.is_empty(), "no graph for {symbol}");
    let local = |reference: &str| -> String {
        let n: usize = reference.strip_prefix("cfg_blocks#").expect("a block reference").parse().unwrap();
        let position = mine.iter().position(|&m| m == n).expect("edge inside its own graph");
        format!("b{position}")
    };
    let mut out = Vec::new();
    for (position, &n) in mine.iter().enumerate() {
        let cells: Vec<&str> = blocks[n].split(" | ").collect();
        let lines = if cells[3] == "NULL" { String::new() } else { format!(" {}-{}", cells[3], cells[4]) };
        let condition = if cells[5] == "NULL" { String::new() } else { format!(" [{}]", cells[5]) };
        out.push(format!("b{position} {}{lines}{condition}", cells[2]));
        let prefix = format!("cfg_blocks#{n} | ");
        let mut expected_position = 0;
        for statement in statements.iter().filter(|s| s.starts_with(&prefix)) {
            let cells: Vec<&str> = statement.splitn(5, " | ").collect();
            assert_eq!(cells[1], expected_position.to_string(), "positions count from 0 in a block");
            expected_position += 1;
            out.push(format!("  {} {}: {}", cells[2], cells[3], cells[4]));
        }
    }
    for edge in &edges {
        let cells: Vec<&str> = edge.split(" | ").collect();
        if cells[1] == symbol {
            out.push(format!("{} -> {} {}", local(cells[2]), local(cells[3]), cells[4]));
        }
    }
    out
}

#[test]
fn straight_line() {
    let source = r#"
        def f(x):
            y = x + 1
            y += 2
            print(y)
            return y
    "#;
    assert_rows(
        graph(source, "@f"),
        &[
            "b0 entry",
            "b1 basic 2-5",
            "  2 assign: y = x + 1",
            "  3 aug_assign: y += 2",
            "  4 expr: print(y)",
            "  5 return: return y",
            "b2 exit",
            "b0 -> b1 normal",
            "b1 -> b2 return",
        ],
    );
}
