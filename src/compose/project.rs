//! A Compose project: the files `docker compose` reads to build one model,
//! assembled the way it assembles them.
//!
//! - **Layers**: a base file and the override files merged over it
//!   (`compose.yaml` + `compose.override.yaml`), and the documents of one
//!   file, merged in order with [`crate::compose::merge`];
//! - **`.env`** in the project directory (the first layer's) supplies the
//!   variables for interpolation; service `env_file`s do not (they set the
//!   container's environment, not the file's variables);
//! - **`extends`** (same file or another file, recursively) merges a
//!   service over the one it extends; the extended file's relative paths
//!   stay relative to that file;
//! - **`include`** loads each included project on its own (its own
//!   directory, its own `.env` or `env_file`, the including project's
//!   variables winning) and adds its services and resources.
//!
//! **One offset space.** Every file of a project is placed at its own base
//! offset (the previous files' lengths plus one), and every span in its
//! tree is shifted by that base when it is loaded, so a [`Span`] names both
//! a file and a position in it. Rules keep reporting `field.span`; the
//! pipeline maps each diagnostic back to its file with
//! [`Project::locate`]. A single-file project has base 0: nothing moves.
//!
//! Problems that stop Compose (a file that cannot be read, an `extends`
//! cycle, an extended service that does not exist) become [`Problem`]s of
//! the model; the rest of the project is still modelled. A service whose
//! `extends` cannot be resolved is kept with what it defines itself and
//! marked [`Service::partial`](crate::compose::model::Service::partial).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::compose::dotenv::DotEnv;
use crate::compose::interpolate;
use crate::compose::merge::Merger;
use crate::compose::model::{self, ComposeFile, Problem, ProblemKind};
use crate::compose::validate;
use crate::source::{FileKind, SourceFile, Span};
use crate::yaml::{self, Entry, Limits, LoadError, Mapping, Node, Scalar, ScalarStyle, Value};

/// The most files one project may read (extends and include chains).
pub const MAX_FILES: usize = 256;

/// How deep `extends` and `include` chains may go.
pub const MAX_DEPTH: usize = 32;

/// Why a file is part of a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// A base or override file.
    Layer,
    /// A file named by `extends.file`.
    Extended,
    /// A file named by `include` (or one of its layers).
    Included,
    /// A `.env` (or an `include`'s `env_file`) that sets the variables the
    /// project is interpolated with. It is not YAML: only rules that report
    /// a variable's value point into it.
    Variables,
}

/// One file of a project.
#[derive(Clone, Debug)]
pub struct ProjectFile {
    pub source: Arc<SourceFile>,
    /// The global offset of the file's first byte.
    pub base: u32,
    pub role: Role,
    /// The directory relative paths in this file resolve against: the
    /// project directory for layers, the file's own directory for extended
    /// files, the included project's directory for included files.
    pub dir: PathBuf,
    /// Fixes' layout memo: whether this file indents block sequences under
    /// their key (`compose::edit`), found once per file rather than once
    /// per edited service.
    pub indents_sequences: std::sync::OnceLock<bool>,
}

impl ProjectFile {
    /// The global span of the whole file.
    pub fn span(&self) -> Span {
        Span::new(self.base, self.base + self.source.text.len() as u32)
    }
}

/// A project's files and its model.
#[derive(Debug)]
pub struct Project {
    pub files: Vec<ProjectFile>,
    /// The merged model; spans are global (see the module documentation).
    pub compose: ComposeFile,
    /// No layer is valid YAML (or a mapping): only syntax errors are
    /// reported. (When some layers are, the others are linted, with every
    /// service partial.)
    pub failed: bool,
    /// Where the variables of the project's `.env` files are set, in order
    /// of precedence (the project's own `.env` first).
    pub variables: Vec<Variable>,
    /// Variables from `.env` and `env_file`s that the project's files use,
    /// with their values: messages name the variable, never the value
    /// (see [`Project::scrub`]).
    pub env_values: Vec<(String, String)>,
}

/// A variable set in one of the project's `.env` files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    /// The value as written (global span, in a [`Role::Variables`] file).
    pub span: Span,
}

impl Project {
    /// The index of the file holding a global offset.
    pub fn file_of(&self, offset: u32) -> usize {
        self.files
            .partition_point(|f| f.base <= offset)
            .saturating_sub(1)
    }

    /// A global span as (file index, span in that file). A span that runs
    /// past its file's end (a cover of spans from two files) is cut there.
    pub fn locate(&self, span: Span) -> (usize, Span) {
        let i = self.file_of(span.start);
        let f = &self.files[i];
        let len = f.source.text.len() as u32;
        let start = (span.start - f.base).min(len);
        let end = span.end.saturating_sub(f.base).clamp(start, len);
        (i, Span::new(start, end))
    }

    /// The text a global span covers.
    pub fn text(&self, span: Span) -> &str {
        let (i, local) = self.locate(span);
        local.text(&self.files[i].source.text)
    }

    /// The directory that relative paths at a global offset resolve against.
    pub fn dir_at(&self, offset: u32) -> &Path {
        &self.files[self.file_of(offset)].dir
    }

    /// Where the value of the variable that interpolation used for `name`
    /// is written: the first of the project's `.env` files that sets it.
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// What the project's `.env` files hold, hidden for reports: for each
    /// file of the project, `Some` text for a `.env` file (each value
    /// written becomes `*`s, lines that set no variable become blanks;
    /// names and `=` stay), `None` for the others. Offsets, lines and
    /// columns do not move (each character keeps its UTF-8 length), so
    /// diagnostics still point at the value. Rules read the real text;
    /// reports show this one.
    pub fn masked_variables(&self) -> Vec<Option<Arc<SourceFile>>> {
        self.files
            .iter()
            .map(|f| {
                (f.role == Role::Variables).then(|| {
                    let text = &f.source.text;
                    let (start, end) = (f.base, f.base + text.len() as u32);
                    // 0: hidden, 1: shown, 2: a value.
                    let mut show = vec![0u8; text.len()];
                    for v in &self.variables {
                        if v.span.start < start || v.span.end > end {
                            continue;
                        }
                        let (a, b) = (
                            (v.span.start - start) as usize,
                            (v.span.end - start) as usize,
                        );
                        let line = text[..a].rfind('\n').map_or(0, |i| i + 1);
                        show[line..a].fill(1);
                        show[a..b].fill(2);
                    }
                    let mut out = String::with_capacity(text.len());
                    for (i, c) in text.char_indices() {
                        match (c, show[i]) {
                            ('\n' | '\r', _) | (_, 1) => out.push(c),
                            (_, 2) => out.extend(std::iter::repeat_n('*', c.len_utf8())),
                            _ => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
                        }
                    }
                    Arc::new(SourceFile::new(f.source.path.clone(), f.source.kind, out))
                })
            })
            .collect()
    }

    /// A message or help with the values that variables from `.env` or an
    /// `env_file` gave the diagnostic's text put back as written
    /// (`${NAME}`): what a `.env` holds is never printed. `at` are the
    /// global spans the diagnostic points at (its own and its labels').
    ///
    /// Inside each backticked part (where messages quote values): a value
    /// resolved from the text under a span is replaced by that text as
    /// written, and so is a part of it (an image name without its tag);
    /// then any remaining variable value of eight characters or more is
    /// replaced by its variable's name. Short values (`22`, `true`) are
    /// only replaced where a span ties them to the variable, so constant
    /// words of a message are not mistaken for them.
    pub fn scrub(&self, text: &mut String, at: &[Span]) {
        if self.env_values.is_empty() || !text.contains('`') {
            return;
        }
        let vars: HashMap<&str, &str> = self
            .env_values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let env = |name: &str| vars.get(name).map(|v| v.to_string());
        // (value, as written) for the text under each span that uses a
        // variable from a file.
        let mut pairs: Vec<(String, String)> = Vec::new();
        for span in at {
            let raw = self.text(*span);
            if !raw.contains('$') || raw.len() > 4096 {
                continue;
            }
            let raw = raw.trim_matches(|c| c == '"' || c == '\'');
            let Ok(pieces) = interpolate::parse(raw) else {
                continue;
            };
            if let Some(value) = interpolate::resolve(&pieces, &env).value
                && value != raw
                && !value.is_empty()
            {
                pairs.push((value, raw.to_string()));
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        let mut changed = false;
        while let Some(open) = rest.find('`') {
            let Some(len) = rest[open + 1..].find('`') else {
                break;
            };
            out.push_str(&rest[..=open]);
            let quoted = &rest[open + 1..open + 1 + len];
            let mut q = quoted.to_string();
            for (value, raw) in &pairs {
                if q.contains(value.as_str()) {
                    q = q.replace(value.as_str(), raw);
                } else if q.len() >= 3
                    && value.contains(q.as_str())
                    && !raw.contains(q.as_str())
                    && !is_url_scheme(&q)
                {
                    // A part of the value that the text does not write
                    // (an image name without its tag). A part written as
                    // it is is the file's own text, and a URL scheme
                    // (`postgres://`) names the kind of the value.
                    q = raw.clone();
                }
            }
            q = scrub_long_values(&q, &self.env_values);
            changed |= q != quoted;
            out.push_str(&q);
            out.push('`');
            rest = &rest[open + 2 + len..];
        }
        if changed {
            out.push_str(rest);
            *text = out;
        }
    }
}

/// `postgres://`: a URL scheme and its separator, nothing else.
fn is_url_scheme(q: &str) -> bool {
    q.strip_suffix("://").is_some_and(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// `text` with each value of eight characters or more (longest first)
/// replaced by `${NAME}` where it stands as a whole token.
fn scrub_long_values(text: &str, values: &[(String, String)]) -> String {
    const MIN: usize = 8;
    let mut text = text.to_string();
    for (name, value) in values {
        if value.len() < MIN || !text.contains(value.as_str()) {
            continue;
        }
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while let Some(at) = text[i..].find(value.as_str()).map(|a| a + i) {
            let end = at + value.len();
            let whole = !word(text[..at].chars().next_back()) && !word(text[end..].chars().next());
            out.push_str(&text[i..at]);
            if whole {
                out.push_str(&format!("${{{name}}}"));
            } else {
                out.push_str(value);
            }
            i = end;
        }
        out.push_str(&text[i..]);
        text = out;
    }
    text
}

/// Why a file the project refers to was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unread {
    /// It resolves outside the repository: it was never opened.
    Outside,
    /// Any other reason, lowercase ("no such file or directory").
    Failed(String),
}

impl Unread {
    fn message(&self) -> String {
        match self {
            Unread::Outside => "it is outside the repository".into(),
            Unread::Failed(m) => m.clone(),
        }
    }
}

/// The files a project refers to. The pipeline's implementation reads
/// through [`crate::reader::Reader`] within the repository root; a closure
/// returning `Result<String, String>` serves in-memory projects.
pub trait Files: Sync {
    /// A file's text, or why it was not read.
    fn read(&self, path: &Path) -> Result<String, Unread>;
    /// The path resolves outside the repository (for references that are
    /// not read, such as a service's `env_file`).
    fn is_outside(&self, path: &Path) -> bool;
}

impl<F: Fn(&Path) -> Result<String, String> + Sync> Files for F {
    fn read(&self, path: &Path) -> Result<String, Unread> {
        self(path).map_err(Unread::Failed)
    }

    fn is_outside(&self, _: &Path) -> bool {
        false
    }
}

/// Reads the files a project refers to.
pub type Reader<'a> = &'a dyn Files;

/// The most reads one project may attempt, found or not (`.env` files,
/// includes, extended files): the file limit bounds reads, not only files
/// kept.
pub const MAX_READS: usize = 2 * MAX_FILES;

/// The base file and override files of a project, already read.
pub struct Layer {
    pub path: PathBuf,
    pub text: String,
}

/// Variables for interpolation: sources in order of precedence.
#[derive(Clone, Default)]
struct Vars {
    sources: Vec<Arc<DotEnv>>,
}

impl Vars {
    fn get(&self, name: &str) -> Option<String> {
        self.sources
            .iter()
            .find(|s| s.defines(name))
            .and_then(|s| s.get(name))
    }

    /// These variables first, then `more`.
    fn then(&self, more: DotEnv) -> Vars {
        let mut sources = self.sources.clone();
        sources.push(Arc::new(more));
        Vars { sources }
    }
}

/// Load a project from its layers (the first is the base file).
pub fn load(layers: Vec<Layer>, read: Reader<'_>, limits: &Limits) -> Project {
    let mut l = Loader {
        read,
        limits: *limits,
        files: Vec::new(),
        next_base: 0,
        problems: Vec::new(),
        warnings: Vec::new(),
        docs: Vec::new(),
        by_path: HashMap::new(),
        failed: false,
        resets: false,
        env_files: Vec::new(),
        reads: 0,
        env_values: Vec::new(),
        included: HashSet::new(),
    };
    let dir = layers
        .first()
        .and_then(|f| f.path.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let at = Span::empty(0);
    let vars = Vars::default().then(l.dotenv(&dir.join(".env"), at));
    // The layers are on the include stack: a file that includes one of
    // them closes a cycle.
    let mut stack: Vec<PathBuf> = layers
        .iter()
        .map(|l| crate::paths::normalize(&l.path))
        .collect();
    let mut compose = l.assemble(layers, Role::Layer, &dir, &vars, &mut stack);
    // The `.env` files join the offset space last, so that the base file
    // keeps offset 0.
    let mut variables = Vec::new();
    for env in std::mem::take(&mut l.env_files) {
        let Some(i) = l.add_file(&env.path, env.text, Role::Variables, &env.dir) else {
            continue;
        };
        let base = l.files[i].base;
        for d in env.defs {
            variables.push(Variable {
                name: d.name,
                span: Span::new(base + d.value.start as u32, base + d.value.end as u32),
            });
        }
    }
    let Loader {
        files,
        mut problems,
        failed,
        env_values,
        ..
    } = l;
    let env_values = used_values(env_values, &files);
    if failed {
        compose.services.clear();
        compose.problems.clear();
    }
    problems.append(&mut compose.problems);
    compose.problems = dedupe(problems);
    Project {
        files,
        compose,
        failed,
        variables,
        env_values,
    }
}

/// The variables some file of the project refers to (`$NAME`, `${NAME`),
/// longest value first, once per value. Linear in the files' text.
fn used_values(mut all: Vec<(String, String)>, files: &[ProjectFile]) -> Vec<(String, String)> {
    if all.is_empty() {
        return all;
    }
    let mut used: HashSet<&str> = HashSet::new();
    for f in files {
        let t = f.source.text.as_str();
        for at in memchr::memchr_iter(b'$', t.as_bytes()) {
            let rest = &t[at + 1..];
            let rest = rest.strip_prefix('{').unwrap_or(rest);
            let len = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            if len > 0 {
                used.insert(&rest[..len]);
            }
        }
    }
    all.retain(|(name, value)| !value.is_empty() && used.contains(name.as_str()));
    // One value per name (the last definition wins, as in the files),
    // longest value first.
    let mut seen = HashSet::new();
    all.reverse();
    all.retain(|(name, _)| seen.insert(name.clone()));
    all.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.cmp(b)));
    all
}

/// One loaded file (or set of merged layers) that services can be
/// extended from.
struct Doc {
    root: Node,
    /// Resolved services by name: `(definition, partial)`.
    resolved: HashMap<String, (Node, bool)>,
}

struct Loader<'r> {
    read: Reader<'r>,
    limits: Limits,
    files: Vec<ProjectFile>,
    next_base: u32,
    problems: Vec<Problem>,
    /// Duplicate keys found while loading.
    warnings: Vec<LoadError>,
    docs: Vec<Doc>,
    /// Extended files by path, loaded once: the document, or why the file
    /// could not be read (`None`: it was read but is not valid).
    by_path: HashMap<PathBuf, Result<usize, Option<Unread>>>,
    failed: bool,
    /// Some file uses the `!reset` tag.
    resets: bool,
    /// The `.env` files read, with where their variables are set, to join
    /// the offset space once the project is assembled.
    env_files: Vec<EnvFile>,
    /// Reads attempted, found or not (bounded by [`MAX_READS`]).
    reads: usize,
    /// Every variable read from a `.env` or `env_file`, with its value.
    env_values: Vec<(String, String)>,
    /// Includes already assembled.
    included: HashSet<IncludeKey>,
}

/// What makes two includes the same project: its files, its directory,
/// its env files and the variables it is assembled with.
#[derive(PartialEq, Eq, Hash)]
struct IncludeKey {
    paths: Vec<PathBuf>,
    project_dir: PathBuf,
    env_files: Vec<PathBuf>,
    /// The including project's variable sources, by identity.
    vars: Vec<usize>,
}

/// A `.env` file read for interpolation.
struct EnvFile {
    path: PathBuf,
    text: String,
    dir: PathBuf,
    defs: Vec<crate::compose::dotenv::Definition>,
}

impl Loader<'_> {
    /// Add a file to the offset space; `None` when the project holds too
    /// many files or bytes.
    fn add_file(&mut self, path: &Path, text: String, role: Role, dir: &Path) -> Option<usize> {
        let len = u32::try_from(text.len()).ok()?;
        let base = self.next_base;
        let next = base.checked_add(len)?.checked_add(1)?;
        if self.files.len() >= MAX_FILES {
            return None;
        }
        self.next_base = next;
        self.resets |= text.contains("!reset");
        self.files.push(ProjectFile {
            source: Arc::new(SourceFile::new(path, FileKind::Compose, text)),
            base,
            role,
            dir: dir.to_path_buf(),
            indents_sequences: std::sync::OnceLock::new(),
        });
        Some(self.files.len() - 1)
    }

    /// Read a file the project refers to, within the project's bounds: at
    /// most [`MAX_READS`] attempts and [`MAX_FILES`] files, checked before
    /// anything is read.
    fn read_file(&mut self, path: &Path) -> Result<String, Unread> {
        if self.reads >= MAX_READS || self.files.len() >= MAX_FILES {
            return Err(Unread::Failed(format!(
                "the project already reads {MAX_FILES} files, the most dockward reads"
            )));
        }
        self.reads += 1;
        self.read.read(path)
    }

    /// Remember a file's values, so that messages never print them.
    fn note_values(&mut self, env: &DotEnv) {
        self.env_values
            .extend(env.values().map(|(k, v)| (k.to_string(), v.to_string())));
    }

    /// Read and parse a `.env` file; absent or unreadable is empty. One
    /// that leads outside the repository is reported at `at` (the base
    /// file's start, or the `include` that brings the project in).
    fn dotenv(&mut self, path: &Path, at: Span) -> DotEnv {
        let mut env = DotEnv::default();
        match self.read_env_into(path, &mut env) {
            Ok(()) | Err(Unread::Failed(_)) => {}
            Err(Unread::Outside) => self.problems.push(
                Problem::new(
                    at,
                    ProblemKind::OutsideRoot,
                    "the project's `.env` is a link to a file outside the repository; it was not read",
                )
                .with_help("make `.env` a file of the repository, or remove the link"),
            ),
        }
        env
    }

    /// Add a `.env` file's variables to `env`, remembering where they are
    /// set (and their values, never to be printed).
    fn read_env_into(&mut self, path: &Path, env: &mut DotEnv) -> Result<(), Unread> {
        let text = self.read_file(path)?;
        let own = DotEnv::parse(&text);
        self.note_values(&own);
        let defs = env.extend_with_definitions(&text);
        if !defs.is_empty() {
            self.env_files.push(EnvFile {
                path: path.to_path_buf(),
                dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
                text,
                defs,
            });
        }
        Ok(())
    }

    /// Load one file's documents into the offset space, validated, merged
    /// into one root (legacy v1 files normalised to `services:`). `None`
    /// when it is not valid YAML or its top level is not a mapping.
    fn load_file(&mut self, file: usize, vars: &Vars, legacy: bool) -> Option<Node> {
        let f = &self.files[file];
        let base = f.base;
        let loaded = match yaml::load_with_warnings(&f.source.text, &self.limits) {
            Ok(l) => l,
            Err(e) => {
                let e = e.shifted(base);
                self.problems
                    .push(Problem::new(e.span, ProblemKind::Syntax, e.message));
                return None;
            }
        };
        let env = |name: &str| vars.get(name);
        let merger = Merger::new(&env);
        self.warnings
            .extend(loaded.warnings.into_iter().map(|w| w.shifted(base)));
        let mut root: Option<Node> = None;
        for mut doc in loaded.docs {
            doc.shift(base);
            match &doc.value {
                Value::Null => continue,
                Value::Map(_) => {}
                _ => {
                    // At the document's start, not over it: the document
                    // (a `.env` or a token under a Compose file's name)
                    // is not quoted.
                    self.problems.push(Problem::new(
                        Span::empty(doc.span.start),
                        ProblemKind::Syntax,
                        format!(
                            "expected a mapping at the top of a Compose file, found {}",
                            doc.kind_name()
                        ),
                    ));
                    return None;
                }
            }
            validate::validate_document(&doc, &env, legacy, &mut self.problems);
            let doc = normalize_legacy(doc, legacy);
            root = Some(match root {
                None => doc,
                Some(r) => merger.merge_root(r, doc),
            });
        }
        Some(root.unwrap_or_else(|| Node::null(Span::empty(base))))
    }

    /// Merge layers, resolve `extends`, model, and add included projects.
    fn assemble(
        &mut self,
        layers: Vec<Layer>,
        role: Role,
        dir: &Path,
        vars: &Vars,
        includes: &mut Vec<PathBuf>,
    ) -> ComposeFile {
        let env = |name: &str| vars.get(name);
        let merger = Merger::new(&env);
        let mut root: Option<Node> = None;
        let mut legacy = false;
        // A layer that is not valid YAML (or not a mapping) is reported in
        // itself; the others are still merged and linted, so a broken
        // layer cannot hide their findings. What the broken layer would
        // have set is unknown: every service is then partial.
        let mut broken = false;
        for layer in layers {
            let Some(file) = self.add_file(&layer.path, layer.text, role, dir) else {
                continue;
            };
            let Some(doc) = self.load_file(file, vars, legacy) else {
                broken = true;
                continue;
            };
            legacy |= is_normalized_legacy(&doc);
            root = Some(match root {
                None => doc,
                Some(r) => merger.merge_root(r, doc),
            });
        }
        if role == Role::Layer && root.is_none() && broken {
            self.failed = true;
        }
        let mut root = root.unwrap_or_else(|| Node::null(Span::empty(0)));
        if self.resets {
            strip_resets(&mut root);
        }
        let doc = self.docs.len();
        self.docs.push(Doc {
            root,
            resolved: HashMap::new(),
        });
        let partial = self.resolve_all(doc, vars);
        let root = std::mem::replace(&mut self.docs[doc].root, Node::null(Span::empty(0)));
        let loaded = yaml::Loaded {
            docs: vec![root],
            warnings: std::mem::take(&mut self.warnings),
        };
        let mut compose = match model::model_documents(loaded, &env) {
            Ok(c) => c,
            // The top level was checked when each file was loaded.
            Err(e) => {
                self.problems
                    .push(Problem::new(e.span, ProblemKind::Syntax, e.message));
                model::model_documents(yaml::Loaded::default(), &env)
                    .expect("an empty project models")
            }
        };
        compose.legacy |= legacy;
        compose.unset_variables = unset_variables(&compose.root, &env);
        for s in &mut compose.services {
            if broken || partial.contains(&s.name.value) {
                s.partial = true;
            }
        }
        // A service's `env_file`s are not read (they set the container's
        // environment), but one outside the repository is still reported.
        let mut outside_env = Vec::new();
        for s in &compose.services {
            for f in s.env_file.iter().filter_map(|e| e.path.as_ref()) {
                if let Some(t) = f.text().filter(|t| !t.is_empty()) {
                    let path = crate::paths::normalize(&self.files_dir(f.span.start).join(t));
                    if self.read.is_outside(&path) {
                        outside_env.push(outside(f, "env_file"));
                    }
                }
            }
        }
        self.problems.extend(outside_env);
        self.include(&mut compose, vars, includes);
        compose
    }

    /// Resolve the `extends` of every service of a document; returns the
    /// services left partial.
    fn resolve_all(&mut self, doc: usize, vars: &Vars) -> HashSet<String> {
        let names: Vec<String> = match self.docs[doc].root.get("services") {
            Some(Node {
                value: Value::Map(m),
                ..
            }) => m
                .iter()
                .filter(|e| e.value.get("extends").is_some())
                .filter_map(|e| e.key.as_str().map(str::to_string))
                .collect(),
            _ => return HashSet::new(),
        };
        let mut partial = HashSet::new();
        for name in names {
            let mut stack = Vec::new();
            if let Some((node, is_partial)) = self.resolve(doc, &name, vars, &mut stack) {
                if is_partial {
                    partial.insert(name.clone());
                }
                set_service(&mut self.docs[doc].root, &name, node);
            }
        }
        partial
    }

    /// A service of a document with its `extends` resolved: `None` when the
    /// document has no such service.
    fn resolve(
        &mut self,
        doc: usize,
        name: &str,
        vars: &Vars,
        stack: &mut Vec<(usize, String)>,
    ) -> Option<(Node, bool)> {
        if let Some(r) = self.docs[doc].resolved.get(name) {
            return Some(r.clone());
        }
        let local = service_of(&self.docs[doc].root, name)?.clone();
        let Some(ext) = local.get("extends").cloned() else {
            return Some((local, false));
        };
        if stack.iter().any(|(d, n)| *d == doc && n == name) || stack.len() >= MAX_DEPTH {
            let key = extends_key_span(&local).unwrap_or(ext.span);
            let chain: Vec<String> = stack
                .iter()
                .map(|(_, n)| format!("`{n}`"))
                .chain(std::iter::once(format!("`{name}`")))
                .collect();
            let message = if stack.len() >= MAX_DEPTH {
                format!("`extends` of service `{name}` nests more than {MAX_DEPTH} levels")
            } else {
                format!(
                    "service `{name}` extends itself: {}",
                    chain.join(" extends ")
                )
            };
            self.problems
                .push(Problem::new(key, ProblemKind::Cycle, message).with_help(
                    "break the cycle: a service cannot extend itself, directly or through others",
                ));
            return Some((local, true));
        }
        let env = |n: &str| vars.get(n);
        let text = |n: &Node| -> Option<String> {
            let t = n.as_str()?;
            if !t.contains('$') {
                return Some(t.to_string());
            }
            interpolate::resolve(&interpolate::parse(t).ok()?, &env).value
        };
        let (service_node, file_node) = match &ext.value {
            Value::Map(_) => (ext.get("service"), ext.get("file")),
            _ => (Some(&ext), None),
        };
        let Some(target) = service_node.and_then(text) else {
            // No service named: another rule reports the shape.
            if let Some(n) = service_node.filter(|n| n.as_str().is_some()) {
                // A service named through a variable without a value: what
                // it extends is unknown, which is not clean.
                self.problems.push(
                    Problem::new(
                        n.span,
                        ProblemKind::UndefinedService,
                        format!(
                            "`extends` of service `{name}` cannot be resolved: the service name uses a variable without a value"
                        ),
                    )
                    .with_help("give the variable a value (in `.env`), or name the service directly"),
                );
            }
            return Some((local, true));
        };
        let target_doc = match file_node {
            None => doc,
            Some(f) => {
                let Some(rel) = text(f) else {
                    self.problems.push(
                        Problem::new(
                            f.span,
                            ProblemKind::MissingFile,
                            format!(
                                "`extends` of service `{name}` cannot be resolved: the file name uses a variable without a value"
                            ),
                        )
                        .with_help("give the variable a value (in `.env`), or name the file directly"),
                    );
                    return Some((local, true));
                };
                if is_remote(&rel) {
                    // Git, OCI, HTTP: dockward does not fetch, so the
                    // service is only partly known; say so.
                    self.problems.push(
                        Problem::new(
                            f.span,
                            ProblemKind::MissingFile,
                            format!(
                                "`extends` of service `{name}` names a remote file, which dockward does not fetch"
                            ),
                        )
                        .with_help("extend a file of the repository, or lint the remote file on its own"),
                    );
                    return Some((local, true));
                }
                let dir = self.files_dir(f.span.start);
                match self.extended_doc(&dir.join(&rel), f, &rel, vars) {
                    Some(d) => d,
                    None => return Some((local, true)),
                }
            }
        };
        stack.push((doc, name.to_string()));
        let base = self.resolve(target_doc, &target, vars, stack);
        stack.pop();
        let result = match base {
            None => {
                let at = service_node.map_or(ext.span, |n| n.span);
                let where_ = match file_node {
                    Some(f) => format!(" in `{}`", f.as_str().unwrap_or("")),
                    None => String::new(),
                };
                self.problems.push(
                    Problem::new(
                        at,
                        ProblemKind::UndefinedService,
                        format!(
                            "service `{name}` extends `{target}`, which is not defined{where_}"
                        ),
                    )
                    .with_help(self.service_hint(target_doc, &target)),
                );
                (local, true)
            }
            Some((base, partial)) => (Merger::new(&env).extend_service(base, local), partial),
        };
        self.docs[doc]
            .resolved
            .insert(name.to_string(), result.clone());
        Some(result)
    }

    /// "did you mean `x`?" for a service name, or a generic hint.
    fn service_hint(&self, doc: usize, target: &str) -> String {
        let names: Vec<&str> = match self.docs[doc].root.get("services").and_then(Node::as_map) {
            Some(m) => m.iter().filter_map(|e| e.key.as_str()).collect(),
            None => Vec::new(),
        };
        match crate::suggest::did_you_mean(target, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? name a service the file defines"),
            None => "name a service the file defines".to_string(),
        }
    }

    /// The directory relative paths resolve against at a global offset.
    fn files_dir(&self, offset: u32) -> PathBuf {
        let i = self
            .files
            .partition_point(|f| f.base <= offset)
            .saturating_sub(1);
        self.files.get(i).map(|f| f.dir.clone()).unwrap_or_default()
    }

    /// The document of an extended file, loading it on first use. Reports
    /// a file that cannot be read at `at`, at every reference to it.
    fn extended_doc(
        &mut self,
        path: &Path,
        at: &Node,
        written: &str,
        vars: &Vars,
    ) -> Option<usize> {
        let path = crate::paths::normalize(path);
        let cached = match self.by_path.get(&path) {
            Some(c) => c.clone(),
            None => {
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let loaded = match self.read_file(&path) {
                    Err(why) => Err(Some(why)),
                    Ok(text) => match self.add_file(&path, text, Role::Extended, &dir) {
                        None => Err(None),
                        Some(file) => match self.load_file(file, vars, false) {
                            None => Err(None),
                            Some(root) => {
                                self.docs.push(Doc {
                                    root,
                                    resolved: HashMap::new(),
                                });
                                Ok(self.docs.len() - 1)
                            }
                        },
                    },
                };
                self.by_path.insert(path, loaded.clone());
                loaded
            }
        };
        match cached {
            Ok(doc) => Some(doc),
            Err(Some(Unread::Outside)) => {
                self.problems.push(
                    Problem::new(
                        at.span,
                        ProblemKind::OutsideRoot,
                        format!(
                            "`extends` names `{written}`, which is outside the repository; it was not read"
                        ),
                    )
                    .with_help("extend a file inside the repository"),
                );
                None
            }
            Err(Some(why)) => {
                self.problems.push(
                    Problem::new(
                        at.span,
                        ProblemKind::MissingFile,
                        format!(
                            "cannot read `{written}`, the file `extends` names: {}",
                            why.message()
                        ),
                    )
                    .with_help("fix the path (it is relative to this file), or add the file"),
                );
                None
            }
            // Not valid YAML: reported in that file.
            Err(None) => None,
        }
    }

    /// Load the projects `include` names and add their services and
    /// resources (the including project's definitions win).
    fn include(&mut self, compose: &mut ComposeFile, vars: &Vars, stack: &mut Vec<PathBuf>) {
        let includes = std::mem::take(&mut compose.include);
        // Names already defined, so each import is linear in what it adds.
        let mut names = Names::of(compose);
        for inc in &includes {
            let mut paths = Vec::new();
            let mut unknown = false;
            for p in &inc.path {
                match p.text() {
                    Some("") => {}
                    Some(t) if is_remote(t) => {
                        unknown = true;
                        self.problems.push(
                            Problem::new(
                                p.span,
                                ProblemKind::MissingFile,
                                format!(
                                    "`include` names `{}`, a remote project, which dockward does not fetch",
                                    p.raw
                                ),
                            )
                            .with_help("include a file of the repository, or lint the remote project on its own"),
                        );
                    }
                    Some(t) => {
                        let dir = self.files_dir(p.span.start);
                        paths.push((crate::paths::normalize(&dir.join(t)), p.clone()));
                    }
                    None => {
                        unknown = true;
                        self.problems.push(
                            Problem::new(
                                p.span,
                                ProblemKind::MissingFile,
                                "`include` cannot be resolved: the path uses a variable without a value",
                            )
                            .with_help("give the variable a value (in `.env`), or write the path"),
                        );
                    }
                }
            }
            let Some((first, _)) = paths.first() else {
                continue;
            };
            let first = first.clone();
            if unknown {
                continue;
            }
            if let Some((_, field)) = paths.iter().find(|(p, _)| stack.contains(p)) {
                self.problems.push(
                    Problem::new(
                        field.span,
                        ProblemKind::Cycle,
                        format!(
                            "`include` of `{}` leads back to a file that includes it",
                            field.raw
                        ),
                    )
                    .with_help("remove the `include` that closes the cycle"),
                );
                continue;
            }
            if stack.len() >= MAX_DEPTH {
                self.problems.push(
                    Problem::new(
                        paths[0].1.span,
                        ProblemKind::Cycle,
                        format!("`include` nests more than {MAX_DEPTH} levels"),
                    )
                    .with_help("include the files directly rather than through a chain"),
                );
                continue;
            }
            let project_dir = match inc.project_directory.as_ref().and_then(|d| d.text()) {
                Some(d) => {
                    let dir = self.files_dir(inc.span.start);
                    crate::paths::normalize(&dir.join(d))
                }
                None => first.parent().map(Path::to_path_buf).unwrap_or_default(),
            };
            // The same project included again with the same variables adds
            // nothing (its names are taken): it is not read again, so forty
            // includes of one file cost one.
            let env_files: Vec<PathBuf> = inc
                .env_file
                .iter()
                .filter_map(|f| Some(self.files_dir(f.span.start).join(f.text()?)))
                .collect();
            let key = IncludeKey {
                paths: paths.iter().map(|(p, _)| p.clone()).collect(),
                project_dir: project_dir.clone(),
                env_files,
                vars: vars
                    .sources
                    .iter()
                    .map(|s| Arc::as_ptr(s) as usize)
                    .collect(),
            };
            if !self.included.insert(key) {
                continue;
            }
            let mut layers = Vec::new();
            for (path, field) in &paths {
                match self.read_file(path) {
                    Ok(text) => layers.push(Layer {
                        path: path.clone(),
                        text,
                    }),
                    Err(Unread::Outside) => self.problems.push(outside(field, "include")),
                    Err(why) => self.problems.push(
                        Problem::new(
                            field.span,
                            ProblemKind::MissingFile,
                            format!(
                                "cannot read `{}`, the file `include` names: {}",
                                field.raw,
                                why.message()
                            ),
                        )
                        .with_help("fix the path (it is relative to this file), or add the file"),
                    ),
                }
            }
            if layers.len() < paths.len() {
                continue;
            }
            // The included project's variables: ours win, then its
            // `env_file`s (or the `.env` in its directory).
            let mut own = DotEnv::default();
            if inc.env_file.is_empty() {
                own = self.dotenv(&project_dir.join(".env"), paths[0].1.span);
            } else {
                for f in &inc.env_file {
                    let Some(t) = f.text() else {
                        continue;
                    };
                    let dir = self.files_dir(f.span.start);
                    match self.read_env_into(&dir.join(t), &mut own) {
                        Ok(()) => {}
                        Err(Unread::Outside) => self.problems.push(outside(f, "env_file")),
                        Err(why) => self.problems.push(
                            Problem::new(
                                f.span,
                                ProblemKind::MissingFile,
                                format!(
                                    "cannot read `{}`, the `env_file` of an `include`: {}",
                                    f.raw,
                                    why.message()
                                ),
                            )
                            .with_help(
                                "fix the path (it is relative to this file), or add the file",
                            ),
                        ),
                    }
                }
            }
            let sub_vars = vars.then(own);
            let depth = stack.len();
            stack.extend(paths.iter().map(|(p, _)| p.clone()));
            let sub = self.assemble(layers, Role::Included, &project_dir, &sub_vars, stack);
            stack.truncate(depth);
            import(compose, sub, &mut names);
        }
        compose.include = includes;
    }
}

/// A reference that leads outside the repository.
fn outside(field: &model::Field, what: &str) -> Problem {
    Problem::new(
        field.span,
        ProblemKind::OutsideRoot,
        format!(
            "`{what}` names `{}`, which is outside the repository; it was not read",
            field.raw
        ),
    )
    .with_help("name a file inside the repository")
}

/// The names a project defines, by kind of object.
#[derive(Default)]
struct Names {
    services: HashSet<String>,
    networks: HashSet<String>,
    volumes: HashSet<String>,
    secrets: HashSet<String>,
    configs: HashSet<String>,
}

impl Names {
    fn of(c: &ComposeFile) -> Names {
        let set = |v: &[model::Resource]| v.iter().map(|r| r.name.value.clone()).collect();
        Names {
            services: c.services.iter().map(|s| s.name.value.clone()).collect(),
            networks: set(&c.networks),
            volumes: set(&c.volumes),
            secrets: set(&c.secrets),
            configs: set(&c.configs),
        }
    }
}

/// Add an included project's services and resources; names the including
/// project defines win (Compose reports the conflict). Linear in what is
/// added: `names` holds what `into` defines.
fn import(into: &mut ComposeFile, sub: ComposeFile, names: &mut Names) {
    let ComposeFile {
        services,
        invalid_services,
        networks,
        volumes,
        secrets,
        configs,
        problems,
        unset_variables,
        ..
    } = sub;
    into.unset_variables.extend(unset_variables);
    into.invalid_services.extend(invalid_services);
    into.services.reserve(services.len());
    for s in services {
        if names.services.insert(s.name.value.clone()) {
            into.services.push(s);
        }
    }
    let merge_res = |into: &mut Vec<model::Resource>,
                     seen: &mut HashSet<String>,
                     more: Vec<model::Resource>| {
        for r in more {
            if seen.insert(r.name.value.clone()) {
                into.push(r);
            }
        }
    };
    merge_res(&mut into.networks, &mut names.networks, networks);
    merge_res(&mut into.volumes, &mut names.volumes, volumes);
    merge_res(&mut into.secrets, &mut names.secrets, secrets);
    merge_res(&mut into.configs, &mut names.configs, configs);
    into.problems.extend(problems);
}

/// Every `${VAR}` in the values of a tree whose variable is unset and has
/// no default, once per position (anchors copy values).
fn unset_variables(root: &Node, env: model::Env<'_>) -> Vec<crate::source::Spanned<String>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut todo = vec![root];
    while let Some(n) = todo.pop() {
        match &n.value {
            Value::Scalar(s) if s.text.contains('$') => {
                let Ok(pieces) = interpolate::parse(&s.text) else {
                    continue;
                };
                let r = interpolate::resolve(&pieces, env);
                for seg in &r.segments {
                    if let Some(name) = &seg.unknown {
                        let span = n.span_of(seg.src.clone());
                        if seen.insert((span, name.clone())) {
                            out.push(crate::source::Spanned::new(name.clone(), span));
                        }
                    }
                }
            }
            Value::Seq(items) => todo.extend(items.iter().rev()),
            Value::Map(m) => todo.extend(m.entries.iter().rev().map(|e| &e.value)),
            _ => {}
        }
    }
    out.sort_by_key(|v| (v.span.start, v.span.end));
    out
}

/// A reference Compose fetches rather than reads (`oci://`, a Git URL):
/// dockward does not fetch, so such a reference is left alone.
fn is_remote(path: &str) -> bool {
    path.contains("://") || path.starts_with("git@")
}

/// The services mapping of a root (normalised roots always use `services`).
fn service_of<'a>(root: &'a Node, name: &str) -> Option<&'a Node> {
    root.get("services")?.get(name)
}

fn set_service(root: &mut Node, name: &str, node: Node) {
    let Value::Map(m) = &mut root.value else {
        return;
    };
    let Some(e) = m
        .entries
        .iter_mut()
        .find(|e| e.key.as_str() == Some("services"))
    else {
        return;
    };
    let Value::Map(services) = &mut e.value.value else {
        return;
    };
    if let Some(s) = services
        .entries
        .iter_mut()
        .find(|s| s.key.as_str() == Some(name))
    {
        s.value = node;
    }
}

/// The span of the `extends` key in a service mapping.
fn extends_key_span(service: &Node) -> Option<Span> {
    Some(service.as_map()?.get("extends")?.key.span)
}

/// Marker key for a legacy file normalised to `services:`.
const LEGACY_MARK: &str = "x-dockward-legacy-v1";

/// A legacy v1 file (services at the top level) rewritten with a
/// `services:` key, so merging and `extends` treat both formats alike.
/// The key is synthetic (an empty span); the services keep their spans.
fn normalize_legacy(root: Node, force: bool) -> Node {
    let Value::Map(m) = &root.value else {
        return root;
    };
    let legacy = m.get("services").is_none() && force || model::is_legacy(m);
    if !legacy {
        return root;
    }
    let Node {
        span,
        value,
        tag,
        alias,
    } = root;
    let entries = match value {
        Value::Map(m) => m.entries,
        _ => Vec::new(),
    };
    let mut top = Vec::new();
    let mut services = Vec::new();
    for mut e in entries {
        let keep_top =
            e.key.as_str().is_some_and(model::is_top_level_key) || e.value.as_map().is_none();
        if keep_top {
            top.push(e);
        } else {
            translate_v1_service(&mut e.value);
            services.push(e);
        }
    }
    let key = |text: &str| synthetic_key(text, Span::empty(span.start));
    top.push(Entry {
        key: key("services"),
        value: Node {
            span,
            value: Value::Map(Mapping { entries: services }),
            tag: None,
            alias: None,
        },
        merged_from: None,
    });
    top.push(Entry {
        key: key(LEGACY_MARK),
        value: Node::null(Span::empty(span.start)),
        merged_from: None,
    });
    Node {
        span,
        value: Value::Map(Mapping { entries: top }),
        tag,
        alias,
    }
}

/// A key that is not written in the file, placed at `span`.
fn synthetic_key(text: &str, span: Span) -> Node {
    Node {
        span,
        value: Value::Scalar(Scalar {
            text: text.to_string(),
            style: ScalarStyle::Plain,
            verbatim: None,
        }),
        tag: None,
        alias: None,
    }
}

/// Give the keys of the v1 format their current names, so that the model
/// and the rules read them: `net` is `network_mode`, `log_driver` and
/// `log_opt` are `logging`, `dockerfile` is `build.dockerfile`. The keys
/// keep their spans.
fn translate_v1_service(service: &mut Node) {
    let Value::Map(m) = &mut service.value else {
        return;
    };
    let has = |m: &Mapping, k: &str| m.get(k).is_some();
    if has(m, "net") && !has(m, "network_mode") {
        for e in &mut m.entries {
            if e.key.as_str() == Some("net") {
                let span = e.key.span;
                e.key = synthetic_key("network_mode", span);
            }
        }
    }
    if (has(m, "log_driver") || has(m, "log_opt")) && !has(m, "logging") {
        let mut logging = Vec::new();
        let mut at = None;
        let mut i = 0;
        while i < m.entries.len() {
            let new_key = match m.entries[i].key.as_str() {
                Some("log_driver") => "driver",
                Some("log_opt") => "options",
                _ => {
                    i += 1;
                    continue;
                }
            };
            let mut e = m.entries.remove(i);
            at.get_or_insert((i, e.key.span));
            e.key = synthetic_key(new_key, e.key.span);
            logging.push(e);
        }
        if let Some((i, span)) = at {
            let value_span = logging
                .iter()
                .map(|e| e.span())
                .fold(span, |a, b| a.cover(b));
            m.entries.insert(
                i,
                Entry {
                    key: synthetic_key("logging", span),
                    value: Node {
                        span: value_span,
                        value: Value::Map(Mapping { entries: logging }),
                        tag: None,
                        alias: None,
                    },
                    merged_from: None,
                },
            );
        }
    }
    if let Some(i) = m
        .entries
        .iter()
        .position(|e| e.key.as_str() == Some("dockerfile"))
        && let Some(b) = m
            .entries
            .iter()
            .position(|e| e.key.as_str() == Some("build"))
    {
        let mut df = m.entries[i].clone();
        df.key = synthetic_key("dockerfile", df.key.span);
        let build = &mut m.entries[b].value;
        match &mut build.value {
            Value::Map(bm) if bm.get("dockerfile").is_none() => bm.entries.push(df),
            Value::Scalar(_) => {
                let context = std::mem::replace(build, Node::null(Span::empty(0)));
                let span = context.span;
                *build = Node {
                    span,
                    value: Value::Map(Mapping {
                        entries: vec![
                            Entry {
                                key: synthetic_key("context", Span::empty(span.start)),
                                value: context,
                                merged_from: None,
                            },
                            df,
                        ],
                    }),
                    tag: None,
                    alias: None,
                };
            }
            _ => {}
        }
    }
}

fn is_normalized_legacy(root: &Node) -> bool {
    root.get(LEGACY_MARK).is_some() || root.as_map().is_some_and(|m| m.get(LEGACY_MARK).is_some())
}

/// Remove the entries whose value is tagged `!reset` that merging left
/// (those of the base file: Compose drops them when it loads a file).
fn strip_resets(root: &mut Node) {
    let mut todo: Vec<(&mut Node, usize)> = vec![(root, 0)];
    while let Some((n, depth)) = todo.pop() {
        if depth > 64 {
            continue;
        }
        match &mut n.value {
            Value::Map(m) => {
                m.entries.retain(|e| !e.value.has_tag("!reset"));
                todo.extend(m.entries.iter_mut().map(|e| (&mut e.value, depth + 1)));
            }
            Value::Seq(items) => todo.extend(items.iter_mut().map(|i| (i, depth + 1))),
            _ => {}
        }
    }
}

/// Drop problems reported twice at one span for one reason (a model type
/// problem the validator also found).
fn dedupe(problems: Vec<Problem>) -> Vec<Problem> {
    let mut seen: HashSet<(Span, bool)> = HashSet::new();
    // Validator findings come first in the list: keep them, drop the
    // model's type problems at the same spans.
    let mut out = Vec::with_capacity(problems.len());
    for p in problems {
        let typeish = matches!(p.kind, ProblemKind::Type | ProblemKind::Value);
        if seen.insert((p.span, typeish)) || !typeish {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests;
