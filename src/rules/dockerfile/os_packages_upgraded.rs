//! Upgrading the distribution's packages inside the build.

use crate::rules::prelude::*;
use crate::rules::support::caches::name_to;
use crate::rules::support::run_scripts::run_commands;
use crate::rules::support::{Action, package_command};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF108",
    name: "os-packages-upgraded",
    kind: Dockerfile,
    severity: Info,
    summary: "`RUN` upgrades all of the base image's packages",
    origins: [hadolint("DL3035"), trivy("DS-0024")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for (_, cmd) in run_commands(cx.model()) {
        let v = cmd.effective();
        let Some(pc) = package_command(&v) else {
            continue;
        };
        if !matches!(pc.action, Action::Upgrade | Action::DistUpgrade) {
            continue;
        }
        // `yum update openssl` upgrades named packages, not the system.
        if pc.operands().next().is_some() && pc.action == Action::Upgrade {
            continue;
        }
        let what = match pc.action {
            Action::DistUpgrade => "upgrades the distribution in the image, which can change its release",
            _ => "upgrades every package of the base image inside this build",
        };
        out.report(
            &META,
            name_to(&v, pc.sub),
            format!("`{} {}` {what}", pc.tool, pc.sub.text),
        )
        .help("rebuild on an updated base image (pin it by digest and bump it) to get fixes; upgrade named packages when one fix cannot wait");
    }
}
