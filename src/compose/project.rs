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

use std::collections::{HashMap, HashSet};
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
    /// A layer is not valid YAML (or not a mapping): Compose refuses the
    /// project, so only its syntax errors are reported.
    pub failed: bool,
    /// Where the variables of the project's `.env` files are set, in order
    /// of precedence (the project's own `.env` first).
    pub variables: Vec<Variable>,
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
}

/// Reads a file the project refers to: its text, or why it cannot be read
/// (lowercase, such as "no such file or directory").
pub type Reader<'a> = &'a (dyn Fn(&Path) -> Result<String, String> + Sync);

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
    };
    let dir = layers
        .first()
        .and_then(|f| f.path.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let vars = Vars::default().then(l.dotenv(&dir.join(".env")));
    let mut compose = l.assemble(layers, Role::Layer, &dir, &vars, &mut Vec::new());
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
        ..
    } = l;
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
    }
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
    by_path: HashMap<PathBuf, Result<usize, Option<String>>>,
    failed: bool,
    /// Some file uses the `!reset` tag.
    resets: bool,
    /// The `.env` files read, with where their variables are set, to join
    /// the offset space once the project is assembled.
    env_files: Vec<EnvFile>,
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
        });
        Some(self.files.len() - 1)
    }

    /// Read and parse a `.env` file; absent or unreadable is empty.
    fn dotenv(&mut self, path: &Path) -> DotEnv {
        let mut env = DotEnv::default();
        self.read_env_into(path, &mut env);
        env
    }

    /// Add a `.env` file's variables to `env`, remembering where they are
    /// set; absent or unreadable adds nothing.
    fn read_env_into(&mut self, path: &Path, env: &mut DotEnv) {
        if let Ok(text) = (self.read)(path) {
            let defs = env.extend_with_definitions(&text);
            if !defs.is_empty() {
                self.env_files.push(EnvFile {
                    path: path.to_path_buf(),
                    dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    text,
                    defs,
                });
            }
        }
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
                    self.problems.push(Problem::new(
                        doc.span,
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
        for layer in layers {
            let Some(file) = self.add_file(&layer.path, layer.text, role, dir) else {
                continue;
            };
            let Some(doc) = self.load_file(file, vars, legacy) else {
                if role == Role::Layer {
                    self.failed = true;
                }
                continue;
            };
            legacy |= is_normalized_legacy(&doc);
            root = Some(match root {
                None => doc,
                Some(r) => merger.merge_root(r, doc),
            });
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
            if partial.contains(&s.name.value) {
                s.partial = true;
            }
        }
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
            // No service named (another rule reports the shape), or it
            // depends on an unknown variable.
            return Some((local, true));
        };
        let target_doc = match file_node {
            None => doc,
            Some(f) => {
                let Some(rel) = text(f).filter(|r| !is_remote(r)) else {
                    // Unknown, or a remote file (Git, OCI, HTTP) dockward
                    // does not fetch: the service is only partly known.
                    return Some((local, true));
                };
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
                let loaded = match (self.read)(&path) {
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
            Err(Some(why)) => {
                self.problems.push(
                    Problem::new(
                        at.span,
                        ProblemKind::MissingFile,
                        format!("cannot read `{written}`, the file `extends` names: {why}"),
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
        for inc in &includes {
            let mut paths = Vec::new();
            for p in &inc.path {
                match p.text() {
                    Some(t) if !t.is_empty() && !is_remote(t) => {
                        let dir = self.files_dir(p.span.start);
                        paths.push((crate::paths::normalize(&dir.join(t)), p.clone()));
                    }
                    _ => {}
                }
            }
            let Some((first, _)) = paths.first() else {
                continue;
            };
            if stack.contains(first) || stack.len() >= MAX_DEPTH {
                let p = &paths[0].1;
                self.problems.push(
                    Problem::new(
                        p.span,
                        ProblemKind::Cycle,
                        format!(
                            "`include` of `{}` leads back to a file that includes it",
                            p.raw
                        ),
                    )
                    .with_help("remove the `include` that closes the cycle"),
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
            let mut layers = Vec::new();
            for (path, field) in &paths {
                match (self.read)(path) {
                    Ok(text) => layers.push(Layer {
                        path: path.clone(),
                        text,
                    }),
                    Err(why) => self.problems.push(
                        Problem::new(
                            field.span,
                            ProblemKind::MissingFile,
                            format!(
                                "cannot read `{}`, the file `include` names: {why}",
                                field.raw
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
                own = self.dotenv(&project_dir.join(".env"));
            } else {
                for f in &inc.env_file {
                    if let Some(t) = f.text() {
                        let dir = self.files_dir(f.span.start);
                        self.read_env_into(&dir.join(t), &mut own);
                    }
                }
            }
            let sub_vars = vars.then(own);
            stack.push(first.clone());
            let sub = self.assemble(layers, Role::Included, &project_dir, &sub_vars, stack);
            stack.pop();
            import(compose, sub);
        }
        compose.include = includes;
    }
}

/// Add an included project's services and resources; names the including
/// project defines win (Compose reports the conflict).
fn import(into: &mut ComposeFile, sub: ComposeFile) {
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
    for s in services {
        if into.service(&s.name.value).is_none() {
            into.services.push(s);
        }
    }
    let merge_res = |into: &mut Vec<model::Resource>, more: Vec<model::Resource>| {
        for r in more {
            if !into.iter().any(|x| x.name.value == r.name.value) {
                into.push(r);
            }
        }
    };
    merge_res(&mut into.networks, networks);
    merge_res(&mut into.volumes, volumes);
    merge_res(&mut into.secrets, secrets);
    merge_res(&mut into.configs, configs);
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
