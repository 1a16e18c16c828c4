//! A pipe in `RUN` without `pipefail`: only the last command's failure
//! fails the step.

use crate::dockerfile::{ScriptSource, ShellKind};
use crate::rules::prelude::*;
use crate::rules::support::downloads::is_shell;
use crate::rules::support::run_scripts::runs;
use crate::shell::{Command, Script, Word};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF136",
    name: "pipe-without-pipefail",
    kind: Dockerfile,
    severity: Info,
    summary: "a `RUN` pipeline hides the failure of its first commands because `pipefail` is not set",
    origins: [hadolint("DL4006"), trivy("DS-0032")],
};

/// `-o pipefail` (also inside a cluster such as `-euxo pipefail`).
fn sets_pipefail(args: &[Word]) -> bool {
    args.windows(2).any(|w| {
        w[1].text == "pipefail"
            && w[0]
                .text
                .strip_prefix('-')
                .is_some_and(|c| !c.starts_with('-') && c.ends_with('o'))
    }) || args.iter().any(|w| w.text == "-opipefail")
}

/// Commands whose failure a pipe cannot hide: they print their arguments
/// (`echo`, `printf`, `yes`) or copy a heredoc (`cat` without operands).
fn cannot_fail(c: &Command) -> bool {
    let v = c.effective();
    match v.name_str() {
        Some("echo" | "printf" | "yes" | "true" | ":") => true,
        Some("cat") => v.positional().next().is_none(),
        _ => false,
    }
}

/// The first pipeline of a script that matters: some command before the
/// last can fail. Returns its span.
fn first_risky_pipeline(script: &Script, mut pipefail: bool) -> Option<Span> {
    for (i, c) in script.commands.iter().enumerate() {
        let v = c.effective();
        if v.name_str() == Some("set") || v.name_str().is_some_and(is_shell) {
            pipefail |= sets_pipefail(v.args);
        }
        let Some(pos) = c.pipeline else {
            continue;
        };
        if pos.index != 0 || pipefail {
            continue;
        }
        let members: Vec<&Command> = script.commands[i..]
            .iter()
            .filter(|m| m.pipeline.is_some_and(|p| p.id == pos.id))
            .collect();
        let (last, before) = members.split_last()?;
        if before.iter().all(|m| cannot_fail(m)) {
            continue;
        }
        return Some(c.span.cover(last.span));
    }
    None
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let model = cx.model();
    for g in runs(model) {
        let shell = model.shell(g.instruction);
        if shell.kind != ShellKind::Posix {
            continue;
        }
        let shell_pipefail = shell
            .argv
            .iter()
            .position(|a| a == "pipefail")
            .is_some_and(|i| {
                i > 0
                    && shell.argv[i - 1]
                        .strip_prefix('-')
                        .is_some_and(|c| !c.starts_with('-') && c.ends_with('o'))
            });
        for s in g.scripts {
            let initial = match s.source {
                ScriptSource::ExecForm => false,
                _ => shell_pipefail,
            };
            if let Some(span) = first_risky_pipeline(&s.script, initial) {
                out.report(
                    &META,
                    span,
                    "this pipeline fails only when its last command fails; errors before the last `|` go unnoticed",
                )
                .help(
                    "set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this `RUN` (`/bin/ash` on Alpine), or start the script with `set -o pipefail`",
                );
                break;
            }
        }
    }
}
