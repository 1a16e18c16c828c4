//! `dockward.toml`: rule selection, severities, fail-on, excludes, per-path
//! ignores and per-rule options.
//!
//! ```toml
//! fail-on = "warning"            # error | warning | info | style | never
//! exclude = ["vendor/", "**/testdata/**"]
//! extend-select = ["DC028"]       # add rules that are off by default
//! # select = ["DC0", "DC1"]       # or: run only these (replaces the default set)
//! ignore = ["missing-cpu-limit", "DF005"]
//!
//! baseline = "dockward-baseline.json"   # report only findings it does not hold
//! inline-suppressions = true     # false: no comment in a linted file suppresses anything
//!
//! [limits]                       # bounds for hostile input
//! file-size = 10485760           # bytes; larger files are reported, not read
//! yaml-depth = 512               # deepest YAML nesting (at most 1024)
//! yaml-alias-nodes = 0           # nodes alias expansion may create; 0 = max(100000, 4 x file bytes)
//!                                # (at most 41943040)
//! diagnostics-per-file = 10000   # more are left out, and one diagnostic says so
//!
//! [rules.missing-memory-limit]
//! severity = "error"             # or "off"
//!
//! [rules.unapproved-port-published]
//! allowed = [80, 443]
//!
//! [rules.missing-cpu-limit]
//! fix-value = "2"                # the value `--fix --unsafe-fixes` writes
//!
//! [rules.apt-recommends-installed]
//! fix = false                    # `--fix` leaves this rule's findings alone
//!
//! [[overrides]]
//! files = ["test/**"]
//! ignore = ["missing-user"]
//! ```

use foldhash::{HashMap, HashMapExt};
use std::any::Any;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use globset::{GlobSet, GlobSetBuilder};

use crate::diagnostic::Severity;
use crate::paths::absolute;
use crate::reader::{Reader, Root, SMALL_FILE_LIMIT};
use crate::rules::dockerfile::shellcheck::{self as shellcheck_rule, Codes as ShellcheckCodes};
use crate::rules::{OptionsLookup, RULES, RuleMeta, unknown_rule};
use crate::suggest::did_you_mean;

/// Names of the configuration files, in order of preference.
pub const CONFIG_NAMES: [&str; 2] = ["dockward.toml", ".dockward.toml"];

/// hadolint's configuration files, read when no dockward configuration
/// applies.
pub const HADOLINT_CONFIG_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// Files larger than this are reported instead of read, unless configured.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The lowest severity that makes the run fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    At(Severity),
    Never,
}

impl FailOn {
    pub fn parse(s: &str) -> Option<FailOn> {
        match s {
            "never" => Some(FailOn::Never),
            s => Severity::parse(s).map(FailOn::At),
        }
    }

    pub fn fails(self, s: Severity) -> bool {
        match self {
            FailOn::At(min) => s >= min,
            FailOn::Never => false,
        }
    }
}

/// A configuration problem: the run stops with exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", crate::source::display_path(p), self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Rule selection given on the command line, applied over every file's
/// configuration.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Replaces the configuration's rule set when not empty.
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Option<FailOn>,
}

/// One configuration, resolved against the registry.
#[derive(Debug)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// The directory that relative patterns are anchored to.
    pub root: PathBuf,
    pub fail_on: Option<FailOn>,
    exclude: GlobSet,
    /// Per registry index: the rule runs.
    enabled: Vec<bool>,
    severity: Vec<Severity>,
    /// Per registry index: `--fix` may apply the rule's fix
    /// (`[rules.NAME] fix = false` turns it off).
    fixes: Vec<bool>,
    options: Vec<Option<Arc<dyn Any + Send + Sync>>>,
    per_path: Vec<PathOverride>,
    /// Which ShellCheck codes the `shellcheck` rule reports.
    shellcheck: ShellcheckCodes,
    pub limits: Limits,
    /// `baseline = "FILE"`, relative to the configuration's directory.
    pub baseline: Option<PathBuf>,
    /// Comments in the linted files may suppress diagnostics (`# dockward:
    /// ignore[...]`, hadolint's, BuildKit's `check=skip`, trivy's,
    /// checkov's, dclint's, KICS's). `inline-suppressions = false` turns
    /// every one of them off, so a CI owner's pinned configuration cannot
    /// be undone by a comment in a pull request.
    pub inline_suppressions: bool,
}

/// An `[[overrides]]` entry: rules (and ShellCheck codes) ignored for the
/// files it matches.
#[derive(Debug)]
struct PathOverride {
    files: GlobSet,
    rules: Vec<usize>,
    shellcheck: Vec<u16>,
}

/// What a selector names: rules, or one ShellCheck code.
enum Selected {
    Rules(Vec<usize>),
    Shellcheck(u16),
}

/// Bounds on what one file may cost, so hostile input cannot exhaust time or
/// memory.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Files larger than this many bytes are reported, not read.
    pub file_size: u64,
    /// YAML nesting depth and alias expansion budget.
    pub yaml: crate::yaml::Limits,
    /// The most diagnostics reported for one file (`crate::lint::cap`).
    pub diagnostics_per_file: usize,
}

/// The default `[limits] diagnostics-per-file`: far above what a real file
/// gives, far below what memory minds.
pub const DEFAULT_DIAGNOSTICS_PER_FILE: usize = 10_000;
/// The most `diagnostics-per-file` may be: a few hundred MB of diagnostics.
pub const HARD_MAX_DIAGNOSTICS_PER_FILE: usize = 1_000_000;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            file_size: DEFAULT_MAX_FILE_SIZE,
            yaml: crate::yaml::Limits::default(),
            diagnostics_per_file: DEFAULT_DIAGNOSTICS_PER_FILE,
        }
    }
}

impl Limits {
    fn from_value(v: &toml::Value) -> Result<Limits, String> {
        let t = v
            .as_table()
            .ok_or_else(|| "`limits` must be a table".to_string())?;
        let mut l = Limits::default();
        for (k, v) in t {
            let n = v
                .as_integer()
                .filter(|n| *n >= 0)
                .ok_or_else(|| format!("`limits.{k}` must be a number of zero or more"))?;
            let at_most = |max: usize| {
                if n as u64 > max as u64 {
                    Err(format!(
                        "`limits.{k}` must be at most {max}, a bound no configuration can raise"
                    ))
                } else {
                    Ok(n as usize)
                }
            };
            match k.as_str() {
                "file-size" if n > 0 => l.file_size = n as u64,
                "yaml-depth" if n > 0 => {
                    l.yaml.max_depth = at_most(crate::compose::Limits::HARD_MAX_DEPTH)?;
                }
                "yaml-alias-nodes" => {
                    l.yaml.alias_budget = at_most(crate::compose::Limits::HARD_MAX_ALIAS_BUDGET)?;
                }
                "diagnostics-per-file" if n > 0 => {
                    l.diagnostics_per_file = at_most(HARD_MAX_DIAGNOSTICS_PER_FILE)?;
                }
                "file-size" | "yaml-depth" | "diagnostics-per-file" => {
                    return Err(format!("`limits.{k}` must be positive"));
                }
                other => {
                    return Err(unknown_key(
                        other,
                        &[
                            "file-size",
                            "yaml-depth",
                            "yaml-alias-nodes",
                            "diagnostics-per-file",
                        ],
                        "`[limits]` table",
                    ));
                }
            }
        }
        Ok(l)
    }
}

/// The registry index of a rule (for a code reported under a rule, such as
/// ShellCheck's, the index of that rule).
pub fn rule_index(meta: &RuleMeta) -> usize {
    if let Some(parent) = meta.parent {
        return rule_index(parent);
    }
    // By the address of the rule's `static` first: every diagnostic refers
    // to its rule's metadata, and each file's diagnostics are masked by
    // rule. On the corpus a lookup by code took 108 instructions, by
    // address 56. The code is the fallback for metadata at another address.
    type Index = (HashMap<usize, usize>, HashMap<&'static str, usize>);
    static INDEX: OnceLock<Index> = OnceLock::new();
    let (by_address, by_code) = INDEX.get_or_init(|| {
        let all = || RULES.iter().enumerate();
        (
            all().map(|(i, r)| (address(r.meta), i)).collect(),
            all().map(|(i, r)| (r.meta.code, i)).collect(),
        )
    });
    match by_address.get(&address(meta)) {
        Some(&i) => i,
        None => by_code[meta.code],
    }
}

fn address(meta: &RuleMeta) -> usize {
    std::ptr::from_ref(meta) as usize
}

impl Default for Config {
    fn default() -> Config {
        Config {
            path: None,
            root: PathBuf::from("."),
            fail_on: None,
            exclude: GlobSet::empty(),
            enabled: RULES.iter().map(|r| r.meta.default_enabled).collect(),
            severity: RULES.iter().map(|r| r.meta.severity).collect(),
            fixes: vec![true; RULES.len()],
            options: vec![None; RULES.len()],
            per_path: Vec::new(),
            shellcheck: ShellcheckCodes::default(),
            limits: Limits::default(),
            baseline: None,
            inline_suppressions: true,
        }
    }
}

impl Config {
    /// Loads and validates a configuration file, read through `reader`
    /// within the path's own root (a link out of it is refused).
    pub fn load(
        reader: &Reader,
        path: &Path,
        overrides: &Overrides,
    ) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            path: Some(path.to_path_buf()),
            message,
        };
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
        {
            // `--config .hadolint.yaml`
            return Config::load_hadolint(reader, path, overrides);
        }
        let text = read_config(reader, path).map_err(err)?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| err(toml_error(&e, &text)))?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        let mut c = Config::from_table(&table, root).map_err(err)?;
        c.path = Some(path.to_path_buf());
        c.apply(overrides).map_err(|m| ConfigError {
            path: None,
            message: m,
        })?;
        Ok(c)
    }

    /// The built-in defaults plus command-line overrides.
    pub fn defaults(overrides: &Overrides) -> Result<Config, ConfigError> {
        let mut c = Config::default();
        c.apply(overrides).map_err(|m| ConfigError {
            path: None,
            message: m,
        })?;
        Ok(c)
    }

    /// Loads a hadolint configuration (`.hadolint.yaml`) as a dockward one.
    pub fn load_hadolint(
        reader: &Reader,
        path: &Path,
        overrides: &Overrides,
    ) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            path: Some(path.to_path_buf()),
            message,
        };
        let text = read_config(reader, path).map_err(err)?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        let mut c = Config::from_hadolint(&text, root).map_err(err)?;
        c.path = Some(path.to_path_buf());
        c.apply(overrides).map_err(|m| ConfigError {
            path: None,
            message: m,
        })?;
        Ok(c)
    }

    /// A hadolint configuration, translated by [`crate::hadolint`].
    pub fn from_hadolint(text: &str, root: PathBuf) -> Result<Config, String> {
        let h = crate::hadolint::translate(text)?;
        let mut c = Config::from_table(&h.table, root)?;
        c.shellcheck.severities = h.shellcheck_severities;
        Ok(c)
    }

    pub fn from_table(table: &toml::Table, root: PathBuf) -> Result<Config, String> {
        const KEYS: [&str; 10] = [
            "fail-on",
            "exclude",
            "select",
            "extend-select",
            "ignore",
            "rules",
            "overrides",
            "limits",
            "baseline",
            "inline-suppressions",
        ];
        let mut c = Config {
            root,
            ..Config::default()
        };
        // Rule selection in a fixed order whatever the order in the file:
        // `select` replaces the default set, `extend-select` adds to it,
        // `ignore` removes; `[rules.NAME]` tables come after.
        let mut selected = None;
        let mut extended = Vec::new();
        let mut ignored = Vec::new();
        for (key, value) in table {
            match key.as_str() {
                "select" => selected = Some(string_list(value, "select")?),
                "extend-select" => extended = string_list(value, "extend-select")?,
                "ignore" => ignored = string_list(value, "ignore")?,
                _ => {}
            }
        }
        if let Some(list) = selected {
            c.enabled.fill(false);
            for s in list {
                c.select(&s)?;
            }
        }
        for s in extended {
            c.select(&s)?;
        }
        for s in ignored {
            c.ignore(&s)?;
        }
        for (key, value) in table {
            match key.as_str() {
                "select" | "extend-select" | "ignore" => {}
                "baseline" => {
                    let s = value
                        .as_str()
                        .filter(|s| !s.is_empty())
                        .ok_or_else(|| "`baseline` must be a file name".to_string())?;
                    c.baseline = Some(c.root.join(s));
                }
                "fail-on" => {
                    let s = value
                        .as_str()
                        .ok_or_else(|| "`fail-on` must be a string".to_string())?;
                    c.fail_on = Some(FailOn::parse(s).ok_or_else(|| {
                        format!(
                            "invalid `fail-on` value `{s}`: expected one of `error`, `warning`, `info`, `style`, `never`"
                        )
                    })?);
                }
                "exclude" => c.exclude = globs(&string_list(value, "exclude")?)?,
                "limits" => c.limits = Limits::from_value(value)?,
                "inline-suppressions" => {
                    c.inline_suppressions = value.as_bool().ok_or_else(|| {
                        "`inline-suppressions` must be `true` or `false`".to_string()
                    })?;
                }
                "rules" => {
                    let rules = value
                        .as_table()
                        .ok_or_else(|| "`rules` must be a table of rule names".to_string())?;
                    for (name, opts) in rules {
                        c.rule_table(name, opts)?;
                    }
                }
                "overrides" => {
                    let list = value.as_array().ok_or_else(|| {
                        "`overrides` must be an array of tables (`[[overrides]]`)".to_string()
                    })?;
                    for o in list {
                        c.per_path.push(override_entry(o)?);
                    }
                }
                other => {
                    return Err(unknown_key(other, &KEYS, "top level"));
                }
            }
        }
        Ok(c)
    }

    /// Enable what a selector names.
    fn select(&mut self, s: &str) -> Result<(), String> {
        match selected(s)? {
            Selected::Rules(rules) => {
                for i in rules {
                    self.enabled[i] = true;
                }
            }
            Selected::Shellcheck(code) => {
                self.enabled[rule_index(&shellcheck_rule::META)] = true;
                self.shellcheck.selected.push(code);
                self.shellcheck.ignored.retain(|c| *c != code);
            }
        }
        Ok(())
    }

    /// Disable what a selector names.
    fn ignore(&mut self, s: &str) -> Result<(), String> {
        match selected(s)? {
            Selected::Rules(rules) => {
                for i in rules {
                    self.enabled[i] = false;
                }
            }
            Selected::Shellcheck(code) => self.shellcheck.ignored.push(code),
        }
        Ok(())
    }

    /// The enabled rules that need a program on the machine, checked once
    /// the configuration is complete: the `shellcheck` rule needs
    /// `shellcheck`.
    fn require_tools(&self) -> Result<(), String> {
        if self.enabled[rule_index(&shellcheck_rule::META)]
            && crate::shellcheck::executable().is_none()
        {
            return Err(format!(
                "the `shellcheck` rule is enabled, but `shellcheck` is not installed; {}",
                crate::shellcheck::INSTALL_HELP
            ));
        }
        Ok(())
    }

    fn rule_table(&mut self, name: &str, value: &toml::Value) -> Result<(), String> {
        let rule = crate::rules::find(name).ok_or_else(|| unknown_rule(name))?;
        let i = rule_index(rule.meta);
        let table = value
            .as_table()
            .ok_or_else(|| format!("`rules.{name}` must be a table"))?;
        let mut rest = table.clone();
        if let Some(sev) = rest.remove("severity") {
            let s = sev
                .as_str()
                .ok_or_else(|| format!("`rules.{name}.severity` must be a string"))?;
            if s == "off" {
                self.enabled[i] = false;
            } else {
                self.severity[i] = Severity::parse(s).ok_or_else(|| {
                    format!(
                        "invalid severity `{s}` for `{name}`: expected `error`, `warning`, `info`, `style` or `off`"
                    )
                })?;
                self.enabled[i] = true;
                if std::ptr::eq(rule.meta, &shellcheck_rule::META) {
                    self.shellcheck.severity = Some(self.severity[i]);
                }
            }
        }
        if let Some(en) = rest.remove("enabled") {
            self.enabled[i] = en
                .as_bool()
                .ok_or_else(|| format!("`rules.{name}.enabled` must be true or false"))?;
        }
        if let Some(fix) = rest.remove("fix") {
            self.fixes[i] = fix
                .as_bool()
                .ok_or_else(|| format!("`rules.{name}.fix` must be true or false"))?;
        }
        match rule.meta.options {
            Some(parse) => {
                let parsed = parse(&rest).map_err(|e| format!("`rules.{name}`: {e}"))?;
                self.options[i] = Some(parsed);
            }
            None => {
                if let Some(k) = rest.keys().next() {
                    return Err(format!(
                        "rule `{}` has no option `{k}`; a rule table takes `severity`, `enabled` and `fix`",
                        rule.meta.name
                    ));
                }
            }
        }
        Ok(())
    }

    fn apply(&mut self, o: &Overrides) -> Result<(), String> {
        if !o.select.is_empty() {
            self.enabled.fill(false);
        }
        for s in o.select.iter().chain(&o.extend_select) {
            self.select(s)?;
        }
        for s in &o.ignore {
            self.ignore(s)?;
        }
        if o.fail_on.is_some() {
            self.fail_on = o.fail_on;
        }
        self.require_tools()
    }

    /// The path relative to this configuration's root, if it is under it.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let abs = absolute(path);
        let root = absolute(&self.root);
        abs.strip_prefix(&root).ok().map(Path::to_path_buf)
    }

    /// The path matches an `exclude` pattern.
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        self.relative(path)
            .is_some_and(|rel| matches_path_or_parent(&self.exclude, &rel))
    }

    /// Which rules run on the file at `path`, by registry index.
    pub fn enabled_mask(&self, path: &Path) -> std::borrow::Cow<'_, [bool]> {
        if self.per_path.is_empty() {
            return std::borrow::Cow::Borrowed(&self.enabled);
        }
        let Some(rel) = self.relative(path) else {
            return std::borrow::Cow::Borrowed(&self.enabled);
        };
        let mut mask = self.enabled.clone();
        for o in &self.per_path {
            if matches_path_or_parent(&o.files, &rel) {
                for &i in &o.rules {
                    mask[i] = false;
                }
            }
        }
        std::borrow::Cow::Owned(mask)
    }

    /// The rules' options for the file at `path`: this configuration's,
    /// with the ShellCheck codes its `[[overrides]]` ignore there.
    pub fn options_for(&self, path: &Path) -> PathOptions<'_> {
        let mut shellcheck = std::borrow::Cow::Borrowed(&self.shellcheck);
        if self.per_path.iter().any(|o| !o.shellcheck.is_empty())
            && let Some(rel) = self.relative(path)
        {
            for o in &self.per_path {
                if !o.shellcheck.is_empty() && matches_path_or_parent(&o.files, &rel) {
                    shellcheck.to_mut().ignored.extend(&o.shellcheck);
                }
            }
        }
        PathOptions {
            config: self,
            shellcheck,
        }
    }

    pub fn is_enabled(&self, rule: usize) -> bool {
        self.enabled[rule]
    }

    pub fn severity(&self, rule: usize) -> Severity {
        self.severity[rule]
    }

    /// The severity of a diagnostic of `rule` reported with `reported`:
    /// the rule's configured severity, except for a code reported under a
    /// rule (ShellCheck's), which keeps the severity its rule gave it.
    pub fn severity_for(&self, rule: &RuleMeta, reported: Severity) -> Severity {
        if rule.parent.is_some() {
            reported
        } else {
            self.severity[rule_index(rule)]
        }
    }

    /// Whether `--fix` may apply the rule's fix.
    pub fn fix_enabled(&self, rule: usize) -> bool {
        self.fixes[rule]
    }
}

impl OptionsLookup for Config {
    fn options(&self, rule: &'static RuleMeta) -> Option<&(dyn Any + Send + Sync)> {
        if std::ptr::eq(rule, &shellcheck_rule::META) {
            return Some(&self.shellcheck);
        }
        self.options[rule_index(rule)].as_deref()
    }

    fn inline_suppressions(&self) -> bool {
        self.inline_suppressions
    }
}

/// A configuration's options for one file (see [`Config::options_for`]).
pub struct PathOptions<'a> {
    config: &'a Config,
    shellcheck: std::borrow::Cow<'a, ShellcheckCodes>,
}

impl OptionsLookup for PathOptions<'_> {
    fn options(&self, rule: &'static RuleMeta) -> Option<&(dyn Any + Send + Sync)> {
        if std::ptr::eq(rule, &shellcheck_rule::META) {
            return Some(self.shellcheck.as_ref());
        }
        self.config.options(rule)
    }

    fn inline_suppressions(&self) -> bool {
        self.config.inline_suppressions
    }
}

/// A configuration file's text: within its own root, at most
/// [`SMALL_FILE_LIMIT`] bytes, UTF-8.
fn read_config(reader: &Reader, path: &Path) -> Result<String, String> {
    let root = reader.root_of(path);
    reader
        .read_string(&root, path, SMALL_FILE_LIMIT)
        .map_err(|e| format!("cannot read: {}", e.message()))
}

/// The parser's message with the line and column it points at.
fn toml_error(e: &toml::de::Error, text: &str) -> String {
    let message = e.message().trim_end_matches('.');
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_string(),
    }
}

fn string_list(v: &toml::Value, key: &str) -> Result<Vec<String>, String> {
    let err = || format!("`{key}` must be an array of strings");
    v.as_array()
        .ok_or_else(err)?
        .iter()
        .map(|s| s.as_str().map(str::to_string).ok_or_else(err))
        .collect()
}

/// What a selector names: registry indices, or a ShellCheck code (`SC2086`,
/// reported by the `shellcheck` rule); an error with a suggestion.
fn selected(s: &str) -> Result<Selected, String> {
    // `--select "DF001, DF002"` splits into `DF001` and ` DF002`.
    let s = s.trim();
    if let Some(code) = crate::shellcheck::parse_code(s) {
        return Ok(Selected::Shellcheck(code));
    }
    let rules = crate::rules::select(s);
    if rules.is_empty() {
        return Err(unknown_rule(s));
    }
    Ok(Selected::Rules(
        rules.iter().map(|r| rule_index(r.meta)).collect(),
    ))
}

fn unknown_key(key: &str, known: &[&str], place: &str) -> String {
    match did_you_mean(key, known.iter().copied()) {
        Some(s) => format!("unknown key `{key}` at the {place}; did you mean `{s}`?"),
        None => format!(
            "unknown key `{key}` at the {place}; expected one of {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn override_entry(v: &toml::Value) -> Result<PathOverride, String> {
    let t = v
        .as_table()
        .ok_or_else(|| "each `[[overrides]]` entry must be a table".to_string())?;
    let mut files = None;
    let mut ignored = Vec::new();
    let mut shellcheck = Vec::new();
    for (k, v) in t {
        match k.as_str() {
            "files" => files = Some(globs(&string_list(v, "overrides.files")?)?),
            "ignore" => {
                for s in string_list(v, "overrides.ignore")? {
                    match selected(&s)? {
                        Selected::Rules(r) => ignored.extend(r),
                        Selected::Shellcheck(c) => shellcheck.push(c),
                    }
                }
            }
            other => {
                return Err(unknown_key(
                    other,
                    &["files", "ignore"],
                    "`[[overrides]]` entry",
                ));
            }
        }
    }
    let files = files.ok_or_else(|| "an `[[overrides]]` entry needs `files`".to_string())?;
    Ok(PathOverride {
        files,
        rules: ignored,
        shellcheck,
    })
}

/// gitignore-like globs: a pattern without `/` matches at any depth; a
/// pattern matching a directory matches everything under it.
fn globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let trimmed = p.trim_start_matches("./").trim_end_matches('/');
        let anchored = trimmed.strip_prefix('/').unwrap_or(trimmed);
        let base = if p.contains('/') && !p.ends_with('/') || p.starts_with('/') {
            anchored.to_string()
        } else if trimmed.contains('/') {
            trimmed.to_string()
        } else {
            format!("**/{trimmed}")
        };
        let glob = globset::GlobBuilder::new(&base)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("invalid pattern `{p}`: {}", e.kind()))?;
        b.add(glob);
    }
    b.build().map_err(|e| e.to_string())
}

fn matches_path_or_parent(set: &GlobSet, rel: &Path) -> bool {
    let mut p = Some(rel);
    while let Some(cur) = p {
        if cur.as_os_str().is_empty() {
            break;
        }
        if set.is_match(cur) {
            return true;
        }
        p = cur.parent();
    }
    false
}

fn is_hadolint_config(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| HADOLINT_CONFIG_NAMES.contains(&n))
}

/// Finds the nearest configuration for each file, caching per directory.
pub struct ConfigResolver {
    overrides: Overrides,
    /// `--config`: one configuration for everything.
    fixed: Option<Arc<Config>>,
    defaults: Arc<Config>,
    /// By the directory's path bytes, as given and made absolute (hashing
    /// a `Path` walks its components).
    cache: Mutex<HashMap<OsString, Arc<Config>>>,
    errors: Mutex<Vec<ConfigError>>,
    /// hadolint configurations already announced on stderr.
    announced: Mutex<Vec<PathBuf>>,
    /// `-q`: no notice on stderr when a hadolint configuration is read.
    quiet: bool,
    /// Every read of the run goes through it; configuration discovery
    /// stops at the root of the files it configures.
    reader: Arc<Reader>,
}

impl ConfigResolver {
    pub fn new(
        explicit: Option<&Path>,
        overrides: Overrides,
    ) -> Result<ConfigResolver, ConfigError> {
        let reader = Arc::new(Reader::new());
        let fixed = match explicit {
            Some(p) => Some(Arc::new(Config::load(&reader, p, &overrides)?)),
            None => None,
        };
        let defaults = Arc::new(Config::defaults(&overrides)?);
        Ok(ConfigResolver {
            overrides,
            fixed,
            defaults,
            cache: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
            announced: Mutex::new(Vec::new()),
            quiet: false,
            reader,
        })
    }

    /// Keeps the notices about hadolint configurations off stderr (`-q`);
    /// errors are still reported.
    pub fn quiet(mut self, quiet: bool) -> ConfigResolver {
        self.quiet = quiet;
        self
    }

    /// One configuration for every file, as `--config` gives (tests,
    /// fuzzing).
    pub fn with_config(config: Config) -> ConfigResolver {
        let defaults = Arc::new(config);
        ConfigResolver {
            overrides: Overrides::default(),
            fixed: Some(defaults.clone()),
            defaults,
            cache: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
            announced: Mutex::new(Vec::new()),
            quiet: false,
            reader: Arc::new(Reader::new()),
        }
    }

    /// The reader of the run.
    pub fn reader(&self) -> &Arc<Reader> {
        &self.reader
    }

    /// The configuration that applies to a file.
    pub fn for_file(&self, path: &Path) -> Arc<Config> {
        if let Some(c) = &self.fixed {
            return c.clone();
        }
        let dir = match crate::paths::parent(path) {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        self.for_dir(dir)
    }

    /// The configuration that applies in a directory.
    pub fn for_dir(&self, dir: &Path) -> Arc<Config> {
        if let Some(c) = &self.fixed {
            return c.clone();
        }
        // The directory as given is a key too (the working directory does
        // not change during a run): a repeated lookup makes it absolute once.
        let cached = |d: &Path| {
            self.cache
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(d.as_os_str())
                .cloned()
        };
        if let Some(c) = cached(dir) {
            return c;
        }
        let abs = absolute(dir);
        let found = match cached(&abs) {
            Some(c) => c,
            None => self.find_uncached(&abs),
        };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if abs.as_os_str() != dir.as_os_str() {
            cache.insert(dir.as_os_str().to_owned(), found.clone());
        }
        cache.insert(abs.into_os_string(), found.clone());
        found
    }

    /// The configuration in `dir`, else (below a repository root) the one
    /// its parent has, through the cache: each directory is looked at once
    /// however many files below it ask.
    fn find_uncached(&self, dir: &Path) -> Arc<Config> {
        // The root of the files being configured bounds the search: a
        // root named on the command line, else the directory's own root.
        let root = self
            .reader
            .root_holding(dir)
            .unwrap_or_else(|| self.reader.root_of(dir));
        // The directory's listing rules out the names it does not hold, one
        // listing instead of a look-up per name.
        let listing = self.reader.listing(&root, dir);
        let may_hold = |name: &str| listing.as_ref().is_none_or(|l| l.may_hold(name));
        for name in CONFIG_NAMES {
            if !may_hold(name) {
                continue;
            }
            let p = dir.join(name);
            if self.reader.is_present(&root, &p) {
                return match Config::load(&self.reader, &p, &self.overrides) {
                    Ok(c) => Arc::new(c),
                    Err(e) => {
                        let mut errs = self.errors.lock().unwrap_or_else(|e| e.into_inner());
                        if !errs.contains(&e) {
                            errs.push(e);
                        }
                        self.defaults.clone()
                    }
                };
            }
        }
        let at_top = self
            .reader
            .real_dir(dir)
            .is_none_or(|real| real == root.path() || !root.holds(&real))
            || (may_hold(".git") && self.reader.is_work_tree_top(dir));
        let inherited = match dir.parent() {
            Some(parent) if !at_top => self.for_dir(parent),
            _ => self.defaults.clone(),
        };
        if inherited
            .path
            .as_deref()
            .is_some_and(|p| !is_hadolint_config(p))
        {
            return inherited;
        }
        // No dockward configuration applies: the nearest `.hadolint.yaml`
        // does, this directory's before its parents'.
        self.own_hadolint(&root, dir, &may_hold)
            .unwrap_or(inherited)
    }

    /// The `.hadolint.yaml` in `dir`, read and said so on stderr once.
    fn own_hadolint(
        &self,
        root: &Root,
        dir: &Path,
        may_hold: &dyn Fn(&str) -> bool,
    ) -> Option<Arc<Config>> {
        let p = HADOLINT_CONFIG_NAMES
            .iter()
            .filter(|name| may_hold(name))
            .map(|name| dir.join(name))
            .find(|p| self.reader.is_present(root, p))?;
        let first = {
            let mut seen = self.announced.lock().unwrap_or_else(|e| e.into_inner());
            let new = !seen.contains(&p);
            if new {
                seen.push(p.clone());
            }
            new
        };
        match Config::load_hadolint(&self.reader, &p, &self.overrides) {
            Ok(c) => {
                if first && !self.quiet {
                    crate::escape::stderr_line(&format!(
                        "dockward: no dockward.toml applies; reading hadolint configuration {}",
                        crate::source::display_path(&p)
                    ));
                }
                Some(Arc::new(c))
            }
            Err(e) => {
                if first {
                    crate::escape::stderr_line(&format!(
                        "dockward: warning: ignoring hadolint configuration {e}"
                    ));
                }
                Some(self.defaults.clone())
            }
        }
    }

    /// Configuration files that failed to load while resolving.
    pub fn take_errors(&self) -> Vec<ConfigError> {
        std::mem::take(&mut *self.errors.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl crate::discover::Excludes for ConfigResolver {
    fn excludes_dir(&self, dir: &Path) -> bool {
        self.for_dir(dir).is_excluded(dir)
    }

    fn excludes_file(&self, path: &Path) -> bool {
        self.for_file(path).is_excluded(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_index_does_not_depend_on_where_its_metadata_is() {
        let meta = &crate::rules::dockerfile::sshd_installed::META;
        let copy: &'static RuleMeta = Box::leak(Box::new(RuleMeta {
            code: meta.code,
            ..RuleMeta::DEFAULT
        }));
        let i = rule_index(meta);
        assert_eq!(RULES[i].meta.code, "DF003");
        assert_eq!(rule_index(copy), i);
    }

    fn cfg(s: &str) -> Result<Config, String> {
        Config::from_table(&toml::from_str(s).unwrap(), PathBuf::from("/repo"))
    }

    #[test]
    fn unknown_keys_suggest() {
        let e = cfg("fial-on = \"error\"").unwrap_err();
        assert!(e.contains("did you mean `fail-on`"), "{e}");
        let e = cfg("ignore = [\"missing-usr\"]").unwrap_err();
        assert!(e.contains("did you mean `missing-user`"), "{e}");
        let e = cfg("[rules.root-user]\nallowed = [1]").unwrap_err();
        assert!(e.contains("has no option `allowed`"), "{e}");
        let e = cfg("[rules.missing-user]\nallowed = [1]").unwrap_err();
        assert!(e.contains("this rule takes `fix-value`"), "{e}");
        let e = cfg("[rules.missing-user]\nfix-value = \"0:0\"").unwrap_err();
        assert!(e.contains("that is root"), "{e}");
    }

    #[test]
    fn fix_switch_per_rule() {
        let c = cfg("[rules.maintainer-instruction]\nfix = false").unwrap();
        let idx = |n: &str| rule_index(crate::rules::find(n).unwrap().meta);
        assert!(!c.fix_enabled(idx("maintainer-instruction")));
        assert!(c.fix_enabled(idx("add-instead-of-copy")));
        // Still reported: only the fix is off.
        assert!(c.is_enabled(idx("maintainer-instruction")));
        let e = cfg("[rules.maintainer-instruction]\nfix = \"no\"").unwrap_err();
        assert!(e.contains("must be true or false"), "{e}");
    }

    #[test]
    fn selection_and_severity() {
        let c = cfg("ignore = [\"DF\"]\n[rules.missing-user]\nseverity = \"error\"").unwrap();
        let i = rule_index(crate::rules::find("missing-user").unwrap().meta);
        assert!(c.is_enabled(i));
        assert_eq!(c.severity(i), Severity::Error);
        let j = rule_index(crate::rules::find("root-user").unwrap().meta);
        assert!(!c.is_enabled(j));
    }

    #[test]
    fn hadolint_configuration() {
        let yaml = "ignored:\n  - DL3007\n  - SC2086\noverride:\n  error:\n    - DL4000\n  info:\n    - DL3066\ntrustedRegistries:\n  - docker.io\n  - \"*.gcr.io\"\nlabel-schema:\n  author: email\nstrict-labels: true\nfailure-threshold: error\nformat: json\n";
        let c = Config::from_hadolint(yaml, PathBuf::from("/repo")).unwrap();
        let idx = |n: &str| rule_index(crate::rules::find(n).unwrap().meta);
        assert!(!c.is_enabled(idx("latest-base-image")));
        assert!(c.is_enabled(idx("untagged-base-image")));
        assert_eq!(c.severity(idx("maintainer-instruction")), Severity::Error);
        // Overriding a rule that is off by default turns it on, as in hadolint.
        assert!(c.is_enabled(idx("non-numeric-user")));
        assert_eq!(c.severity(idx("non-numeric-user")), Severity::Info);
        assert_eq!(c.fail_on, Some(FailOn::At(Severity::Error)));
        let reg = c.options[idx("untrusted-registry")].as_ref().unwrap();
        let reg = reg
            .downcast_ref::<crate::rules::dockerfile::untrusted_registry::Trusted>()
            .unwrap();
        assert_eq!(reg.registries, ["docker.io", "*.gcr.io"]);
        let s = c.options[idx("label-schema-violation")].as_ref().unwrap();
        let s = s
            .downcast_ref::<crate::rules::dockerfile::label_schema_violation::Schema>()
            .unwrap();
        assert!(s.strict);
        assert_eq!(s.labels.len(), 1);
        assert!(Config::from_hadolint("", PathBuf::from("/")).is_ok());
        assert!(
            Config::from_hadolint("override:\n  fatal: [DL3000]\n", PathBuf::from("/")).is_err()
        );
        assert!(Config::from_hadolint("label-schema:\n  a: colour\n", PathBuf::from("/")).is_err());
    }

    #[test]
    fn hadolint_configuration_only_without_dockward_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join(".hadolint.yaml"), "ignored: [DL3007]\n").unwrap();
        std::fs::write(root.join("a/dockward.toml"), "ignore = [\"DL4000\"]\n").unwrap();
        let r = ConfigResolver::new(None, Overrides::default()).unwrap();
        let top = r.for_dir(root);
        assert!(top.path.as_ref().unwrap().ends_with(".hadolint.yaml"));
        let nested = r.for_dir(&root.join("a/b"));
        assert!(nested.path.as_ref().unwrap().ends_with("dockward.toml"));
        // A broken hadolint file is skipped, as hadolint does.
        std::fs::write(root.join("a/b/.hadolint.yml"), "ignored: [").unwrap();
        std::fs::remove_file(root.join("a/dockward.toml")).unwrap();
        let r = ConfigResolver::new(None, Overrides::default()).unwrap();
        assert!(r.for_dir(&root.join("a/b")).path.is_none());
    }

    #[test]
    fn excludes_and_overrides() {
        let c = cfg("exclude = [\"vendor\", \"/build/*.yml\"]\n[[overrides]]\nfiles = [\"test/**\"]\nignore = [\"missing-user\"]").unwrap();
        assert!(c.is_excluded(Path::new("/repo/a/vendor/x/Dockerfile")));
        assert!(c.is_excluded(Path::new("/repo/build/compose.yml")));
        assert!(!c.is_excluded(Path::new("/repo/a/build/compose.yml")));
        let i = rule_index(crate::rules::find("missing-user").unwrap().meta);
        assert!(!c.enabled_mask(Path::new("/repo/test/x/Dockerfile"))[i]);
        assert!(c.enabled_mask(Path::new("/repo/src/Dockerfile"))[i]);
    }
}
