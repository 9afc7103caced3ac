//! Raw SQLite insert rates on this machine, with the writer's settings: a calibration aid for
//! the writer's rows/s printed by bench/bench-stdlib.sh (`cargo run --release --example sqlite_rate`).
use rusqlite::Connection;
use std::time::Instant;

fn main() {
    let path = "/tmp/rate.db";
    let _ = std::fs::remove_file(path);
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys=OFF; PRAGMA page_size=16384; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-65536;
        CREATE TABLE narrow (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);
        CREATE TABLE wide (id INTEGER PRIMARY KEY, file_id INTEGER, scope_id INTEGER, line INTEGER, col INTEGER, name TEXT, ctx TEXT);
        CREATE TABLE files (id INTEGER PRIMARY KEY); CREATE TABLE symbols (id INTEGER PRIMARY KEY);
        CREATE TABLE strict (id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL REFERENCES files(id), scope_id INTEGER REFERENCES symbols(id), line INTEGER NOT NULL, col INTEGER NOT NULL, name TEXT NOT NULL, ctx TEXT NOT NULL);").unwrap();
    let n = 2_000_000i64;
    for (table, sql1, width) in [
        ("narrow", "INSERT INTO narrow (a, b) VALUES ", 2),
        ("wide", "INSERT INTO wide (file_id, scope_id, line, col, name, ctx) VALUES ", 6),
        ("strict", "INSERT INTO strict (file_id, scope_id, line, col, name, ctx) VALUES ", 6),
    ] {
        for rows in [1usize, 64] {
            conn.execute_batch(&format!("DELETE FROM {table}")).unwrap();
            let tuple = format!("({})", vec!["?"; width].join(","));
            let sql = format!("{sql1}{}", vec![tuple; rows].join(","));
            let tx = conn.unchecked_transaction().unwrap();
            let mut st = tx.prepare(&sql).unwrap();
            let start = Instant::now();
            let mut i = 0;
            while i < n {
                for r in 0..rows {
                    let o = r * width;
                    if width == 2 {
                        st.raw_bind_parameter(o + 1, i).unwrap();
                        st.raw_bind_parameter(o + 2, i * 3).unwrap();
                    } else {
                        st.raw_bind_parameter(o + 1, i / 1000).unwrap();
                        st.raw_bind_parameter(o + 2, i / 10).unwrap();
                        st.raw_bind_parameter(o + 3, i % 500).unwrap();
                        st.raw_bind_parameter(o + 4, i % 40).unwrap();
                        st.raw_bind_parameter(o + 5, "some_name").unwrap();
                        st.raw_bind_parameter(o + 6, "load").unwrap();
                    }
                    i += 1;
                }
                st.raw_execute().unwrap();
            }
            drop(st);
            tx.commit().unwrap();
            let s = start.elapsed().as_secs_f64();
            println!("{table} rows/statement={rows}: {:.0} rows/s", n as f64 / s);
        }
    }
}
