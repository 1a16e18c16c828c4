//! `CMD` or `ENTRYPOINT` in shell form.

use crate::dockerfile::{Command, Keyword};
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF216",
    name: "shell-form-cmd",
    kind: Dockerfile,
    severity: Info,
    summary: "`CMD` or `ENTRYPOINT` uses shell form, so the program does not get signals",
    origins: [hadolint("DL3025"), buildkit("JSONArgsRecommended")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    for (i, ins) in df.instructions.iter().enumerate() {
        if !matches!(ins.keyword, Keyword::Cmd | Keyword::Entrypoint) {
            continue;
        }
        let Some(Command::Shell { text, .. }) = ins.command() else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        // A SHELL instruction makes the shell a deliberate choice.
        if model.shell(i).instruction.is_some() {
            continue;
        }
        let k = ins.keyword;
        let d = out.report(
            &META,
            ins.args_span,
            format!("`{k}` in shell form runs under `/bin/sh -c`, which does not pass signals such as `SIGTERM` on"),
        );
        let entrypoint_before = model
            .stage_of(i)
            .and_then(|s| model.last_inherited(df, s.index, Keyword::Entrypoint))
            .is_some_and(|e| e < i);
        if k == Keyword::Cmd && entrypoint_before {
            d.help("write it in exec form; with an `ENTRYPOINT`, a shell-form `CMD` is passed to it as `/bin/sh -c ...`");
        } else {
            d.help(format!("write it in exec form, such as `{k} [\"program\", \"arg\"]`, or `exec` the program"));
        }
    }
}
