//! The commands of Compose `command`, `entrypoint`, `healthcheck.test` and
//! hook commands, as shell commands with file spans.

use crate::compose::model::Command;
use crate::shell::{self, Script};
use crate::source::{OffsetMap, Spanned};

/// Parses a shell-form string; every word points at the whole value when the
/// scalar is not verbatim in the file.
fn shell_string(f: &crate::compose::model::Field) -> Script {
    match f.verbatim_origin() {
        Some(origin) => shell::parse(&f.raw, &OffsetMap::contiguous(origin)),
        None => {
            let mut script = shell::parse(f.text().unwrap_or(&f.raw), &OffsetMap::contiguous(0));
            for cmd in &mut script.commands {
                for w in &mut cmd.words {
                    w.span = f.span;
                }
                for a in &mut cmd.assignments {
                    a.value.span = f.span;
                    a.span = f.span;
                }
            }
            script
        }
    }
}

/// The commands a `command`/`entrypoint`/hook command runs: the string form
/// through a shell, the list form as one command (`sh -c` strings inside are
/// parsed too).
pub fn command_script(c: &Command) -> Script {
    if c.shell_form {
        return c.args.first().map(shell_string).unwrap_or_default();
    }
    let words: Vec<Spanned<String>> = c
        .args
        .iter()
        .map(|f| Spanned::new(f.text().unwrap_or(&f.raw).to_string(), f.span))
        .collect();
    Script::from_argv(&words)
}

/// The commands of `healthcheck.test`: `["CMD", ...]` is an argument list,
/// `["CMD-SHELL", "..."]` and the string form run through a shell, `NONE`
/// runs nothing.
pub fn healthcheck_script(c: &Command) -> Script {
    if c.shell_form {
        return command_script(c);
    }
    let first = c.args.first().and_then(|f| f.text()).unwrap_or("");
    match first {
        "CMD-SHELL" => c.args.get(1).map(shell_string).unwrap_or_default(),
        "CMD" => {
            let words: Vec<Spanned<String>> = c.args[1..]
                .iter()
                .map(|f| Spanned::new(f.text().unwrap_or(&f.raw).to_string(), f.span))
                .collect();
            Script::from_argv(&words)
        }
        _ => Script::default(),
    }
}
