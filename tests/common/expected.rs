//! The expected-output format of spec cases (`tests/spec/*/expected.txt`),
//! one diagnostic per line with the exact text its range covers, then its
//! help and labels:
//!
//! ```text
//! compose.yaml:6:10-6:12 DC002 low-host-port «80» service `web` publishes ...
//!   help bind a port at or above 1024 ...
//!   label compose.yaml:3:5 the service
//! ```
//!
//! Paths are relative to the case directory. Line ends in the covered text
//! show as `⏎`; it is cut at 60 characters.

use std::fmt::Write as _;
use std::path::Path;

use dockward::lint::RunReport;

/// `p` relative to `base`, with `/` separators.
pub fn rel(base: &Path, p: &Path) -> String {
    p.strip_prefix(base)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every diagnostic of a report, in the format above.
pub fn render(report: &RunReport, base: &Path) -> String {
    let mut out = String::new();
    for f in &report.files {
        let path = rel(base, &f.source.path);
        for d in &f.diagnostics {
            let s = f.source.line_col(d.span.start);
            let e = f.source.line_col(d.span.end);
            let covered: String = f.source.text[d.span.range()]
                .replace("\r\n", "⏎")
                .replace('\n', "⏎")
                .chars()
                .take(60)
                .collect();
            let _ = writeln!(
                out,
                "{path}:{}:{}-{}:{} {} {} «{covered}» {}",
                s.line, s.column, e.line, e.column, d.rule.code, d.rule.name, d.message
            );
            if let Some(h) = &d.help {
                let _ = writeln!(out, "  help {h}");
            }
            for l in &d.labels {
                let (src, lpath) = match &l.file {
                    Some(other) => (other.as_ref(), rel(base, &other.path)),
                    None => (f.source.as_ref(), path.clone()),
                };
                let s = src.line_col(l.span.start);
                let _ = writeln!(out, "  label {lpath}:{}:{} {}", s.line, s.column, l.message);
            }
        }
    }
    out
}
