//! GitLab Code Quality JSON (a subset of the Code Climate issue format):
//! an array of issues with `description`, `check_name`, a unique and stable
//! `fingerprint`, `severity` and `location.path`/`location.lines`.
//! Paths are relative to the repository (`CI_PROJECT_DIR` when set).

use std::io::{self, Write};

use serde::Serialize;

use super::{Style, fingerprint, path_under};
use crate::diagnostic::Severity;
use crate::lint::RunReport;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: &'a str,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    categories: [&'static str; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Content>,
    location: Location,
}

#[derive(Serialize)]
struct Content {
    body: String,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// GitLab's severities: `info`, `minor`, `major`, `critical`, `blocker`.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "minor",
        Severity::Style => "info",
    }
}

pub fn render(report: &RunReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let mut issues = Vec::new();
    for f in &report.files {
        let path = path_under(&f.source, style.cwd.as_deref(), style.workspace.as_deref());
        let prints = fingerprint::fingerprints(&f.source, &path, &f.diagnostics);
        for (d, print) in f.diagnostics.iter().zip(prints) {
            let begin = f.source.line_col(d.span.start).line;
            let end = f.source.line_col(d.span.end.max(d.span.start)).line;
            let mut body = String::new();
            if let Some(h) = &d.help {
                body.push_str(h);
                body.push_str("\n\n");
            }
            body.push_str(&format!("See {}", d.url()));
            issues.push(Issue {
                kind: "issue",
                description: &d.message,
                check_name: format!("{} {}", d.rule.code, d.rule.name),
                fingerprint: print,
                severity: severity(d.severity),
                categories: [if d.rule.severity == Severity::Style {
                    "Style"
                } else {
                    "Security"
                }],
                content: Some(Content { body }),
                location: Location {
                    path: path.clone(),
                    lines: Lines { begin, end },
                },
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    out.write_all(b"\n")
}
