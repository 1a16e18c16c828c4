//! The stable JSON contract (version 1).

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::lint::RunReport;
use crate::source::{LineCol, SourceFile, Span};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool,
    files: usize,
    diagnostics: Diagnostics<'a>,
}

/// The diagnostics, converted one at a time as they are written.
struct Diagnostics<'a>(&'a RunReport);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let n = self.0.files.iter().map(|f| f.diagnostics.len()).sum();
        let mut seq = s.serialize_seq(Some(n))?;
        for (f, d) in self.0.diagnostics() {
            seq.serialize_element(&diagnostic(&f.source, d))?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
pub struct Range {
    pub start: LineCol,
    pub end: LineCol,
}

impl Range {
    pub fn of(source: &SourceFile, span: Span) -> Range {
        Range {
            start: source.line_col(span.start),
            end: source.line_col(span.end),
        }
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    code: &'static str,
    rule: &'static str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    url: String,
    range: Range,
    labels: Vec<JsonLabel<'a>>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: String,
    message: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    /// The file the edit applies to (a Compose fix may edit the file where
    /// a value is defined).
    path: String,
    range: Range,
    content: &'a str,
}

fn diagnostic<'a>(source: &SourceFile, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        path: source.display_path(),
        code: d.rule.code,
        rule: d.rule.name,
        severity: d.severity,
        message: &d.message,
        help: d.help.as_deref(),
        url: d.url(),
        range: Range::of(source, d.span),
        labels: d
            .labels
            .iter()
            .map(|l| {
                let s = l.file.as_deref().unwrap_or(source);
                JsonLabel {
                    path: s.display_path(),
                    message: &l.message,
                    range: Range::of(s, l.span),
                }
            })
            .collect(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            message: &f.message,
            applicability: f.applicability,
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let file = e.file.as_deref().unwrap_or(source);
                    JsonEdit {
                        path: file.display_path(),
                        range: Range::of(file, e.span),
                        content: &e.content,
                    }
                })
                .collect(),
        }),
    }
}

pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let output = Output {
        version: 1,
        tool: Tool {
            name: "dockward",
            version: env!("CARGO_PKG_VERSION"),
        },
        files: report.files.len(),
        diagnostics: Diagnostics(report),
    };
    crate::escape::write_json(&mut *out, &output, true)?;
    out.write_all(b"\n")
}
