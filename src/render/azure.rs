//! Azure Pipelines logging commands: one `##vso[task.logissue ...]` line per
//! finding, which the agent turns into an error or a warning on the run
//! (Azure has no lower issue type, so info and style are warnings).
//!
//! The agent reads every line of a step's output, and a line holding
//! `##vso[` is a command: a value from the input must never end ours early
//! or start another. So a property value has `%`, CR, LF, `;` and `]`
//! encoded (`%AZP25`, `%0D`, `%0A`, `%3B`, `%5D`), and the message has `%`,
//! CR and LF encoded, as the agent decodes them; what the agent reads back
//! is exactly the text (`escape::command::AZURE`). The text has already been escaped for every
//! output (`escape`), so no control character reaches the log either.
//!
//! Paths are absolute, as the logging command documentation asks; the
//! agent links those under the sources directory to the repository.

use std::io::{self, Write};
use std::path::PathBuf;

use super::Style;
use crate::diagnostic::{Diagnostic, Severity};
use crate::escape::command::AZURE;
use crate::lint::RunReport;
use crate::source::{SourceFile, display_path};

fn issue_type(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning | Severity::Info | Severity::Style => "warning",
    }
}

/// The file's absolute path (relative paths are under the working
/// directory).
fn absolute(source: &SourceFile, style: &Style) -> String {
    let path = match &style.cwd {
        Some(cwd) if source.path.is_relative() => crate::paths::normalize(&cwd.join(&source.path)),
        _ => PathBuf::from(&source.path),
    };
    display_path(&path)
}

/// One `##vso[task.logissue ...]` line, without its line break.
pub fn logissue(source: &SourceFile, path: &str, d: &Diagnostic) -> String {
    let at = source.line_col(d.span.start);
    let mut data = format!("{} [{} {}]", d.message, d.rule.code, d.rule.name);
    if let Some(h) = &d.help {
        data.push_str("\nhelp: ");
        data.push_str(h);
    }
    format!(
        "##vso[task.logissue type={};sourcepath={};linenumber={};columnnumber={};code={};]{}",
        issue_type(d.severity),
        AZURE.property(path),
        at.line,
        at.column,
        AZURE.property(d.rule.code),
        AZURE.data(&data)
    )
}

pub fn render(report: &RunReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.files {
        let path = absolute(&f.source, style);
        for d in &f.diagnostics {
            writeln!(out, "{}", logissue(&f.source, &path, d))?;
        }
    }
    for e in &report.walk_errors {
        writeln!(
            out,
            "##vso[task.logissue type=error;]{}",
            AZURE.data(&crate::escape::text(&format!(
                "dockward: {}: {}",
                display_path(&e.path),
                e.message
            )))
        )?;
    }
    for e in &report.config_errors {
        writeln!(
            out,
            "##vso[task.logissue type=error;]{}",
            AZURE.data(&crate::escape::text(&format!("dockward: {e}")))
        )?;
    }
    Ok(())
}
