//! `path:line:col: severity[CODE name] message`, one line per diagnostic.

use std::io::{self, Write};

use super::Style;
use crate::lint::RunReport;

pub fn render(report: &RunReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let mut buf = String::new();
    for f in &report.files {
        let path = f.source.display_path();
        for d in &f.diagnostics {
            let lc = f.source.line_col(d.span.start);
            use std::fmt::Write as _;
            let _ = writeln!(
                buf,
                "{path}:{}:{}: {}[{} {}] {}",
                lc.line, lc.column, d.severity, d.rule.code, d.rule.name, d.message
            );
        }
    }
    if style.summary {
        buf.push_str(&super::summary(report));
        buf.push('\n');
    }
    out.write_all(buf.as_bytes())
}
