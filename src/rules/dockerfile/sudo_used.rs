//! `sudo` in a Dockerfile command.

use crate::rules::prelude::*;
use crate::rules::support::run_scripts::all_commands;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF100",
    name: "sudo-used",
    kind: Dockerfile,
    severity: Warning,
    summary: "a command runs through `sudo`",
    origins: [hadolint("DL3004"), trivy("DS-0010"), checkov("CKV2_DOCKER_1")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for (g, cmd) in all_commands(cx.model()) {
        // The outermost word: `sudo apt-get ...`, or a wrapper around it
        // (`env X=1 sudo ...`).
        let v = cmd.effective();
        let sudo = v
            .prefix
            .iter()
            .chain(v.name)
            .find(|w| matches!(crate::shell::basename(&w.text), "sudo" | "doas"));
        let Some(sudo) = sudo else {
            continue;
        };
        let what = crate::shell::basename(&sudo.text);
        let msg = if g.keyword == crate::dockerfile::Keyword::Run {
            format!("`{what}` in `RUN` needs sudo installed and configured in the image; switch `USER` instead")
        } else {
            format!("`{what}` in `{}` needs sudo configured in the image, which lets its users become root", g.keyword)
        };
        out.report(&META, sudo.span, msg)
            .help("run root steps before `USER` switches to an unprivileged user (or switch back with `USER root`); to drop privileges at run time use `gosu` or `su-exec`");
    }
}
