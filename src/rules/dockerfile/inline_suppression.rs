//! A suppression comment in the file.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF241",
    name: "inline-suppression",
    kind: Dockerfile,
    severity: Info,
    summary: "a comment suppresses diagnostics in the file itself",
    origins: [hadolint("DL1001")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let text = cx.text();
    for c in &cx.df().comments {
        if let Some(Ok(_)) = crate::pragma::parse_comment(&text[c.span.range()]) {
            out.report(
                &META,
                c.span,
                "this comment suppresses diagnostics; the policy is to fix them or configure exceptions centrally",
            )
            .help("fix what it suppresses, or move the exception to `dockward.toml` where it is reviewed");
        }
    }
    for d in &cx.df().directives {
        if d.name.value.eq_ignore_ascii_case("check") && d.value.value.contains("skip") {
            out.report(
                &META,
                d.span,
                "this `# check=skip=...` directive turns checks off for the file",
            )
            .help("fix what it suppresses, or move the exception to `dockward.toml` where it is reviewed");
        }
    }
}
