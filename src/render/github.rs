//! GitHub Actions: workflow commands that become annotations on the pull
//! request, a markdown job summary, and step outputs with the counts.
//!
//! Escaping follows the runner (`escape::command::GITHUB`): in a command's
//! data `%`, CR and LF are percent-encoded; in property values `:` and `,`
//! are too. Paths are made
//! relative to `GITHUB_WORKSPACE` (annotations attach to repository paths).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Counts, Style, path_under};
use crate::diagnostic::{Diagnostic, Severity};
use crate::escape::command::GITHUB;
use crate::lint::RunReport;
use crate::source::SourceFile;

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "notice",
    }
}

/// The path of a file as GitHub knows it.
fn repo_path(source: &SourceFile, style: &Style) -> String {
    path_under(source, style.cwd.as_deref(), style.workspace.as_deref())
}

/// The same path's bytes, for a link.
fn repo_path_bytes(source: &SourceFile, style: &Style) -> Vec<u8> {
    crate::source::path_bytes(&super::relative_under(
        source,
        style.cwd.as_deref(),
        style.workspace.as_deref(),
    ))
}

/// One `::error file=...::message` line.
pub fn annotation(source: &SourceFile, path: &str, d: &Diagnostic) -> String {
    let start = source.line_col(d.span.start);
    let end = source.line_col(d.span.end.max(d.span.start));
    let mut line = format!(
        "::{} file={},line={},endLine={}",
        command(d.severity),
        GITHUB.property(path),
        start.line,
        end.line
    );
    // Columns mean something to GitHub on single-line annotations only.
    if start.line == end.line {
        let _ = write!(line, ",col={},endColumn={}", start.column, end.column);
    }
    let _ = write!(
        line,
        ",title={}::",
        GITHUB.property(&format!("{} {}", d.rule.code, d.rule.name))
    );
    let mut data = d.message.clone();
    if let Some(h) = &d.help {
        data.push_str("\nhelp: ");
        data.push_str(h);
    }
    data.push_str("\nsee ");
    data.push_str(&d.url());
    line.push_str(&GITHUB.data(&data));
    line
}

pub fn render(report: &RunReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.files {
        let path = repo_path(&f.source, style);
        for d in &f.diagnostics {
            writeln!(out, "{}", annotation(&f.source, &path, d))?;
        }
    }
    let mut buf = String::new();
    for e in &report.walk_errors {
        let _ = writeln!(
            buf,
            "::error title=dockward::{}",
            GITHUB.data(&crate::escape::text(&format!(
                "{}: {}",
                crate::source::display_path(&e.path),
                e.message
            )))
        );
    }
    for e in &report.config_errors {
        let _ = writeln!(
            buf,
            "::error title=dockward::{}",
            GITHUB.data(&crate::escape::text(&e.to_string()))
        );
    }
    out.write_all(buf.as_bytes())
}

/// At most this many diagnostics are listed in the job summary (GitHub
/// keeps 1 MiB of summary per step); the counts always cover all of them.
pub const SUMMARY_ROWS: usize = 500;

/// Where summary links point: `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA`.
#[derive(Clone, Debug, Default)]
pub struct Links {
    pub blob_base: Option<String>,
}

impl Links {
    pub fn from_env() -> Links {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let blob_base = match (
            var("GITHUB_SERVER_URL"),
            var("GITHUB_REPOSITORY"),
            var("GITHUB_SHA"),
        ) {
            (Some(server), Some(repo), Some(sha)) => Some(format!("{server}/{repo}/blob/{sha}")),
            _ => None,
        };
        Links { blob_base }
    }
}

/// Text for a markdown table cell: no line breaks, `|` escaped.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// A table cell made of code spans: only `|` needs escaping (GitHub reads
/// `\|` as a pipe even inside code); code spans print backslashes as is.
fn code_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Inline code that survives backticks inside (`` `a` `` -> ``` `` `a` `` ```).
fn code(s: &str) -> String {
    let ticks = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(ticks + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// The markdown job summary.
pub fn summary(report: &RunReport, style: &Style, links: &Links) -> String {
    let c = Counts::of(report);
    let mut md = String::from("## dockward\n\n");
    let _ = writeln!(md, "{}\n", super::summary(report));
    if c.total() == 0 {
        return md;
    }
    md.push_str("| severity | count |\n|---|---:|\n");
    for s in Severity::ALL {
        let n = c.get(s);
        if n > 0 {
            let _ = writeln!(md, "| {} | {n} |", s.as_str());
        }
    }
    md.push_str("\n### By rule\n\n| rule | count | what it reports |\n|---|---:|---|\n");
    for (rule, n) in super::statistics::per_rule(report) {
        let _ = writeln!(
            md,
            "| [{} {}]({}) | {n} | {} |",
            rule.code,
            rule.name,
            rule.url(),
            cell(rule.summary)
        );
    }
    md.push_str(
        "\n### Diagnostics\n\n| location | severity | rule | message |\n|---|---|---|---|\n",
    );
    let mut rows = 0;
    for f in &report.files {
        let path = repo_path(&f.source, style);
        for d in &f.diagnostics {
            if rows == SUMMARY_ROWS {
                break;
            }
            rows += 1;
            let lc = f.source.line_col(d.span.start);
            let loc = format!("{path}:{}:{}", lc.line, lc.column);
            let loc = match &links.blob_base {
                Some(base) => format!(
                    "[{}]({base}/{}#L{})",
                    code(&loc),
                    super::sarif::encode(repo_path_bytes(&f.source, style)),
                    lc.line
                ),
                None => code(&loc),
            };
            // The message quotes values from the input (a service name with
            // a backtick or a `[link](...)`): as code, none of it is read as
            // markdown or HTML.
            let _ = writeln!(
                md,
                "| {} | {} | [{}]({}) | {} |",
                code_cell(&loc),
                d.severity,
                d.rule.code,
                d.url(),
                code_cell(&code(&d.message))
            );
        }
    }
    if c.total() > rows {
        let _ = writeln!(
            md,
            "\n{} more diagnostics are not listed here; the annotations and the other outputs have them all.",
            c.total() - rows
        );
    }
    md
}

/// Step outputs (`name=value` lines for `$GITHUB_OUTPUT`): files,
/// diagnostics and the count of each severity.
pub fn outputs(report: &RunReport) -> String {
    let c = Counts::of(report);
    format!(
        "files={}\ndiagnostics={}\nerrors={}\nwarnings={}\ninfo={}\nstyle={}\n",
        report.files.len(),
        c.total(),
        c.error,
        c.warning,
        c.info,
        c.style
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_and_code() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(code("x"), "`x`");
        assert_eq!(code("a `b` c"), "``a `b` c``");
        assert_eq!(code("`b`"), "`` `b` ``");
        // A service name that would close the span and add a link stays
        // inside a longer fence.
        assert_eq!(
            code_cell(&code("service `x` [a](http://e) `y` | z")),
            "``service `x` [a](http://e) `y` \\| z``"
        );
    }
}
