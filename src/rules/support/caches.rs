//! Package caches left in an image layer: a command fills a cache, and the
//! same `RUN` neither removes it afterwards nor keeps it out of the layer
//! with a cache or tmpfs mount.

use crate::diagnostic::{Diagnostics, Edit, Fix};
use crate::dockerfile::edit::{append_command, insert_word_after};
use crate::dockerfile::{Dockerfile, Model};
use crate::rules::RuleMeta;
use crate::shell::{Command, CommandView, Word};
use crate::source::Span;

use super::packages::{Action, Manager, package_command_of};
use super::run_mounts::has_cache_mount;
use super::run_scripts::{in_shipped_stage, runs};

/// A command that fills a cache: the span to report and a message.
pub type Fills<'r> = &'r dyn Fn(&Command, &CommandView) -> Option<(Span, String)>;

/// What fills a cache and what empties it.
pub struct CacheRule<'r> {
    pub meta: &'static RuleMeta,
    /// The names of every command that can fill the cache, when the rule
    /// can list them: a file that runs none of them is not walked.
    /// `None`: any command may (`python -m pip`).
    pub run_by: Option<&'r [&'r str]>,
    /// A command that fills the cache: the span to report and a message.
    pub fills: Fills<'r>,
    /// A command that empties the cache.
    pub empties: &'r dyn Fn(&CommandView) -> bool,
    /// A command after which the cache is not filled any more in this RUN
    /// (`export PIP_NO_CACHE_DIR=1`).
    pub disables: &'r dyn Fn(&Command) -> bool,
    /// A cache or tmpfs mount target that keeps the cache out of the layer.
    pub mount_covers: &'r dyn Fn(&str) -> bool,
    /// Further reasons a RUN is fine (an environment variable, ...), by
    /// instruction index.
    pub exempt: &'r dyn Fn(usize) -> bool,
    pub help: &'static str,
    /// How `--fix` removes the cache, given the command that fills it and
    /// the index of its `RUN`.
    pub fix: &'r dyn Fn(&CommandView, usize) -> CacheFix,
}

/// How a cache rule's fix keeps the cache out of the layer (a safe fix:
/// the files removed are caches that nothing in the image reads).
pub enum CacheFix {
    None,
    /// Add this option after the subcommand of every command that fills
    /// the cache (`apk add --no-cache`, `pip install --no-cache-dir`).
    Option(&'static str),
    /// End the `RUN` with this command (`rm -rf /var/lib/apt/lists/*`).
    /// `relied_on`: a later step uses what it removes (unsafe).
    Append {
        command: String,
        relied_on: bool,
    },
}

/// Runs a cache rule over the RUN instructions of stages that ship (see
/// [`in_shipped_stage`]): one diagnostic per RUN, at the first command
/// that fills the cache with no later command emptying it.
pub fn check_cache(
    df: &Dockerfile,
    model: &Model,
    text: &str,
    out: &mut Diagnostics,
    rule: &CacheRule,
) {
    if rule.run_by.is_some_and(|names| !model.may_run(names)) {
        return;
    }
    for g in runs(model) {
        if !in_shipped_stage(df, model, &g) || (rule.exempt)(g.instruction) {
            continue;
        }
        let mut pending: Option<(Span, String)> = None;
        // The commands that fill the cache since it was last emptied, with
        // how each is fixed.
        let mut filling: Vec<(Span, CacheFix)> = Vec::new();
        for cmd in g.commands() {
            if (rule.disables)(cmd) {
                break;
            }
            let v = cmd.effective();
            if let Some(f) = (rule.fills)(cmd, &v) {
                filling.push((f.0, (rule.fix)(&v, g.instruction)));
                pending.get_or_insert(f);
            } else if pending.is_some() && (rule.empties)(&v) {
                pending = None;
                filling.clear();
            }
        }
        let Some((span, msg)) = pending else {
            continue;
        };
        if g.run_instruction(df)
            .is_some_and(|ins| has_cache_mount(ins, rule.mount_covers))
        {
            continue;
        }
        let d = out.report(rule.meta, span, msg);
        d.help(rule.help);
        if let Some(fix) = cache_fix(df, text, g.instruction, g.onbuild, &filling) {
            d.fix(fix);
        }
    }
}

/// The fix of one `RUN`: the option added to every filling command, or one
/// command appended to the script.
fn cache_fix(
    df: &Dockerfile,
    text: &str,
    instruction: usize,
    onbuild: bool,
    filling: &[(Span, CacheFix)],
) -> Option<Fix> {
    let (_, first) = filling.first()?;
    match first {
        CacheFix::None => None,
        CacheFix::Option(opt) => {
            let edits: Vec<Edit> = filling
                .iter()
                .filter_map(|(span, f)| match f {
                    CacheFix::Option(o) => Some(insert_word_after(*span, o)),
                    _ => None,
                })
                .collect();
            Some(Fix::safe(format!("add `{opt}`"), edits))
        }
        CacheFix::Append { command, relied_on } => {
            let ins = crate::rules::support::run_mounts::run_instruction(df, instruction, onbuild)?;
            let edit = append_command(df, text, ins, command)?;
            let message = format!("end the `RUN` with `{command}`");
            Some(if *relied_on {
                Fix::unsafe_edit(message, vec![edit])
            } else {
                Fix::safe(message, vec![edit])
            })
        }
    }
}

/// Appends `command`; nothing later relies on what it removes.
pub fn append(command: &str) -> CacheFix {
    CacheFix::Append {
        command: command.to_string(),
        relied_on: false,
    }
}

/// The normalized directory an `rm` operand removes: quotes already gone,
/// trailing `/*`, `*` and `/` dropped.
fn normalized(w: &Word) -> &str {
    let t = w.text.trim_end_matches('*');
    t.trim_end_matches('/')
}

/// Whether `path` is `dir` or a directory above it.
pub fn covers(path: &str, dir: &str) -> bool {
    !path.is_empty()
        && (path == dir
            || dir
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('/')))
}

/// Whether the command is `rm` (or `find <dir> -delete`) removing `dir` or a
/// directory above it, for any of `dirs`.
pub fn removes_dir(v: &CommandView, dirs: &[&str]) -> bool {
    match v.name_str() {
        Some("rm") => v
            .positional()
            .any(|w| dirs.iter().any(|d| covers(normalized(w), d))),
        Some("find") => {
            v.args.iter().any(|w| w.text == "-delete")
                && v.args
                    .first()
                    .is_some_and(|w| dirs.iter().any(|d| covers(normalized(w), d)))
        }
        _ => false,
    }
}

/// Whether a mount target is one of `dirs` or above one of them.
pub fn mount_covers_any(target: &str, dirs: &[&str]) -> bool {
    dirs.iter().any(|d| covers(target, d))
}

/// The span of a command from its name to its subcommand (`apt-get
/// install`).
pub fn name_to(v: &CommandView, sub: &Word) -> Span {
    v.name.map_or(sub.span, |n| n.span.cover(sub.span))
}

/// What fills an OS package manager's cache: an install or upgrade run by
/// one of `tools`, reported from its name to its subcommand.
pub fn package_install(
    v: &CommandView,
    manager: Manager,
    tools: &[&str],
) -> Option<(Span, String)> {
    let pc = package_command_of(v, manager)?;
    (pc.manager == manager
        && tools.contains(&pc.tool)
        && matches!(
            pc.action,
            Action::Install | Action::Upgrade | Action::DistUpgrade
        ))
    .then(|| {
        (
            name_to(v, pc.sub),
            format!(
                "`{} {}` leaves its package cache in the image layer",
                pc.tool, pc.sub.text
            ),
        )
    })
}

/// Never disables.
pub fn never(_: &Command) -> bool {
    false
}

/// Never exempt.
pub fn no_exemption(_: usize) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covering() {
        assert!(covers("/var/lib/apt/lists", "/var/lib/apt/lists"));
        assert!(covers("/var/lib/apt", "/var/lib/apt/lists"));
        assert!(!covers("/var/lib/ap", "/var/lib/apt/lists"));
        assert!(!covers("/var/lib/apt/lists/partial", "/var/lib/apt/lists"));
        assert!(!covers("", "/var"));
    }
}
