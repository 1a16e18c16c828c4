//! Code Climate issues, as a JSON array: the `codeclimate` format, and the
//! `gitlab` format, which is the subset GitLab's Code Quality report reads.
//!
//! Each issue has `type`, `check_name`, `description` (one line), `content`
//! (help and the rule's page), `categories`, `location`, the labels as
//! `other_locations`, `severity` and a stable `fingerprint`. The
//! `codeclimate` format gives positions (1-based lines and columns in
//! characters; the end is where the span ends); `gitlab` gives lines, which
//! is all GitLab shows. Paths are relative to the repository
//! (`CI_PROJECT_DIR` or `GITHUB_WORKSPACE` when set, else the working
//! directory).

use std::io::{self, Write};

use serde::Serialize;

use super::{Style, fingerprint, path_under};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::RunReport;
use crate::source::{LineCol, SourceFile, Span};

/// How a location is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locations {
    /// `lines: {begin, end}`.
    Lines,
    /// `positions: {begin: {line, column}, end: {line, column}}`.
    Positions,
}

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: String,
    description: &'a str,
    content: Content,
    categories: [&'static str; 1],
    location: Location,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    other_locations: Vec<Location>,
    severity: &'static str,
    fingerprint: String,
}

#[derive(Serialize)]
struct Content {
    body: String,
}

#[derive(Serialize)]
struct Location {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    lines: Option<Lines>,
    #[serde(skip_serializing_if = "Option::is_none")]
    positions: Option<Positions>,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

#[derive(Serialize)]
struct Positions {
    begin: LineCol,
    end: LineCol,
}

/// Code Climate's severities: `info`, `minor`, `major`, `critical`,
/// `blocker`. `blocker` is left out: no finding stops a merge by itself
/// (`fail-on` decides).
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "minor",
        Severity::Style => "info",
    }
}

/// The Code Climate category of a rule, from its severity class
/// (docs/severity.md).
pub fn category(class: &str) -> &'static str {
    match class {
        "broken" | "correctness" | "reproducibility" => "Bug Risk",
        "hygiene" => "Performance",
        "maintenance" => "Clarity",
        "style" => "Style",
        // host-access, remote-entry, secret, escalation, hardening,
        // exposure, integrity, audit
        _ => "Security",
    }
}

fn location(source: &SourceFile, path: String, span: Span, kind: Locations) -> Location {
    let begin = source.line_col(span.start);
    let end = source.line_col(span.end.max(span.start));
    match kind {
        Locations::Lines => Location {
            path,
            lines: Some(Lines {
                begin: begin.line,
                end: end.line,
            }),
            positions: None,
        },
        Locations::Positions => Location {
            path,
            lines: None,
            positions: Some(Positions { begin, end }),
        },
    }
}

fn content(d: &Diagnostic) -> Content {
    let mut body = String::new();
    if let Some(h) = &d.help {
        body.push_str(h);
        body.push_str("\n\n");
    }
    body.push_str(&format!("See {}", d.url()));
    Content { body }
}

pub fn render(
    report: &RunReport,
    style: &Style,
    kind: Locations,
    out: &mut dyn Write,
) -> io::Result<()> {
    let repo_path =
        |s: &SourceFile| path_under(s, style.cwd.as_deref(), style.workspace.as_deref());
    let mut issues = Vec::new();
    for f in &report.files {
        let path = repo_path(&f.source);
        let prints = fingerprint::fingerprints(&f.source, &path, &f.diagnostics);
        for (d, print) in f.diagnostics.iter().zip(prints) {
            let other_locations = if kind == Locations::Positions {
                d.labels
                    .iter()
                    .map(|l| {
                        let file = l.file.as_deref().unwrap_or(&f.source);
                        location(file, repo_path(file), l.span, kind)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            issues.push(Issue {
                kind: "issue",
                check_name: format!("{} {}", d.rule.code, d.rule.name),
                description: &d.message,
                content: content(d),
                categories: [category(d.rule.severity_class())],
                location: location(&f.source, path.clone(), d.span, kind),
                other_locations,
                severity: severity(d.severity),
                fingerprint: print,
            });
        }
    }
    crate::escape::write_json(&mut *out, &issues, true)?;
    out.write_all(b"\n")
}
