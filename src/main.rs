//! The `pyindex` command line: argument parsing, progress and printing only; the work is in the
//! library (`pipeline::run` builds the index; `query::run`, `sarif::sarif_log` and `mcp::serve`
//! read it).

use std::io::IsTerminal;

// The parser allocates (and frees) many small nodes per file; mimalloc does that much faster
// than the system allocator, as in ruff.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use pyindex::discover::DiscoverOptions;
use pyindex::pipeline::{self, IndexOptions, Progress, Summary};
use pyindex::query::{self, Filters, Index, NotFound, Query};
use pyindex::report::Report;
use pyindex::store::schema;

/// Index every Python file of a repository into a SQLite database of facts: symbols, imports,
/// calls and their arguments, assignments, returns, name uses and more. Query it with
/// `pyindex query`, from agents with `pyindex mcp`, or with SQL.
#[derive(Parser)]
#[command(
    name = "pyindex",
    version,
    after_help = "Examples:\n  pyindex index                      index the current directory into .pyindex/index.db\n  pyindex index ~/src/app --json     index a repository, print a JSON summary\n  pyindex schema                     print the tables (documented in docs/schema.md)\n  pyindex query symbol Child.run     where a method is defined\n  pyindex query callers helper --depth 3\n  pyindex stats                      what the index holds\n  sqlite3 .pyindex/index.db \"SELECT path, status FROM files WHERE status != 'ok'\""
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Index the Python files under PATH (default: the current directory).
    ///
    /// Respects .gitignore and .ignore files, skips hidden directories, virtual environments,
    /// caches and build output. Files with syntax or decoding errors are indexed as far as
    /// possible and recorded in the `diagnostics` table; the exit code is still 0.
    ///
    /// When the database already holds an index of PATH (same schema, pyindex version and
    /// options), it is updated in place: only files whose size or modification time changed are
    /// read, and only those whose content changed are indexed again; a kill leaves the previous
    /// index. Otherwise (or with --full) a new database replaces the old one once complete.
    Index(IndexArgs),
    /// Print the database schema (SQL DDL).
    Schema,
    /// Answer a question from the index: definitions, call graph, imports, routes, models,
    /// tasks, security findings, one file's summary.
    ///
    /// Reads the database only (nothing is re-parsed): --db FILE, or else .pyindex/index.db in the
    /// current directory or the nearest parent directory that has one. Prints aligned tables, or
    /// JSON with --json. A name or file that matches nothing prints near matches and exits with
    /// code 1; a missing or incompatible index exits with code 2.
    #[command(after_help = QUERY_EXAMPLES)]
    Query(QueryArgs),
    /// Print what the index holds: root, build time and version, files by status, diagnostics by
    /// kind, rows per table.
    Stats(StatsArgs),
    /// Write the security findings in a format other tools read.
    #[command(
        after_help = "Examples:\n  pyindex export --sarif findings.sarif\n  pyindex export --sarif - --db other/.pyindex/index.db"
    )]
    Export(ExportArgs),
    /// Serve the queries to agents: a Model Context Protocol server on stdin/stdout.
    ///
    /// JSON-RPC 2.0, one message per line. Tools: symbol, callers, callees, imports, importers,
    /// routes, models, tasks, findings, file, stats. The index is found as for `pyindex query`
    /// and re-opened for every call, so re-indexing while the server runs is fine.
    #[command(
        after_help = "Example (an MCP client configuration):\n  {\"command\": \"pyindex\", \"args\": [\"mcp\", \"--db\", \"/path/to/repo/.pyindex/index.db\"]}"
    )]
    Mcp(McpArgs),
    /// Time the parse-only floor (discover, read, decode, parse, node index; no extraction,
    /// no storage) under PATH; for benchmarks.
    #[command(hide = true)]
    Floor(FloorArgs),
}

#[derive(Args)]
struct FloorArgs {
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Worker threads (0: one per CPU core).
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    threads: usize,
    /// Also run the extractors (everything but storage).
    #[arg(long)]
    extract: bool,
    /// With --extract: also report the CPU seconds spent in each domain's extractors.
    #[arg(long)]
    profile: bool,
    /// Run only these extractor domains (and core), comma-separated; for benchmarks.
    #[arg(long, value_delimiter = ',', hide = true)]
    domains: Vec<String>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// Restricts extraction to `domains` when some are named (benchmarks only).
fn select_domains(domains: &[String]) -> Result<()> {
    if !domains.is_empty() {
        pyindex::extract::selection::restrict(domains).map_err(anyhow::Error::msg)?;
    }
    Ok(())
}

fn floor(args: FloorArgs) -> Result<()> {
    let depth = if args.extract { pipeline::Depth::Extract } else { pipeline::Depth::Walk };
    if args.profile {
        pyindex::extract::profile::enable();
    }
    select_domains(&args.domains)?;
    let stats = pyindex::floor::run_without_store(&args.path, args.threads, depth)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        println!(
            "{} files, {} bytes, {} rows in {:.3}s",
            stats.files, stats.bytes, stats.rows, stats.seconds
        );
    }
    Ok(())
}

#[derive(Args)]
struct IndexArgs {
    /// Repository (or single file) to index.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Database file to write [default: PATH/.pyindex/index.db].
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Worker threads (0: one per CPU core).
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    threads: usize,
    /// Skip paths matching GLOB (gitignore syntax, relative to PATH); repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(long)]
    follow_symlinks: bool,
    /// Do not read .gitignore and .ignore files.
    #[arg(long)]
    no_ignore: bool,
    /// Folder (relative to PATH) holding top-level packages, as in a src layout: its files are
    /// also importable without the folder's name; repeatable.
    #[arg(long = "src-root", value_name = "DIR", default_value = "src")]
    source_roots: Vec<String>,
    /// Files larger than this many bytes are recorded as `too_large` and not parsed.
    #[arg(long, value_name = "BYTES", default_value_t = pipeline::DEFAULT_MAX_FILE_BYTES)]
    max_file_size: u64,
    /// Build a new index from scratch instead of updating the existing one in place.
    #[arg(long)]
    full: bool,
    /// Run only these extractor domains (and core), comma-separated; for benchmarks.
    #[arg(long, value_delimiter = ',', hide = true)]
    domains: Vec<String>,
    /// No progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, files: u64) {
        self.0.set_length(files);
    }
    fn advance(&self, files: u64) {
        self.0.inc(files);
    }
    fn stage(&self, name: &str) {
        self.0
            .set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("valid template"));
        self.0.set_message(name.to_owned());
        self.0.enable_steady_tick(std::time::Duration::from_millis(100));
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("pyindex: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Schema => {
            print!("{}", schema::ddl());
            print!("{}", schema::index_ddl(schema::INDEXES));
        }
        Command::Index(args) => index(args)?,
        Command::Floor(args) => floor(args)?,
        Command::Query(args) => return run_query(args),
        Command::Stats(args) => stats(args)?,
        Command::Export(args) => export(args)?,
        Command::Mcp(args) => {
            let stdin = std::io::stdin().lock();
            pyindex::mcp::serve(args.db, std::env::current_dir()?, stdin, std::io::stdout().lock())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

const QUERY_EXAMPLES: &str = "Examples:
  pyindex query symbol Child.run             where a method is defined (also: name, pkg.mod.func)
  pyindex query callers helper --depth 3     who calls helper, transitively
  pyindex query callers subprocess.run       calls to a function outside the repository
  pyindex query callees pkg.sub.mod.main     what main calls
  pyindex query imports pkg/sub/mod.py       what a file imports, and the files reached
  pyindex query importers pkg.util           which files import a module
  pyindex query routes --method POST         HTTP routes (also: models, tasks, findings)
  pyindex query findings --rule RULE --file pkg/
  pyindex query file app.py --json           one file's summary as JSON";

#[derive(Args)]
struct QueryArgs {
    #[command(subcommand)]
    query: QueryCommand,
    /// Index to read [default: .pyindex/index.db in the current directory or its nearest parent].
    #[arg(long, value_name = "FILE", global = true)]
    db: Option<PathBuf>,
    /// Print the answer as JSON.
    #[arg(long, global = true)]
    json: bool,
    /// Most rows per list.
    #[arg(long, value_name = "N", default_value_t = query::DEFAULT_LIMIT, global = true)]
    limit: usize,
}

#[derive(Subcommand)]
enum QueryCommand {
    /// Where a function, class or method is defined: NAME is a name (`helper`), a qualname
    /// (`Class.method`), a module-qualified name (`pkg.mod.func`, also through re-exports) or the
    /// end of one (`mod.func`).
    Symbol { name: String },
    /// The calls that reach NAME (a definition, or a qualified name outside the repository such
    /// as `subprocess.run`).
    Callers {
        name: String,
        /// Follow callers of callers up to N levels.
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=query::MAX_DEPTH as i64))]
        depth: u32,
    },
    /// The calls NAME makes.
    Callees {
        name: String,
        /// Follow the callees' own calls up to N levels.
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=query::MAX_DEPTH as i64))]
        depth: u32,
    },
    /// What FILE imports (a path, relative to here or to the root, or a module name), and the
    /// repository file each import reaches.
    Imports { file: String },
    /// The files that import a module (`pkg.util`) or file (`pkg/util.py`) of the repository, or
    /// a module outside it.
    Importers {
        #[arg(value_name = "MODULE_OR_FILE")]
        target: String,
    },
    /// HTTP routes, one row per method.
    Routes {
        /// Only this framework (flask, fastapi, django, sqlalchemy, celery, ...; any case).
        #[arg(long)]
        framework: Option<String>,
        /// HTTP method (GET, POST, ...).
        #[arg(long)]
        method: Option<String>,
        /// Only this file, or the files under this directory (paths as for `query imports`).
        #[arg(long)]
        file: Option<String>,
    },
    /// ORM models and their fields.
    Models {
        /// Only this framework (flask, fastapi, django, sqlalchemy, celery, ...; any case).
        #[arg(long)]
        framework: Option<String>,
        /// Only this file, or the files under this directory (paths as for `query imports`).
        #[arg(long)]
        file: Option<String>,
    },
    /// Background task definitions.
    Tasks {
        /// Only this framework (flask, fastapi, django, sqlalchemy, celery, ...; any case).
        #[arg(long)]
        framework: Option<String>,
        /// Only this file, or the files under this directory (paths as for `query imports`).
        #[arg(long)]
        file: Option<String>,
    },
    /// Security findings.
    Findings {
        /// Only this rule.
        #[arg(long)]
        rule: Option<String>,
        /// Only this file, or the files under this directory (paths as for `query imports`).
        #[arg(long)]
        file: Option<String>,
    },
    /// One file's summary: status, definitions, imports, routes, security findings, diagnostics.
    File { file: String },
}

impl QueryCommand {
    fn into_query(self) -> Query {
        let filters = |framework, method, file, rule| Filters { framework, method, file, rule };
        match self {
            QueryCommand::Symbol { name } => Query::Symbol { name },
            QueryCommand::Callers { name, depth } => Query::Callers { name, depth },
            QueryCommand::Callees { name, depth } => Query::Callees { name, depth },
            QueryCommand::Imports { file } => Query::Imports { file },
            QueryCommand::Importers { target } => Query::Importers { target },
            QueryCommand::Routes { framework, method, file } => {
                Query::Routes(filters(framework, method, file, None))
            }
            QueryCommand::Models { framework, file } => Query::Models(filters(framework, None, file, None)),
            QueryCommand::Tasks { framework, file } => Query::Tasks(filters(framework, None, file, None)),
            QueryCommand::Findings { rule, file } => Query::Findings(filters(None, None, file, rule)),
            QueryCommand::File { file } => Query::File { file },
        }
    }
}

/// `pyindex query`: the answer on stdout; "not found" (with near matches) exits with code 1.
fn run_query(args: QueryArgs) -> Result<ExitCode> {
    let index = Index::discover(args.db.as_deref(), &std::env::current_dir()?)?;
    match query::run(&index, &args.query.into_query(), args.limit) {
        Ok(answer) => {
            print_report(&answer, args.json)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => match error.downcast_ref::<NotFound>() {
            Some(not_found) => {
                if args.json {
                    let json = serde_json::json!({ "error": "not_found", "not_found": not_found });
                    println!("{}", serde_json::to_string_pretty(&json)?);
                }
                eprintln!("pyindex: {not_found}");
                Ok(ExitCode::from(1))
            }
            None => Err(error),
        },
    }
}

fn print_report<T: Report + serde::Serialize>(answer: &T, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(answer)?);
    } else {
        print!("{}", answer.to_text());
    }
    Ok(())
}

#[derive(Args)]
struct StatsArgs {
    /// Index to read [default: .pyindex/index.db in the current directory or its nearest parent].
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Print the statistics as JSON.
    #[arg(long)]
    json: bool,
}

fn stats(args: StatsArgs) -> Result<()> {
    let index = Index::discover(args.db.as_deref(), &std::env::current_dir()?)?;
    print_report(&query::stats::stats(&index)?, args.json)
}

#[derive(Args)]
struct ExportArgs {
    /// Write the security findings as SARIF 2.1.0 to FILE (`-`: standard output).
    #[arg(long, value_name = "FILE", required = true)]
    sarif: PathBuf,
    /// Index to read [default: .pyindex/index.db in the current directory or its nearest parent].
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
}

fn export(args: ExportArgs) -> Result<()> {
    let index = Index::discover(args.db.as_deref(), &std::env::current_dir()?)?;
    let log = pyindex::sarif::sarif_log(&index)?;
    let text = serde_json::to_string_pretty(&log)? + "\n";
    if args.sarif.as_os_str() == "-" {
        print!("{text}");
    } else {
        std::fs::write(&args.sarif, text)
            .with_context(|| format!("cannot write {}", args.sarif.display()))?;
        let results = log["runs"][0]["results"].as_array().map_or(0, Vec::len);
        eprintln!("wrote {results} finding(s) to {}", args.sarif.display());
    }
    Ok(())
}

#[derive(Args)]
struct McpArgs {
    /// Index to read [default: .pyindex/index.db in the current directory or its nearest parent].
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
}

fn index(args: IndexArgs) -> Result<()> {
    select_domains(&args.domains)?;
    let options = IndexOptions {
        root: args.path,
        db: args.db,
        threads: args.threads,
        discover: DiscoverOptions {
            excludes: args.exclude,
            follow_symlinks: args.follow_symlinks,
            respect_ignore_files: !args.no_ignore,
        },
        max_file_bytes: args.max_file_size,
        source_roots: args.source_roots,
        full: args.full,
    };
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} indexing [{bar:30}] {pos}/{len} files ({eta} left)")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar
    };
    let summary = pipeline::run(&options, &Bar(bar))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else if !args.quiet {
        print_summary(&summary);
    }
    Ok(())
}

fn print_summary(summary: &Summary) {
    for warning in &summary.warnings {
        eprintln!("pyindex: warning: {warning}");
    }
    if summary.mode == "incremental" {
        println!(
            "updated {} in {:.2}s: {} files, {} re-indexed, {} removed, {} unchanged ({} with errors); {} rows written",
            summary.db.display(),
            summary.seconds,
            summary.files,
            summary.files_indexed,
            summary.files_removed,
            summary.files_unchanged,
            summary.files_with_errors,
            summary.total_rows,
        );
    } else {
        println!(
            "indexed {} files ({} with errors) into {} in {:.2}s: {} rows",
            summary.files,
            summary.files_with_errors,
            summary.db.display(),
            summary.seconds,
            summary.total_rows,
        );
    }
    for (table, count) in summary.rows.iter().filter(|(_, count)| *count > 0) {
        println!("  {table:<20} {count:>10}");
    }
}
