//! Output formats. Each renders a whole [`RunReport`] to a writer.

use std::io::{self, Write};

use crate::lint::RunReport;

pub mod concise;
pub mod human;
pub mod json;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical report with source snippets, labels, help and the rule URL.
    Human,
    /// One line per diagnostic: `path:line:col: severity[CODE name] message`.
    Concise,
    /// One JSON object (stable; see the JSON contract in the README).
    Json,
}

/// How the human format looks.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// Print the summary line after the diagnostics.
    pub summary: bool,
}

pub fn render(
    format: Format,
    report: &RunReport,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, style, out),
        Format::Concise => concise::render(report, style, out),
        Format::Json => json::render(report, out),
    }
}

/// `3 errors, 1 warning`-style counts, most severe first.
pub fn counts(report: &RunReport) -> String {
    use crate::diagnostic::Severity;
    let mut parts = Vec::new();
    for s in Severity::ALL {
        let n = report
            .diagnostics()
            .filter(|(_, d)| d.severity == s)
            .count();
        if n > 0 {
            let noun = match s {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
                Severity::Style => "style",
            };
            let plural = if n == 1 || matches!(s, Severity::Info | Severity::Style) {
                ""
            } else {
                "s"
            };
            parts.push(format!("{n} {noun}{plural}"));
        }
    }
    parts.join(", ")
}

/// The summary line shared by the human and concise formats.
pub fn summary(report: &RunReport) -> String {
    let files = report.files.len();
    let total: usize = report.files.iter().map(|f| f.diagnostics.len()).sum();
    let with = report
        .files
        .iter()
        .filter(|f| !f.diagnostics.is_empty())
        .count();
    let files_word = if files == 1 { "file" } else { "files" };
    if total == 0 {
        format!("no problems found in {files} {files_word}")
    } else {
        let d = if total == 1 {
            "diagnostic"
        } else {
            "diagnostics"
        };
        format!(
            "found {total} {d} ({}) in {with} of {files} {files_word}",
            counts(report)
        )
    }
}
