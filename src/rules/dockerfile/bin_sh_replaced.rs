//! `ln ... /bin/sh` replaces the default shell instead of using `SHELL`.

use crate::rules::prelude::*;
use crate::rules::support::run_scripts::run_commands;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF135",
    name: "bin-sh-replaced",
    kind: Dockerfile,
    severity: Info,
    summary: "`RUN` replaces `/bin/sh` with a link instead of setting `SHELL`",
    origins: [hadolint("DL4005")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    if !cx.model().may_run(&["ln"]) {
        return;
    }
    for (_, cmd) in run_commands(cx.model()) {
        let v = cmd.effective();
        if v.name_str() != Some("ln") {
            continue;
        }
        let target = v
            .positional_with(&["-t", "--target-directory", "-S", "--suffix"])
            .last()
            .filter(|w| matches!(w.text.as_str(), "/bin/sh" | "/usr/bin/sh"));
        if let Some(t) = target {
            out.report(
                &META,
                t.span,
                format!("`ln` replaces `{}`, which every package script and tool in the image runs", t.text),
            )
            .help("set `SHELL [\"/bin/bash\", \"-c\"]` for the instructions that need another shell");
        }
    }
}
