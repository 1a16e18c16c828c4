//! `dnf install` without `dnf clean all` leaves the package cache in the image.

use crate::rules::prelude::*;
use crate::rules::support::caches::{
    append,
    CacheRule, check_cache, mount_covers_any, never, no_exemption, package_install, removes_dir,
};
use crate::rules::support::{tools_of, Action, Manager, package_command};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF121",
    name: "dnf-cache-kept",
    kind: Dockerfile,
    severity: Info,
    summary: "`dnf install` without `dnf clean all` leaves the package cache in the image layer",
    origins: [hadolint("DL3040"), trivy("DS-0019"), trivy("DS-0027")],
    fixable: true,
};

const CACHE: &[&str] = &["/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"];

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let fills = |_: &crate::shell::Command, v: &crate::shell::CommandView| {
        package_install(v, Manager::Dnf, tools_of(Manager::Dnf))
    };
    let empties = |v: &crate::shell::CommandView| {
        removes_dir(v, CACHE)
            || package_command(v).is_some_and(|pc| {
                matches!(pc.manager, Manager::Yum | Manager::Dnf)
                    && pc.action == Action::Clean
                    && pc.operands().any(|w| w.text == "all")
            })
    };
    check_cache(
        cx.df(),
        cx.model(),
        cx.text(),
        out,
        &CacheRule {
            meta: &META,
            run_by: Some(tools_of(Manager::Dnf)),
            fills: &fills,
            empties: &empties,
            disables: &never,
            mount_covers: &|t| mount_covers_any(t, CACHE),
            exempt: &no_exemption,
            help: "end this `RUN` with `dnf clean all` (`microdnf clean all`), or mount a cache on `/var/cache/dnf` (`/var/cache/libdnf5` for dnf5)",
            fix: &|v, _| append(&format!("{} clean all", v.name_str().map_or("dnf", crate::shell::basename))),
        },
    );
}
