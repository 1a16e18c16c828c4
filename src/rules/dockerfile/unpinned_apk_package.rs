//! An `apk add` package has no pinned version.

use crate::rules::prelude::*;
use crate::rules::support::{Manager, tools_of};
use crate::rules::support::pinning::check_os_packages;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF115",
    name: "unpinned-apk-package",
    kind: Dockerfile,
    severity: Info,
    summary: "an `apk add` package has no pinned version",
    origins: [hadolint("DL3018")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_os_packages(
        cx.model(),
        out,
        &META,
        Manager::Apk,
        tools_of(Manager::Apk),
        |_, name| format!("pin it as `{name}=<version>` or `{name}~<major.minor>`"),
    );
}
