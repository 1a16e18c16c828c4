//! `path:line:col: severity[CODE name] message`, one line per diagnostic.

use std::io::{self, Write};

use crate::lint::FileReport;

use super::push_location;

pub fn file(f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    let path = f.source.display_path();
    // Each line is put together in one buffer and written once: `writeln!`
    // through the writer cost 1,200 instructions a line.
    let mut line = String::with_capacity(256);
    for d in &f.diagnostics {
        line.clear();
        push_location(&mut line, &path, f.source.line_col(d.span.start));
        line.push_str(d.severity.as_str());
        line.push('[');
        line.push_str(d.rule.code);
        line.push(' ');
        line.push_str(d.rule.name);
        line.push_str("] ");
        line.push_str(&d.message);
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}
