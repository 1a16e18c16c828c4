//! The command line: `check`, `rules`, `explain`, `server`, `completions`,
//! `man`.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::{ConfigError, ConfigResolver, FailOn, Overrides};
use crate::discover::WalkError;
use crate::discover::kind_of_explicit;
use crate::escape;
use crate::lint::baseline::Baseline;
use crate::lint::{self, RunOptions, RunReport};
use crate::render::{self, Format, Style};
use crate::rules::{RULES, Tool};
use crate::source::display_path;

/// `0.1.0 (1a2b3c4d5 2026-12-06)`: the package version and, when the build
/// knew it, the commit (build.rs).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), env!("DOCKWARD_COMMIT_INFO"));

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FOUND: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "dockward",
    version = VERSION,
    about = "A fast security linter for Dockerfiles and Docker Compose files",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process; boxing the check arguments would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Dockerfiles and Compose files (default: the current directory).
    Check(CheckArgs),
    /// Write a commented starter `dockward.toml` for the repository here.
    Init {
        /// Also record today's findings in `dockward-baseline.json` and
        /// point the configuration at it.
        #[arg(long)]
        baseline: bool,
        /// Replace an existing `dockward.toml`.
        #[arg(long)]
        force: bool,
    },
    /// List the rules.
    Rules(RulesArgs),
    /// Show a rule's page, rendered for the terminal and paged when stdout
    /// is one (`DOCKWARD_PAGER`, else `PAGER`, else `less`).
    Explain {
        /// A rule code, name, or another tool's id (`DF001`, `missing-user`, `DL3002`).
        rule: String,
        /// Print the page's Markdown source instead.
        #[arg(long)]
        markdown: bool,
        /// Never page the output.
        #[arg(long)]
        no_pager: bool,
    },
    /// Run the language server (LSP over stdin and stdout) for editors.
    Server,
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command.
    Man {
        /// Write `dockward.1`, `dockward-check.1`, ... into this directory.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Info,
    Style,
    Never,
}

impl FailOnArg {
    fn to_fail_on(self) -> FailOn {
        use crate::diagnostic::Severity;
        match self {
            FailOnArg::Error => FailOn::At(Severity::Error),
            FailOnArg::Warning => FailOn::At(Severity::Warning),
            FailOnArg::Info => FailOn::At(Severity::Info),
            FailOnArg::Style => FailOn::At(Severity::Style),
            FailOnArg::Never => FailOn::Never,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to lint; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, env = "DOCKWARD_FORMAT")]
    pub format: Format,
    /// The lowest severity that makes the exit code 1 [default: warning, or
    /// the configuration's `fail-on`].
    #[arg(long, value_enum, env = "DOCKWARD_FAIL_ON")]
    pub fail_on: Option<FailOnArg>,
    /// Exit with 0 even when there are diagnostics (2 still means dockward
    /// could not do its job).
    #[arg(long)]
    pub exit_zero: bool,
    /// Use this configuration file for every file, instead of the nearest
    /// `dockward.toml`.
    #[arg(long, value_name = "FILE", env = "DOCKWARD_CONFIG")]
    pub config: Option<PathBuf>,
    /// Run only these rules, replacing the default set: codes, names, other
    /// tools' ids, code prefixes (`DC1`) or `ALL`; comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE",
        env = "DOCKWARD_SELECT"
    )]
    pub select: Vec<String>,
    /// Run these rules as well as the default (or `--select`) set.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE",
        env = "DOCKWARD_EXTEND_SELECT"
    )]
    pub extend_select: Vec<String>,
    /// Do not run these rules.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULE",
        env = "DOCKWARD_IGNORE"
    )]
    pub ignore: Vec<String>,
    /// Report only the findings this baseline file does not hold [default:
    /// the configuration's `baseline`].
    #[arg(long, value_name = "FILE", env = "DOCKWARD_BASELINE")]
    pub baseline: Option<PathBuf>,
    /// Ignore the configuration's `baseline`: report every finding.
    #[arg(long, conflicts_with = "baseline")]
    pub no_baseline: bool,
    /// Record the current findings in FILE (keeping the entries of files
    /// this run did not lint, dropping stale ones) and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Repeat each rule's help and URL on every finding (human format).
    #[arg(short, long)]
    pub verbose: bool,
    /// The name of the file read from standard input; it chooses the file
    /// kind and the configuration.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Apply `exclude` patterns to files named on the command line too.
    #[arg(long)]
    pub force_exclude: bool,
    /// When to color the human output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Never color the output (same as `--color never` or `NO_COLOR`).
    #[arg(long)]
    pub no_color: bool,
    /// Print diagnostics only: no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    /// Also write the report in FORMAT to FILE (repeatable); the `--format`
    /// report still goes to standard output.
    #[arg(long = "output", short = 'o', value_name = "FORMAT=FILE", value_parser = parse_output)]
    pub outputs: Vec<OutputArg>,
    /// Print how many diagnostics each rule produced instead of the
    /// diagnostics (a table, or JSON with `--format json`).
    #[arg(long)]
    pub statistics: bool,
    /// Show source snippets in the human format [default].
    #[arg(long, overrides_with = "no_show_source")]
    pub show_source: bool,
    /// Show one line per diagnostic with its help, without snippets.
    #[arg(long, overrides_with = "show_source")]
    pub no_show_source: bool,
    /// Also lint the Compose files (under the working directory) whose
    /// project uses one of the named files: a Dockerfile a service builds,
    /// an override, an `extends` or `include` file, an env file. For
    /// pre-commit hooks, which name only the changed files.
    #[arg(long)]
    pub compose_context: bool,
    /// Apply the safe fixes (those that keep the meaning of the files) and
    /// report what remains. Files are written atomically, never through a
    /// symbolic link, and only inside the repository.
    #[arg(long)]
    pub fix: bool,
    /// With `--fix` or `--diff`: also apply the fixes that change behaviour
    /// (a memory limit, a read-only root filesystem, dropped capabilities).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the changes `--fix` would make as a unified diff and write
    /// nothing; exit 1 when there is something to fix.
    #[arg(long)]
    pub diff: bool,
}

/// `--output FORMAT=FILE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputArg {
    pub format: Format,
    pub path: PathBuf,
}

fn parse_output(s: &str) -> Result<OutputArg, String> {
    let names = || {
        Format::ALL
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some((format, path)) = s.split_once('=') else {
        return Err(format!(
            "expected FORMAT=FILE, such as `sarif=dockward.sarif` (formats: {})",
            names()
        ));
    };
    let Some(format) = Format::parse(format) else {
        return Err(format!("unknown format `{format}` (formats: {})", names()));
    };
    if path.is_empty() {
        return Err("the file name after `=` is empty".into());
    }
    Ok(OutputArg {
        format,
        path: PathBuf::from(path),
    })
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    /// The Markdown index of `lints/README.md`.
    Markdown,
}

/// Runs the command line and returns the exit code.
///
/// The command runs on a thread of [`lint::STACK_SIZE`], like rayon's
/// workers, so the depth that input may reach (every recursion is capped
/// for that size) does not depend on `ulimit -s` or the platform's default.
pub fn run() -> i32 {
    // Fails only if a pool already exists (a test harness); it keeps its own.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(lint::STACK_SIZE)
        .build_global();
    let command = std::thread::Builder::new()
        .name("dockward".into())
        .stack_size(lint::STACK_SIZE)
        .spawn(run_command);
    match command.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        // A panic outside the per-file guard: the hook printed it; exit as
        // Rust does for a panic on the main thread.
        Ok(Err(_)) => 101,
        Err(e) => {
            escape::stderr_line(&format!("dockward: error: cannot start a thread: {e}"));
            EXIT_ERROR
        }
    }
}

fn run_command() -> i32 {
    lint::install_panic_hook();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Init { baseline, force } => init(baseline, force),
        Command::Rules(args) => rules(&args),
        Command::Explain {
            rule,
            markdown,
            no_pager,
        } => explain(&rule, markdown, no_pager),
        Command::Server => Ok(crate::server::run()),
        Command::Completions { shell } => completions(shell),
        Command::Man { dir } => man(dir.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            escape::stderr_line(&format!("dockward: error: {e}"));
            EXIT_ERROR
        }
    }
}

fn color_enabled(args: &CheckArgs) -> bool {
    if args.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    // A Windows console prints escape codes as text unless virtual terminal
    // processing is on: `auto` turns it on, and goes without colour where
    // it cannot (None: not Windows).
    let ansi = || anstyle_query::windows::enable_ansi_colors().unwrap_or(true);
    match args.color {
        ColorArg::Always => {
            ansi();
            true
        }
        ColorArg::Never => false,
        ColorArg::Auto => io::stdout().is_terminal() && ansi(),
    }
}

/// `COLUMNS` when set (at least 40), else the terminal's width when stdout
/// is one, else 100.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .or_else(|| {
            terminal_size::terminal_size_of(io::stdout())
                .map(|(w, _)| usize::from(w.0))
                .filter(|&w| w >= 40)
        })
        .unwrap_or(100)
}

/// `dockward check`: lint what the arguments name, compare with the
/// baseline, print the report, write the extra outputs, and turn the
/// findings into the exit code.
fn check(args: &CheckArgs) -> io::Result<i32> {
    if let Some(message) = invalid_combination(args) {
        escape::stderr_line(&format!("dockward: error: {message}"));
        return Ok(EXIT_ERROR);
    }
    // One run over a tree that does not change under it (see
    // `reader::assume_unchanging`).
    crate::reader::assume_unchanging();
    let configs = match ConfigResolver::new(args.config.as_deref(), overrides(args)) {
        Ok(c) => c.quiet(args.quiet),
        Err(e) => {
            escape::stderr_line(&format!("dockward: error: {e}"));
            return Ok(EXIT_ERROR);
        }
    };
    let baseline_file = baseline_file(args, &configs);
    let baseline = match &baseline_file {
        // A baseline named on the command line is read within its own
        // root; one the configuration names, within the repository's.
        Some(path) => match load_baseline(
            configs.reader(),
            &configs.reader().root_of(if args.baseline.is_some() {
                path
            } else {
                Path::new(".")
            }),
            path,
            true,
        ) {
            Ok(b) => b,
            Err(e) => {
                escape::stderr_line(&format!("dockward: error: {e}"));
                return Ok(EXIT_ERROR);
            }
        },
        None => None,
    };
    let paths = named_paths(args, &configs);
    // Baseline fingerprints hash the offending text.
    let keep_text = baseline.is_some() || args.write_baseline.is_some();
    if let Some(kind) = streamed(args, keep_text) {
        return check_streamed(args, kind, &paths, &configs);
    }
    if (args.fix || args.diff) && args.paths.iter().any(|p| p.as_os_str() == "-") {
        return fix_stdin(args, &configs);
    }
    let (mut report, fix_run) = lint_named_paths(args, &paths, &configs, keep_text);
    if let Some(run) = &fix_run
        && let Some(code) = apply_fixes(args, run, &report)?
    {
        return Ok(code);
    }
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        lint_stdin(args, &configs, &mut report)?;
    }
    report.config_errors.extend(configs.take_errors());
    warn_when_nothing_found(&paths, report.files.len(), &configs);
    let cwd = std::env::current_dir()?;
    if let Some(file) = &args.write_baseline {
        return write_baseline(&report, &cwd, file, args.quiet);
    }
    if let Some(b) = &baseline {
        // Entries name files by path: looked at within the baseline's root.
        let reader = configs.reader();
        let root = reader.root_of(&b.dir);
        let present = |p: &Path| reader.resolve(&root, p).is_ok();
        report.baseline = Some(b.apply(&mut report, &cwd, &present));
    }
    let mut status = print_run_errors(&report.walk_errors, &report.config_errors);
    let style = style(args);
    print_report(args, &report, &style)?;
    status = status.max(write_outputs(args, &report, &style)?);
    let github = args.format == Format::Github && !args.statistics
        || args.outputs.iter().any(|o| o.format == Format::Github);
    if github && let Err(e) = github_files(&report, &style) {
        escape::stderr_line(&format!(
            "dockward: error: cannot write the GitHub summary or outputs: {e}"
        ));
        status = EXIT_ERROR;
    }
    report_stale_baseline(args, &report, baseline_file.as_deref());
    if let Some(run) = &fix_run {
        print_fix_summary(args, run, &report);
    }
    if !(status == EXIT_ERROR || args.exit_zero) {
        status = findings_status(&report, &configs);
    }
    // The process ends with this function: freeing every report one by one
    // on the main thread, after the output is written, was 2% of a
    // 100,000-file run's time with nothing to gain.
    std::mem::forget(report);
    Ok(status)
}

/// Whether the run prints or applies a fix's text and edits, not only
/// counts of fixes.
fn shows_fixes(args: &CheckArgs) -> bool {
    let printed = !args.statistics && args.format.shows_fixes();
    args.fix || args.diff || printed || args.outputs.iter().any(|o| o.format.shows_fixes())
}

/// The format a run can print file by file as it goes, when that is all
/// it writes: no other output, statistics, baseline or fixes need the
/// whole report first.
fn streamed(args: &CheckArgs, keep_text: bool) -> Option<render::stream::Kind> {
    let whole = args.fix
        || args.diff
        || args.statistics
        || keep_text
        || !args.outputs.is_empty()
        || args.paths.iter().any(|p| p.as_os_str() == "-");
    if whole {
        None
    } else {
        render::stream::Kind::of(args.format)
    }
}

/// [`check`] for a run that prints each file's findings as soon as the
/// files before it are linted and keeps none of them: its memory does not
/// grow with what it finds. Same output, same exit code.
fn check_streamed(
    args: &CheckArgs,
    kind: render::stream::Kind,
    paths: &[PathBuf],
    configs: &ConfigResolver,
) -> io::Result<i32> {
    let style = style(args);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut stream = render::stream::Stream::new(kind, &style);
    let (mut files, mut failed, mut written) = (0, false, Ok(()));
    let progress = progress(args);
    let mut indicator = progress.clone().map(start_indicator);
    // On the terminal the findings go to, the indicator would draw over
    // them: it goes before the first one, which then shows the progress.
    let shares_terminal = io::stdout().is_terminal();
    let options = run_options(args, false, progress);
    let errors = if paths.is_empty() {
        lint::RunErrors::default()
    } else {
        lint::lint_paths_each(paths, configs, &options, &mut |f| {
            files += 1;
            failed = failed || file_fails(&f, configs);
            if shares_terminal
                && !f.diagnostics.is_empty()
                && let Some(i) = indicator.take()
            {
                i.stop();
            }
            if written.is_ok() {
                written = stream.file(&f, &mut out);
            }
        })
    };
    if let Some(i) = indicator {
        i.stop();
    }
    let written = written
        .and_then(|()| stream.finish(None, &mut out))
        .and_then(|()| out.flush());
    match written {
        // A reader that went away (`| head`) does not change the verdict.
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e),
        _ => {}
    }
    let mut config_errors = errors.config_errors;
    config_errors.extend(configs.take_errors());
    warn_when_nothing_found(paths, files, configs);
    let status = print_run_errors(&errors.walk_errors, &config_errors);
    Ok(if status == EXIT_ERROR || args.exit_zero {
        status
    } else if failed {
        EXIT_FOUND
    } else {
        EXIT_OK
    })
}

/// Options that cannot go together.
fn invalid_combination(args: &CheckArgs) -> Option<String> {
    if args.statistics && !matches!(args.format, Format::Human | Format::Concise | Format::Json) {
        return Some(format!(
            "`--statistics` prints a table (human, concise) or JSON (json), not `{}`",
            args.format.as_str()
        ));
    }
    if args.stdin_filename.is_some() && !args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Some(
            "`--stdin-filename` names the file read from standard input; add `-` to the paths to read it"
                .to_string(),
        );
    }
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if (args.fix || args.diff) && stdin && args.paths.len() > 1 {
        return Some(
            "with `-`, `--fix` and `--diff` write the fixed standard input to standard output; name no other paths"
                .to_string(),
        );
    }
    None
}

/// What the command line says about rules and failing.
fn overrides(args: &CheckArgs) -> Overrides {
    Overrides {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on.map(FailOnArg::to_fail_on),
    }
}

/// `--baseline`, else the configured one (unless `--no-baseline`), shown
/// relative to the working directory.
fn baseline_file(args: &CheckArgs, configs: &ConfigResolver) -> Option<PathBuf> {
    if args.no_baseline {
        return None;
    }
    let file = args
        .baseline
        .clone()
        .or_else(|| configs.for_dir(Path::new(".")).baseline.clone())?;
    Some(match std::env::current_dir() {
        Ok(cwd) if file.is_absolute() => file
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or(file),
        _ => file,
    })
}

/// The paths to lint (not `-`), plus the Compose files that use them with
/// `--compose-context`.
fn named_paths(args: &CheckArgs, configs: &ConfigResolver) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    if args.compose_context {
        let reader = configs.reader();
        let named: Vec<PathBuf> = paths
            .iter()
            .filter(|p| reader.stat_named(p) != Ok(crate::reader::NamedKind::Dir))
            .cloned()
            .collect();
        let related = crate::related::compose_files_using(&named, Path::new("."), configs);
        paths.extend(related);
    }
    paths
}

/// Lints the paths, with a progress indicator when one is wanted; with
/// `--fix` or `--diff`, fixes them in memory first and returns the report of
/// the fixed texts with the fix run.
/// `keep_text`: every report keeps its file's text (a baseline needs it).
fn lint_named_paths(
    args: &CheckArgs,
    paths: &[PathBuf],
    configs: &ConfigResolver,
    keep_text: bool,
) -> (RunReport, Option<crate::fix::FixRun>) {
    if paths.is_empty() {
        return (RunReport::default(), None);
    }
    let progress = progress(args);
    let indicator = progress.clone().map(start_indicator);
    let options = run_options(args, keep_text, progress);
    let result = if args.fix || args.diff {
        let roots = crate::outfile::Roots::of_paths(configs.reader(), paths);
        let mut run = crate::fix::fix_paths(
            paths,
            configs,
            &options,
            crate::fix::FixOptions {
                unsafe_fixes: args.unsafe_fixes,
            },
            &|p: &Path| roots.writable(p),
        );
        (std::mem::take(&mut run.report), Some(run))
    } else {
        (lint::lint_paths(paths, configs, &options), None)
    };
    if let Some(i) = indicator {
        i.stop();
    }
    result
}

/// Counters for the progress indicator, when one is wanted.
fn progress(args: &CheckArgs) -> Option<Arc<lint::Progress>> {
    render::progress::wanted(
        args.format.is_for_people() && !args.statistics,
        args.quiet,
        io::stderr().is_terminal(),
    )
    .then(|| Arc::new(lint::Progress::default()))
}

fn start_indicator(progress: Arc<lint::Progress>) -> render::progress::Indicator {
    let delay = std::env::var("DOCKWARD_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(std::time::Duration::from_millis)
        .unwrap_or(render::progress::DEFAULT_DELAY);
    render::progress::Indicator::start(progress, delay)
}

/// What the run keeps of each report: only what the outputs show.
fn run_options(
    args: &CheckArgs,
    keep_text: bool,
    progress: Option<Arc<lint::Progress>>,
) -> RunOptions {
    RunOptions {
        force_exclude: args.force_exclude,
        progress,
        positions_only: (args.statistics || !args.format.needs_source_text())
            && !args.outputs.iter().any(|o| o.format.needs_source_text())
            && !keep_text,
        fixes_counted_only: !shows_fixes(args),
        overlay: None,
    }
}

/// `--diff` prints the changes and ends the run; `--fix` writes the fixed
/// files. `Some(exit code)` when the run ends here.
fn apply_fixes(
    args: &CheckArgs,
    run: &crate::fix::FixRun,
    report: &RunReport,
) -> io::Result<Option<i32>> {
    if args.diff {
        let remaining = report.files.iter().map(|f| f.diagnostics.len()).sum();
        return print_diffs(run, remaining, args.quiet).map(Some);
    }
    Ok(write_fixed(run))
}

/// "fixed 41, 12 remaining" after `--fix`: on standard output for people,
/// on standard error when a machine format owns standard output.
fn print_fix_summary(args: &CheckArgs, run: &crate::fix::FixRun, report: &RunReport) {
    if args.quiet {
        return;
    }
    let remaining = report
        .files
        .iter()
        .map(|f| f.diagnostics.len())
        .sum::<usize>();
    let line = fix_summary(run.fixed, remaining, run.unsettled);
    if args.format.is_for_people() && !args.statistics {
        println!("{line}");
    } else {
        eprintln!("{line}");
    }
}

/// Lints standard input as `--stdin-filename` (or `-`), adding its report
/// in path order. Bounded like a file: at most `file-size` bytes.
fn lint_stdin(
    args: &CheckArgs,
    configs: &ConfigResolver,
    report: &mut RunReport,
) -> io::Result<()> {
    let name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("-"));
    let config = configs.for_file(if name.as_os_str() == "-" {
        Path::new("./-")
    } else {
        &name
    });
    let max = config.limits.file_size.min(crate::reader::HARD_MAX_READ);
    let mut bytes = Vec::new();
    io::stdin().take(max + 1).read_to_end(&mut bytes)?;
    // Without a name, the content decides: Compose YAML starts with one of
    // its top-level keys.
    let kind = if args.stdin_filename.is_none() && looks_like_compose(&bytes) {
        crate::source::FileKind::Compose
    } else {
        kind_of_explicit(&name)
    };
    let file = match lint::decode_bounded(bytes, max) {
        Ok(text) => lint::lint_text(&name, kind, text, &config),
        Err(p) => lint::problem_report(p, &name, kind),
    };
    report.files.push(file);
    report
        .files
        .sort_by(|a, b| a.source.path.cmp(&b.source.path));
    Ok(())
}

/// Nothing to lint is not a failure, but it is never silent.
fn warn_when_nothing_found(paths: &[PathBuf], files: usize, configs: &ConfigResolver) {
    for p in paths {
        let is_dir = configs.reader().stat_named(p) == Ok(crate::reader::NamedKind::Dir);
        if is_dir && files == 0 {
            escape::stderr_line(&format!(
                "dockward: warning: no Dockerfile or Compose file under {}",
                crate::source::display_path(p)
            ));
        }
    }
}

/// Paths that could not be walked and configurations that could not be
/// loaded, on stderr: [`EXIT_ERROR`] if there were any.
fn print_run_errors(walk_errors: &[WalkError], config_errors: &[ConfigError]) -> i32 {
    let mut status = EXIT_OK;
    for e in walk_errors {
        escape::stderr_line(&format!(
            "dockward: error: {}: {}",
            display_path(&e.path),
            e.message
        ));
        status = EXIT_ERROR;
    }
    for e in config_errors {
        escape::stderr_line(&format!("dockward: error: {e}"));
        status = EXIT_ERROR;
    }
    status
}

/// How reports look: terminal, CI and VCS details from the environment.
fn style(args: &CheckArgs) -> Style {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    Style {
        color: color_enabled(args),
        width: terminal_width(),
        summary: !args.quiet,
        show_source: !args.no_show_source,
        verbose: args.verbose,
        cwd: std::env::current_dir().ok(),
        workspace: var("GITHUB_WORKSPACE")
            .or_else(|| var("CI_PROJECT_DIR"))
            .map(|w| crate::paths::normalize(Path::new(&w))),
        vcs: render::Vcs::from_env(|k| std::env::var(k).ok().filter(|v| !v.is_empty())),
    }
}

/// The report (or the statistics table) on stdout. A reader that went away
/// (`| head`) does not change the verdict: the other reports are still
/// written and the exit code is the real one.
fn print_report(args: &CheckArgs, report: &RunReport, style: &Style) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let printed = if args.statistics {
        match args.format {
            Format::Json => render::statistics::render_json(report, &mut out),
            _ => render::statistics::render_text(report, args.quiet, &mut out),
        }
    } else {
        render::render(args.format, report, style, &mut out)
    }
    .and_then(|()| out.flush());
    match printed {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// Each `--output FORMAT=FILE` (files without color; `-` is stdout):
/// [`EXIT_ERROR`] if a file could not be written.
fn write_outputs(args: &CheckArgs, report: &RunReport, style: &Style) -> io::Result<i32> {
    let file_style = Style {
        color: false,
        ..style.clone()
    };
    let mut status = EXIT_OK;
    for o in &args.outputs {
        if o.path.as_os_str() == "-" {
            let stdout = io::stdout();
            let mut w = io::BufWriter::new(stdout.lock());
            match render::render(o.format, report, style, &mut w).and_then(|()| w.flush()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                r => r?,
            }
            continue;
        }
        let written = crate::outfile::write(&o.path, |w| {
            render::render(o.format, report, &file_style, w)
        });
        if let Err(e) = written {
            escape::stderr_line(&format!(
                "dockward: error: cannot write the {} report to {}: {}",
                o.format.as_str(),
                display_path(&o.path),
                crate::discover::io_message(&e)
            ));
            status = EXIT_ERROR;
        }
    }
    Ok(status)
}

/// One line on stderr when baseline entries no longer match anything.
fn report_stale_baseline(args: &CheckArgs, report: &RunReport, file: Option<&Path>) {
    if let (Some(applied), Some(file)) = (&report.baseline, file)
        && !applied.stale.is_empty()
        && !args.quiet
    {
        let n = applied.stale.len();
        escape::stderr_line(&format!(
            "dockward: {n} baseline {} in {} no longer {} anything (fixed or changed); `--write-baseline {}` removes {}",
            if n == 1 { "entry" } else { "entries" },
            display_path(file),
            if n == 1 { "matches" } else { "match" },
            display_path(file),
            if n == 1 { "it" } else { "them" },
        ));
    }
}

/// [`EXIT_FOUND`] when a diagnostic reaches its file's `fail-on` severity.
fn findings_status(report: &RunReport, configs: &ConfigResolver) -> i32 {
    if report.files.iter().any(|f| file_fails(f, configs)) {
        EXIT_FOUND
    } else {
        EXIT_OK
    }
}

/// Whether a file's most severe finding reaches its `fail-on`; a clean file
/// needs no lookup.
fn file_fails(f: &lint::FileReport, configs: &ConfigResolver) -> bool {
    let Some(worst) = f.diagnostics.iter().map(|d| d.severity).max() else {
        return false;
    };
    let fail_on = configs
        .for_file(&f.source.path)
        .fail_on
        .unwrap_or(FailOn::At(crate::diagnostic::Severity::Warning));
    fail_on.fails(worst)
}

/// "fixed 41, 12 remaining".
fn fix_summary(fixed: usize, remaining: usize, unsettled: bool) -> String {
    let mut s = format!("fixed {fixed}, {remaining} remaining");
    if unsettled {
        s.push_str(&format!(
            " (fixes were still pending after {} passes; run again)",
            crate::fix::MAX_PASSES
        ));
    }
    s
}

/// Reports fixes that were not applied, on standard error.
fn print_refusals(run: &crate::fix::FixRun) {
    for r in &run.refused {
        crate::escape::stderr_line(&format!(
            "dockward: warning: {}: the fix of `{}` was not applied: {}",
            crate::escape::path(&r.path),
            r.rule.name,
            r.reason
        ));
    }
}

/// `--diff`: the unified diff of every file `--fix` would change; exit 1
/// when there is one.
fn print_diffs(run: &crate::fix::FixRun, remaining: usize, quiet: bool) -> io::Result<i32> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for f in &run.files {
        let path = crate::escape::path(&f.path);
        out.write_all(crate::fix::diff::unified(&path, &f.original, &f.fixed).as_bytes())?;
    }
    out.flush()?;
    drop(out);
    print_refusals(run);
    if !quiet {
        eprintln!(
            "would fix {} in {} file{}, {remaining} remaining",
            run.fixed,
            run.files.len(),
            if run.files.len() == 1 { "" } else { "s" }
        );
    }
    Ok(if run.files.is_empty() {
        EXIT_OK
    } else {
        EXIT_FOUND
    })
}

/// `--fix`: writes the fixed files. `Some(exit code)` when a file could
/// not be written.
fn write_fixed(run: &crate::fix::FixRun) -> Option<i32> {
    let mut failed = false;
    for f in &run.files {
        if let Err(e) = crate::outfile::write(&f.path, |w| w.write_all(f.fixed.as_bytes())) {
            crate::escape::stderr_line(&format!(
                "dockward: error: cannot write the fixed {}: {}",
                crate::escape::path(&f.path),
                crate::discover::io_message(&e)
            ));
            failed = true;
        }
    }
    // Refused fixes are reported even with `-q`: something asked for was
    // not done.
    print_refusals(run);
    failed.then_some(EXIT_ERROR)
}

/// `--fix` or `--diff` on standard input: the fixed text (or its diff)
/// on standard output.
fn fix_stdin(args: &CheckArgs, configs: &ConfigResolver) -> io::Result<i32> {
    let name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("-"));
    let kind = kind_of_explicit(&name);
    let mut bytes = Vec::new();
    io::stdin().read_to_end(&mut bytes)?;
    let config = configs.for_file(if name.as_os_str() == "-" {
        Path::new("./-")
    } else {
        &name
    });
    let text = match lint::decode(bytes) {
        Ok(t) => t,
        Err(p) => {
            crate::escape::stderr_line(&format!("dockward: error: standard input: {}", p.message));
            return Ok(EXIT_ERROR);
        }
    };
    let (fixed, count) = crate::fix::fix_text(
        kind,
        &text,
        crate::fix::FixOptions {
            unsafe_fixes: args.unsafe_fixes,
        },
        &|r| config.fix_enabled(crate::config::rule_index(r)),
        &|t: &str| lint::lint_text(&name, kind, t.to_string(), &config).diagnostics,
    );
    let remaining = lint::lint_text(&name, kind, fixed.clone(), &config)
        .diagnostics
        .len();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.diff {
        let path = crate::escape::path(&name);
        out.write_all(crate::fix::diff::unified(&path, &text, &fixed).as_bytes())?;
        out.flush()?;
        if !args.quiet {
            eprintln!("would fix {count}, {remaining} remaining");
        }
        return Ok(if fixed != text { EXIT_FOUND } else { EXIT_OK });
    }
    out.write_all(fixed.as_bytes())?;
    out.flush()?;
    if !args.quiet {
        eprintln!("{}", fix_summary(count, remaining, false));
    }
    Ok(if remaining > 0 { EXIT_FOUND } else { EXIT_OK })
}

fn looks_like_compose(bytes: &[u8]) -> bool {
    const KEYS: [&str; 9] = [
        "services:",
        "version:",
        "name:",
        "include:",
        "networks:",
        "volumes:",
        "secrets:",
        "configs:",
        "x-",
    ];
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    text.lines()
        .map(str::trim_end)
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#') && l.trim() != "---")
        .is_some_and(|l| KEYS.iter().any(|k| l.starts_with(k)))
}

/// Reads a baseline through the reader, within `root` and bounded. A
/// missing file is an error when it was asked for, and no baseline when
/// `--write-baseline` is about to create it.
fn load_baseline(
    reader: &crate::reader::Reader,
    root: &crate::reader::Root,
    path: &Path,
    must_exist: bool,
) -> Result<Option<Baseline>, String> {
    let missing = reader.resolve(root, path) == Err(crate::reader::ReadError::NotFound);
    if !must_exist && missing {
        return Ok(None);
    }
    let text = lint::read_source(reader, root, path, crate::config::DEFAULT_MAX_FILE_SIZE)
        .map_err(|e| {
            format!(
                "cannot read the baseline {}: {}{}",
                display_path(path),
                e.message,
                if missing {
                    "; create it with `dockward check --write-baseline FILE`"
                } else {
                    ""
                }
            )
        })?;
    Baseline::parse(path, &text)
        .map(Some)
        .map_err(|e| format!("{}: {e}", display_path(path)))
}

/// `--write-baseline FILE`: the current findings, plus the entries of
/// files this run did not lint, sorted, written atomically.
fn write_baseline(report: &RunReport, cwd: &Path, file: &Path, quiet: bool) -> io::Result<i32> {
    if print_run_errors(&report.walk_errors, &report.config_errors) == EXIT_ERROR {
        escape::stderr_line("dockward: error: the baseline was not written");
        return Ok(EXIT_ERROR);
    }
    // The file named on the command line, read within its own root.
    let reader = crate::reader::Reader::new();
    let previous = match load_baseline(&reader, &reader.root_of(file), file, false) {
        Ok(b) => b,
        Err(e) => {
            escape::stderr_line(&format!("dockward: error: {e}"));
            return Ok(EXIT_ERROR);
        }
    };
    let dir = crate::lint::baseline::dir_of(file);
    let root = reader.root_of(&dir);
    let present = |p: &Path| reader.resolve(&root, p).is_ok();
    let b = Baseline::record(report, cwd, previous.as_ref(), &dir, &present);
    // Entries of the old file that the new one no longer holds.
    let dropped = previous.as_ref().map_or(0, |p| {
        let key = |e: &crate::lint::baseline::Entry| {
            (e.path.clone(), e.rule.clone(), e.fingerprint.clone())
        };
        let mut now: foldhash::HashMap<_, usize> = foldhash::HashMap::default();
        for e in &b.entries {
            *now.entry(key(e)).or_default() += 1;
        }
        p.entries
            .iter()
            .filter(|e| match now.get_mut(&key(e)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .count()
    });
    let json = b.to_json();
    crate::outfile::write(file, |w| w.write_all(json.as_bytes())).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot write the baseline {}: {}",
                display_path(file),
                crate::discover::io_message(&e)
            ),
        )
    })?;
    if !quiet {
        let n = b.entries.len();
        escape::stderr_line(&format!(
            "dockward: wrote {n} baseline {} to {}{}",
            if n == 1 { "entry" } else { "entries" },
            display_path(file),
            if dropped > 0 {
                format!(" ({dropped} stale removed)")
            } else {
                String::new()
            }
        ));
    }
    Ok(EXIT_OK)
}

/// In GitHub Actions: the job summary (`GITHUB_STEP_SUMMARY`) and the step
/// outputs (`GITHUB_OUTPUT`), each appended when its variable is set.
fn github_files(report: &RunReport, style: &Style) -> io::Result<()> {
    let append = |var: &str, text: &str| -> io::Result<()> {
        let Some(path) = std::env::var_os(var).filter(|v| !v.is_empty()) else {
            return Ok(());
        };
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        f.write_all(text.as_bytes())
    };
    let links = render::github::Links::from_env();
    append(
        "GITHUB_STEP_SUMMARY",
        &render::github::summary(report, style, &links),
    )?;
    append("GITHUB_OUTPUT", &render::github::outputs(report))
}

/// `dockward init`: a starter configuration from what a default run finds.
fn init(with_baseline: bool, force: bool) -> io::Result<i32> {
    let config = Path::new("dockward.toml");
    if crate::reader::Reader::new().stat_named(config).is_ok() && !force {
        escape::stderr_line(
            "dockward: error: dockward.toml already exists; `dockward init --force` replaces it",
        );
        return Ok(EXIT_ERROR);
    }
    let configs = match ConfigResolver::new(None, Overrides::default()) {
        Ok(c) => c.quiet(true),
        Err(e) => {
            escape::stderr_line(&format!("dockward: error: {e}"));
            return Ok(EXIT_ERROR);
        }
    };
    let report = lint::lint_paths(&[PathBuf::from(".")], &configs, &RunOptions::default());
    let baseline_file = "dockward-baseline.json";
    let text = crate::init::starter(&report, with_baseline.then_some(baseline_file));
    crate::outfile::write(config, |w| w.write_all(text.as_bytes()))?;
    escape::stderr_line("dockward: wrote dockward.toml");
    if with_baseline {
        let cwd = std::env::current_dir()?;
        return write_baseline(&report, &cwd, Path::new(baseline_file), false);
    }
    Ok(EXIT_OK)
}

fn rules(args: &RulesArgs) -> io::Result<i32> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = RULES.iter().map(|r| rule_json(r.meta)).collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        RulesFormat::Text => {
            let width = RULES.iter().map(|r| r.meta.name.len()).max().unwrap_or(0);
            for r in RULES {
                let m = r.meta;
                let off = if m.default_enabled {
                    ""
                } else {
                    " (off by default)"
                };
                writeln!(
                    out,
                    "{}  {:width$}  {:8} {:10} {}{off}",
                    m.code,
                    m.name,
                    format!("{:?}", m.kind).to_lowercase(),
                    m.severity.as_str(),
                    m.summary,
                )?;
            }
        }
        RulesFormat::Markdown => out.write_all(rules_markdown().as_bytes())?,
    }
    out.flush()?;
    Ok(EXIT_OK)
}

/// The rule index (`lints/README.md`), generated from the registry.
pub fn rules_markdown() -> String {
    use std::fmt::Write as _;
    let mut s = String::from(
        "# Rules\n\nGenerated by `dockward rules --format markdown`; do not edit by hand.\n",
    );
    for (kind, title) in [
        (crate::source::FileKind::Dockerfile, "Dockerfile rules"),
        (crate::source::FileKind::Compose, "Compose rules"),
    ] {
        let _ = write!(
            s,
            "\n## {title}\n\n| code | name | severity | default | summary | equivalents |\n|---|---|---|---|---|---|\n"
        );
        let mut rules: Vec<_> = RULES.iter().filter(|r| r.meta.kind == kind).collect();
        rules.sort_by_key(|r| r.meta.code);
        for r in rules {
            let m = r.meta;
            let origins: Vec<String> = m
                .origins
                .iter()
                .map(|o| format!("{} {}", o.tool.as_str(), o.id))
                .collect();
            let _ = writeln!(
                s,
                "| {} | [{}]({}-{}.md) | {} | {} | {} | {} |",
                m.code,
                m.name,
                m.code,
                m.name,
                m.severity.as_str(),
                if m.default_enabled { "on" } else { "off" },
                m.summary.replace('|', "\\|"),
                origins.join(", ").replace('|', "\\|"),
            );
        }
    }
    s
}

/// A rule as `dockward rules --format json` prints it.
pub fn rule_json(m: &crate::rules::RuleMeta) -> serde_json::Value {
    let mut origins = serde_json::Map::new();
    for t in Tool::ALL {
        let ids: Vec<&str> = m.origin_ids(t).collect();
        origins.insert(t.as_str().to_string(), serde_json::json!(ids));
    }
    serde_json::json!({
        "code": m.code,
        "name": m.name,
        "aliases": m.aliases,
        "kind": m.kind,
        "severity": m.severity,
        "summary": m.summary,
        "origins": origins,
        "fixable": m.fixable,
        "status": m.status,
        "default_enabled": m.default_enabled,
        "url": m.url(),
    })
}

/// `dockward explain RULE`: the page rendered for a terminal (plain text
/// when stdout is not one), through a pager on a terminal.
fn explain(selector: &str, markdown: bool, no_pager: bool) -> io::Result<i32> {
    let Some(r) = crate::rules::find(selector) else {
        escape::stderr_line(&format!(
            "dockward: error: {}",
            crate::rules::unknown_rule(selector)
        ));
        return Ok(EXIT_ERROR);
    };
    let doc = r.meta.doc;
    let mut text = if markdown {
        doc.to_string()
    } else {
        let tty = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color =
            tty && !no_color && anstyle_query::windows::enable_ansi_colors().unwrap_or(true);
        let style = crate::render::page::PageStyle {
            color,
            width: terminal_width(),
        };
        crate::render::page::terminal(doc, style)
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if !no_pager && io::stdout().is_terminal() && page(&text) {
        return Ok(EXIT_OK);
    }
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(EXIT_OK)
}

/// Shows `text` through the pager: `DOCKWARD_PAGER`, else `PAGER`, else
/// `less` (not on Windows), run by the shell like git runs it; `LESS=FRX` when `LESS` is
/// unset (quit when it fits the screen, keep colours, leave the text on
/// the screen). False when there is no pager (empty or `cat`) or it could
/// not be run, so the caller prints the text itself.
fn page(text: &str) -> bool {
    let pager = std::env::var("DOCKWARD_PAGER")
        .or_else(|_| std::env::var("PAGER"))
        // Windows has no `less` to count on, and `cmd` cannot say that a
        // program was not found in a way told apart from its failing.
        .unwrap_or_else(|_| if cfg!(windows) { "" } else { "less" }.to_string());
    let pager = pager.trim();
    if pager.is_empty() || pager == "cat" {
        return false;
    }
    let mut cmd = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", pager]);
        c
    } else {
        let mut c = std::process::Command::new("sh");
        c.args(["-c", pager]);
        c
    };
    if std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "FRX");
    }
    if std::env::var_os("LV").is_none() {
        cmd.env("LV", "-c");
    }
    let Ok(mut child) = cmd.stdin(std::process::Stdio::piped()).spawn() else {
        return false;
    };
    if let Some(mut input) = child.stdin.take() {
        // The reader quitting early (`q` in less) is not an error.
        let _ = input.write_all(text.as_bytes());
    }
    match child.wait() {
        // The shell's "command not found" / "not executable".
        Ok(status) => !matches!(status.code(), Some(126 | 127)),
        Err(_) => false,
    }
}

fn completions(shell: clap_complete::Shell) -> io::Result<i32> {
    let mut cmd = Cli::command();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    clap_complete::generate(shell, &mut cmd, "dockward", &mut out);
    out.flush()?;
    Ok(EXIT_OK)
}

/// `dockward man`: the page of the whole command on stdout, or with
/// `--dir` one page per command (`dockward-check.1`, ...).
fn man(dir: Option<&Path>) -> io::Result<i32> {
    let mut cmd = Cli::command();
    cmd.build();
    let Some(dir) = dir else {
        let stdout = io::stdout();
        let mut out = io::BufWriter::new(stdout.lock());
        clap_mangen::Man::new(cmd).render(&mut out)?;
        out.flush()?;
        return Ok(EXIT_OK);
    };
    std::fs::create_dir_all(dir)?;
    let mut pages = vec![("dockward".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let name = format!("dockward-{}", sub.get_name());
        // clap wants a `'static` name; this runs once per page and exits.
        let leaked: &'static str = Box::leak(name.clone().into_boxed_str());
        pages.push((name, sub.clone().name(leaked)));
    }
    for (name, page) in pages {
        let mut buf = Vec::new();
        clap_mangen::Man::new(page).render(&mut buf)?;
        std::fs::write(dir.join(format!("{name}.1")), buf)?;
    }
    Ok(EXIT_OK)
}
