//! The linting pipeline: read, parse, run rules, apply suppressions and
//! configuration, collect sorted reports.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::ffi::OsString;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::compose;
use crate::compose::model::ProblemKind;
use crate::config::{Config, ConfigError, ConfigResolver, rule_index};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::discover::{Job, WalkError, discover};
use crate::paths::normalize;
use crate::reader::{ReadError, Reader, Root};
use crate::rules::{
    Check, ComposeContext, DockerfileContext, FileAccess, ParsedDockerfile, RULES, ServiceBuild,
    syntax_rule,
};
use crate::source::{FileKind, SourceFile, Span};
use crate::suppress;
use cap::Cap;

pub mod baseline;
pub mod cap;

/// The stack of every thread that lints: the command's thread and rayon's
/// workers (`crate::cli::run`). The recursion caps on input depth (YAML
/// nesting, shell constructs, `${...}` nesting, `extends` chains) are
/// chosen so that linting at every cap at once fits in this size even in
/// a debug build (`tests/hostile_crash.rs`).
pub const STACK_SIZE: usize = 8 * 1024 * 1024;

/// The diagnostics of one file.
#[derive(Debug)]
pub struct FileReport {
    /// The file; from [`lint_paths`], its text only when there are
    /// diagnostics (reports are kept until the run ends).
    pub source: Arc<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything a run found.
#[derive(Debug, Default)]
pub struct RunReport {
    /// Sorted by path.
    pub files: Vec<FileReport>,
    /// Paths named on the command line that could not be walked.
    pub walk_errors: Vec<WalkError>,
    /// Configuration files found near linted files that failed to load.
    pub config_errors: Vec<ConfigError>,
    /// Set when a baseline was applied: the diagnostics left are the new
    /// ones.
    pub baseline: Option<baseline::Applied>,
}

impl RunReport {
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }
}

/// Options of a run that are not per-file configuration.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Apply `exclude` to files named on the command line too.
    pub force_exclude: bool,
    /// Counters a progress indicator can read while the run goes on.
    pub progress: Option<Arc<Progress>>,
    /// Every output is made of positions (line, column) and messages, never
    /// source text (concise, JSON, GitHub, checkstyle, JUnit): the text of
    /// an ASCII file is dropped once it is linted, and its line index kept.
    /// A large run then holds little more than its diagnostics.
    pub positions_only: bool,
    /// No output shows a fix (only counts of them): a fix keeps its
    /// applicability once its file is linted, and drops its text and edits.
    pub fixes_counted_only: bool,
    /// Texts that stand in for files on disk, by normalized path: the
    /// files a `--fix` run has fixed in memory so far.
    pub overlay: Option<Arc<Overlay>>,
}

/// Texts read in place of the files on disk, by normalized path (see
/// [`normalize`]).
pub type Overlay = HashMap<PathBuf, Arc<str>>;

/// How far a run is: files found, files linted. Updated with relaxed
/// atomics; readers get a recent value, never a torn one.
#[derive(Debug, Default)]
pub struct Progress {
    pub total: AtomicUsize,
    pub done: AtomicUsize,
}

impl Progress {
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// Lints files and directories.
///
/// Dockerfiles are linted one by one. Compose files are linted as projects
/// (see [`compose::layers`]): a base file with the override file Compose merges over
/// it is one unit, and each diagnostic is reported in the file that
/// supplied the value. Reports for one path from several units are merged.
pub fn lint_paths(paths: &[PathBuf], configs: &ConfigResolver, opts: &RunOptions) -> RunReport {
    let mut files = Vec::new();
    let errors = lint_paths_each(paths, configs, opts, &mut |f| files.push(f));
    RunReport {
        files,
        walk_errors: errors.walk_errors,
        config_errors: errors.config_errors,
        baseline: None,
    }
}

/// What went wrong around the files of a run rather than in them.
#[derive(Debug, Default)]
pub struct RunErrors {
    /// Paths named on the command line that could not be walked.
    pub walk_errors: Vec<WalkError>,
    /// Configuration files found near linted files that failed to load.
    pub config_errors: Vec<ConfigError>,
}

/// Dockerfiles linted side by side between two hand-overs of their reports.
/// Large enough that the wait for the slowest file of a batch is noise,
/// small enough that a batch's reports are little memory.
const BATCH: usize = 1024;

/// [`lint_paths`], handing each file's report to `each` in path order as
/// soon as it and every report before it are ready, and keeping none of
/// them: a run that renders as it goes holds a few batches of Dockerfile
/// reports, not the whole run's. Compose reports are kept until their turn
/// (a file's report may come from several projects).
pub fn lint_paths_each(
    paths: &[PathBuf],
    configs: &ConfigResolver,
    opts: &RunOptions,
    each: &mut dyn FnMut(FileReport),
) -> RunErrors {
    let reader = configs.reader().clone();
    let found = discover(paths, configs.reader(), configs, opts.force_exclude);
    let mut jobs = found.jobs;
    let walk_errors = found.errors;
    // Every directory's root: jobs' and `.env`s' directories.
    // Keyed by the directory's bytes (as the walk spells them), not by
    // `Path`, whose hash parses components.
    let mut roots: HashMap<OsString, Arc<Root>> = HashMap::new();
    for j in &jobs {
        let dir = crate::paths::parent(&j.path).unwrap_or(Path::new(""));
        if !roots.contains_key(dir.as_os_str()) {
            roots.insert(dir.as_os_str().to_owned(), j.root.clone());
        }
    }
    for (d, r) in &found.env_dirs {
        roots
            .entry(d.as_os_str().to_owned())
            .or_insert_with(|| r.clone());
    }
    let root_for = |p: &Path| -> Option<Arc<Root>> {
        let dir = crate::paths::parent(p).unwrap_or(Path::new(""));
        roots.get(dir.as_os_str()).cloned().or_else(|| {
            reader.root_holding(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            })
        })
    };
    let compose_file = |dir: &Path| -> Option<Vec<PathBuf>> {
        let root = roots.get(dir.as_os_str())?;
        let mut listed = compose::layers::listed_in_env(&reader, root, dir)?;
        listed.retain(|p| reader.is_present(root, p));
        Some(listed)
    };
    // Files `COMPOSE_FILE` lists are layers whatever their names: linted
    // even when the walk did not pick them by name.
    let excluded = |p: &Path| configs.for_file(p).is_excluded(p);
    compose::layers::add_listed_layers(
        &reader,
        &found.env_dirs,
        &compose_file,
        &excluded,
        &mut jobs,
    );
    let cache = match &opts.overlay {
        Some(o) => DockerfileCache::with_overlay(o.clone()),
        None => DockerfileCache::default(),
    };
    let progress = opts.progress.as_deref();
    if let Some(p) = progress {
        p.total.store(jobs.len(), Ordering::Relaxed);
    }
    let env_dirs: Vec<PathBuf> = found.env_dirs.iter().map(|(d, _)| d.clone()).collect();
    let exists = |p: &Path| root_for(p).is_some_and(|r| reader.is_present(&r, p));
    let count = |done: usize| {
        if let Some(p) = progress {
            p.done.fetch_add(done, Ordering::Relaxed);
        }
    };
    // Compose projects parse the Dockerfiles their services build into the
    // cache. Each Dockerfile is then linted from the cache, taking its
    // parse out, or parsed on the spot and dropped when linted, so parsed
    // trees do not pile up until the end of the run (they did: 2.4 GB for
    // 100,000 files, freed by one thread at exit).
    let slim = |r| slim_report(r, opts);
    let lint_projects = || -> Vec<FileReport> {
        let projects = compose::layers::projects(&jobs, &env_dirs, &exists, &compose_file);
        let composed = projects
            .par_iter()
            .flat_map_iter(|p| {
                let config = configs.for_file(&p.layers[0]);
                let mut files = ProjectFiles::new(&reader, &p.root, config.limits.file_size);
                files.overlay = opts.overlay.clone();
                let reports = lint_project(&files, &p.layers, &p.owned, None, &config, &cache);
                count(p.owned.iter().filter(|o| **o).count());
                reports
            })
            .collect();
        cache.composed();
        merge_reports(composed).into_iter().map(slim).collect()
    };
    // Already in path order: `discover` sorts the jobs, and listed layers
    // are sorted in with them.
    let dockerfiles: Vec<&Job> = jobs
        .iter()
        .filter(|j| j.kind == FileKind::Dockerfile)
        .collect();
    debug_assert!(dockerfiles.is_sorted_by(|a, b| a.path < b.path));
    // A Dockerfile's report is slimmed as soon as it is made, and handed
    // on in path order among the Compose reports. One thread lints a
    // batch on rayon's workers while this one hands on the batch before.
    let lint_batch = |batch: &[&Job]| -> Vec<FileReport> {
        batch
            .par_iter()
            .map(|job| {
                let config = configs.for_file(&job.path);
                let report = lint_job(&reader, job, &config, &cache);
                count(1);
                slim(report)
            })
            .collect()
    };
    let hand_on = |composed: &mut std::iter::Peekable<std::vec::IntoIter<FileReport>>,
                   reports: Vec<FileReport>,
                   each: &mut dyn FnMut(FileReport)| {
        for report in reports {
            while let Some(c) = composed.next_if(|c| c.source.path < report.source.path) {
                each(c);
            }
            match composed.next_if(|c| c.source.path == report.source.path) {
                Some(c) => merge_reports(vec![c, report])
                    .into_iter()
                    .map(slim)
                    .for_each(&mut *each),
                None => each(report),
            }
        }
    };
    let dockerfiles = &dockerfiles;
    let composed = std::thread::scope(|s| {
        let (batches, linted) = std::sync::mpsc::sync_channel(1);
        // The first batches are linted while the Compose projects are
        // planned and linted, which alone kept both cores busy only part
        // of the time. A Dockerfile taken before a project asks for it is
        // parsed again for the project, not cached ([`Cells::taken`]).
        cache.composing();
        let linter = std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn_scoped(s, move || {
                for batch in dockerfiles.chunks(BATCH) {
                    if batches.send(lint_batch(batch)).is_err() {
                        return;
                    }
                }
            });
        let mut composed = lint_projects().into_iter().peekable();
        match linter {
            Ok(_) => linted
                .into_iter()
                .for_each(|reports| hand_on(&mut composed, reports, each)),
            // No thread to spare: each batch is linted, then handed on.
            Err(_) => dockerfiles
                .chunks(BATCH)
                .for_each(|batch| hand_on(&mut composed, lint_batch(batch), each)),
        }
        composed
    });
    composed.for_each(each);
    RunErrors {
        walk_errors,
        config_errors: configs.take_errors(),
    }
}

/// The files of a project, read through the reader within the project's
/// root. Each read is bounded by the file size limit, and all of them
/// together by the project's budget ([`project_budget`]).
pub struct ProjectFiles<'a> {
    reader: &'a Arc<Reader>,
    root: &'a Arc<Root>,
    max_file: u64,
    /// Bytes the project may still read.
    left: std::sync::atomic::AtomicU64,
    /// Texts read instead of the disk (`--fix` passes).
    pub overlay: Option<Arc<Overlay>>,
}

/// The most bytes one project may read in all: eight files at the size
/// limit (80 MiB by default), whatever the number of files.
pub fn project_budget(file_size: u64) -> u64 {
    file_size.saturating_mul(8)
}

impl<'a> ProjectFiles<'a> {
    pub fn new(reader: &'a Arc<Reader>, root: &'a Arc<Root>, max_file: u64) -> ProjectFiles<'a> {
        ProjectFiles {
            reader,
            root,
            max_file,
            left: std::sync::atomic::AtomicU64::new(project_budget(max_file)),
            overlay: None,
        }
    }

    /// The path's directory is inside the root (a link there may still
    /// point outside).
    fn link_inside(&self, path: &Path) -> bool {
        let abs = self.reader.absolute(path);
        abs.parent()
            .and_then(|p| self.reader.real_dir(p))
            .is_some_and(|r| self.root.holds(&r))
    }

    /// A file's text, or the problem that keeps it from being read.
    fn read_source(&self, path: &Path) -> Result<String, ReadProblem> {
        if let Some(text) = self.overlay.as_ref().and_then(|o| o.get(path)) {
            return Ok(text.to_string());
        }
        let left = self.left.load(Ordering::Relaxed);
        let limit = self.max_file.min(left);
        match read_source(self.reader, self.root, path, limit) {
            Ok(text) => {
                self.left.fetch_sub(text.len() as u64, Ordering::Relaxed);
                Ok(text)
            }
            Err(mut p) if limit < self.max_file && p.too_large => {
                p.message = format!(
                    "the project reads more than {} bytes in all, the most dockward reads",
                    project_budget(self.max_file)
                );
                p.help = Some("split the project, or raise `file-size` under `[limits]`".into());
                Err(p)
            }
            Err(p) => Err(p),
        }
    }
}

impl compose::project::Files for ProjectFiles<'_> {
    fn read(&self, path: &Path) -> Result<String, compose::project::Unread> {
        use compose::project::Unread;
        self.read_source(&normalize(path)).map_err(|e| {
            if e.outside {
                Unread::Outside
            } else {
                Unread::Failed(
                    e.message
                        .strip_prefix("cannot read this file: ")
                        .unwrap_or(&e.message)
                        .to_string(),
                )
            }
        })
    }

    fn is_outside(&self, path: &Path) -> bool {
        matches!(
            self.reader.resolve(self.root, &normalize(path)),
            Err(ReadError::Outside)
        )
    }
}

/// What a report keeps of its file until the end of the run: a clean
/// file keeps its name only (renderers need the text of files with
/// diagnostics alone), with `positions_only` an ASCII file keeps its line
/// index without the text, and with `fixes_counted_only` a fix keeps its
/// applicability alone.
fn slim_report(mut report: FileReport, opts: &RunOptions) -> FileReport {
    if opts.fixes_counted_only {
        for f in report.diagnostics.iter_mut().filter_map(|d| d.fix.as_mut()) {
            f.keep_applicability_only();
        }
    }
    report.diagnostics.shrink_to_fit();
    let s = &report.source;
    if s.text.is_empty() {
        return report;
    }
    if report.diagnostics.is_empty() {
        report.source = Arc::new(SourceFile::new(s.path.clone(), s.kind, String::new()));
    } else if opts.positions_only && s.index.is_ascii() {
        report.source = Arc::new(s.without_text());
    }
    report
}

/// Merges the reports of one path that several units produced, keeping one
/// copy of each diagnostic, and sorts by path. Linear in the number of
/// diagnostics (an included file with 100,000 services reports from each
/// project that includes it).
fn merge_reports(mut files: Vec<FileReport>) -> Vec<FileReport> {
    use foldhash::{HashSet, HashSetExt};
    files.sort_by_cached_key(|f| crate::paths::order_key(&f.source.path));
    let mut out: Vec<FileReport> = Vec::with_capacity(files.len());
    let mut seen: HashSet<(&'static str, Span, String)> = HashSet::new();
    let mut merged = false;
    for f in files {
        match out.last_mut() {
            Some(last) if last.source.path == f.source.path => {
                if !merged {
                    seen.clear();
                    seen.extend(
                        last.diagnostics
                            .iter()
                            .map(|x| (x.rule.code, x.span, x.message.clone())),
                    );
                    merged = true;
                }
                for d in f.diagnostics {
                    if seen.insert((d.rule.code, d.span, d.message.clone())) {
                        last.diagnostics.push(d);
                    }
                }
                last.diagnostics.sort_by(|a, b| {
                    (a.span.start, a.span.end, a.rule.code).cmp(&(
                        b.span.start,
                        b.span.end,
                        b.rule.code,
                    ))
                });
            }
            _ => {
                merged = false;
                out.push(f);
            }
        }
    }
    out
}

/// Lints text that is not read from disk (stdin, an editor buffer). A
/// Compose text is linted with the files beside `path` that Compose would
/// merge with it (the base or override file, `.env`, `extends` and
/// `include` targets), read from disk within `path`'s root; only `path`'s
/// report is returned.
pub fn lint_text(path: &Path, kind: FileKind, text: String, config: &Config) -> FileReport {
    let cache = DockerfileCache::default();
    lint_text_with(path, kind, text, config, &cache)
}

/// Lints text with the Dockerfiles that Compose services build supplied by
/// the caller (an editor's unsaved buffers win over disk). The files read
/// from disk stay inside the root of `path` (the top of its git work tree,
/// else its directory).
pub fn lint_text_with(
    path: &Path,
    kind: FileKind,
    text: String,
    config: &Config,
    cache: &DockerfileCache,
) -> FileReport {
    let reader = Arc::new(Reader::new());
    let root = reader.root_of(path);
    match kind {
        FileKind::Dockerfile => {
            let source = Arc::new(SourceFile::new(path, kind, text));
            let access = FileAccess {
                reader: reader.clone(),
                root,
            };
            guarded(&source, || {
                let parsed = ParsedDockerfile::new(source.clone()).with_files(access);
                dockerfile_report(&parsed, lint_dockerfile(&parsed, config))
            })
        }
        FileKind::Compose => {
            let path = normalize(path);
            let layers = compose::layers::layers_of(&path, &|p: &Path| reader.is_present(&root, p));
            let owned: Vec<bool> = layers.iter().map(|l| *l == path).collect();
            let files = ProjectFiles::new(&reader, &root, config.limits.file_size);
            let reports = lint_project(&files, &layers, &owned, Some((&path, text)), config, cache);
            reports
                .into_iter()
                .find(|r| r.source.path == path)
                .unwrap_or_else(|| FileReport {
                    source: Arc::new(SourceFile::new(&path, kind, String::new())),
                    diagnostics: Vec::new(),
                })
        }
    }
}

fn lint_job(
    reader: &Arc<Reader>,
    job: &Job,
    config: &Config,
    cache: &DockerfileCache,
) -> FileReport {
    let path = normalize(&job.path);
    // The parse leaves the cache: it is freed as soon as this file is done.
    let parsed = cache.take_or_load(reader, &job.root, &path, config.limits.file_size);
    match parsed {
        Ok(p) => {
            let source = p.source.clone();
            guarded(&source, || {
                dockerfile_report(&p, lint_dockerfile(&p, config))
            })
        }
        Err(problem) => problem_report(problem, &path, FileKind::Dockerfile),
    }
}

/// A Dockerfile's report; one that cannot be parsed shows nothing of its
/// text beyond what its diagnostics point at.
fn dockerfile_report(p: &ParsedDockerfile, diagnostics: Vec<Diagnostic>) -> FileReport {
    if unparsed(&p.df) {
        redacted_report(&p.source, diagnostics)
    } else {
        FileReport {
            diagnostics,
            source: p.source.clone(),
        }
    }
}

thread_local! {
    /// Set while a file is linted under `guarded`, so the panic hook stays
    /// quiet: the panic becomes a diagnostic instead.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs a panic hook that keeps panics caught by `guarded` off stderr
/// and leaves every other panic to the default hook.
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(|g| g.get()) {
                default(info);
            }
        }));
    });
}

/// Runs a closure, turning a panic into a diagnostic for the file so one bad
/// file never ends the run.
fn guarded(source: &Arc<SourceFile>, f: impl FnOnce() -> FileReport) -> FileReport {
    let was = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    match result {
        Ok(r) => r,
        Err(e) => {
            let msg = e
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let mut d = Diagnostic::new(
                syntax_rule(source.kind),
                Span::empty(0),
                format!("internal error while linting this file: {msg}"),
            );
            crate::diagnostic::escape(&mut d);
            d.help("this is a bug in dockward; please report it with the file");
            FileReport {
                source: source.clone(),
                diagnostics: vec![d],
            }
        }
    }
}

/// [`guarded`] for a unit that reports several files: a panic becomes an
/// internal-error diagnostic in each of them.
fn guarded_many(paths: &[PathBuf], f: impl FnOnce() -> Vec<FileReport>) -> Vec<FileReport> {
    let was = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    match result {
        Ok(r) => r,
        Err(e) => {
            let msg = panic_message(&*e);
            paths
                .iter()
                .map(|p| {
                    let source = Arc::new(SourceFile::new(p, FileKind::Compose, String::new()));
                    let msg = msg.clone();
                    guarded(&source, || std::panic::resume_unwind(Box::new(msg)))
                })
                .collect()
        }
    }
}

fn panic_message(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

fn lint_dockerfile(p: &ParsedDockerfile, config: &Config) -> Vec<Diagnostic> {
    let mask = config.enabled_mask(&p.source.path);
    let mut bad = Vec::new();
    // With `inline-suppressions = false`, comments are only comments.
    let mut sups = if config.inline_suppressions {
        suppress::dockerfile_suppressions(&p.df, &p.model, &p.source.text, &mut bad)
    } else {
        Vec::new()
    };
    let mut cap = Cap::new(config.limits.diagnostics_per_file);
    let mut kept = Vec::new();
    // Settled and capped as they come, even inside one rule.
    let spill_at = cap.spill_at();
    let mut spill = |batch: Vec<Diagnostic>| {
        kept.extend(settle(batch, &mut sups, config, &mask));
        cap.trim(&mut kept);
    };
    let mut out = Diagnostics::spilling(spill_at, &mut spill);
    let syntax = syntax_rule(FileKind::Dockerfile);
    for e in &p.df.errors {
        let d = out.report(syntax, e.span, e.message.clone());
        if let Some(h) = &e.help {
            d.help(h.clone());
        }
    }
    // A script nested past what the shell parser follows is not wholly
    // checked: never clean by omission.
    for s in &p.model.scripts {
        if let Some(at) = s.script.too_deep {
            out.report(
                syntax,
                at,
                format!(
                    "shell script nested more than {} levels deep",
                    crate::shell::MAX_DEPTH
                ),
            )
            .help("use fewer nested subshells, groups or substitutions; the commands nested deeper were not checked");
        }
    }
    let options = config.options_for(&p.source.path);
    let cx = DockerfileContext {
        file: p,
        options: &options,
    };
    for (i, rule) in RULES.iter().enumerate() {
        if let Check::Dockerfile(check) = rule.check
            && mask[i]
        {
            check(&cx, &mut out);
        }
    }
    // The `.dockerignore` that `COPY` rules consult, when it is a link out
    // of the repository: not read, and said so.
    if mask[rule_index(&crate::rules::dockerfile::copy_ignored_file::META)]
        && crate::rules::support::copy_sources::transfers(&p.df.instructions)
            .next()
            .is_some()
        && let crate::rules::support::dockerignore::Lookup::Outside(name) =
            crate::rules::support::dockerignore::lookup(p)
    {
        out.report(
            syntax,
            Span::empty(0),
            format!("cannot read `{name}`: it is a link to a file outside the repository"),
        )
        .help("make the ignore file a file of the repository, or remove the link");
    }
    let rest = out.into_vec();
    kept.extend(rest);
    finish(
        kept,
        &mut sups,
        &bad,
        FileKind::Dockerfile,
        config,
        &mask,
        &p.source.text,
        &mut cap,
    )
}

/// A file's suppressions and its malformed suppression comments.
type FileSuppressions = (Vec<suppress::Suppression>, Vec<(Span, String)>);

/// What every diagnostic goes through before it is kept: the file's mask
/// and suppressions (recording which were used), configured severities.
/// Done as diagnostics come in when a file has many, so the per-file cap
/// ranks only what will be reported; [`finish`] does it for the rest (it
/// changes nothing the second time).
fn settle(
    mut diags: Vec<Diagnostic>,
    sups: &mut [suppress::Suppression],
    config: &Config,
    mask: &[bool],
) -> Vec<Diagnostic> {
    diags.retain(|d| mask[rule_index(d.rule)]);
    suppress::apply(&mut diags, sups);
    for d in &mut diags {
        d.severity = config.severity_for(d.rule, d.severity);
        // `[rules.NAME] fix = false`: the fix is neither applied nor offered.
        if d.fix.is_some() && !config.fix_enabled(rule_index(d.rule)) {
            d.fix = None;
        }
    }
    diags
}

/// The text of a project's file as reports show it: a `.env` file masked
/// (see [`compose::project::Project::masked_variables`]).
fn shown_source(
    project: &compose::project::Project,
    masked: &[Option<Arc<SourceFile>>],
    i: usize,
) -> Arc<SourceFile> {
    masked
        .get(i)
        .cloned()
        .flatten()
        .unwrap_or_else(|| project.files[i].source.clone())
}

/// Maps a diagnostic of a project (global offsets) to its file: the file's
/// index, and spans local to it (labels in other files get `Label::file`).
fn place(
    project: &compose::project::Project,
    masked: &[Option<Arc<SourceFile>>],
    mut d: Diagnostic,
) -> (usize, Diagnostic) {
    // Values from `.env` files are named by their variable, never printed.
    if !project.env_values.is_empty() {
        let at: Vec<Span> = std::iter::once(d.span)
            .chain(d.labels.iter().filter(|l| l.file.is_none()).map(|l| l.span))
            .collect();
        project.scrub(&mut d.message, &at);
        if let Some(h) = &mut d.help {
            project.scrub(h.to_mut(), &at);
        }
        for l in &mut d.labels {
            project.scrub(&mut l.message, &at);
        }
    }
    let (fi, local) = project.locate(d.span);
    d.span = local;
    for l in &mut d.labels {
        if l.file.is_none() {
            let (li, ll) = project.locate(l.span);
            l.span = ll;
            if li != fi {
                l.file = Some(shown_source(project, masked, li));
            }
        }
    }
    // A fix edits the file where the value is written, which may be
    // another file of the project (an anchor's, an override, a base).
    if let Some(fix) = &mut d.fix {
        for e in &mut fix.edits {
            if e.file.is_none() {
                let (ei, el) = project.locate(e.span);
                e.span = el;
                if ei != fi {
                    e.file = Some(project.files[ei].source.clone());
                }
            }
        }
    }
    (fi, d)
}

/// Lints a Compose project: its layers (the first is the base file), and
/// for each whether it is one of the files being linted (`owned`; only
/// those get a report even when clean, and unused-suppression reports).
/// `text` supplies one layer's text instead of the disk (stdin, editors).
///
/// Rules run once on the merged model. Each diagnostic is then mapped to
/// the file its span points into ([`Project::locate`]) and gets that file's
/// suppressions and configuration mask. A layer outside `owned` (the base
/// of an override named alone) is context only: nothing is reported in it.
/// Files that `extends` and `include` name are reported when they have
/// diagnostics and are not excluded.
///
/// [`Project::locate`]: crate::compose::project::Project::locate
fn lint_project(
    files: &ProjectFiles<'_>,
    layers: &[PathBuf],
    owned: &[bool],
    text: Option<(&Path, String)>,
    config: &Config,
    cache: &DockerfileCache,
) -> Vec<FileReport> {
    let mut text = text;
    let mut loaded = Vec::with_capacity(layers.len());
    let mut loaded_owned = Vec::with_capacity(layers.len());
    // Layers that could not be read: each is reported in itself, and the
    // project goes on with the others (a broken layer must not hide what
    // the others hold). A layer whose path itself leaves the repository
    // (listed by `COMPOSE_FILE`) is reported in the first layer read.
    let mut out = Vec::new();
    let mut listed_outside = Vec::new();
    for (i, path) in layers.iter().enumerate() {
        let path = normalize(path);
        let read = match text.take_if(|(p, _)| *p == path.as_path()) {
            Some((_, t)) => Ok(t),
            None => files.read_source(&path),
        };
        match read {
            Ok(t) => {
                loaded.push(compose::project::Layer { path, text: t });
                loaded_owned.push(owned[i]);
            }
            Err(problem) if problem.outside && !files.link_inside(&path) => {
                listed_outside.push(i + 1);
            }
            Err(problem) => {
                if owned[i] || problem.outside {
                    out.push(problem_report(problem, &path, FileKind::Compose));
                }
            }
        }
    }
    let owned_paths: Vec<PathBuf> = loaded
        .iter()
        .zip(&loaded_owned)
        .filter(|(_, o)| **o)
        .map(|(l, _)| l.path.clone())
        .collect();
    if loaded.is_empty() || owned_paths.is_empty() {
        return out;
    }
    let for_panics = owned_paths.clone();
    let mut reports = guarded_many(&for_panics, || {
        lint_loaded_project(files, loaded, &owned_paths, config, cache)
    });
    if !listed_outside.is_empty() {
        // Reported in the first owned layer, at its start: the reference
        // is in `.env`, whose values are never shown.
        let first = &owned_paths[0];
        if let Some(r) = reports.iter_mut().find(|r| &r.source.path == first) {
            let rule = &crate::rules::compose::reference_outside_repository::META;
            let mask = config.enabled_mask(first);
            if mask[rule_index(rule)] {
                for n in listed_outside {
                    let mut d = Diagnostic::new(
                        rule,
                        Span::empty(0),
                        format!(
                            "`COMPOSE_FILE` in `.env` lists a file outside the repository (layer {n} of the project); it was not read"
                        ),
                    );
                    d.help("list files inside the repository in `COMPOSE_FILE`");
                    d.severity = config.severity(rule_index(rule));
                    r.diagnostics.insert(0, d);
                }
            }
        }
    }
    reports.extend(out);
    reports
}

fn lint_loaded_project(
    files: &ProjectFiles<'_>,
    layers: Vec<compose::project::Layer>,
    owned: &[PathBuf],
    config: &Config,
    cache: &DockerfileCache,
) -> Vec<FileReport> {
    let mut project = compose::project::load(layers, files, &config.limits.yaml);
    let mut out = Diagnostics::default();
    report_unloadable(&project, &mut out);
    let mut placed = Placed::new(&project, config);
    // What `.env` files hold is never shown, not even in a snippet.
    let masked = project.masked_variables();
    if !project.failed {
        let builds = resolve_builds(files, &mut project, config, cache);
        let cx = ComposeContext {
            source: &project.files[0].source,
            compose: &project.compose,
            builds: &builds,
            options: config,
            project: &project,
        };
        let enabled: Vec<bool> = (0..RULES.len())
            .map(|i| placed.masks.iter().any(|m| m[i]))
            .collect();
        // Settled and capped as they come, even inside one rule, with the
        // same limit for every file of the project.
        let spill_at = placed.caps[0].spill_at();
        let mut spill = |batch: Vec<Diagnostic>| placed.settle(&project, &masked, batch, config);
        let mut found = Diagnostics::spilling(spill_at, &mut spill);
        for (i, rule) in RULES.iter().enumerate() {
            if let Check::Compose(check) = rule.check
                && enabled[i]
            {
                check(&cx, &mut found);
            }
        }
        let rest = found.into_vec();
        for d in rest {
            out.push(d);
        }
    }
    for d in out.into_vec() {
        let (fi, d) = place(&project, &masked, d);
        placed.per_file[fi].push(d);
    }
    project_reports(&project, &masked, placed, owned, config)
}

/// What stops `docker compose` from loading the project: syntax errors,
/// duplicate keys, a Compose file with no content at all.
fn report_unloadable(project: &compose::project::Project, out: &mut Diagnostics) {
    let syntax = syntax_rule(FileKind::Compose);
    for p in &project.compose.problems {
        if matches!(p.kind, ProblemKind::Syntax | ProblemKind::DuplicateKey) {
            let d = out.report(syntax, p.span, p.message.clone());
            if let Some(h) = &p.help {
                d.help(h.clone());
            }
        }
    }
    for f in &project.files {
        let blank = f
            .source
            .text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        if f.role == compose::project::Role::Layer && blank {
            out.report(syntax, Span::empty(f.base), "the Compose file is empty")
                .help("define at least one service under `services:`");
        }
    }
}

/// A project's diagnostics by file, with what each file needs to settle
/// them. Suppressions and caps are ready before the rules run, so a
/// project with many diagnostics is settled and trimmed as they come.
struct Placed<'c> {
    masks: Vec<std::borrow::Cow<'c, [bool]>>,
    sups: Vec<FileSuppressions>,
    caps: Vec<Cap>,
    per_file: Vec<Vec<Diagnostic>>,
}

impl<'c> Placed<'c> {
    fn new(project: &compose::project::Project, config: &'c Config) -> Placed<'c> {
        let paths = || project.files.iter().map(|f| &f.source);
        let limit = config.limits.diagnostics_per_file;
        Placed {
            masks: paths().map(|s| config.enabled_mask(&s.path)).collect(),
            sups: paths()
                .map(|s| {
                    let mut bad = Vec::new();
                    let sups = if config.inline_suppressions {
                        suppress::compose_suppressions(&s.text, &mut bad)
                    } else {
                        Vec::new()
                    };
                    (sups, bad)
                })
                .collect(),
            caps: paths().map(|_| Cap::new(limit)).collect(),
            per_file: vec![Vec::new(); project.files.len()],
        }
    }

    /// Places diagnostics in their files, settles them and trims each
    /// file to its cap.
    fn settle(
        &mut self,
        project: &compose::project::Project,
        masked: &[Option<Arc<SourceFile>>],
        diags: Vec<Diagnostic>,
        config: &Config,
    ) {
        let mut batch: Vec<Vec<Diagnostic>> = vec![Vec::new(); self.per_file.len()];
        for d in diags {
            let (fi, d) = place(project, masked, d);
            batch[fi].push(d);
        }
        for (fi, b) in batch.into_iter().enumerate() {
            if !b.is_empty() {
                let settled = settle(b, &mut self.sups[fi].0, config, &self.masks[fi]);
                self.per_file[fi].extend(settled);
                self.caps[fi].trim(&mut self.per_file[fi]);
            }
        }
    }
}

/// The reports of a project's files: every owned file, and the files it
/// only refers to (extended, included) where they have findings.
fn project_reports(
    project: &compose::project::Project,
    masked: &[Option<Arc<SourceFile>>],
    placed: Placed<'_>,
    owned: &[PathBuf],
    config: &Config,
) -> Vec<FileReport> {
    let Placed {
        masks,
        mut sups,
        mut caps,
        per_file,
    } = placed;
    // Files that are not YAML, or not a Compose mapping, show nothing of
    // their text beyond what the diagnostics point at.
    let unparsed: foldhash::HashSet<usize> = project
        .compose
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Syntax)
        .map(|p| project.file_of(p.span.start))
        .collect();
    let mut reports = Vec::new();
    for (fi, diags) in per_file.into_iter().enumerate() {
        let f = &project.files[fi];
        let is_owned = owned.contains(&f.source.path);
        // A layer that is not being linted (the base of an override named
        // alone) is context: its findings belong to its own lint.
        if !is_owned
            && (f.role == compose::project::Role::Layer
                || diags.is_empty()
                || config.is_excluded(&f.source.path))
        {
            continue;
        }
        // An extended file can be reached twice (two layers); report once.
        if reports
            .iter()
            .any(|r: &FileReport| r.source.path == f.source.path)
        {
            continue;
        }
        let (sups, bad) = &mut sups[fi];
        let diagnostics = if is_owned {
            finish(
                diags,
                sups,
                bad,
                FileKind::Compose,
                config,
                &masks[fi],
                &f.source.text,
                &mut caps[fi],
            )
        } else {
            finish_referenced(diags, sups, config, &masks[fi], &mut caps[fi])
        };
        if is_owned || !diagnostics.is_empty() {
            reports.push(if unparsed.contains(&fi) {
                redacted_report(&shown_source(project, masked, fi), diagnostics)
            } else {
                FileReport {
                    source: shown_source(project, masked, fi),
                    diagnostics,
                }
            });
        }
    }
    // An owned file that the project did not load (it cannot happen, but a
    // report per owned file is the contract).
    for p in owned {
        if !reports.iter().any(|r| &r.source.path == p) {
            reports.push(FileReport {
                source: Arc::new(SourceFile::new(p, FileKind::Compose, String::new())),
                diagnostics: Vec::new(),
            });
        }
    }
    reports
}

/// [`finish`] for a file the project only refers to: suppressions apply,
/// but unused ones are not reported (that file's own lint reports them).
fn finish_referenced(
    diags: Vec<Diagnostic>,
    sups: &mut [suppress::Suppression],
    config: &Config,
    mask: &[bool],
    cap: &mut Cap,
) -> Vec<Diagnostic> {
    let mut diags = settle(diags, sups, config, mask);
    cap.trim(&mut diags);
    if let Some(summary) = cap.summary(FileKind::Compose)
        && mask[rule_index(summary.rule)]
    {
        diags.push(summary);
    }
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule.code).cmp(&(b.span.start, b.span.end, b.rule.code))
    });
    diags.iter_mut().for_each(crate::diagnostic::escape);
    diags
}

/// Suppressions, unused-suppression reports, severities, the per-file cap
/// (and its summary), order.
#[allow(clippy::too_many_arguments)]
fn finish(
    diags: Vec<Diagnostic>,
    sups: &mut [suppress::Suppression],
    bad: &[(Span, String)],
    kind: FileKind,
    config: &Config,
    mask: &[bool],
    text: &str,
    cap: &mut Cap,
) -> Vec<Diagnostic> {
    let mut diags = settle(diags, sups, config, mask);
    let unused_rule = crate::rules::unused_suppression_rule(kind);
    if mask[rule_index(unused_rule)] {
        let mut unused = suppress::unused(kind, sups, bad, mask, text);
        // An unused-suppression report can itself be suppressed file-wide.
        suppress::apply(&mut unused, sups);
        for d in &mut unused {
            d.severity = config.severity_for(d.rule, d.severity);
            if d.fix.is_some() && !config.fix_enabled(rule_index(d.rule)) {
                d.fix = None;
            }
        }
        diags.extend(unused);
    }
    cap.trim(&mut diags);
    if let Some(summary) = cap.summary(kind)
        && mask[rule_index(summary.rule)]
    {
        diags.push(summary);
    }
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule.code).cmp(&(b.span.start, b.span.end, b.rule.code))
    });
    // Reports are kept until the run ends: no spare capacity. Their text is
    // final: values from the input are escaped for every output.
    diags.shrink_to_fit();
    for d in &mut diags {
        crate::diagnostic::escape(d);
        d.message.shrink_to_fit();
        if let Some(std::borrow::Cow::Owned(h)) = &mut d.help {
            h.shrink_to_fit();
        }
    }
    diags
}

/// Finds and parses the Dockerfiles that services build. A build's paths
/// are relative to the directory of the file that wrote them (the project
/// directory for layers, the extended file's directory for `extends`). A
/// Dockerfile outside the repository is not read: it becomes a problem of
/// the project at `build.context` or `build.dockerfile`.
fn resolve_builds(
    files: &ProjectFiles<'_>,
    project: &mut compose::project::Project,
    config: &Config,
    cache: &DockerfileCache,
) -> Vec<ServiceBuild> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, svc) in project.compose.services.iter().enumerate() {
        let Some(build) = &svc.build else {
            continue;
        };
        let at = build.context.as_ref().map_or(build.key, |c| c.span);
        let dir = project.dir_at(at.start);
        let Some(path) = build.dockerfile_path(dir) else {
            continue;
        };
        let path = normalize(&path);
        match cache.get_or_load(files.reader, files.root, &path, config.limits.file_size) {
            Ok(parsed) => out.push(ServiceBuild {
                service: i,
                dockerfile: parsed,
                target: build.target_name(),
            }),
            Err(p) if p.outside => {
                // The context leads out, or only the Dockerfile does.
                let context_dir = normalize(
                    &dir.join(build.context.as_ref().and_then(|c| c.text()).unwrap_or(".")),
                );
                let context_inside = files
                    .reader
                    .real_dir(&files.reader.absolute(&context_dir))
                    .is_some_and(|r| files.root.holds(&r));
                let field = match (&build.context, &build.dockerfile) {
                    (_, Some(d)) if context_inside => Some(d),
                    (Some(c), _) => Some(c),
                    (None, d) => d.as_ref(),
                };
                let (span, what) = match field {
                    Some(f) => (f.span, format!("`{}`", f.raw)),
                    None => (build.key, "its build".to_string()),
                };
                problems.push(
                    compose::model::Problem::new(
                        span,
                        ProblemKind::OutsideRoot,
                        format!(
                            "service `{}` builds a Dockerfile outside the repository through {what}; it was not read",
                            svc.name.value
                        ),
                    )
                    .with_help("build from a context inside the repository"),
                );
            }
            Err(_) => {}
        }
    }
    project.compose.problems.extend(problems);
    out
}

/// A file that could not be read as text.
#[derive(Clone, Debug)]
pub struct ReadProblem {
    /// What may be shown of the file: empty, or the file's shape with
    /// every character blanked but the offending one (so positions hold
    /// and nothing of an unreadable file is echoed).
    pub text: String,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    /// The path leads outside the repository: nothing was opened.
    pub outside: bool,
    /// Reading stopped at the size limit.
    pub too_large: bool,
}

impl ReadProblem {
    fn new(message: impl Into<String>, help: Option<&str>) -> ReadProblem {
        ReadProblem {
            text: String::new(),
            span: Span::empty(0),
            message: message.into(),
            help: help.map(str::to_string),
            outside: false,
            too_large: false,
        }
    }
}

/// The report of a file that could not be read as text.
pub fn problem_report(p: ReadProblem, path: &Path, kind: FileKind) -> FileReport {
    let source = Arc::new(SourceFile::new(path, kind, p.text));
    let rule = match kind {
        FileKind::Compose if p.outside => {
            &crate::rules::compose::reference_outside_repository::META
        }
        _ => syntax_rule(kind),
    };
    let mut d = Diagnostic::new(rule, p.span, p.message);
    d.help = p.help.map(Into::into);
    crate::diagnostic::escape(&mut d);
    FileReport {
        source,
        diagnostics: vec![d],
    }
}

/// Reads a file as UTF-8 text through the reader: inside `root`, regular,
/// at most `max` bytes.
pub fn read_source(
    reader: &Reader,
    root: &Root,
    path: &Path,
    max: u64,
) -> Result<String, ReadProblem> {
    let bytes = reader.read(root, path, max).map_err(|e| match e {
        ReadError::Outside => {
            let mut p = ReadProblem::new(
                "cannot read this file: it resolves to a file outside the repository",
                Some("dockward reads only files inside the repository; make this a file, or remove the link"),
            );
            p.outside = true;
            p
        }
        ReadError::NotRegular => ReadProblem::new(
            "cannot read this file: it is not a regular file",
            Some("dockward reads regular files only (not FIFOs, devices or directories)"),
        ),
        ReadError::TooLarge { limit } => {
            let mut p = ReadProblem::new(
                format!("file is too large to lint: over {limit} bytes"),
                Some("raise `file-size` under `[limits]` in dockward.toml to lint it"),
            );
            p.too_large = true;
            p
        }
        other => ReadProblem::new(format!("cannot read this file: {}", other.message()), None),
    })?;
    decode(bytes)
}

/// [`decode`] for bytes read with a limit: more than `max` is a problem.
pub fn decode_bounded(bytes: Vec<u8>, max: u64) -> Result<String, ReadProblem> {
    if bytes.len() as u64 > max {
        let mut p = ReadProblem::new(
            format!("file is too large to lint: over {max} bytes"),
            Some("raise `file-size` under `[limits]` in dockward.toml to lint it"),
        );
        p.too_large = true;
        return Err(p);
    }
    decode(bytes)
}

/// UTF-8 text, or a problem pointing at what is wrong with the bytes. The
/// problem never carries the file's content: its text is blanked but for
/// the offending character.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadProblem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadProblem::new(
            "file is encoded as UTF-16; dockward reads UTF-8",
            Some("save the file as UTF-8"),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            if let Some(nul) = memchr::memchr(0, text.as_bytes()) {
                let (text, span) = blanked(&text, nul, " ");
                return Err(ReadProblem {
                    text,
                    span,
                    ..ReadProblem::new(
                        "file contains a NUL byte; it looks binary",
                        Some("Dockerfiles and Compose files are text; remove the NUL byte"),
                    )
                });
            }
            Ok(text)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes());
            // The bad bytes are a replacement character in the text shown.
            let (text, span) = blanked(&lossy, at, "\u{fffd}");
            Err(ReadProblem {
                text,
                span,
                ..ReadProblem::new(
                    format!("file is not valid UTF-8 (invalid byte at offset {at})"),
                    Some("save the file as UTF-8"),
                )
            })
        }
    }
}

/// The shape of a text with every character blanked (line breaks kept),
/// and `mark` in place of the character at byte `at`: its span.
fn blanked(text: &str, at: usize, mark: &str) -> (String, Span) {
    let mut out = crate::redact::redact(text, &[]);
    let len = text[at..].chars().next().map_or(0, char::len_utf8);
    out.replace_range(at..at + len, mark);
    (out, Span::new(at as u32, (at + mark.len()) as u32))
}

/// A report whose file cannot be parsed: its text is redacted to the
/// spans its diagnostics point at, and fixes are dropped (they were made
/// against text that is no longer shown).
fn redacted_report(source: &Arc<SourceFile>, mut diagnostics: Vec<Diagnostic>) -> FileReport {
    let keep: Vec<Span> = diagnostics.iter().map(|d| d.span).collect();
    let text = crate::redact::redact(&source.text, &keep);
    for d in &mut diagnostics {
        d.fix = None;
    }
    FileReport {
        source: Arc::new(SourceFile::new(source.path.clone(), source.kind, text)),
        diagnostics,
    }
}

/// A Dockerfile that could not be parsed as one: no instruction, or more
/// lines that are not instructions than lines that are (the parser's
/// "this does not look like a Dockerfile").
fn unparsed(df: &crate::dockerfile::Dockerfile) -> bool {
    let unknown = df
        .logical_lines
        .iter()
        .filter(|l| l.instruction.is_none())
        .count();
    df.instructions.is_empty() || (unknown >= 10 && unknown > df.instructions.len())
}

/// Parsed Dockerfiles by path, so a Dockerfile is parsed once even when it
/// is linted itself and built by several Compose services.
#[derive(Default)]
pub struct DockerfileCache {
    cells: Mutex<Cells>,
    /// Texts that stand in for the files on disk (an editor's unsaved
    /// buffers), by normalized path; each is parsed only when asked for.
    overlay: Arc<HashMap<PathBuf, Arc<str>>>,
}

#[derive(Default)]
struct Cells {
    /// By the bytes of the normalized path (`Path`'s hash parses
    /// components).
    map: HashMap<OsString, Arc<CacheCell>>,
    /// While Compose projects are linted beside the Dockerfiles: the
    /// Dockerfiles already taken for their own lint. A project that asks
    /// for one later parses a copy it does not cache, which nothing would
    /// take out of the cache again.
    taken: Option<HashSet<OsString>>,
}

/// One cached Dockerfile, filled by whichever thread asks first.
type CacheCell = OnceLock<Result<Arc<ParsedDockerfile>, ReadProblem>>;

impl DockerfileCache {
    /// A cache that reads these texts in place of the files on disk. Keys
    /// must be normalized paths (see [`normalize`]), as Compose build paths
    /// are. The map is shared, so an editor can hand over its buffers for
    /// every lint without copying them.
    pub fn with_overlay(overlay: Arc<HashMap<PathBuf, Arc<str>>>) -> DockerfileCache {
        DockerfileCache {
            cells: Mutex::default(),
            overlay,
        }
    }

    fn cells(&self) -> std::sync::MutexGuard<'_, Cells> {
        self.cells.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every path looked up or inserted so far, found or not: what a lint
    /// through this cache depended on.
    pub fn paths(&self) -> Vec<PathBuf> {
        let cells = self.cells();
        let taken = cells.taken.iter().flatten();
        let mut out: Vec<PathBuf> = cells.map.keys().chain(taken).map(PathBuf::from).collect();
        out.sort();
        out.dedup();
        out
    }

    /// Puts text in the cache in place of the file on disk (editor buffers).
    pub fn insert_text(&self, path: &Path, text: String) {
        let path = normalize(path);
        let source = Arc::new(SourceFile::new(&path, FileKind::Dockerfile, text));
        let cell = OnceLock::new();
        let _ = cell.set(Ok(Arc::new(ParsedDockerfile::new(source))));
        self.cells()
            .map
            .insert(path.into_os_string(), Arc::new(cell));
    }

    /// Dockerfiles are taken while Compose projects may still ask for them
    /// ([`Cells::taken`]), until [`DockerfileCache::composed`].
    fn composing(&self) {
        self.cells().taken = Some(HashSet::default());
    }

    /// No Compose project asks for a Dockerfile any more.
    fn composed(&self) {
        self.cells().taken = None;
    }

    /// The cached parse of a Dockerfile, removed from the cache, or a fresh
    /// parse that is not cached: for a Dockerfile's own lint once nothing
    /// else will ask for it.
    pub fn take_or_load(
        &self,
        reader: &Arc<Reader>,
        root: &Arc<Root>,
        path: &Path,
        max: u64,
    ) -> Result<Arc<ParsedDockerfile>, ReadProblem> {
        let cell = {
            let mut cells = self.cells();
            let cell = cells.map.remove(path.as_os_str());
            if let Some(taken) = &mut cells.taken {
                taken.insert(path.as_os_str().to_owned());
            }
            cell
        };
        match cell.and_then(|c| c.get().cloned()) {
            Some(parsed) => parsed,
            None => load_dockerfile(&self.overlay, reader, root, path, max),
        }
    }

    /// The cached parse of a Dockerfile, loading it on first use; the
    /// read stays inside `root`.
    pub fn get_or_load(
        &self,
        reader: &Arc<Reader>,
        root: &Arc<Root>,
        path: &Path,
        max: u64,
    ) -> Result<Arc<ParsedDockerfile>, ReadProblem> {
        let cell = {
            let mut cells = self.cells();
            if cells
                .taken
                .as_ref()
                .is_some_and(|t| t.contains(path.as_os_str()))
            {
                None
            } else {
                Some(
                    cells
                        .map
                        .entry(path.as_os_str().to_owned())
                        .or_default()
                        .clone(),
                )
            }
        };
        match cell {
            Some(cell) => cell
                .get_or_init(|| load_dockerfile(&self.overlay, reader, root, path, max))
                .clone(),
            None => load_dockerfile(&self.overlay, reader, root, path, max),
        }
    }
}

fn load_dockerfile(
    overlay: &HashMap<PathBuf, Arc<str>>,
    reader: &Arc<Reader>,
    root: &Arc<Root>,
    path: &Path,
    max: u64,
) -> Result<Arc<ParsedDockerfile>, ReadProblem> {
    let text = match overlay.get(path) {
        Some(t) => t.to_string(),
        None => read_source(reader, root, path, max)?,
    };
    let source = Arc::new(SourceFile::new(path, FileKind::Dockerfile, text));
    let access = FileAccess {
        reader: reader.clone(),
        root: root.clone(),
    };
    Ok(Arc::new(ParsedDockerfile::new(source).with_files(access)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A directory holding one Dockerfile, with an empty cache, a reader
    /// and the directory's root.
    fn one_dockerfile() -> (
        tempfile::TempDir,
        PathBuf,
        DockerfileCache,
        Arc<Reader>,
        Arc<Root>,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Dockerfile");
        std::fs::write(&path, "FROM x\n").unwrap();
        let reader = Arc::new(Reader::new());
        let root = reader.root_of(dir.path());
        (dir, path, DockerfileCache::default(), reader, root)
    }

    #[test]
    fn a_taken_dockerfile_leaves_the_cache() {
        let (_dir, path, cache, reader, root) = one_dockerfile();
        let built = cache.get_or_load(&reader, &root, &path, 1 << 20).unwrap();
        // The Compose lint's parse is the one the Dockerfile's lint gets...
        let own = cache.take_or_load(&reader, &root, &path, 1 << 20).unwrap();
        assert!(Arc::ptr_eq(&built, &own));
        // ...and the cache no longer holds it.
        assert!(cache.cells().map.is_empty());
        let again = cache.take_or_load(&reader, &root, &path, 1 << 20).unwrap();
        assert!(!Arc::ptr_eq(&built, &again));
    }

    #[test]
    fn a_dockerfile_taken_before_its_project_asks_is_not_cached() {
        let (_dir, path, cache, reader, root) = one_dockerfile();
        let max = 1 << 20;
        cache.composing();
        // The Dockerfile's own lint comes first...
        let own = cache.take_or_load(&reader, &root, &path, max).unwrap();
        // ...so the project that builds it parses a copy, and keeps none:
        // nothing would take it out again.
        let built = cache.get_or_load(&reader, &root, &path, max).unwrap();
        assert!(!Arc::ptr_eq(&own, &built));
        assert!(cache.cells().map.is_empty());
        assert_eq!(cache.paths(), std::slice::from_ref(&path));
        // Once the projects are done, a look-up caches again.
        cache.composed();
        let later = cache.get_or_load(&reader, &root, &path, max).unwrap();
        let same = cache.get_or_load(&reader, &root, &path, max).unwrap();
        assert!(Arc::ptr_eq(&later, &same));
    }

    #[test]
    fn decodes_problems() {
        assert!(
            decode(vec![0xFF, 0xFE, 0x41, 0])
                .unwrap_err()
                .message
                .contains("UTF-16")
        );
        let e = decode(b"FROM a\n\xC3(".to_vec()).unwrap_err();
        assert_eq!(e.span.start, 7);
        // The span covers the replacement character, on char boundaries.
        assert_eq!(&e.text[e.span.range()], "\u{fffd}");
        let e = decode(b"FROM\0".to_vec()).unwrap_err();
        assert_eq!(e.span.start, 4);
    }
}
