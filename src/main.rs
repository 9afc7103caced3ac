//! The `pyindex` command line: argument parsing, progress and printing only; the work is in the
//! library (`pipeline::run`).

use std::io::IsTerminal;

// The parser allocates (and frees) many small nodes per file; mimalloc does that much faster
// than the system allocator, as in ruff.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use pyindex::discover::DiscoverOptions;
use pyindex::pipeline::{self, IndexOptions, Progress, Summary};
use pyindex::store::schema;

/// Index every Python file of a repository into a SQLite database of facts: symbols, imports,
/// calls and their arguments, assignments, returns, name uses and more. Query it with SQL.
#[derive(Parser)]
#[command(
    name = "pyindex",
    version,
    after_help = "Examples:\n  pyindex index                      index the current directory into .pyindex/index.db\n  pyindex index ~/src/app --json     index a repository, print a JSON summary\n  pyindex schema                     print the tables (documented in docs/schema.md)\n  sqlite3 .pyindex/index.db \"SELECT path, status FROM files WHERE status != 'ok'\""
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
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

fn floor(args: FloorArgs) -> Result<()> {
    let depth = if args.extract { pipeline::Depth::Extract } else { pipeline::Depth::Walk };
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
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pyindex: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Schema => {
            print!("{}", schema::ddl());
            print!("{}", schema::index_ddl(schema::INDEXES));
            Ok(())
        }
        Command::Index(args) => index(args),
        Command::Floor(args) => floor(args),
    }
}

fn index(args: IndexArgs) -> Result<()> {
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
