//! `apt-get update` leaves the package lists in the image.

use crate::rules::prelude::*;
use crate::rules::support::caches::{
    CacheFix,
    CacheRule, check_cache, mount_covers_any, name_to, never, no_exemption, removes_dir,
};
use crate::rules::support::{tools_of, Action, Manager, package_command_of};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF111",
    name: "apt-lists-kept",
    kind: Dockerfile,
    severity: Info,
    summary: "`apt-get update` leaves the package lists in the image layer",
    origins: [hadolint("DL3009")],
    fixable: true,
};

const LISTS: &[&str] = &["/var/lib/apt/lists"];

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    // Asked only by a fix: most files have none to make.
    let relying = std::cell::OnceCell::new();
    let fills = |_: &crate::shell::Command, v: &crate::shell::CommandView| {
        let pc = package_command_of(v, Manager::Apt)?;
        (pc.manager == Manager::Apt && pc.action == Action::IndexUpdate).then(|| {
            (
                name_to(v, pc.sub),
                format!(
                    "`{} update` leaves the package lists in the image layer",
                    pc.tool
                ),
            )
        })
    };
    let empties = |v: &crate::shell::CommandView| {
        removes_dir(v, LISTS)
            || package_command_of(v, Manager::Apt).is_some_and(|pc| {
                pc.manager == Manager::Apt && matches!(pc.sub.text.as_str(), "distclean" | "dist-clean")
            })
    };
    check_cache(
        cx.df(),
        cx.model(),
        cx.text(),
        out,
        &CacheRule {
            meta: &META,
            run_by: Some(tools_of(Manager::Apt)),
            fills: &fills,
            empties: &empties,
            disables: &never,
            mount_covers: &|t| mount_covers_any(t, LISTS),
            exempt: &no_exemption,
            help: "end this `RUN` with `rm -rf /var/lib/apt/lists/*`, or mount a cache on `/var/lib/apt/lists`",
            fix: &|_, i| CacheFix::Append {
                command: "rm -rf /var/lib/apt/lists/*".into(),
                relied_on: cx
                    .model()
                    .stage_of(i)
                    .and_then(|s| relying.get_or_init(|| relying_runs(cx))[s.index])
                    .is_some_and(|last| last > i),
            },
        },
    );
}

/// Per stage, the last `RUN` that installs with apt without updating the
/// lists first: a `RUN` before it that removes the lists breaks it. One
/// pass over the `RUN`s.
fn relying_runs(cx: &DockerfileContext) -> Vec<Option<usize>> {
    let model = cx.model();
    let mut out: Vec<Option<usize>> = vec![None; model.stages.len()];
    for g in crate::rules::support::run_scripts::runs(model) {
        let Some(stage) = model.stage_of(g.instruction).map(|s| s.index) else {
            continue;
        };
        let mut relies = false;
        for c in g.commands() {
            let v = c.effective();
            let Some(pc) = package_command_of(&v, Manager::Apt) else {
                continue;
            };
            if pc.manager != Manager::Apt {
                continue;
            }
            match pc.action {
                Action::IndexUpdate => break,
                Action::Install | Action::Upgrade | Action::DistUpgrade => {
                    relies = true;
                    break;
                }
                _ => {}
            }
        }
        if relies {
            out[stage] = Some(g.instruction);
        }
    }
    out
}
