//! `wget` prints a progress bar into the build log.

use crate::rules::prelude::*;
use crate::rules::support::run_scripts::run_commands;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF133",
    name: "wget-progress-bar",
    kind: Dockerfile,
    severity: Style,
    summary: "`wget` runs without `--progress` or `-q`, so its progress bar floods the build log",
    origins: [hadolint("DL3047")],
    fixable: true,
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    if !cx.model().may_run(&["wget"]) {
        return;
    }
    for (_, cmd) in run_commands(cx.model()) {
        let v = cmd.effective();
        let Some(word) = v.name.filter(|_| v.name_str() == Some("wget")) else {
            continue;
        };
        let quiet = v.has_flag(
            &['q', 'o', 'a'],
            &["progress", "quiet", "no-verbose", "output-file", "append-output"],
        ) || v.args.iter().any(|w| w.text == "-nv");
        if !quiet {
            out.report(&META, word.span, "`wget` draws a progress bar, which fills the build log with lines")
                .help("add `--progress=dot:giga`, or `-q`/`-nv` to print less")
                // Only what is printed changes.
                .fix(Fix::safe(
                    "add `--progress=dot:giga`",
                    vec![crate::dockerfile::edit::insert_word_after(word.span, "--progress=dot:giga")],
                ));
        }
    }
}
