//! What a rule is, independent of any file: its identity ([`RuleMeta`]),
//! the other tools it maps to ([`Tool`], [`Origin`]) and its default
//! [`Severity`]. Diagnostics point at a `RuleMeta`; the registry in
//! [`crate::rules`] lists them.

use std::any::Any;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::source::FileKind;

/// How serious a diagnostic is. Ordered: `Style < Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Style,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Style,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Style => "style",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Another tool whose checks dockward rules map to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Tool {
    #[serde(rename = "hadolint")]
    Hadolint,
    #[serde(rename = "buildkit")]
    Buildkit,
    #[serde(rename = "trivy")]
    Trivy,
    #[serde(rename = "checkov")]
    Checkov,
    #[serde(rename = "kics")]
    Kics,
    #[serde(rename = "compose-lint")]
    ComposeLint,
    #[serde(rename = "dclint")]
    Dclint,
    #[serde(rename = "semgrep")]
    Semgrep,
}

impl Tool {
    pub const ALL: [Tool; 8] = [
        Tool::Hadolint,
        Tool::Buildkit,
        Tool::Trivy,
        Tool::Checkov,
        Tool::Kics,
        Tool::ComposeLint,
        Tool::Dclint,
        Tool::Semgrep,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Tool::Hadolint => "hadolint",
            Tool::Buildkit => "buildkit",
            Tool::Trivy => "trivy",
            Tool::Checkov => "checkov",
            Tool::Kics => "kics",
            Tool::ComposeLint => "compose-lint",
            Tool::Dclint => "dclint",
            Tool::Semgrep => "semgrep",
        }
    }
}

/// An equivalent check in another tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub tool: Tool,
    pub id: &'static str,
}

/// Whether a rule's behaviour is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Stable,
    Preview,
}

/// Parses a rule's options table from the configuration.
pub type ParseOptions = fn(&toml::Table) -> Result<Arc<dyn Any + Send + Sync>, String>;

/// What a rule is, independent of any file.
#[derive(Debug)]
pub struct RuleMeta {
    /// `DF###` or `DC###`; never reused.
    pub code: &'static str,
    /// kebab-case, naming the bad pattern.
    pub name: &'static str,
    /// Former names, still accepted wherever a rule is named (configuration,
    /// `--select`/`--ignore`, suppression comments).
    pub aliases: &'static [&'static str],
    pub kind: FileKind,
    pub severity: Severity,
    /// One line, lowercase, no trailing period.
    pub summary: &'static str,
    pub origins: &'static [Origin],
    pub fixable: bool,
    pub status: Status,
    /// Runs without being selected in the configuration.
    pub default_enabled: bool,
    /// Parses `[rules.<name>]` options other than `severity`.
    pub options: Option<ParseOptions>,
    /// The rule's page, `lints/<CODE>-<name>.md`.
    pub doc: &'static str,
    /// For a code of another tool that a rule reports under its own
    /// (ShellCheck's `SC2086` under `shellcheck`): that rule. Its
    /// configuration (enabled, ignored, severity) and its suppressions
    /// apply; the code itself can be selected, ignored and suppressed too.
    pub parent: Option<&'static RuleMeta>,
    /// The page of such a code, when it is not in `lints/`.
    pub page_url: Option<&'static str>,
}

impl RuleMeta {
    /// Defaults for the fields most rules leave alone; `rule_meta!` fills
    /// in the rest.
    pub const DEFAULT: RuleMeta = RuleMeta {
        code: "",
        name: "",
        aliases: &[],
        kind: FileKind::Dockerfile,
        severity: Severity::Warning,
        summary: "",
        origins: &[],
        fixable: false,
        status: Status::Stable,
        default_enabled: true,
        options: None,
        doc: "",
        parent: None,
        page_url: None,
    };

    pub fn url(&self) -> String {
        if let Some(u) = self.page_url {
            return u.to_string();
        }
        format!(
            "{}/blob/main/lints/{}-{}.md",
            env!("CARGO_PKG_REPOSITORY"),
            self.code,
            self.name
        )
    }

    /// Whether `selector` names this rule: its code, its name, a former
    /// name, or the id of an equivalent check in another tool
    /// (case-insensitive).
    pub fn matches(&self, selector: &str) -> bool {
        self.code.eq_ignore_ascii_case(selector)
            || self.name.eq_ignore_ascii_case(selector)
            || self
                .aliases
                .iter()
                .any(|a| a.eq_ignore_ascii_case(selector))
            || self
                .origins
                .iter()
                .any(|o| o.id.eq_ignore_ascii_case(selector))
            || self.parent.is_some_and(|p| p.matches(selector))
    }

    /// The registered rule this meta is, or reports under.
    pub fn registered(&'static self) -> &'static RuleMeta {
        self.parent.unwrap_or(self)
    }

    /// The severity class its page names (`- Severity class: [CLASS](...)`,
    /// docs/severity.md); a code reported under a rule has the rule's.
    pub fn severity_class(&self) -> &'static str {
        if let Some(p) = self.parent {
            return p.severity_class();
        }
        self.doc
            .lines()
            .find_map(|l| l.strip_prefix("- Severity class: ["))
            .and_then(|l| l.split(']').next())
            .unwrap_or("")
    }

    pub fn origin_ids(&self, tool: Tool) -> impl Iterator<Item = &'static str> + '_ {
        self.origins
            .iter()
            .filter(move |o| o.tool == tool)
            .map(|o| o.id)
    }
}
