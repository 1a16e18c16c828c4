//! Output formats. Each renders a whole [`RunReport`] to a writer.
//!
//! | format | for |
//! |---|---|
//! | `human` | people at a terminal |
//! | `concise` | one line per diagnostic, for editors' error formats |
//! | `json` | the stable JSON contract |
//! | `sarif` | SARIF 2.1.0, for GitHub code scanning and other SARIF viewers |
//! | `github` | GitHub Actions workflow commands (annotations) |
//! | `checkstyle` | Checkstyle XML (Jenkins, reviewdog, ...) |
//! | `junit` | JUnit XML (CI test reports) |
//! | `gitlab` | GitLab Code Quality JSON |
//! | `codeclimate` | Code Climate issues (GitLab reads them too) |
//! | `rdjson` | reviewdog's Diagnostic Format |
//! | `sonarqube` | SonarQube's generic issue import format |
//! | `azure` | Azure Pipelines logging commands |
//! | `gnu` | `file:line:column: severity: message`, for editors |

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::lint::{FileReport, RunReport};
use crate::source::{SourceFile, display_path};

pub mod azure;
pub mod checkstyle;
pub mod codeclimate;
pub mod concise;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod gnu;
pub mod human;
pub mod json;
pub mod junit;
pub mod page;
pub mod progress;
pub mod rdjson;
pub mod sarif;
pub mod sonarqube;
pub mod statistics;
pub mod stream;
mod xml;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical report with source snippets, labels, help and the rule URL.
    Human,
    /// One line per diagnostic: `path:line:col: severity[CODE name] message`.
    Concise,
    /// One JSON object (stable; see the JSON contract in the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands: annotations, plus a job summary
    /// when `GITHUB_STEP_SUMMARY` is set.
    Github,
    /// Checkstyle XML.
    Checkstyle,
    /// JUnit XML: a test suite per file, a failing test case per diagnostic.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// The GNU error format, for editors' compile modes:
    /// `file:line:column: severity: message [CODE name]`.
    Gnu,
    /// Code Climate issues (a JSON array, with columns), for Code Climate
    /// and GitLab.
    Codeclimate,
    /// reviewdog's Diagnostic Format (`reviewdog -f=rdjson`).
    Rdjson,
    /// SonarQube's generic issue import format (10.3 and later).
    Sonarqube,
    /// Azure Pipelines logging commands (`##vso[task.logissue ...]`).
    Azure,
}

impl Format {
    pub const ALL: [Format; 13] = [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Checkstyle,
        Format::Junit,
        Format::Gitlab,
        Format::Gnu,
        Format::Codeclimate,
        Format::Rdjson,
        Format::Sonarqube,
        Format::Azure,
    ];

    /// The format prints a fix's text or edits, not only how many there are.
    pub fn shows_fixes(self) -> bool {
        matches!(self, Format::Json | Format::Sarif)
    }

    /// Whether the format prints or hashes source text (snippets, SARIF
    /// regions' snippets, fingerprints); the others need positions only.
    pub fn needs_source_text(self) -> bool {
        matches!(
            self,
            Format::Human
                | Format::Sarif
                | Format::Gitlab
                | Format::Codeclimate
                | Format::Sonarqube
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Checkstyle => "checkstyle",
            Format::Junit => "junit",
            Format::Gitlab => "gitlab",
            Format::Gnu => "gnu",
            Format::Codeclimate => "codeclimate",
            Format::Rdjson => "rdjson",
            Format::Sonarqube => "sonarqube",
            Format::Azure => "azure",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Formats meant for people rather than programs.
    pub fn is_for_people(self) -> bool {
        matches!(self, Format::Human | Format::Concise)
    }
}

/// How reports are drawn, and what paths in them are relative to.
#[derive(Clone, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// Print the summary line after the diagnostics.
    pub summary: bool,
    /// Show the source snippet under each diagnostic (human format).
    pub show_source: bool,
    /// Repeat a rule's help and URL on every finding, not only the first
    /// in each file (human format).
    pub verbose: bool,
    /// The absolute working directory: relative paths in the report are
    /// relative to it, and the SARIF `%SRCROOT%` points at it.
    pub cwd: Option<PathBuf>,
    /// The repository root in CI (`GITHUB_WORKSPACE`, `CI_PROJECT_DIR`):
    /// paths in GitHub annotations and GitLab reports are relative to it.
    pub workspace: Option<PathBuf>,
    /// The repository and revision linted, when CI says (SARIF).
    pub vcs: Option<Vcs>,
}

/// Where the linted files come from, as CI describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vcs {
    pub repository: String,
    pub revision: String,
    pub branch: Option<String>,
}

impl Vcs {
    /// From GitHub Actions (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`,
    /// `GITHUB_SHA`, `GITHUB_REF`) or GitLab CI (`CI_PROJECT_URL`,
    /// `CI_COMMIT_SHA`, `CI_COMMIT_REF_NAME`).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Option<Vcs> {
        if let (Some(server), Some(repo), Some(sha)) = (
            var("GITHUB_SERVER_URL"),
            var("GITHUB_REPOSITORY"),
            var("GITHUB_SHA"),
        ) {
            return Some(Vcs {
                repository: format!("{server}/{repo}"),
                revision: sha,
                branch: var("GITHUB_REF"),
            });
        }
        if let (Some(url), Some(sha)) = (var("CI_PROJECT_URL"), var("CI_COMMIT_SHA")) {
            return Some(Vcs {
                repository: url,
                revision: sha,
                branch: var("CI_COMMIT_REF_NAME"),
            });
        }
        None
    }
}

impl Default for Style {
    fn default() -> Style {
        Style {
            color: false,
            width: 100,
            summary: true,
            show_source: true,
            verbose: false,
            cwd: None,
            workspace: None,
            vcs: None,
        }
    }
}

pub fn render(
    format: Format,
    report: &RunReport,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    use stream::Kind;
    match format {
        Format::Human => stream::render(Kind::Human, report, style, out),
        Format::Concise => stream::render(Kind::Concise, report, style, out),
        Format::Gnu => stream::render(Kind::Gnu, report, style, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, style, out),
        Format::Github => github::render(report, style, out),
        Format::Checkstyle => checkstyle::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Gitlab => gitlab::render(report, style, out),
        Format::Codeclimate => {
            codeclimate::render(report, style, codeclimate::Locations::Positions, out)
        }
        Format::Rdjson => rdjson::render(report, out),
        Format::Sonarqube => sonarqube::render(report, style, out),
        Format::Azure => azure::render(report, style, out),
    }
}

/// How many diagnostics of each severity, most severe first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub style: usize,
}

impl Counts {
    pub fn of(report: &RunReport) -> Counts {
        let mut c = Counts::default();
        for (_, d) in report.diagnostics() {
            c.add(d.severity);
        }
        c
    }

    pub fn get(&self, s: Severity) -> usize {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
            Severity::Style => self.style,
        }
    }

    pub fn total(&self) -> usize {
        self.error + self.warning + self.info + self.style
    }

    /// `3 errors, 1 warning`, most severe first.
    pub fn words(&self) -> String {
        let mut parts = Vec::new();
        for s in Severity::ALL {
            let n = self.get(s);
            if n > 0 {
                let plural = if n == 1 || matches!(s, Severity::Info | Severity::Style) {
                    ""
                } else {
                    "s"
                };
                parts.push(format!("{n} {}{plural}", s.as_str()));
            }
        }
        parts.join(", ")
    }

    fn add(&mut self, s: Severity) {
        match s {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
            Severity::Style => self.style += 1,
        }
    }
}

/// What the summary line counts, gathered file by file: all that a run
/// rendered as it went ([`stream`]) keeps of its reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub files: usize,
    /// Files with at least one diagnostic.
    pub files_with: usize,
    pub counts: Counts,
    /// Diagnostics with a safe fix, and with an unsafe one.
    pub safe_fixes: usize,
    pub unsafe_fixes: usize,
}

impl Tally {
    pub fn of(report: &RunReport) -> Tally {
        let mut t = Tally::default();
        for f in &report.files {
            t.add(f);
        }
        t
    }

    pub fn add(&mut self, f: &FileReport) {
        use crate::diagnostic::Applicability;
        self.files += 1;
        self.files_with += usize::from(!f.diagnostics.is_empty());
        for d in &f.diagnostics {
            self.counts.add(d.severity);
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => self.safe_fixes += 1,
                Some(Applicability::Unsafe) => self.unsafe_fixes += 1,
                _ => {}
            }
        }
    }
}

/// The command that applies safe fixes, once the command line has it; the
/// summary line names it with the count of fixable findings.
pub const FIX_COMMAND: Option<&str> = Some("dockward check --fix");

/// The summary line shared by the human and concise formats: counts per
/// severity, how many files, what a baseline held back, and what `--fix`
/// can do.
pub fn summary(report: &RunReport) -> String {
    summary_line(&Tally::of(report), report.baseline.as_ref())
}

/// [`summary`] from the counts alone.
pub fn summary_line(tally: &Tally, baseline: Option<&crate::lint::baseline::Applied>) -> String {
    let (files, with) = (tally.files, tally.files_with);
    let total = tally.counts.total();
    let files_word = if files == 1 { "file" } else { "files" };
    let new = if baseline.is_some() { "new " } else { "" };
    let mut s = if total == 0 {
        format!("no {new}problems found in {files} {files_word}")
    } else {
        let d = if total == 1 {
            "diagnostic"
        } else {
            "diagnostics"
        };
        format!(
            "found {total} {new}{d} ({}) in {with} of {files} {files_word}",
            tally.counts.words()
        )
    };
    if let Some(b) = baseline
        && b.matched > 0
    {
        let _ = std::fmt::Write::write_fmt(&mut s, format_args!("; {} in the baseline", b.matched));
    }
    let (safe, unsafe_) = (tally.safe_fixes, tally.unsafe_fixes);
    let Some(fix) = FIX_COMMAND else {
        return s;
    };
    if safe > 0 {
        let _ = std::fmt::Write::write_fmt(&mut s, format_args!("; {safe} fixable with `{fix}`"));
        if unsafe_ > 0 {
            let _ = std::fmt::Write::write_fmt(
                &mut s,
                format_args!(" ({unsafe_} more with `--unsafe-fixes`)"),
            );
        }
    } else if unsafe_ > 0 {
        let _ = std::fmt::Write::write_fmt(
            &mut s,
            format_args!("; {unsafe_} fixable with `{fix} --unsafe-fixes`"),
        );
    }
    s
}

/// Appends `path:line:column: `, the start of a concise or GNU line.
fn push_location(out: &mut String, path: &str, at: crate::source::LineCol) {
    out.push_str(path);
    out.push(':');
    push_decimal(out, at.line);
    out.push(':');
    push_decimal(out, at.column);
    out.push_str(": ");
}

/// Appends `n` in decimal.
fn push_decimal(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// A file's path relative to `base` when it lies under it, with `/`
/// separators; otherwise the path as displayed everywhere else. Relative
/// paths are taken to be relative to `cwd`.
pub fn path_under(source: &SourceFile, cwd: Option<&Path>, base: Option<&Path>) -> String {
    display_path(&relative_under(source, cwd, base))
}

/// The path [`path_under`] shows, as a path (for URIs, which keep every
/// byte of a name).
pub fn relative_under(source: &SourceFile, cwd: Option<&Path>, base: Option<&Path>) -> PathBuf {
    let Some(base) = base else {
        return source.path.clone();
    };
    let absolute = if source.path.is_absolute() {
        source.path.clone()
    } else if let Some(cwd) = cwd {
        cwd.join(&source.path)
    } else {
        return source.path.clone();
    };
    let absolute = crate::paths::normalize(&absolute);
    match absolute.strip_prefix(base) {
        Ok(rel) => rel.to_path_buf(),
        Err(_) => source.path.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileKind;

    #[test]
    fn decimals_are_written_whole() {
        for n in [0, 7, 10, 99, 100, 4_294_967_295] {
            let mut s = String::from("x");
            push_decimal(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }

    /// What `fixes_counted_only` drops is shown by no format that is not
    /// listed as showing fixes, and each listed one does show it.
    #[test]
    fn only_formats_that_show_fixes_need_their_text() {
        use crate::lint::{RunOptions, RunReport, lint_paths};
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("Dockerfile"),
            "FROM alpine:3.19\nRUN apk add curl\nRUN apt-get install git\n",
        )
        .unwrap();
        let configs =
            crate::config::ConfigResolver::new(None, crate::config::Overrides::default()).unwrap();
        let run = |fixes_counted_only| {
            let opts = RunOptions {
                fixes_counted_only,
                ..RunOptions::default()
            };
            lint_paths(&[dir.path().to_path_buf()], &configs, &opts)
        };
        let (full, counted) = (run(false), run(true));
        let fixes = |r: &RunReport| r.diagnostics().filter(|(_, d)| d.fix.is_some()).count();
        assert!(fixes(&full) >= 2, "the example has fixes");
        assert_eq!(fixes(&full), fixes(&counted));
        let style = Style::default();
        for format in Format::ALL {
            let text = |r: &RunReport| {
                let mut out = Vec::new();
                render(format, r, &style, &mut out).unwrap();
                String::from_utf8(out).unwrap()
            };
            assert_eq!(
                text(&full) != text(&counted),
                format.shows_fixes(),
                "{}",
                format.as_str()
            );
        }
    }

    #[test]
    fn formats_round_trip_their_names() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(f));
            let value = clap::ValueEnum::to_possible_value(&f).unwrap();
            assert_eq!(value.get_name(), f.as_str());
        }
        assert_eq!(Format::parse("xml"), None);
    }

    #[test]
    fn paths_are_made_relative_to_a_base() {
        let f = SourceFile::new("app/Dockerfile", FileKind::Dockerfile, String::new());
        let cwd = Path::new("/repo/sub");
        assert_eq!(
            path_under(&f, Some(cwd), Some(Path::new("/repo"))),
            "sub/app/Dockerfile"
        );
        assert_eq!(
            path_under(&f, Some(cwd), Some(Path::new("/elsewhere"))),
            "app/Dockerfile"
        );
        assert_eq!(path_under(&f, Some(cwd), None), "app/Dockerfile");
        let up = SourceFile::new("../x/Dockerfile", FileKind::Dockerfile, String::new());
        assert_eq!(
            path_under(&up, Some(cwd), Some(Path::new("/repo"))),
            "x/Dockerfile"
        );
    }
}
