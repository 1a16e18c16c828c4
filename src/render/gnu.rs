//! The GNU error format (`file:line:column: severity: message`), which
//! Emacs' compilation mode, Vim's and Neovim's default `errorformat` and
//! most editors' "compile" commands jump from. The rule goes last, in
//! brackets, so the message stays what tools show.

use std::io::{self, Write};

use crate::lint::FileReport;

pub fn file(f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    let path = f.source.display_path();
    for d in &f.diagnostics {
        let lc = f.source.line_col(d.span.start);
        let message = crate::escape::text(&d.message);
        writeln!(
            out,
            "{path}:{}:{}: {}: {message} [{} {}]",
            lc.line, lc.column, d.severity, d.rule.code, d.rule.name
        )?;
    }
    Ok(())
}
