//! `path:line:col: severity[CODE name] message`, one line per diagnostic.

use std::io::{self, Write};

use crate::lint::FileReport;

pub fn file(f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    let path = f.source.display_path();
    for d in &f.diagnostics {
        let lc = f.source.line_col(d.span.start);
        writeln!(
            out,
            "{path}:{}:{}: {}[{} {}] {}",
            lc.line, lc.column, d.severity, d.rule.code, d.rule.name, d.message
        )?;
    }
    Ok(())
}
