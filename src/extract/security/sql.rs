//! Recognising SQL text: its command and the tables it names. A small tokenizer, not a full
//! SQL grammar: enough to tell `SELECT name FROM users` from `"end"` or "Select a file", and to
//! list the tables after FROM, JOIN, INTO, UPDATE, TABLE and `CREATE INDEX ... ON`. Run-time
//! parts of a built string appear as `{expr}` (see `strings.rs`) and are never table names.

/// What a string passed to a SQL sink, or found in the code, says as SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlText {
    /// Lower-case command: `select`, `insert`, `update`, `delete`, `create`, ...
    pub command: &'static str,
    pub tables: Vec<String>,
}

/// How much evidence is needed before a string counts as SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// The string is passed to a SQL sink (`cursor.execute`): a leading SQL keyword in any case.
    Sink,
    /// Any other string: an upper-case leading keyword and the statement's shape (`SELECT ...
    /// FROM`, `INSERT INTO`, `UPDATE t SET`, `DELETE FROM`, `CREATE TABLE`, ...).
    Plain,
}

const COMMANDS: &[&str] = &[
    "alter",
    "analyze",
    "attach",
    "begin",
    "call",
    "commit",
    "copy",
    "create",
    "delete",
    "detach",
    "drop",
    "explain",
    "grant",
    "insert",
    "lock",
    "merge",
    "pragma",
    "reindex",
    "release",
    "replace",
    "revoke",
    "rollback",
    "savepoint",
    "select",
    "show",
    "truncate",
    "update",
    "vacuum",
    "with",
];

const OBJECTS: &[&str] = &[
    "column",
    "database",
    "extension",
    "function",
    "index",
    "procedure",
    "schema",
    "sequence",
    "table",
    "trigger",
    "type",
    "view",
];

/// Words that end a table list or cannot be a table name.
const KEYWORDS: &[&str] = &[
    "as",
    "cross",
    "default",
    "exists",
    "from",
    "full",
    "group",
    "having",
    "if",
    "inner",
    "into",
    "join",
    "left",
    "limit",
    "natural",
    "not",
    "offset",
    "on",
    "only",
    "order",
    "outer",
    "returning",
    "right",
    "select",
    "set",
    "union",
    "using",
    "values",
    "where",
    "window",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'t> {
    /// An identifier or keyword as written (`users`, `main.users`, `SELECT`).
    Word(&'t str),
    /// A quoted identifier's inner text (`"users"`, `` `users` ``, `[users]`).
    Quoted(&'t str),
    /// A run-time part `{expr}`.
    Hole,
    Punct(char),
    /// String literals, numbers, parameters.
    Other,
}

impl Token<'_> {
    fn is_word(&self, word: &str) -> bool {
        matches!(self, Token::Word(w) if w.eq_ignore_ascii_case(word))
    }

    fn lower(&self) -> Option<String> {
        match self {
            Token::Word(w) => Some(w.to_ascii_lowercase()),
            _ => None,
        }
    }
}

/// The SQL `text` holds, if it is SQL by the given evidence.
pub fn parse(text: &str, evidence: Evidence) -> Option<SqlText> {
    let tokens = tokenize(text);
    let Some(Token::Word(first)) = tokens.first() else { return None };
    let lower = first.to_ascii_lowercase();
    let command = *COMMANDS.iter().find(|c| **c == lower)?;
    if evidence == Evidence::Plain && !(first.bytes().all(|b| b.is_ascii_uppercase()) && has_shape(&tokens)) {
        return None;
    }
    Some(SqlText { command, tables: tables(&tokens) })
}

/// Whether the statement has the shape of its command (for strings not passed to a sink).
fn has_shape(tokens: &[Token<'_>]) -> bool {
    let word = |i: usize| tokens.get(i).and_then(Token::lower).unwrap_or_default();
    let later = |w: &str| tokens[1..].iter().any(|t| t.is_word(w));
    match word(0).as_str() {
        "select" => later("from"),
        "insert" | "replace" => word(1) == "into" || (word(1) == "or" && word(3) == "into"),
        "merge" => word(1) == "into",
        "update" => {
            matches!(tokens.get(1), Some(Token::Word(_) | Token::Quoted(_) | Token::Hole)) && later("set")
        }
        "delete" => word(1) == "from",
        "create" => {
            let skipped = ["or", "replace", "temp", "temporary", "unique", "virtual", "materialized"];
            let object = (1..tokens.len()).map(word).find(|w| !skipped.contains(&w.as_str()));
            object.is_some_and(|w| OBJECTS.contains(&w.as_str()))
        }
        "drop" | "alter" | "truncate" => OBJECTS.contains(&word(1).as_str()),
        "with" => {
            let start = if word(1) == "recursive" { 2 } else { 1 };
            (start..tokens.len().saturating_sub(1))
                .any(|i| tokens[i].is_word("as") && tokens[i + 1] == Token::Punct('('))
        }
        "pragma" => matches!(tokens.get(1), Some(Token::Word(_))) && tokens.len() <= 6,
        _ => false,
    }
}

/// Tables named after FROM/JOIN/INTO/UPDATE/TABLE/`INDEX .. ON`, without common-table-expression
/// names, in order of first mention.
fn tables(tokens: &[Token<'_>]) -> Vec<String> {
    let ctes: Vec<String> = (0..tokens.len().saturating_sub(2))
        .filter(|&i| tokens[i + 1].is_word("as") && tokens[i + 2] == Token::Punct('('))
        .filter_map(|i| name_of(&tokens[i]))
        .collect();
    let mut found: Vec<String> = Vec::new();
    let mut add = |name: String| {
        if !ctes.iter().any(|c| c.eq_ignore_ascii_case(&name)) && !found.contains(&name) {
            found.push(name);
        }
    };
    let mut i = 0;
    while i < tokens.len() {
        let lower = tokens[i].lower().unwrap_or_default();
        match lower.as_str() {
            "from" | "join" | "into" | "table" | "truncate" => {
                i = table_list(tokens, i + 1, lower == "from", &mut add);
                continue;
            }
            // The UPDATE command (not MySQL's `ON DUPLICATE KEY UPDATE` or `DO UPDATE SET`).
            "update" if i == 0 || tokens[i - 1] == Token::Punct(';') => {
                i = table_list(tokens, i + 1, false, &mut add);
                continue;
            }
            "index" => {
                // CREATE INDEX name ON table: the table follows ON.
                if let Some(on) = (i + 1..tokens.len().min(i + 8)).find(|&j| tokens[j].is_word("on")) {
                    i = table_list(tokens, on + 1, false, &mut add);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Reads one table (or, after FROM, a comma-separated list with optional aliases) from `start`;
/// returns where reading stopped.
fn table_list(tokens: &[Token<'_>], start: usize, list: bool, add: &mut impl FnMut(String)) -> usize {
    let mut i = start;
    // IF [NOT] EXISTS, ONLY, OR REPLACE (INSERT OR REPLACE INTO is handled by INTO itself).
    while tokens.get(i).is_some_and(|t| ["if", "not", "exists", "only", "table"].iter().any(|w| t.is_word(w)))
    {
        i += 1;
    }
    loop {
        let Some(token) = tokens.get(i) else { return i };
        match name_of(token) {
            Some(name) => add(name),
            None => return i,
        }
        i += 1;
        if !list {
            return i;
        }
        // An alias: `users u`, `users AS u`.
        if tokens.get(i).is_some_and(|t| t.is_word("as")) {
            i += 1;
        }
        if tokens.get(i).and_then(name_of).is_some() {
            i += 1;
        }
        if tokens.get(i) != Some(&Token::Punct(',')) {
            return i;
        }
        i += 1;
    }
}

/// A token as a table name: an identifier that is not a keyword, or a quoted identifier.
fn name_of(token: &Token<'_>) -> Option<String> {
    match token {
        Token::Word(w) if !KEYWORDS.contains(&w.to_ascii_lowercase().as_str()) => Some((*w).to_owned()),
        Token::Quoted(q) if !q.is_empty() && !q.contains('{') => Some((*q).to_owned()),
        _ => None,
    }
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let until =
        |from: usize, end: u8| bytes[from..].iter().position(|&b| b == end).map_or(bytes.len(), |p| from + p);
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            _ if b.is_ascii_whitespace() => i += 1,
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = until(i, b'\n'),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(bytes.len(), |p| i + 2 + p + 2);
            }
            b'\'' => {
                i = until(i + 1, b'\'') + 1;
                tokens.push(Token::Other);
            }
            b'"' | b'`' | b'[' => {
                let close = match b {
                    b'[' => b']',
                    other => other,
                };
                let end = until(i + 1, close);
                tokens.push(Token::Quoted(&text[i + 1..end]));
                i = end + 1;
            }
            b'{' => {
                i = until(i + 1, b'}') + 1;
                tokens.push(Token::Hole);
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                let end = bytes[i..]
                    .iter()
                    .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'.'))
                    .map_or(bytes.len(), |p| i + p);
                tokens.push(Token::Word(&text[i..end]));
                i = end;
            }
            _ if b.is_ascii_digit() || b == b'?' || b == b'%' || b == b':' => {
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.'))
                    .map_or(bytes.len(), |p| i + 1 + p);
                tokens.push(Token::Other);
                i = end;
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                tokens.push(Token::Punct(c));
                i += c.len_utf8();
            }
        }
    }
    tokens
}

/// Bandit's B608 test on a built string: `select .. from`, `delete from`, `insert into ..
/// values` (followed by a space or `(`), `update .. set`, in any case, anywhere in the text.
pub fn looks_like_sql_statement(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let after = |word: &str, then: &str| {
        lower.match_indices(word).any(|(at, _)| {
            let rest = &lower[at + word.len()..];
            let starts_word = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
            starts_word
                && rest.starts_with(|c: char| c.is_whitespace())
                && contains_word_then_space(rest, then)
        })
    };
    after("select", "from")
        || after("insert", "into") && values_follows_into(&lower)
        || after("update", "set")
        || lower.match_indices("delete").any(|(at, _)| {
            let rest = lower[at + 6..].trim_start();
            lower[at + 6..].starts_with(|c: char| c.is_whitespace())
                && rest.starts_with("from")
                && rest[4..].starts_with(|c: char| c.is_whitespace())
        })
}

/// `into ... values` with `values` followed by whitespace or `(`.
fn values_follows_into(lower: &str) -> bool {
    lower.match_indices("into").any(|(at, _)| {
        lower[at + 4..]
            .match_indices("values")
            .any(|(v, _)| lower[at + 4 + v + 6..].starts_with(|c: char| c.is_whitespace() || c == '('))
    })
}

/// Whether `rest` contains `word` followed by whitespace.
fn contains_word_then_space(rest: &str, word: &str) -> bool {
    rest.match_indices(word).any(|(at, _)| rest[at + word.len()..].starts_with(|c: char| c.is_whitespace()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Option<(String, Vec<String>)> {
        parse(text, Evidence::Plain).map(|s| (s.command.to_owned(), s.tables))
    }

    #[test]
    fn commands_and_tables() {
        let sink = |t: &str| parse(t, Evidence::Sink).map(|s| (s.command, s.tables.join(",")));
        assert_eq!(
            sink("select a from users u join roles r on u.r = r.id"),
            Some(("select", "users,roles".into()))
        );
        assert_eq!(sink("SELECT * FROM a, b AS x, \"c\" WHERE 1"), Some(("select", "a,b,c".into())));
        assert_eq!(sink("INSERT OR REPLACE INTO main.t (a) VALUES (?)"), Some(("insert", "main.t".into())));
        assert_eq!(sink("UPDATE t SET a = 1"), Some(("update", "t".into())));
        assert_eq!(sink("delete from `log` where id = %s"), Some(("delete", "log".into())));
        assert_eq!(sink("CREATE TABLE IF NOT EXISTS t (a INT)"), Some(("create", "t".into())));
        assert_eq!(sink("CREATE UNIQUE INDEX i ON t (a)"), Some(("create", "t".into())));
        assert_eq!(sink("DROP TABLE IF EXISTS [old]"), Some(("drop", "old".into())));
        assert_eq!(sink("WITH c AS (SELECT x FROM t) SELECT * FROM c"), Some(("with", "t".into())));
        assert_eq!(sink("SELECT * FROM {table} WHERE id = {uid}"), Some(("select", "".into())));
        assert_eq!(sink("-- comment\nSELECT 1"), Some(("select", "".into())));
        assert_eq!(sink("end"), None);
        assert_eq!(sink("rm -rf /"), None);
    }

    #[test]
    fn plain_strings_need_upper_case_and_shape() {
        assert_eq!(plain("SELECT id FROM users"), Some(("select".into(), vec!["users".into()])));
        assert_eq!(plain("Select a file from the list"), None);
        assert_eq!(plain("select id from users"), None);
        assert_eq!(plain("UPDATE the docs"), None);
        assert_eq!(plain("DELETE"), None);
        assert_eq!(plain("INSERT INTO t VALUES (1)"), Some(("insert".into(), vec!["t".into()])));
        assert_eq!(plain("CREATE TABLE t (a)"), Some(("create".into(), vec!["t".into()])));
        assert_eq!(plain("CREATE something"), None);
    }

    #[test]
    fn bandit_sql_shape() {
        assert!(looks_like_sql_statement("SELECT * FROM {t}"));
        assert!(looks_like_sql_statement("x = 1; delete  from t"));
        assert!(looks_like_sql_statement("insert into t (a) values (%s)"));
        assert!(looks_like_sql_statement("INSERT INTO \"t\" VALUES('{x}')"));
        assert!(!looks_like_sql_statement("insert into t valuesx"));
        assert!(looks_like_sql_statement("UPDATE t SET a={a}"));
        assert!(!looks_like_sql_statement("selected items from {x}"));
        assert!(!looks_like_sql_statement("hello {name}"));
    }
}
