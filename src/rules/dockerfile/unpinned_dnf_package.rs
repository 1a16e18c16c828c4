//! A `dnf install` package has no pinned version.

use crate::rules::prelude::*;
use crate::rules::support::{Manager, tools_of};
use crate::rules::support::pinning::check_os_packages;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF122",
    name: "unpinned-dnf-package",
    kind: Dockerfile,
    severity: Info,
    summary: "a `dnf install` package has no pinned version",
    origins: [hadolint("DL3041")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_os_packages(
        cx.model(),
        out,
        &META,
        Manager::Dnf,
        tools_of(Manager::Dnf),
        |_, name| format!("pin it as `{name}-<version>`"),
    );
}
