//! `yum install` without `-y` stops at a confirmation prompt.

use crate::rules::prelude::*;
use crate::rules::support::prompts::check_prompts;
use crate::rules::support::{Manager, PackageCommand};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF117",
    name: "yum-install-without-yes",
    kind: Dockerfile,
    severity: Info,
    summary: "`yum install` runs without `-y`, so it stops at a confirmation prompt",
    origins: [hadolint("DL3030")],
};

fn assumes_yes(pc: &PackageCommand) -> bool {
    pc.has_flag(&['y'], &["assumeyes"])
        || pc.view.args.iter().any(|w| {
            w.text
                .strip_prefix("--setopt=")
                .is_some_and(|o| matches!(o, "assumeyes=1" | "assumeyes=True" | "assumeyes=true"))
        })
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_prompts(
        cx.model(),
        out,
        &META,
        Manager::Yum,
        &["yum"],
        assumes_yes,
        "add `-y` (`yum install -y ...`)",
    );
}
