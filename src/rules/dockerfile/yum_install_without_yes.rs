//! `yum install` without `-y` stops at a confirmation prompt.

use crate::rules::prelude::*;
use crate::rules::support::Manager;
use crate::rules::support::prompts::{check_prompts, rpm_assumes_yes};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF117",
    name: "yum-install-without-yes",
    kind: Dockerfile,
    severity: Info,
    summary: "`yum install` runs without `-y`, so it stops at a confirmation prompt",
    origins: [hadolint("DL3030")],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_prompts(
        cx.model(),
        out,
        &META,
        Manager::Yum,
        &["yum"],
        rpm_assumes_yes,
        "add `-y` (`yum install -y ...`)",
    );
}
