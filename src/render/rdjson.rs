//! reviewdog's Diagnostic Format as one JSON document (`rdjson`), for
//! `reviewdog -f=rdjson`: a `source`, and one diagnostic per finding with
//! its `location` (path relative to the working directory, where reviewdog
//! runs), `severity`, `code` (the rule and its page) and the labels as
//! `related_locations`.
//!
//! Positions follow the format's definition: 1-based lines, and 1-based
//! columns counted in bytes of UTF-8; the end is exclusive.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::RunReport;
use crate::source::{SourceFile, Span};

#[derive(Serialize)]
struct Output<'a> {
    source: Source,
    diagnostics: Vec<RdDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct RdDiagnostic<'a> {
    message: String,
    location: Location,
    severity: &'static str,
    source: Source,
    code: Code<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Location {
    path: String,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct Related<'a> {
    message: &'a str,
    location: Location,
}

fn source() -> Source {
    Source {
        name: "dockward",
        url: env!("CARGO_PKG_REPOSITORY"),
    }
}

/// 1-based line and 1-based UTF-8 byte column.
fn position(source: &SourceFile, offset: u32) -> Position {
    let line = source.index.line_of(offset);
    Position {
        line: line as u32 + 1,
        column: offset - source.index.line_start(line) + 1,
    }
}

fn location(source: &SourceFile, span: Span) -> Location {
    Location {
        path: source.display_path(),
        range: Range {
            start: position(source, span.start),
            end: position(source, span.end.max(span.start)),
        },
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info | Severity::Style => "INFO",
    }
}

/// The message, then the help line: reviewdog shows the message alone.
fn message(d: &Diagnostic) -> String {
    match &d.help {
        Some(h) => format!("{}\nhelp: {h}", d.message),
        None => d.message.clone(),
    }
}

pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for (f, d) in report.diagnostics() {
        diagnostics.push(RdDiagnostic {
            message: message(d),
            location: location(&f.source, d.span),
            severity: severity(d.severity),
            source: source(),
            code: Code {
                value: d.rule.code,
                url: d.url(),
            },
            related_locations: d
                .labels
                .iter()
                .map(|l| Related {
                    message: &l.message,
                    location: location(l.file.as_deref().unwrap_or(&f.source), l.span),
                })
                .collect(),
        });
    }
    let output = Output {
        source: source(),
        diagnostics,
    };
    crate::escape::write_json(&mut *out, &output, true)?;
    out.write_all(b"\n")
}
