//! `path:line:col: severity[CODE name] message`, one line per diagnostic.

use std::io::{self, Write};

use super::Style;
use crate::lint::RunReport;

pub fn render(report: &RunReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    // Written as it goes (`out` is buffered): a large run's report is never
    // held in memory twice.
    for f in &report.files {
        let path = f.source.display_path();
        for d in &f.diagnostics {
            let lc = f.source.line_col(d.span.start);
            writeln!(
                out,
                "{path}:{}:{}: {}[{} {}] {}",
                lc.line, lc.column, d.severity, d.rule.code, d.rule.name, d.message
            )?;
        }
    }
    if style.summary {
        writeln!(out, "{}", super::summary(report))?;
    }
    Ok(())
}
