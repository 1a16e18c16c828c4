//! An instruction other than `ARG` before the first `FROM`.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF208",
    name: "instruction-before-from",
    kind: Dockerfile,
    severity: Error,
    summary: "an instruction other than `ARG` comes before the first `FROM`",
    origins: [hadolint("DL3061")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for ins in &cx.df().instructions {
        match ins.keyword {
            Keyword::From => break,
            Keyword::Arg => continue,
            k => {
                out.report(
                    &META,
                    ins.keyword_span,
                    format!("`{k}` comes before the first `FROM`; only `ARG` may"),
                )
                .help("start the Dockerfile with `FROM` (optionally after `ARG` lines)");
            }
        }
    }
}
