//! The GNU error format (`file:line:column: severity: message`), which
//! Emacs' compilation mode, Vim's and Neovim's default `errorformat` and
//! most editors' "compile" commands jump from. The rule goes last, in
//! brackets, so the message stays what tools show.

use std::io::{self, Write};

use crate::lint::FileReport;

use super::push_location;

pub fn file(f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    let path = f.source.display_path();
    let mut line = String::with_capacity(256);
    for d in &f.diagnostics {
        line.clear();
        push_location(&mut line, &path, f.source.line_col(d.span.start));
        line.push_str(d.severity.as_str());
        line.push_str(": ");
        line.push_str(&crate::escape::text(&d.message));
        line.push_str(" [");
        line.push_str(d.rule.code);
        line.push(' ');
        line.push_str(d.rule.name);
        line.push_str("]\n");
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}
