//! `zypper install` without `zypper clean` leaves the package cache in the image.

use crate::rules::prelude::*;
use crate::rules::support::caches::{
    append,
    CacheRule, check_cache, mount_covers_any, never, no_exemption, package_install, removes_dir,
};
use crate::rules::support::{tools_of, Action, Manager, package_command_of};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF124",
    name: "zypper-cache-kept",
    kind: Dockerfile,
    severity: Info,
    summary: "`zypper install` without `zypper clean` leaves the package cache in the image layer",
    origins: [hadolint("DL3036"), trivy("DS-0020")],
    fixable: true,
};

const CACHE: &[&str] = &["/var/cache/zypp"];

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let fills = |_: &crate::shell::Command, v: &crate::shell::CommandView| {
        package_install(v, Manager::Zypper, tools_of(Manager::Zypper))
    };
    let empties = |v: &crate::shell::CommandView| {
        removes_dir(v, CACHE)
            || package_command_of(v, Manager::Zypper).is_some_and(|pc| {
                pc.manager == Manager::Zypper && pc.action == Action::Clean
            })
    };
    check_cache(
        cx.df(),
        cx.model(),
        cx.text(),
        out,
        &CacheRule {
            meta: &META,
            run_by: Some(tools_of(Manager::Zypper)),
            fills: &fills,
            empties: &empties,
            disables: &never,
            mount_covers: &|t| mount_covers_any(t, CACHE),
            exempt: &no_exemption,
            help: "end this `RUN` with `zypper clean --all`, or mount a cache on `/var/cache/zypp`",
            fix: &|_, _| append("zypper clean --all"),
        },
    );
}
