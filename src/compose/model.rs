//! A typed model of one Compose file: the leaves a linter reads, each with
//! its span.
//!
//! The model is deliberately thin: it reads the keys that rules need, in
//! every syntax Compose accepts for them (string or list, list or mapping,
//! short or long), interpolates values with the caller's environment, and
//! keeps the YAML [`Node`] of each service so that a rule can look at any
//! other key. Unknown keys are ignored here. Values of the wrong shape (a
//! mapping where a string belongs), malformed ports and volumes, invalid
//! interpolation and duplicate keys become [`Problem`]s; the rest of the
//! file is still modelled.
//!
//! Interpolation is applied to values, never to keys (Compose does the
//! same), with [`crate::compose::interpolate`]: a variable that is unset
//! and has no default makes the value *unknown* (`Field::value` is `None`)
//! rather than empty.

use crate::compose::interpolate::{self, Resolved, UNKNOWN};
use crate::source::{Span, Spanned};
use crate::yaml::{self, Entry, Limits, LoadError, Mapping, Node, ScalarStyle, Value};

mod ports;
mod volumes;

pub use ports::{Port, PortRange};
pub use volumes::{Volume, VolumeKind};

/// The environment used for interpolation: variable name -> value.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// One Compose file.
#[derive(Clone, Debug, PartialEq)]
pub struct ComposeFile {
    /// The first YAML document (null for an empty file).
    pub root: Node,
    /// Further documents of a multi-document file; their services and
    /// resources are modelled too, after the first document's.
    pub extra_documents: Vec<Node>,
    /// Top-level `version` (obsolete, ignored by Compose).
    pub version: Option<Field>,
    /// Top-level `name` (the project name).
    pub name: Option<Field>,
    /// The legacy v1 format: services at the top level.
    pub legacy: bool,
    /// Services in file order.
    pub services: Vec<Service>,
    /// Keys under `services:` whose value is neither a mapping nor null (a
    /// key indented one level too far left, such as `restart: always`).
    /// Compose rejects them as a type error, reported once; they are not
    /// services, so no rule judges what they lack.
    pub invalid_services: Vec<Spanned<String>>,
    pub networks: Vec<Resource>,
    pub volumes: Vec<Resource>,
    pub secrets: Vec<Resource>,
    pub configs: Vec<Resource>,
    pub include: Vec<Include>,
    /// Problems found while modelling; the file was modelled anyway.
    pub problems: Vec<Problem>,
    /// Variables that values use without a default and that the project
    /// does not set (in `.env`), each at its `${...}`: the values that use
    /// them are unknown. Filled when a project is loaded
    /// ([`crate::compose::project`]).
    pub unset_variables: Vec<Spanned<String>>,
}

impl ComposeFile {
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name.value == name)
    }
}

/// Something wrong in a part of the file that did not stop the modelling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    /// Lowercase, no trailing period.
    pub message: String,
    pub kind: ProblemKind,
    /// What to do about it, when there is more to say than the message.
    pub help: Option<String>,
}

impl Problem {
    pub fn new(span: Span, kind: ProblemKind, message: impl Into<String>) -> Problem {
        Problem {
            span,
            message: message.into(),
            kind,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// A key repeated in one mapping (docker compose rejects the file).
    DuplicateKey,
    /// Invalid `${...}` syntax.
    Interpolation,
    /// A value of the wrong shape (a mapping where a string belongs, ...).
    Type,
    /// A malformed port.
    Port,
    /// A malformed volume.
    Volume,
    /// A file of the project (an `extends` or `include` target) that is not
    /// valid YAML or not a Compose mapping.
    Syntax,
    /// A key the Compose specification does not define (outside `x-`).
    UnknownKey,
    /// A value Compose does not accept for its key (an unknown `restart`
    /// policy, a malformed duration, ...).
    Value,
    /// A file named by `extends` or `include` that cannot be read.
    MissingFile,
    /// `extends` or `include` that leads back to itself.
    Cycle,
    /// A reference (`include`, `extends.file`, `env_file`, a build's
    /// Dockerfile, `COMPOSE_FILE`) that resolves outside the repository:
    /// nothing there is read.
    OutsideRoot,
    /// A reference to a service the project does not define.
    UndefinedService,
    /// A reference to a network, volume, secret or config the project does
    /// not define.
    UndefinedResource,
}

/// A scalar value: its span, its text as written and its interpolated value
/// ([`FieldData`], which a `Field` points to).
///
/// Fields are also made for parts of a short-syntax string (the host port
/// of `"127.0.0.1:8080:80"`, the source of `./data:/data`): such a part has
/// its own `span`, `raw` and `value`, and shares `node_span` with the item.
///
/// A `Field` is one pointer: the model holds an `Option<Field>` for every
/// key a service may set and most are absent, so an absent field costs one
/// word instead of the 150 bytes of its data (a 500,000-service file's
/// services took 2.4 GB with the data inline, about 0.6 GB boxed).
#[derive(Clone, Debug, PartialEq)]
pub struct Field(Box<FieldData>);

impl Field {
    pub fn new(data: FieldData) -> Field {
        Field(Box::new(data))
    }
}

impl std::ops::Deref for Field {
    type Target = FieldData;

    fn deref(&self) -> &FieldData {
        &self.0
    }
}

impl std::ops::DerefMut for Field {
    fn deref_mut(&mut self) -> &mut FieldData {
        &mut self.0
    }
}

/// What a [`Field`] knows.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldData {
    /// The value's span: the scalar node's, or for a part, the part's exact
    /// characters when the scalar is verbatim (else the whole scalar's). A
    /// value copied by an alias keeps the span where it is defined (see
    /// `alias`).
    pub span: Span,
    /// The span of the mapping key, for a value read from a mapping.
    pub key: Option<Span>,
    /// The whole scalar node (the whole item, for a part).
    pub node_span: Span,
    /// The alias site, when an alias copied this value here.
    pub alias: Option<Span>,
    /// How the scalar was written; `None` for null (`key:`, `key: null`).
    pub style: Option<ScalarStyle>,
    /// The text as written (after YAML unescaping, before interpolation).
    pub raw: String,
    /// The interpolated value; `None` when it depends on an unknown
    /// variable, when interpolation failed, or for null.
    pub value: Option<String>,
    /// Variables that are unset and have no default.
    pub unknown_vars: Vec<String>,
    /// A default (`${X:-d}`) supplied part of the value.
    pub defaulted: bool,
    pub tag: Option<Box<str>>,
    /// Interpolation detail when the text contains `$`: the value with
    /// unknown parts marked, mapped back to the scalar's text. `None` means
    /// the value is `raw` itself.
    pub resolved: Option<Box<Resolved>>,
    /// File offset of `raw`'s first byte when the scalar is verbatim; the
    /// text that `resolved` maps into is `raw`.
    origin: Option<u32>,
}

impl FieldData {
    /// File offset of the first byte of `raw`, when the scalar appears byte
    /// for byte in the file, so offsets inside `raw` map to the file.
    pub fn verbatim_origin(&self) -> Option<u32> {
        self.origin
    }

    /// The interpolated value, when known.
    pub fn text(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// The node is null (`key:`, `key: null`).
    pub fn is_null(&self) -> bool {
        self.style.is_none()
    }

    /// The value depends on an unknown variable (or failed to interpolate).
    pub fn is_unknown(&self) -> bool {
        self.value.is_none() && !self.is_null()
    }

    /// The value with [`UNKNOWN`] standing for unknown parts (the value
    /// itself when known); offsets for [`Field::span_of`] and
    /// [`Field::part`] are offsets of this text.
    pub fn resolved_text(&self) -> &str {
        match &self.resolved {
            Some(r) => &r.text,
            None => &self.raw,
        }
    }

    /// `true`/`false`/`yes`/`no`/`on`/`off`, any case.
    pub fn as_bool(&self) -> Option<bool> {
        let v = self.value.as_deref()?.trim();
        const TRUE: [&str; 3] = ["true", "yes", "on"];
        const FALSE: [&str; 3] = ["false", "no", "off"];
        if TRUE.iter().any(|t| v.eq_ignore_ascii_case(t)) {
            Some(true)
        } else if FALSE.iter().any(|f| v.eq_ignore_ascii_case(f)) {
            Some(false)
        } else {
            None
        }
    }

    /// A decimal integer.
    pub fn as_i64(&self) -> Option<i64> {
        let v = self.value.as_deref()?.trim();
        v.strip_prefix('+').unwrap_or(v).parse().ok()
    }

    /// A decimal number.
    pub fn as_f64(&self) -> Option<f64> {
        let v = self.value.as_deref()?.trim();
        let n: f64 = v.parse().ok()?;
        n.is_finite().then_some(n)
    }

    /// Map `range` of [`Field::resolved_text`] to the text `origin` is for.
    fn src_range(&self, range: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
        match &self.resolved {
            Some(r) => r.src_range(range),
            None => (range.start <= range.end && range.end <= self.raw.len()).then_some(range),
        }
    }

    /// The file span of `range`, a byte range of [`Field::resolved_text`]:
    /// exact for literal text of a verbatim scalar, the `${...}` that
    /// produced it for substituted text, [`Field::span`] otherwise.
    pub fn span_of(&self, range: std::ops::Range<usize>) -> Span {
        match (self.src_range(range), self.origin) {
            (Some(r), Some(o)) => Span::new(o + r.start as u32, o + r.end as u32),
            _ => self.span,
        }
    }

    /// A part of this field's value (`range` of [`Field::resolved_text`]) as
    /// a field of its own, with its own span.
    pub fn part(&self, range: std::ops::Range<usize>) -> Field {
        let span = self.span_of(range.clone());
        match &self.resolved {
            None => {
                let text = self.raw.get(range.clone()).unwrap_or("").to_string();
                Field::new(FieldData {
                    span,
                    key: None,
                    node_span: self.node_span,
                    alias: self.alias,
                    style: self.style,
                    raw: text.clone(),
                    value: Some(text),
                    unknown_vars: Vec::new(),
                    defaulted: false,
                    tag: None,
                    resolved: None,
                    origin: self.origin.map(|o| o + range.start as u32),
                })
            }
            Some(r) => {
                // The part's own raw text is the source text its segments
                // cover; re-base the segments onto it.
                let mut resolved = r.slice(range.clone());
                let cover = resolved
                    .segments
                    .iter()
                    .map(|s| s.src.clone())
                    .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
                    .or_else(|| r.src_range(range.clone()))
                    .unwrap_or(0..0);
                let raw = self.raw.get(cover.clone()).unwrap_or("").to_string();
                for seg in &mut resolved.segments {
                    seg.src = seg.src.start - cover.start..seg.src.end - cover.start;
                }
                Field::new(FieldData {
                    span,
                    key: None,
                    node_span: self.node_span,
                    alias: self.alias,
                    style: self.style,
                    raw,
                    value: resolved.value.clone(),
                    unknown_vars: resolved.unknown_vars.clone(),
                    defaulted: resolved.defaulted,
                    tag: None,
                    resolved: Some(Box::new(resolved)),
                    origin: self.origin.map(|o| o + cover.start as u32),
                })
            }
        }
    }
}

/// A list of scalars (`cap_add`, `security_opt`, ...). A single string is
/// accepted as a one-item list.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldList {
    pub key: Span,
    /// The value node's span.
    pub span: Span,
    pub items: Vec<Field>,
}

impl FieldList {
    pub fn iter(&self) -> std::slice::Iter<'_, Field> {
        self.items.iter()
    }

    /// The first item whose value equals `value`, ignoring ASCII case.
    pub fn find(&self, value: &str) -> Option<&Field> {
        self.items
            .iter()
            .find(|f| f.text().is_some_and(|t| t.eq_ignore_ascii_case(value)))
    }
}

/// A key present in a mapping, for keys the model does not read further.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keyed {
    pub key: Span,
    pub span: Span,
}

/// `KEY=VALUE` or `KEY: VALUE` (environment, labels, args, sysctls, options).
#[derive(Clone, Debug, PartialEq)]
pub struct EnvVar {
    /// The key (interpolated in the list form, where Compose interpolates it).
    pub key: Spanned<String>,
    /// `None` for `- KEY`, `KEY:` and `KEY: null` (taken from the shell).
    pub value: Option<Field>,
    /// The whole item or entry.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Build {
    pub key: Span,
    pub span: Span,
    /// The string form (`build: ./dir`), which sets only the context.
    pub short: bool,
    pub context: Option<Field>,
    pub dockerfile: Option<Field>,
    pub dockerfile_inline: Option<Field>,
    pub target: Option<Field>,
    pub network: Option<Field>,
    pub privileged: Option<Field>,
    pub entitlements: Option<FieldList>,
    pub args: Vec<EnvVar>,
    pub secrets: Vec<FileRef>,
    pub ssh: Option<FieldList>,
}

impl Build {
    /// The Dockerfile this build reads, for a local context: `dockerfile`
    /// (default `Dockerfile`) resolved against `context` (default `.`),
    /// itself resolved against the Compose file's directory. `None` for a
    /// remote context (Git or HTTP URL), `dockerfile_inline`, or a value that
    /// depends on an unknown variable.
    pub fn dockerfile_path(&self, compose_dir: &std::path::Path) -> Option<std::path::PathBuf> {
        if self.dockerfile_inline.is_some() {
            return None;
        }
        let context = match &self.context {
            Some(f) => f.text()?,
            None => ".",
        };
        let remote = context.contains("://")
            || context.starts_with("git@")
            || context.starts_with("github.com/");
        if remote {
            return None;
        }
        let dockerfile = match &self.dockerfile {
            Some(f) => f.text()?,
            None => "Dockerfile",
        };
        Some(compose_dir.join(context).join(dockerfile))
    }

    /// The `target` stage, when given and known.
    pub fn target_name(&self) -> Option<String> {
        self.target.as_ref()?.text().map(str::to_string)
    }
}

/// `command`, `entrypoint`, `healthcheck.test`, hook commands.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub key: Span,
    pub span: Span,
    /// The string form, run by a shell (`command: npm start`).
    pub shell_form: bool,
    /// The string (shell form) or the list items (exec form).
    pub args: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnvFile {
    pub span: Span,
    pub path: Option<Field>,
    pub required: Option<Field>,
    pub format: Option<Field>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Resources {
    pub key: Span,
    pub span: Span,
    pub memory: Option<Field>,
    pub cpus: Option<Field>,
    pub pids: Option<Field>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Deploy {
    pub key: Span,
    pub span: Span,
    pub limits: Option<Resources>,
    pub reservations: Option<Resources>,
    pub replicas: Option<Field>,
    pub mode: Option<Field>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Healthcheck {
    pub key: Span,
    pub span: Span,
    pub test: Option<Command>,
    pub disable: Option<Field>,
    pub interval: Option<Field>,
    pub timeout: Option<Field>,
    pub retries: Option<Field>,
    pub start_period: Option<Field>,
    pub start_interval: Option<Field>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Logging {
    pub key: Span,
    pub span: Span,
    pub driver: Option<Field>,
    pub options: Vec<EnvVar>,
}

/// `ulimits.NAME`: a single value or `{soft, hard}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Ulimit {
    pub name: Spanned<String>,
    pub span: Span,
    pub value: Option<Field>,
    pub soft: Option<Field>,
    pub hard: Option<Field>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Extends {
    pub key: Span,
    pub span: Span,
    pub service: Option<Field>,
    pub file: Option<Field>,
}

/// One `depends_on` item (list form: only the name).
#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    pub name: Spanned<String>,
    pub span: Span,
    pub condition: Option<Field>,
    pub required: Option<Field>,
    pub restart: Option<Field>,
}

/// A service's `secrets`/`configs` item, or a build secret.
#[derive(Clone, Debug, PartialEq)]
pub struct FileRef {
    pub span: Span,
    pub long: bool,
    pub source: Option<Field>,
    pub target: Option<Field>,
    pub uid: Option<Field>,
    pub gid: Option<Field>,
    pub mode: Option<Field>,
}

/// A service's `networks` item.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkRef {
    pub name: Spanned<String>,
    pub span: Span,
    pub aliases: Option<FieldList>,
    pub ipv4_address: Option<Field>,
    pub ipv6_address: Option<Field>,
}

/// `devices` item: `HOST[:CONTAINER[:PERMISSIONS]]` or the long form.
#[derive(Clone, Debug, PartialEq)]
pub struct Device {
    pub span: Span,
    pub long: bool,
    pub source: Option<Field>,
    pub target: Option<Field>,
    pub permissions: Option<Field>,
}

/// A `post_start` / `pre_stop` hook.
#[derive(Clone, Debug, PartialEq)]
pub struct Hook {
    pub span: Span,
    pub command: Option<Command>,
    pub user: Option<Field>,
    pub privileged: Option<Field>,
    pub working_dir: Option<Field>,
    pub environment: Vec<EnvVar>,
}

/// A top-level network, volume, secret or config.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    pub name: Spanned<String>,
    /// The definition (null for `name:`).
    pub span: Span,
    pub node: Node,
    pub external: Option<Field>,
    /// `name:` inside the definition (the platform name).
    pub name_field: Option<Field>,
    pub driver: Option<Field>,
    pub driver_opts: Vec<EnvVar>,
    pub labels: Vec<EnvVar>,
    /// Networks: `internal`.
    pub internal: Option<Field>,
    /// Secrets and configs: `file`, `environment`, `content`.
    pub file: Option<Field>,
    pub environment: Option<Field>,
    pub content: Option<Field>,
}

/// A top-level `include` item.
#[derive(Clone, Debug, PartialEq)]
pub struct Include {
    pub span: Span,
    pub path: Vec<Field>,
    pub env_file: Vec<Field>,
    pub project_directory: Option<Field>,
}

/// One service.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// The service name, with the span of its key.
    pub name: Spanned<String>,
    /// The service's definition (its mapping).
    pub span: Span,
    /// The definition's YAML, for keys the model does not read.
    pub node: Node,
    /// The service came from a merge key (`services: {<<: *others}`).
    pub merged_from: Option<Span>,
    pub image: Option<Field>,
    /// Boxed, like `deploy` and `healthcheck`, to keep `Service` small.
    pub build: Option<Box<Build>>,
    pub user: Option<Field>,
    pub privileged: Option<Field>,
    pub read_only: Option<Field>,
    pub network_mode: Option<Field>,
    pub pid: Option<Field>,
    pub ipc: Option<Field>,
    pub uts: Option<Field>,
    pub userns_mode: Option<Field>,
    pub cgroup: Option<Field>,
    pub cgroup_parent: Option<Field>,
    pub cap_add: Option<FieldList>,
    pub cap_drop: Option<FieldList>,
    pub security_opt: Option<FieldList>,
    pub devices: Vec<Device>,
    pub device_cgroup_rules: Option<FieldList>,
    pub gpus: Option<Keyed>,
    pub command: Option<Command>,
    pub entrypoint: Option<Command>,
    pub environment: Vec<EnvVar>,
    pub env_file: Vec<EnvFile>,
    pub mem_limit: Option<Field>,
    pub memswap_limit: Option<Field>,
    pub mem_reservation: Option<Field>,
    pub cpus: Option<Field>,
    pub cpu_quota: Option<Field>,
    pub cpu_shares: Option<Field>,
    pub pids_limit: Option<Field>,
    pub deploy: Option<Box<Deploy>>,
    pub healthcheck: Option<Box<Healthcheck>>,
    pub logging: Option<Logging>,
    pub restart: Option<Field>,
    pub tmpfs: Option<FieldList>,
    pub sysctls: Vec<EnvVar>,
    pub ulimits: Vec<Ulimit>,
    pub profiles: Option<FieldList>,
    pub extends: Option<Extends>,
    pub depends_on: Vec<Dependency>,
    pub labels: Vec<EnvVar>,
    pub secrets: Vec<FileRef>,
    pub configs: Vec<FileRef>,
    pub networks: Vec<NetworkRef>,
    pub use_api_socket: Option<Field>,
    pub volumes_from: Option<FieldList>,
    pub container_name: Option<Field>,
    pub expose: Option<FieldList>,
    pub oom_kill_disable: Option<Field>,
    pub post_start: Vec<Hook>,
    pub pre_stop: Vec<Hook>,
    pub ports: Vec<Port>,
    pub volumes: Vec<Volume>,
    /// The definition is incomplete: it `extends` a service that could not
    /// be loaded (a missing file, an unknown service, a cycle). Rules that
    /// report a *missing* key (no limit, no `user`, ...) skip such a service:
    /// the part that could not be read may set it.
    pub partial: bool,
}

impl Service {
    /// The value of any key of the service's mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.node.get(key)
    }
}

/// Top-level keys of the current format; a legacy v1 file has none of them.
const TOP_LEVEL_KEYS: [&str; 9] = [
    "version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models",
];

/// A key of the current format's top level, or an `x-` extension.
pub fn is_top_level_key(key: &str) -> bool {
    TOP_LEVEL_KEYS.contains(&key) || key.starts_with("x-")
}

/// The legacy v1 format: no `services:`, and a top-level key that is not
/// one of the current format's holds a mapping with `image` or `build`.
pub fn is_legacy(m: &Mapping) -> bool {
    m.get("services").is_none()
        && m.iter().any(|e| {
            e.key.as_str().is_some_and(|k| !is_top_level_key(k))
                && e.value
                    .as_map()
                    .is_some_and(|s| s.get("image").is_some() || s.get("build").is_some())
        })
}

/// Load and model a Compose file. Syntax errors (YAML), a top level that is
/// not a mapping, nesting and alias limits fail the file; everything else
/// is a [`Problem`] in [`ComposeFile::problems`].
pub fn parse_file(src: &str, limits: &Limits, env: Env<'_>) -> Result<ComposeFile, LoadError> {
    let loaded = yaml::load_with_warnings(src, limits)?;
    model_documents(loaded, env)
}

/// Model loaded YAML documents (one file's, or a project's merged tree):
/// the first document is the root, later ones add their services and
/// resources. Fails only when a document is not a mapping.
pub fn model_documents(loaded: yaml::Loaded, env: Env<'_>) -> Result<ComposeFile, LoadError> {
    let mut cx = Cx {
        env,
        problems: loaded
            .warnings
            .into_iter()
            .map(|w| Problem::new(w.span, ProblemKind::DuplicateKey, w.message))
            .collect(),
    };
    let mut docs = loaded.docs.into_iter();
    let root = docs.next().unwrap_or_else(|| Node::null(Span::empty(0)));
    let extra: Vec<Node> = docs.collect();
    let mut file = ComposeFile {
        root: Node::null(Span::empty(0)),
        extra_documents: Vec::new(),
        version: None,
        name: None,
        legacy: false,
        services: Vec::new(),
        invalid_services: Vec::new(),
        networks: Vec::new(),
        volumes: Vec::new(),
        secrets: Vec::new(),
        configs: Vec::new(),
        include: Vec::new(),
        problems: Vec::new(),
        unset_variables: Vec::new(),
    };
    for doc in std::iter::once(&root).chain(extra.iter()) {
        match &doc.value {
            Value::Null => {}
            Value::Map(m) => cx.top_level(m, &mut file),
            _ => {
                return Err(LoadError {
                    span: doc.span,
                    message: format!(
                        "expected a mapping at the top of a Compose file, found {}",
                        doc.kind_name()
                    ),
                });
            }
        }
    }
    file.root = root;
    file.extra_documents = extra;
    file.problems = cx.problems;
    Ok(file)
}

/// The modelling context: the environment and the problems found.
struct Cx<'e> {
    env: Env<'e>,
    problems: Vec<Problem>,
}

impl Cx<'_> {
    fn problem(&mut self, span: Span, kind: ProblemKind, message: impl Into<String>) {
        self.problems.push(Problem::new(span, kind, message));
    }

    fn wrong_type(&mut self, what: &str, expected: &str, node: &Node) {
        self.problem(
            node.span,
            ProblemKind::Type,
            format!("`{what}` must be {expected}, found {}", node.kind_name()),
        );
    }

    fn top_level(&mut self, m: &Mapping, file: &mut ComposeFile) {
        let legacy = is_legacy(m);
        if legacy {
            file.legacy = true;
            file.services.reserve_exact(m.len());
            for e in m.iter() {
                let Some(k) = e.key.as_str() else { continue };
                if is_top_level_key(k) {
                    continue;
                }
                if e.value.as_map().is_some() {
                    self.push_service(e, file);
                }
            }
        }
        for e in m.iter() {
            let Some(k) = e.key.as_str() else { continue };
            match k {
                "version" => file.version = self.scalar_entry(e, "version"),
                "name" => file.name = self.scalar_entry(e, "name"),
                "services" if !legacy => match &e.value.value {
                    Value::Map(services) => {
                        file.services.reserve_exact(services.len());
                        for s in services.iter() {
                            self.push_service(s, file);
                        }
                    }
                    Value::Null => {}
                    _ => self.wrong_type("services", "a mapping", &e.value),
                },
                "networks" => file.networks.extend(self.resources(e, "networks")),
                "volumes" => file.volumes.extend(self.resources(e, "volumes")),
                "secrets" => file.secrets.extend(self.resources(e, "secrets")),
                "configs" => file.configs.extend(self.resources(e, "configs")),
                "include" => file.include.extend(self.include(&e.value)),
                _ => {}
            }
        }
    }

    /// A service entry: modelled when its value is a mapping (or null, an
    /// empty service); any other value is a type problem and not a service.
    fn push_service(&mut self, e: &Entry, file: &mut ComposeFile) {
        if matches!(e.value.value, Value::Map(_) | Value::Null) {
            file.services.push(self.service(e));
            return;
        }
        let name = e.key.as_str().unwrap_or("").to_string();
        self.wrong_type(&format!("services.{name}"), "a mapping", &e.value);
        file.invalid_services.push(Spanned::new(name, key_span(e)));
    }

    /// A scalar (or null) node as a field; collections are a problem.
    fn field(&mut self, node: &Node, key: Option<Span>, what: &str) -> Option<Field> {
        let (style, raw, origin, resolved) = match &node.value {
            Value::Null => (None, String::new(), None, None),
            Value::Scalar(s) => {
                let resolved = if s.text.contains('$') {
                    let r = match interpolate::parse(&s.text) {
                        Ok(pieces) => interpolate::resolve(&pieces, self.env),
                        Err(e) => {
                            self.problem(
                                node.span_of(e.offset..e.offset),
                                ProblemKind::Interpolation,
                                format!("{} in `{what}`", e.message),
                            );
                            Resolved::unknown(s.text.len())
                        }
                    };
                    Some(Box::new(r))
                } else {
                    None
                };
                (Some(s.style), s.text.clone(), s.verbatim, resolved)
            }
            _ => {
                self.wrong_type(what, "a string", node);
                return None;
            }
        };
        let (value, unknown_vars, defaulted) = match &resolved {
            Some(r) => (r.value.clone(), r.unknown_vars.clone(), r.defaulted),
            None if style.is_some() => (Some(raw.clone()), Vec::new(), false),
            None => (None, Vec::new(), false),
        };
        Some(Field::new(FieldData {
            span: node.span,
            key,
            node_span: node.span,
            alias: node.alias,
            style,
            raw,
            value,
            unknown_vars,
            defaulted,
            tag: node.tag.clone(),
            resolved,
            origin,
        }))
    }

    fn scalar_entry(&mut self, e: &Entry, what: &str) -> Option<Field> {
        self.field(&e.value, Some(key_span(e)), what)
    }

    /// The scalar under `key` in `m`.
    fn scalar(&mut self, m: &Mapping, key: &str) -> Option<Field> {
        let e = m.get(key)?;
        self.scalar_entry(e, key)
    }

    /// A list of scalars, or one scalar as a one-item list.
    fn list(&mut self, m: &Mapping, key: &str) -> Option<FieldList> {
        let e = m.get(key)?;
        self.list_node(&e.value, Some(key_span(e)), key)
    }

    fn list_node(&mut self, node: &Node, key: Option<Span>, what: &str) -> Option<FieldList> {
        let mut items = Vec::new();
        match &node.value {
            Value::Null => {}
            Value::Scalar(_) => items.extend(self.field(node, None, what)),
            Value::Seq(seq) => {
                for item in seq {
                    items.extend(self.field(item, None, what));
                }
            }
            Value::Map(_) => {
                self.wrong_type(what, "a list of strings", node);
                return None;
            }
        }
        Some(FieldList {
            key: key.unwrap_or(node.span),
            span: node.span,
            items,
        })
    }

    /// Strings from a string or a list of strings.
    fn strings(&mut self, node: &Node, what: &str) -> Vec<Field> {
        self.list_node(node, None, what)
            .map(|l| l.items)
            .unwrap_or_default()
    }

    /// `KEY=VALUE` items or a `KEY: VALUE` mapping.
    fn key_values(&mut self, node: &Node, what: &str) -> Vec<EnvVar> {
        let mut out = Vec::new();
        match &node.value {
            Value::Null => {}
            Value::Map(m) => {
                for e in m.iter() {
                    let Some(k) = self.key_name(e, what) else {
                        continue;
                    };
                    let value = match &e.value.value {
                        Value::Null => None,
                        Value::Scalar(_) => self.field(&e.value, Some(key_span(e)), what),
                        _ => {
                            self.wrong_type(what, "a map of strings", &e.value);
                            None
                        }
                    };
                    out.push(EnvVar {
                        key: k,
                        value,
                        span: entry_span(e),
                    });
                }
            }
            Value::Seq(items) => {
                for item in items {
                    let Some(whole) = self.field(item, None, what) else {
                        continue;
                    };
                    if whole.is_null() {
                        continue;
                    }
                    let text = whole.resolved_text();
                    let (key, value) = match text.find('=') {
                        Some(eq) => (whole.part(0..eq), Some(whole.part(eq + 1..text.len()))),
                        None => (whole.part(0..text.len()), None),
                    };
                    let name = key.value.clone().unwrap_or_else(|| key.raw.clone());
                    out.push(EnvVar {
                        key: Spanned::new(name, key.span),
                        value,
                        span: whole.span,
                    });
                }
            }
            Value::Scalar(_) => self.wrong_type(what, "a list or a mapping", node),
        }
        out
    }

    fn key_values_in(&mut self, m: &Mapping, key: &str) -> Vec<EnvVar> {
        match m.get(key) {
            Some(e) => self.key_values(&e.value, key),
            None => Vec::new(),
        }
    }

    /// A mapping key as a name.
    fn key_name(&mut self, e: &Entry, what: &str) -> Option<Spanned<String>> {
        match &e.key.value {
            Value::Scalar(s) => Some(Spanned::new(s.text.clone(), key_span(e))),
            Value::Null => Some(Spanned::new(String::new(), key_span(e))),
            _ => {
                self.wrong_type(&format!("a key in `{what}`"), "a string", &e.key);
                None
            }
        }
    }

    /// The mapping under `key`; other shapes are a problem.
    fn map_in<'m>(&mut self, m: &'m Mapping, key: &str) -> Option<(&'m Entry, &'m Mapping)> {
        let e = m.get(key)?;
        match &e.value.value {
            Value::Map(inner) => Some((e, inner)),
            Value::Null => None,
            _ => {
                self.wrong_type(key, "a mapping", &e.value);
                None
            }
        }
    }

    fn command(&mut self, node: &Node, key: Span, what: &str) -> Option<Command> {
        let (shell_form, args) = match &node.value {
            Value::Null => return None,
            Value::Scalar(_) => (true, self.field(node, None, what).into_iter().collect()),
            Value::Seq(items) => (
                false,
                items
                    .iter()
                    .filter_map(|i| self.field(i, None, what))
                    .collect(),
            ),
            Value::Map(_) => {
                self.wrong_type(what, "a string or a list", node);
                return None;
            }
        };
        Some(Command {
            key,
            span: node.span,
            shell_form,
            args,
        })
    }

    fn command_in(&mut self, m: &Mapping, key: &str) -> Option<Command> {
        let e = m.get(key)?;
        self.command(&e.value, key_span(e), key)
    }

    fn service(&mut self, e: &Entry) -> Service {
        let name = match &e.key.value {
            Value::Scalar(s) => s.text.clone(),
            _ => String::new(),
        };
        let empty = Mapping::default();
        let m = match &e.value.value {
            Value::Map(m) => m,
            _ => &empty,
        };
        let mut s = Service {
            name: Spanned::new(name, key_span(e)),
            span: e.value.span,
            node: e.value.clone(),
            merged_from: e.merged_from,
            image: self.scalar(m, "image"),
            build: self.build(m),
            user: self.scalar(m, "user"),
            privileged: self.scalar(m, "privileged"),
            read_only: self.scalar(m, "read_only"),
            network_mode: self.scalar(m, "network_mode"),
            pid: self.scalar(m, "pid"),
            ipc: self.scalar(m, "ipc"),
            uts: self.scalar(m, "uts"),
            userns_mode: self.scalar(m, "userns_mode"),
            cgroup: self.scalar(m, "cgroup"),
            cgroup_parent: self.scalar(m, "cgroup_parent"),
            cap_add: self.list(m, "cap_add"),
            cap_drop: self.list(m, "cap_drop"),
            security_opt: self.list(m, "security_opt"),
            devices: self.devices(m),
            device_cgroup_rules: self.list(m, "device_cgroup_rules"),
            gpus: m.get("gpus").map(|e| Keyed {
                key: key_span(e),
                span: e.value.span,
            }),
            command: self.command_in(m, "command"),
            entrypoint: self.command_in(m, "entrypoint"),
            environment: self.key_values_in(m, "environment"),
            env_file: self.env_files(m),
            mem_limit: self.scalar(m, "mem_limit"),
            memswap_limit: self.scalar(m, "memswap_limit"),
            mem_reservation: self.scalar(m, "mem_reservation"),
            cpus: self.scalar(m, "cpus"),
            cpu_quota: self.scalar(m, "cpu_quota"),
            cpu_shares: self.scalar(m, "cpu_shares"),
            pids_limit: self.scalar(m, "pids_limit"),
            deploy: self.deploy(m),
            healthcheck: self.healthcheck(m),
            logging: self.logging(m),
            restart: self.scalar(m, "restart"),
            tmpfs: self.list(m, "tmpfs"),
            sysctls: self.key_values_in(m, "sysctls"),
            ulimits: self.ulimits(m),
            profiles: self.list(m, "profiles"),
            extends: self.extends(m),
            depends_on: self.depends_on(m),
            labels: self.key_values_in(m, "labels"),
            secrets: self.file_refs(m, "secrets"),
            configs: self.file_refs(m, "configs"),
            networks: self.network_refs(m),
            use_api_socket: self.scalar(m, "use_api_socket"),
            volumes_from: self.list(m, "volumes_from"),
            container_name: self.scalar(m, "container_name"),
            expose: self.list(m, "expose"),
            oom_kill_disable: self.scalar(m, "oom_kill_disable"),
            post_start: self.hooks(m, "post_start"),
            pre_stop: self.hooks(m, "pre_stop"),
            ports: Vec::new(),
            volumes: Vec::new(),
            partial: false,
        };
        if let Some(e) = m.get("ports") {
            for item in self.items(&e.value) {
                s.ports.extend(ports::port(self, item));
            }
        }
        if let Some(e) = m.get("volumes") {
            for item in self.items(&e.value) {
                s.volumes.extend(volumes::volume(self, item));
            }
        }
        s
    }

    /// The items of a list (one scalar or mapping counts as a list of one).
    fn items<'n>(&mut self, node: &'n Node) -> &'n [Node] {
        match &node.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => std::slice::from_ref(node),
        }
    }

    fn build(&mut self, m: &Mapping) -> Option<Box<Build>> {
        let e = m.get("build")?;
        let mut b = Build {
            key: key_span(e),
            span: e.value.span,
            short: false,
            context: None,
            dockerfile: None,
            dockerfile_inline: None,
            target: None,
            network: None,
            privileged: None,
            entitlements: None,
            args: Vec::new(),
            secrets: Vec::new(),
            ssh: None,
        };
        match &e.value.value {
            Value::Scalar(_) | Value::Null => {
                b.short = true;
                b.context = self.field(&e.value, Some(key_span(e)), "build");
            }
            Value::Map(bm) => {
                b.context = self.scalar(bm, "context");
                b.dockerfile = self.scalar(bm, "dockerfile");
                b.dockerfile_inline = self.scalar(bm, "dockerfile_inline");
                b.target = self.scalar(bm, "target");
                b.network = self.scalar(bm, "network");
                b.privileged = self.scalar(bm, "privileged");
                b.entitlements = self.list(bm, "entitlements");
                b.args = self.key_values_in(bm, "args");
                b.secrets = self.file_refs(bm, "secrets");
                b.ssh = match bm.get("ssh") {
                    Some(se) if se.value.as_map().is_some() => {
                        let items = self
                            .key_values(&se.value, "ssh")
                            .into_iter()
                            .filter_map(|kv| kv.value)
                            .collect();
                        Some(FieldList {
                            key: key_span(se),
                            span: se.value.span,
                            items,
                        })
                    }
                    _ => self.list(bm, "ssh"),
                };
            }
            Value::Seq(_) => self.wrong_type("build", "a string or a mapping", &e.value),
        }
        Some(Box::new(b))
    }

    fn devices(&mut self, m: &Mapping) -> Vec<Device> {
        let Some(e) = m.get("devices") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in self.items(&e.value) {
            match &item.value {
                Value::Map(dm) => out.push(Device {
                    span: item.span,
                    long: true,
                    source: self.scalar(dm, "source"),
                    target: self.scalar(dm, "target"),
                    permissions: self.scalar(dm, "permissions"),
                }),
                _ => {
                    let Some(f) = self.field(item, None, "devices") else {
                        continue;
                    };
                    if f.is_null() {
                        continue;
                    }
                    let parts = split_colons(f.resolved_text(), 3);
                    let mut it = parts.into_iter().map(|r| f.part(r));
                    out.push(Device {
                        span: f.span,
                        long: false,
                        source: it.next(),
                        target: it.next(),
                        permissions: it.next(),
                    });
                }
            }
        }
        out
    }

    fn env_files(&mut self, m: &Mapping) -> Vec<EnvFile> {
        let Some(e) = m.get("env_file") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in self.items(&e.value) {
            match &item.value {
                Value::Map(fm) => out.push(EnvFile {
                    span: item.span,
                    path: self.scalar(fm, "path"),
                    required: self.scalar(fm, "required"),
                    format: self.scalar(fm, "format"),
                }),
                _ => {
                    if let Some(f) = self.field(item, None, "env_file")
                        && !f.is_null()
                    {
                        out.push(EnvFile {
                            span: f.span,
                            path: Some(f),
                            required: None,
                            format: None,
                        });
                    }
                }
            }
        }
        out
    }

    fn resources_of(&mut self, m: &Mapping, key: &str) -> Option<Resources> {
        let (e, rm) = self.map_in(m, key)?;
        Some(Resources {
            key: key_span(e),
            span: e.value.span,
            memory: self.scalar(rm, "memory"),
            cpus: self.scalar(rm, "cpus"),
            pids: self.scalar(rm, "pids"),
        })
    }

    fn deploy(&mut self, m: &Mapping) -> Option<Box<Deploy>> {
        let e = m.get("deploy")?;
        let mut d = Deploy {
            key: key_span(e),
            span: e.value.span,
            limits: None,
            reservations: None,
            replicas: None,
            mode: None,
        };
        match &e.value.value {
            Value::Map(dm) => {
                d.replicas = self.scalar(dm, "replicas");
                d.mode = self.scalar(dm, "mode");
                if let Some((_, rm)) = self.map_in(dm, "resources") {
                    d.limits = self.resources_of(rm, "limits");
                    d.reservations = self.resources_of(rm, "reservations");
                }
            }
            Value::Null => {}
            _ => self.wrong_type("deploy", "a mapping", &e.value),
        }
        Some(Box::new(d))
    }

    fn healthcheck(&mut self, m: &Mapping) -> Option<Box<Healthcheck>> {
        let e = m.get("healthcheck")?;
        let mut h = Healthcheck {
            key: key_span(e),
            span: e.value.span,
            test: None,
            disable: None,
            interval: None,
            timeout: None,
            retries: None,
            start_period: None,
            start_interval: None,
        };
        match &e.value.value {
            Value::Map(hm) => {
                h.test = self.command_in(hm, "test");
                h.disable = self.scalar(hm, "disable");
                h.interval = self.scalar(hm, "interval");
                h.timeout = self.scalar(hm, "timeout");
                h.retries = self.scalar(hm, "retries");
                h.start_period = self.scalar(hm, "start_period");
                h.start_interval = self.scalar(hm, "start_interval");
            }
            Value::Null => {}
            _ => self.wrong_type("healthcheck", "a mapping", &e.value),
        }
        Some(Box::new(h))
    }

    fn logging(&mut self, m: &Mapping) -> Option<Logging> {
        let e = m.get("logging")?;
        let mut l = Logging {
            key: key_span(e),
            span: e.value.span,
            driver: None,
            options: Vec::new(),
        };
        match &e.value.value {
            Value::Map(lm) => {
                l.driver = self.scalar(lm, "driver");
                l.options = self.key_values_in(lm, "options");
            }
            Value::Null => {}
            _ => self.wrong_type("logging", "a mapping", &e.value),
        }
        Some(l)
    }

    fn ulimits(&mut self, m: &Mapping) -> Vec<Ulimit> {
        let Some((_, um)) = self.map_in(m, "ulimits") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for e in um.iter() {
            let Some(name) = self.key_name(e, "ulimits") else {
                continue;
            };
            let mut u = Ulimit {
                name,
                span: entry_span(e),
                value: None,
                soft: None,
                hard: None,
            };
            match &e.value.value {
                Value::Map(lm) => {
                    u.soft = self.scalar(lm, "soft");
                    u.hard = self.scalar(lm, "hard");
                }
                _ => u.value = self.field(&e.value, Some(key_span(e)), "ulimits"),
            }
            out.push(u);
        }
        out
    }

    fn extends(&mut self, m: &Mapping) -> Option<Extends> {
        let e = m.get("extends")?;
        let mut x = Extends {
            key: key_span(e),
            span: e.value.span,
            service: None,
            file: None,
        };
        match &e.value.value {
            Value::Map(xm) => {
                x.service = self.scalar(xm, "service");
                x.file = self.scalar(xm, "file");
            }
            _ => x.service = self.field(&e.value, Some(key_span(e)), "extends"),
        }
        Some(x)
    }

    fn depends_on(&mut self, m: &Mapping) -> Vec<Dependency> {
        let Some(e) = m.get("depends_on") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        match &e.value.value {
            Value::Map(dm) => {
                for d in dm.iter() {
                    let Some(name) = self.key_name(d, "depends_on") else {
                        continue;
                    };
                    let (condition, required, restart) = match &d.value.value {
                        Value::Map(cm) => (
                            self.scalar(cm, "condition"),
                            self.scalar(cm, "required"),
                            self.scalar(cm, "restart"),
                        ),
                        _ => (None, None, None),
                    };
                    out.push(Dependency {
                        name,
                        span: entry_span(d),
                        condition,
                        required,
                        restart,
                    });
                }
            }
            _ => {
                for f in self.strings(&e.value, "depends_on") {
                    out.push(Dependency {
                        name: Spanned::new(f.raw.clone(), f.span),
                        span: f.span,
                        condition: None,
                        required: None,
                        restart: None,
                    });
                }
            }
        }
        out
    }

    fn file_refs(&mut self, m: &Mapping, key: &str) -> Vec<FileRef> {
        let Some(e) = m.get(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in self.items(&e.value) {
            match &item.value {
                Value::Map(fm) => out.push(FileRef {
                    span: item.span,
                    long: true,
                    source: self.scalar(fm, "source"),
                    target: self.scalar(fm, "target"),
                    uid: self.scalar(fm, "uid"),
                    gid: self.scalar(fm, "gid"),
                    mode: self.scalar(fm, "mode"),
                }),
                _ => {
                    if let Some(f) = self.field(item, None, key)
                        && !f.is_null()
                    {
                        out.push(FileRef {
                            span: f.span,
                            long: false,
                            source: Some(f),
                            target: None,
                            uid: None,
                            gid: None,
                            mode: None,
                        });
                    }
                }
            }
        }
        out
    }

    fn network_refs(&mut self, m: &Mapping) -> Vec<NetworkRef> {
        let Some(e) = m.get("networks") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        match &e.value.value {
            Value::Map(nm) => {
                for n in nm.iter() {
                    let Some(name) = self.key_name(n, "networks") else {
                        continue;
                    };
                    let mut r = NetworkRef {
                        name,
                        span: entry_span(n),
                        aliases: None,
                        ipv4_address: None,
                        ipv6_address: None,
                    };
                    if let Value::Map(cm) = &n.value.value {
                        r.aliases = self.list(cm, "aliases");
                        r.ipv4_address = self.scalar(cm, "ipv4_address");
                        r.ipv6_address = self.scalar(cm, "ipv6_address");
                    }
                    out.push(r);
                }
            }
            _ => {
                for f in self.strings(&e.value, "networks") {
                    out.push(NetworkRef {
                        name: Spanned::new(f.raw.clone(), f.span),
                        span: f.span,
                        aliases: None,
                        ipv4_address: None,
                        ipv6_address: None,
                    });
                }
            }
        }
        out
    }

    fn hooks(&mut self, m: &Mapping, key: &str) -> Vec<Hook> {
        let Some(e) = m.get(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in self.items(&e.value) {
            let Value::Map(hm) = &item.value else {
                self.wrong_type(key, "a list of mappings", item);
                continue;
            };
            out.push(Hook {
                span: item.span,
                command: self.command_in(hm, "command"),
                user: self.scalar(hm, "user"),
                privileged: self.scalar(hm, "privileged"),
                working_dir: self.scalar(hm, "working_dir"),
                environment: self.key_values_in(hm, "environment"),
            });
        }
        out
    }

    fn resources(&mut self, e: &Entry, what: &str) -> Vec<Resource> {
        let m = match &e.value.value {
            Value::Map(m) => m,
            Value::Null => return Vec::new(),
            _ => {
                self.wrong_type(what, "a mapping", &e.value);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for r in m.iter() {
            let Some(name) = self.key_name(r, what) else {
                continue;
            };
            let empty = Mapping::default();
            let rm = match &r.value.value {
                Value::Map(rm) => rm,
                Value::Null => &empty,
                _ => {
                    self.wrong_type(&format!("{what}.{}", name.value), "a mapping", &r.value);
                    &empty
                }
            };
            let external = match rm.get("external") {
                // The obsolete form `external: {name: x}`.
                Some(x) if x.value.as_map().is_some() => None,
                _ => self.scalar(rm, "external"),
            };
            out.push(Resource {
                name,
                span: r.value.span,
                node: r.value.clone(),
                external,
                name_field: self.scalar(rm, "name"),
                driver: self.scalar(rm, "driver"),
                driver_opts: self.key_values_in(rm, "driver_opts"),
                labels: self.key_values_in(rm, "labels"),
                internal: self.scalar(rm, "internal"),
                file: self.scalar(rm, "file"),
                environment: self.scalar(rm, "environment"),
                content: self.scalar(rm, "content"),
            });
        }
        out
    }

    fn include(&mut self, node: &Node) -> Vec<Include> {
        let mut out = Vec::new();
        for item in self.items(node) {
            match &item.value {
                Value::Map(im) => {
                    let path = match im.get("path") {
                        Some(p) => self.strings(&p.value, "path"),
                        None => Vec::new(),
                    };
                    let env_file = match im.get("env_file") {
                        Some(p) => self.strings(&p.value, "env_file"),
                        None => Vec::new(),
                    };
                    out.push(Include {
                        span: item.span,
                        path,
                        env_file,
                        project_directory: self.scalar(im, "project_directory"),
                    });
                }
                _ => {
                    if let Some(f) = self.field(item, None, "include")
                        && !f.is_null()
                    {
                        out.push(Include {
                            span: f.span,
                            path: vec![f],
                            env_file: Vec::new(),
                            project_directory: None,
                        });
                    }
                }
            }
        }
        out
    }
}

fn key_span(e: &Entry) -> Span {
    e.key.span
}

/// The span of a whole entry: key and value.
fn entry_span(e: &Entry) -> Span {
    e.span()
}

/// Split at `:` into at most `max` parts (the last part keeps any further
/// colons), as byte ranges.
fn split_colons(text: &str, max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == ':' && out.len() + 1 < max {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..text.len());
    out
}

/// Whether the text contains the marker of an unknown variable.
fn has_unknown(s: &str) -> bool {
    s.contains(UNKNOWN)
}

#[cfg(test)]
mod tests;
