//! `yum install` without `yum clean all` leaves the package cache in the image.

use crate::rules::prelude::*;
use crate::rules::support::caches::{
    append,
    CacheRule, check_cache, mount_covers_any, never, no_exemption, package_install, removes_dir,
};
use crate::rules::support::{tools_of, Action, Manager, package_command};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF118",
    name: "yum-cache-kept",
    kind: Dockerfile,
    severity: Info,
    summary: "`yum install` without `yum clean all` leaves the package cache in the image layer",
    origins: [hadolint("DL3032"), trivy("DS-0015")],
    fixable: true,
};

const CACHE: &[&str] = &["/var/cache/yum", "/var/cache/dnf"];

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let fills = |_: &crate::shell::Command, v: &crate::shell::CommandView| {
        package_install(v, Manager::Yum, tools_of(Manager::Yum))
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
            run_by: Some(tools_of(Manager::Yum)),
            fills: &fills,
            empties: &empties,
            disables: &never,
            mount_covers: &|t| mount_covers_any(t, CACHE),
            exempt: &no_exemption,
            help: "end this `RUN` with `yum clean all && rm -rf /var/cache/yum`, or mount a cache on `/var/cache/yum`",
            fix: &|_, _| append("yum clean all && rm -rf /var/cache/yum"),
        },
    );
}
