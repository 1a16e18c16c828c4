//! A `zypper install` package has no pinned version.

use crate::rules::prelude::*;
use crate::rules::support::{Manager, tools_of};
use crate::rules::support::pinning::check_os_packages;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF125",
    name: "unpinned-zypper-package",
    kind: Dockerfile,
    severity: Info,
    summary: "a `zypper install` package has no pinned version",
    origins: [hadolint("DL3037")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_os_packages(
        cx.model(),
        out,
        &META,
        Manager::Zypper,
        tools_of(Manager::Zypper),
        |_, name| format!("pin it as `{name}=<version>`"),
    );
}
