//! `apk add` without `--no-cache` keeps the package index in the image.

use crate::rules::prelude::*;
use crate::rules::support::caches::{
    CacheFix,
    CacheRule, check_cache, mount_covers_any, name_to, never, no_exemption, removes_dir,
};
use crate::rules::support::{tools_of, Action, Manager, package_command_of};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF116",
    name: "apk-cache-kept",
    kind: Dockerfile,
    severity: Info,
    summary: "`apk add` runs without `--no-cache`, so the package index stays in the image layer",
    origins: [hadolint("DL3019"), trivy("DS-0025")],
    fixable: true,
};

const CACHE: &[&str] = &["/var/cache/apk", "/etc/apk/cache"];

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let fills = |_: &crate::shell::Command, v: &crate::shell::CommandView| {
        let pc = package_command_of(v, Manager::Apk)?;
        (pc.manager == Manager::Apk
            && pc.action == Action::Install
            && !pc.has_flag(&[], &["no-cache", "no-network"]))
        .then(|| {
            (
                name_to(v, pc.sub),
                "`apk add` without `--no-cache` keeps the package index in the image layer"
                    .to_string(),
            )
        })
    };
    let empties = |v: &crate::shell::CommandView| {
        removes_dir(v, CACHE)
            || package_command_of(v, Manager::Apk).is_some_and(|pc| pc.manager == Manager::Apk && pc.action == Action::Clean)
    };
    check_cache(
        cx.df(),
        cx.model(),
        cx.text(),
        out,
        &CacheRule {
            meta: &META,
            run_by: Some(tools_of(Manager::Apk)),
            fills: &fills,
            empties: &empties,
            disables: &never,
            mount_covers: &|t| mount_covers_any(t, CACHE),
            exempt: &no_exemption,
            help: "use `apk add --no-cache`",
            fix: &|_, _| CacheFix::Option("--no-cache"),
        },
    );
}
