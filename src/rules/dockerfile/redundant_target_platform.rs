//! `FROM --platform=$TARGETPLATFORM`, which is the default.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF205",
    name: "redundant-target-platform",
    kind: Dockerfile,
    severity: Info,
    summary: "`FROM --platform=$TARGETPLATFORM` repeats the default",
    origins: [hadolint("DL3065"), buildkit("RedundantTargetPlatform")],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    for s in &cx.model().stages {
        let Some(f) = df.instructions[s.from].flag("platform") else {
            continue;
        };
        let Some(v) = &f.value else { continue };
        if v.value != "$TARGETPLATFORM" && v.value != "${TARGETPLATFORM}" {
            continue;
        }
        out.report(
            &META,
            f.span,
            format!("`--platform={}` is what `FROM` does by default", v.value),
        )
        .help("remove the `--platform` flag")
        .fix(Fix::safe(
            "remove the `--platform` flag",
            vec![crate::dockerfile::edit::delete_word(cx.text(), f.span, df.escape)],
        ));
    }
}
