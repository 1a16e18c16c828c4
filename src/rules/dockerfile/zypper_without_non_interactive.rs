//! `zypper install` without `-n` or `-y` stops at a confirmation prompt.

use crate::rules::prelude::*;
use crate::rules::support::prompts::check_prompts;
use crate::rules::support::{Manager, PackageCommand};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF123",
    name: "zypper-without-non-interactive",
    kind: Dockerfile,
    severity: Info,
    summary: "`zypper install` runs without `--non-interactive` or `-y`, so it stops at a confirmation prompt",
    origins: [hadolint("DL3034")],
    fixable: true,
};

fn assumes_yes(pc: &PackageCommand) -> bool {
    pc.has_flag(&['n', 'y'], &["non-interactive", "no-confirm"])
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_prompts(
        cx.model(),
        out,
        &META,
        Manager::Zypper,
        &["zypper"],
        assumes_yes,
        "add `--non-interactive` before the command (`zypper --non-interactive install ...`) or `-y` after it",
    );
}
