//! A `yum install` package has no pinned version.

use crate::rules::prelude::*;
use crate::rules::support::{Manager, tools_of};
use crate::rules::support::pinning::check_os_packages;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF119",
    name: "unpinned-yum-package",
    kind: Dockerfile,
    severity: Info,
    summary: "a `yum install` package has no pinned version",
    origins: [hadolint("DL3033")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_os_packages(
        cx.model(),
        out,
        &META,
        Manager::Yum,
        tools_of(Manager::Yum),
        |_, name| format!("pin it as `{name}-<version>`"),
    );
}
