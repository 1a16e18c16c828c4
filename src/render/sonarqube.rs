//! SonarQube's generic issue import format (`sonar.externalIssuesReportPaths`),
//! as SonarQube Server 10.3 and later and SonarQube Cloud read it: the
//! `rules` that raised issues, each with a clean code attribute and its
//! impacts, then the `issues`.
//!
//! A rule's attribute and software quality come from its severity class
//! (docs/severity.md); its impact severity is the highest severity it has
//! in the run (configuration can change a rule's severity, and the format
//! has one per rule). Impact severities stay within HIGH, MEDIUM and LOW,
//! which every version of the format accepts.
//!
//! Text ranges are what SonarQube checks against the file: 1-based lines,
//! 0-based columns in UTF-16 code units (Java's), within the line (never
//! past its end or into its line break), start before end. A range that is
//! empty once kept in its lines names the line alone. Paths are relative to
//! the repository (`GITHUB_WORKSPACE`, `CI_PROJECT_DIR`) or else to the
//! working directory: where the scanner runs.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Style, path_under};
use crate::diagnostic::Severity;
use crate::lint::RunReport;
use crate::rules::RuleMeta;
use crate::source::{SourceFile, Span};

#[derive(Serialize)]
struct Output<'a> {
    rules: Vec<Rule>,
    issues: Vec<Issue<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    description: String,
    engine_id: &'static str,
    clean_code_attribute: &'static str,
    impacts: [Impact; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Impact {
    software_quality: &'static str,
    severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Issue<'a> {
    rule_id: &'static str,
    primary_location: Location<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    secondary_locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    message: &'a str,
    file_path: String,
    text_range: TextRange,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TextRange {
    start_line: u32,
    end_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

/// The clean code attribute and software quality of a severity class.
fn attribute(class: &str) -> (&'static str, &'static str) {
    match class {
        "broken" | "correctness" => ("LOGICAL", "RELIABILITY"),
        "reproducibility" => ("COMPLETE", "RELIABILITY"),
        "hygiene" => ("EFFICIENT", "MAINTAINABILITY"),
        "maintenance" => ("CONVENTIONAL", "MAINTAINABILITY"),
        "style" => ("FORMATTED", "MAINTAINABILITY"),
        // host-access, remote-entry, secret, escalation, hardening,
        // exposure, integrity, audit
        _ => ("TRUSTWORTHY", "SECURITY"),
    }
}

fn impact_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "HIGH",
        Severity::Warning => "MEDIUM",
        Severity::Info | Severity::Style => "LOW",
    }
}

fn rule(meta: &'static RuleMeta, severity: Severity) -> Rule {
    let (attribute, quality) = attribute(meta.severity_class());
    Rule {
        id: meta.code,
        name: meta.name,
        description: format!("{}; see {}", meta.summary, meta.url()),
        engine_id: "dockward",
        clean_code_attribute: attribute,
        impacts: [Impact {
            software_quality: quality,
            severity: impact_severity(severity),
        }],
    }
}

/// 0-based line and UTF-16 column of `offset`, kept within the line's text.
fn line_column(source: &SourceFile, offset: u32) -> (u32, u32) {
    let line = source.index.line_of(offset);
    let end = source.index.line_end(line, &source.text);
    let (_, column) = super::sarif::utf16(source, offset.min(end));
    (line as u32, column - 1)
}

fn text_range(source: &SourceFile, span: Span) -> TextRange {
    let start = line_column(source, span.start);
    let end = line_column(source, span.end.max(span.start));
    let columns = start < end;
    TextRange {
        start_line: start.0 + 1,
        end_line: if columns { end.0 + 1 } else { start.0 + 1 },
        start_column: columns.then_some(start.1),
        end_column: columns.then_some(end.1),
    }
}

pub fn render(report: &RunReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let path = |s: &SourceFile| path_under(s, style.cwd.as_deref(), style.workspace.as_deref());
    let mut rules: BTreeMap<&'static str, (&'static RuleMeta, Severity)> = BTreeMap::new();
    let mut issues = Vec::new();
    for f in &report.files {
        let file_path = path(&f.source);
        for d in &f.diagnostics {
            let entry = rules.entry(d.rule.code).or_insert((d.rule, d.severity));
            entry.1 = entry.1.max(d.severity);
            issues.push(Issue {
                rule_id: d.rule.code,
                primary_location: Location {
                    message: &d.message,
                    file_path: file_path.clone(),
                    text_range: text_range(&f.source, d.span),
                },
                secondary_locations: d
                    .labels
                    .iter()
                    .map(|l| {
                        let file = l.file.as_deref().unwrap_or(&f.source);
                        Location {
                            message: &l.message,
                            file_path: path(file),
                            text_range: text_range(file, l.span),
                        }
                    })
                    .collect(),
            });
        }
    }
    let output = Output {
        rules: rules.into_values().map(|(m, s)| rule(m, s)).collect(),
        issues,
    };
    crate::escape::write_json(&mut *out, &output, true)?;
    out.write_all(b"\n")
}
