//! The linting pipeline: read, parse, run rules, apply suppressions and
//! configuration, collect sorted reports.

use std::collections::HashMap;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::compose::{self, ComposeFile};
use crate::config::{Config, ConfigError, ConfigResolver, rule_index};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::discover::{Job, WalkError, discover, io_message};
use crate::rules::{
    Check, ComposeContext, DockerfileContext, ParsedDockerfile, RULES, ServiceBuild, syntax_rule,
};
use crate::source::{FileKind, SourceFile, Span};
use crate::suppress;

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
}

/// Lints files and directories.
pub fn lint_paths(paths: &[PathBuf], configs: &ConfigResolver, opts: &RunOptions) -> RunReport {
    let (jobs, walk_errors) = discover(paths, configs, opts.force_exclude);
    let cache = DockerfileCache::default();
    // Compose files first: they parse the Dockerfiles their services build
    // into the cache. Each Dockerfile is then linted from the cache, taking
    // its parse out, or parsed on the spot and dropped when linted, so parsed
    // trees do not pile up until the end of the run (they did: 2.4 GB for
    // 100,000 files, freed by one thread at exit).
    let (compose, dockerfiles): (Vec<&Job>, Vec<&Job>) =
        jobs.iter().partition(|j| j.kind == FileKind::Compose);
    let lint = |job: &&Job| {
        let config = configs.for_file(&job.path);
        let mut report = lint_job(job, &config, &cache);
        // Only diagnostics need the text; a clean file keeps its name.
        if report.diagnostics.is_empty() && !report.source.text.is_empty() {
            let s = &report.source;
            report.source = Arc::new(SourceFile::new(s.path.clone(), s.kind, String::new()));
        }
        report
    };
    let mut files: Vec<FileReport> = compose.par_iter().map(lint).collect();
    files.par_extend(dockerfiles.par_iter().map(lint));
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    RunReport {
        files,
        walk_errors,
        config_errors: configs.take_errors(),
    }
}

/// Lints text that is not read from disk (stdin, an editor buffer).
pub fn lint_text(path: &Path, kind: FileKind, text: String, config: &Config) -> FileReport {
    let cache = DockerfileCache::default();
    let source = Arc::new(SourceFile::new(path, kind, text));
    guarded(&source, || lint_loaded(source.clone(), config, &cache))
}

/// Lints text with the Dockerfiles that Compose services build supplied by
/// the caller (an editor's unsaved buffers win over disk).
pub fn lint_text_with(
    path: &Path,
    kind: FileKind,
    text: String,
    config: &Config,
    cache: &DockerfileCache,
) -> FileReport {
    let source = Arc::new(SourceFile::new(path, kind, text));
    guarded(&source, || lint_loaded(source.clone(), config, cache))
}

fn lint_job(job: &Job, config: &Config, cache: &DockerfileCache) -> FileReport {
    let path = normalize(&job.path);
    match job.kind {
        FileKind::Dockerfile => {
            let parsed = cache.take_or_load(&path, config.limits.file_size);
            match parsed {
                Ok(p) => {
                    let source = p.source.clone();
                    guarded(&source, || FileReport {
                        diagnostics: lint_dockerfile(&p, config),
                        source: source.clone(),
                    })
                }
                Err(problem) => problem_report(problem, &path, FileKind::Dockerfile),
            }
        }
        FileKind::Compose => match read_source(&path, config.limits.file_size) {
            Ok(text) => {
                let source = Arc::new(SourceFile::new(&path, FileKind::Compose, text));
                guarded(&source, || lint_loaded(source.clone(), config, cache))
            }
            Err(problem) => problem_report(problem, &path, FileKind::Compose),
        },
    }
}

fn lint_loaded(source: Arc<SourceFile>, config: &Config, cache: &DockerfileCache) -> FileReport {
    let diagnostics = match source.kind {
        FileKind::Dockerfile => {
            let parsed = ParsedDockerfile::new(source.clone());
            lint_dockerfile(&parsed, config)
        }
        FileKind::Compose => lint_compose(&source, config, cache),
    };
    FileReport {
        source,
        diagnostics,
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
            d.help("this is a bug in dockward; please report it with the file");
            FileReport {
                source: source.clone(),
                diagnostics: vec![d],
            }
        }
    }
}

fn lint_dockerfile(p: &ParsedDockerfile, config: &Config) -> Vec<Diagnostic> {
    let mask = config.enabled_mask(&p.source.path);
    let mut out = Diagnostics::default();
    let syntax = syntax_rule(FileKind::Dockerfile);
    for e in &p.df.errors {
        let d = out.report(syntax, e.span, e.message.clone());
        if let Some(h) = &e.help {
            d.help(h.clone());
        }
    }
    let cx = DockerfileContext {
        file: p,
        options: config,
    };
    for (i, rule) in RULES.iter().enumerate() {
        if let Check::Dockerfile(check) = rule.check
            && mask[i]
        {
            check(&cx, &mut out);
        }
    }
    let mut bad = Vec::new();
    let mut sups = suppress::dockerfile_suppressions(&p.df, &p.model, &p.source.text, &mut bad);
    finish(
        out.into_vec(),
        &mut sups,
        &bad,
        FileKind::Dockerfile,
        config,
        &mask,
        &p.source.text,
    )
}

fn lint_compose(
    source: &Arc<SourceFile>,
    config: &Config,
    cache: &DockerfileCache,
) -> Vec<Diagnostic> {
    let mask = config.enabled_mask(&source.path);
    let mut out = Diagnostics::default();
    let syntax = syntax_rule(FileKind::Compose);
    let env = |_: &str| -> Option<String> { None };
    let file = match compose::parse_file(&source.text, &config.limits.yaml, &env) {
        Ok(f) => f,
        Err(e) => {
            out.report(syntax, e.span, e.message.clone());
            let mut bad = Vec::new();
            let mut sups = suppress::compose_suppressions(&source.text, &mut bad);
            return finish(
                out.into_vec(),
                &mut sups,
                &bad,
                FileKind::Compose,
                config,
                &mask,
                &source.text,
            );
        }
    };
    for p in &file.problems {
        out.report(syntax, p.span, p.message.clone());
    }
    if file.root.is_null() && file.extra_documents.is_empty() {
        out.report(syntax, Span::empty(0), "the Compose file is empty")
            .help("define at least one service under `services:`");
    }
    let builds = resolve_builds(source, &file, config, cache);
    let cx = ComposeContext {
        source,
        compose: &file,
        builds: &builds,
        options: config,
    };
    for (i, rule) in RULES.iter().enumerate() {
        if let Check::Compose(check) = rule.check
            && mask[i]
        {
            check(&cx, &mut out);
        }
    }
    let mut bad = Vec::new();
    let mut sups = suppress::compose_suppressions(&source.text, &mut bad);
    finish(
        out.into_vec(),
        &mut sups,
        &bad,
        FileKind::Compose,
        config,
        &mask,
        &source.text,
    )
}

/// Suppressions, unused-suppression reports, severities, order.
fn finish(
    mut diags: Vec<Diagnostic>,
    sups: &mut [suppress::Suppression],
    bad: &[(Span, String)],
    kind: FileKind,
    config: &Config,
    mask: &[bool],
    text: &str,
) -> Vec<Diagnostic> {
    diags.retain(|d| mask[rule_index(d.rule)]);
    suppress::apply(&mut diags, sups);
    let unused_rule = crate::rules::unused_suppression_rule(kind);
    if mask[rule_index(unused_rule)] {
        let mut unused = suppress::unused(kind, sups, bad, mask, text);
        // An unused-suppression report can itself be suppressed file-wide.
        suppress::apply(&mut unused, sups);
        diags.extend(unused);
    }
    for d in &mut diags {
        d.severity = config.severity(rule_index(d.rule));
    }
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule.code).cmp(&(b.span.start, b.span.end, b.rule.code))
    });
    // Reports are kept until the run ends: no spare capacity.
    diags.shrink_to_fit();
    for d in &mut diags {
        d.message.shrink_to_fit();
        if let Some(h) = &mut d.help {
            h.shrink_to_fit();
        }
    }
    diags
}

/// Finds and parses the Dockerfiles that services build.
fn resolve_builds(
    source: &SourceFile,
    file: &ComposeFile,
    config: &Config,
    cache: &DockerfileCache,
) -> Vec<ServiceBuild> {
    let dir = source.path.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    for (i, svc) in file.services.iter().enumerate() {
        let Some(build) = &svc.build else {
            continue;
        };
        let Some(path) = build.dockerfile_path(dir) else {
            continue;
        };
        if let Ok(parsed) = cache.get_or_load(&normalize(&path), config.limits.file_size) {
            out.push(ServiceBuild {
                service: i,
                dockerfile: parsed,
                target: build.target_name(),
            });
        }
    }
    out
}

/// A file that could not be read as text.
#[derive(Clone, Debug)]
pub struct ReadProblem {
    /// What could be recovered, for showing the location.
    pub text: String,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// The report of a file that could not be read as text.
pub fn problem_report(p: ReadProblem, path: &Path, kind: FileKind) -> FileReport {
    let source = Arc::new(SourceFile::new(path, kind, p.text));
    let mut d = Diagnostic::new(syntax_rule(kind), p.span, p.message);
    d.help = p.help;
    FileReport {
        source,
        diagnostics: vec![d],
    }
}

/// Reads a file as UTF-8 text, within the size limit.
pub fn read_source(path: &Path, max: u64) -> Result<String, ReadProblem> {
    let problem = |message: String, help: Option<&str>| ReadProblem {
        text: String::new(),
        span: Span::empty(0),
        message,
        help: help.map(str::to_string),
    };
    // Check the type before opening: opening a FIFO would block.
    let meta = std::fs::metadata(path)
        .map_err(|e| problem(format!("cannot read this file: {}", io_message(&e)), None))?;
    if !meta.is_file() {
        return Err(problem(
            "cannot read this file: it is not a regular file".into(),
            Some("dockward reads regular files only (not FIFOs, devices or directories)"),
        ));
    }
    if meta.len() > max {
        return Err(problem(
            format!(
                "file is too large to lint: {} bytes, the limit is {max}",
                meta.len()
            ),
            Some("raise `file-size` under `[limits]` in dockward.toml to lint it"),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| problem(format!("cannot read this file: {}", io_message(&e)), None))?;
    if bytes.len() as u64 > max {
        return Err(problem(
            format!("file is too large to lint: over {max} bytes"),
            Some("raise `file-size` under `[limits]` in dockward.toml to lint it"),
        ));
    }
    decode(bytes)
}

/// UTF-8 text, or a problem pointing at what is wrong with the bytes.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadProblem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadProblem {
            text: String::new(),
            span: Span::empty(0),
            message: "file is encoded as UTF-16; dockward reads UTF-8".into(),
            help: Some("save the file as UTF-8".into()),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            if let Some(nul) = memchr::memchr(0, text.as_bytes()) {
                let span = Span::new(nul as u32, nul as u32 + 1);
                return Err(ReadProblem {
                    text,
                    span,
                    message: "file contains a NUL byte; it looks binary".into(),
                    help: Some(
                        "Dockerfiles and Compose files are text; remove the NUL byte".into(),
                    ),
                });
            }
            Ok(text)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The bad bytes are a replacement character in the text shown.
            let replacement = char::REPLACEMENT_CHARACTER.len_utf8() as u32;
            Err(ReadProblem {
                text,
                span: Span::new(at as u32, at as u32 + replacement),
                message: format!("file is not valid UTF-8 (invalid byte at offset {at})"),
                help: Some("save the file as UTF-8".into()),
            })
        }
    }
}

/// Parsed Dockerfiles by path, so a Dockerfile is parsed once even when it
/// is linted itself and built by several Compose services.
#[derive(Default)]
pub struct DockerfileCache {
    map: Mutex<HashMap<PathBuf, Arc<CacheCell>>>,
    /// Texts that stand in for the files on disk (an editor's unsaved
    /// buffers), by normalized path; each is parsed only when asked for.
    overlay: Arc<HashMap<PathBuf, Arc<str>>>,
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
            map: Mutex::default(),
            overlay,
        }
    }

    /// Every path looked up or inserted so far, found or not: what a lint
    /// through this cache depended on.
    pub fn paths(&self) -> Vec<PathBuf> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<PathBuf> = map.keys().cloned().collect();
        out.sort();
        out
    }

    /// Puts text in the cache in place of the file on disk (editor buffers).
    pub fn insert_text(&self, path: &Path, text: String) {
        let path = normalize(path);
        let source = Arc::new(SourceFile::new(&path, FileKind::Dockerfile, text));
        let cell = OnceLock::new();
        let _ = cell.set(Ok(Arc::new(ParsedDockerfile::new(source))));
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, Arc::new(cell));
    }

    /// The cached parse of a Dockerfile, removed from the cache, or a fresh
    /// parse that is not cached: for a Dockerfile's own lint once nothing
    /// else will ask for it.
    pub fn take_or_load(
        &self,
        path: &Path,
        max: u64,
    ) -> Result<Arc<ParsedDockerfile>, ReadProblem> {
        let cell = self
            .map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path);
        match cell.and_then(|c| c.get().cloned()) {
            Some(parsed) => parsed,
            None => load_dockerfile(&self.overlay, path, max),
        }
    }

    pub fn get_or_load(&self, path: &Path, max: u64) -> Result<Arc<ParsedDockerfile>, ReadProblem> {
        let cell = self
            .map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(path.to_path_buf())
            .or_default()
            .clone();
        cell.get_or_init(|| load_dockerfile(&self.overlay, path, max))
            .clone()
    }
}

fn load_dockerfile(
    overlay: &HashMap<PathBuf, Arc<str>>,
    path: &Path,
    max: u64,
) -> Result<Arc<ParsedDockerfile>, ReadProblem> {
    let text = match overlay.get(path) {
        Some(t) => t.to_string(),
        None => read_source(path, max)?,
    };
    let source = Arc::new(SourceFile::new(path, FileKind::Dockerfile, text));
    Ok(Arc::new(ParsedDockerfile::new(source)))
}

/// Removes `.` components and resolves `..` lexically, so one file has one
/// name however it was reached.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(
            normalize(Path::new("./a/./b/../Dockerfile")),
            PathBuf::from("a/Dockerfile")
        );
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("/a/../b")), PathBuf::from("/b"));
    }

    #[test]
    fn a_taken_dockerfile_leaves_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Dockerfile");
        std::fs::write(&path, "FROM x\n").unwrap();
        let cache = DockerfileCache::default();
        let built = cache.get_or_load(&path, 1 << 20).unwrap();
        // The Compose lint's parse is the one the Dockerfile's lint gets...
        let own = cache.take_or_load(&path, 1 << 20).unwrap();
        assert!(Arc::ptr_eq(&built, &own));
        // ...and the cache no longer holds it.
        assert!(cache.map.lock().unwrap().is_empty());
        let again = cache.take_or_load(&path, 1 << 20).unwrap();
        assert!(!Arc::ptr_eq(&built, &again));
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
