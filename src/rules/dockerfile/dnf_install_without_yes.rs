//! `dnf install` without `-y` stops at a confirmation prompt.

use crate::rules::prelude::*;
use crate::rules::support::Manager;
use crate::rules::support::prompts::{check_prompts, rpm_assumes_yes};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF120",
    name: "dnf-install-without-yes",
    kind: Dockerfile,
    severity: Info,
    summary: "`dnf install` runs without `-y`, so it stops at a confirmation prompt",
    origins: [hadolint("DL3038")],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    // microdnf never prompts, so it is not checked.
    check_prompts(
        cx.model(),
        out,
        &META,
        Manager::Dnf,
        &["dnf", "dnf5", "dnf-3", "tdnf"],
        rpm_assumes_yes,
        "add `-y` (`dnf install -y ...`)",
    );
}
