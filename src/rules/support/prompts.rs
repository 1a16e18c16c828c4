//! Package manager commands that stop at a confirmation prompt: a build has
//! no terminal, so the prompt reads end of input and the command fails (or,
//! with some tools, hangs).

use crate::diagnostic::Diagnostics;
use crate::dockerfile::Model;
use crate::rules::RuleMeta;

use super::packages::{Action, Manager, PackageCommand, package_command_of};
use super::run_scripts::{answered_by_yes, runs};

/// Whether a yum or dnf command answers its prompts: `-y`, `--assumeyes`
/// or `--setopt=assumeyes=1` (or `True`/`true`).
pub fn rpm_assumes_yes(pc: &PackageCommand) -> bool {
    pc.has_flag(&['y'], &["assumeyes"])
        || pc.view.args.iter().any(|w| {
            w.text
                .strip_prefix("--setopt=")
                .is_some_and(|o| matches!(o, "assumeyes=1" | "assumeyes=True" | "assumeyes=true"))
        })
}

/// Reports package commands of `manager` (and `tools`) that would prompt:
/// install, remove, upgrade actions without `assumes_yes`.
pub fn check_prompts(
    model: &Model,
    out: &mut Diagnostics,
    meta: &'static RuleMeta,
    manager: Manager,
    tools: &[&str],
    assumes_yes: fn(&PackageCommand) -> bool,
    help: &'static str,
) {
    // Only commands named one of `tools` are reported.
    if !model.may_run(tools) {
        return;
    }
    for g in runs(model) {
        for s in g.scripts {
            for (idx, cmd) in s.script.commands.iter().enumerate() {
                let v = cmd.effective();
                let Some(pc) = package_command_of(&v, manager) else {
                    continue;
                };
                if pc.manager != manager || !tools.contains(&pc.tool) {
                    continue;
                }
                let prompts = matches!(
                    pc.action,
                    Action::Install | Action::Remove | Action::Upgrade | Action::DistUpgrade
                );
                if !prompts || assumes_yes(&pc) || answered_by_yes(&s.script, idx) {
                    continue;
                }
                let d = out
                    .report(
                        meta,
                        pc.view
                            .name
                            .map_or(pc.sub.span, |n| n.span.cover(pc.sub.span)),
                        format!(
                            "`{} {}` asks for confirmation, and the build cannot answer",
                            pc.tool, pc.sub.text
                        ),
                    )
                    .help(help);
                // Without an answer the build stops; nothing can rely on
                // that, so answering yes is safe.
                d.fix(crate::diagnostic::Fix::safe(
                    "add `-y`",
                    vec![crate::dockerfile::edit::insert_word_after(
                        pc.sub.span,
                        "-y",
                    )],
                ));
            }
        }
    }
}
