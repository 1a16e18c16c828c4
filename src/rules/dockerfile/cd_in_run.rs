//! `cd` in `RUN` instead of `WORKDIR`.

use crate::rules::prelude::*;
use crate::rules::support::run_scripts::runs;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF101",
    name: "cd-in-run",
    kind: Dockerfile,
    severity: Style,
    summary: "`RUN` changes directory with `cd` instead of `WORKDIR`",
    origins: [hadolint("DL3003"), trivy("DS-0013")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for g in runs(cx.model()) {
        let Some(cd) = g
            .commands()
            .find(|c| !c.in_substitution && c.effective().name_str() == Some("cd"))
        else {
            continue;
        };
        let Some(word) = cd.effective().name else {
            continue;
        };
        out.report(
            &META,
            word.span,
            "`cd` in `RUN` only lasts for this instruction; `WORKDIR` sets the directory for the ones after it",
        )
        .help("set the directory with `WORKDIR`, or use the command's own option (`make -C dir`, `git -C dir`)");
    }
}
