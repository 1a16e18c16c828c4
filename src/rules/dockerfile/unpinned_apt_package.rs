//! An `apt-get install` package has no pinned version.

use crate::rules::prelude::*;
use crate::rules::support::{Manager, tools_of};
use crate::rules::support::pinning::check_os_packages;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF110",
    name: "unpinned-apt-package",
    kind: Dockerfile,
    severity: Info,
    summary: "an `apt-get install` package has no pinned version",
    origins: [hadolint("DL3008")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_os_packages(
        cx.model(),
        out,
        &META,
        Manager::Apt,
        tools_of(Manager::Apt),
        |_, name| format!("pin it as `{name}=<version>`, or pin the base image by digest and install from a snapshot repository"),
    );
}
