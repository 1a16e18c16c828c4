//! `apt-get update` leaves the package lists in the image.

use crate::rules::prelude::*;
use crate::rules::support::caches::{
    CacheRule, check_cache, mount_covers_any, name_to, never, no_exemption, removes_dir,
};
use crate::rules::support::{Action, Manager, package_command_of};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF111",
    name: "apt-lists-kept",
    kind: Dockerfile,
    severity: Info,
    summary: "`apt-get update` leaves the package lists in the image layer",
    origins: [hadolint("DL3009")],
};

const LISTS: &[&str] = &["/var/lib/apt/lists"];

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
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
        out,
        &CacheRule {
            meta: &META,
            fills: &fills,
            empties: &empties,
            disables: &never,
            mount_covers: &|t| mount_covers_any(t, LISTS),
            exempt: &no_exemption,
            help: "end this `RUN` with `rm -rf /var/lib/apt/lists/*`, or mount a cache on `/var/lib/apt/lists`",
        },
    );
}
