//! `FROM --platform=` with a constant value.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF204",
    name: "constant-platform-flag",
    kind: Dockerfile,
    severity: Info,
    summary: "`FROM --platform` is set to a constant platform",
    origins: [hadolint("DL3029"), buildkit("FromPlatformFlagConstDisallowed")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    for s in &cx.model().stages {
        let ins = &df.instructions[s.from];
        let Some(v) = ins.flag("platform").and_then(|f| f.value.as_ref()) else {
            continue;
        };
        if v.value.contains('$') || v.value.is_empty() {
            continue;
        }
        // A stage named for its platform (`AS build-arm64`) is deliberate.
        let named_for_it = s.name.as_ref().is_some_and(|n| {
            let n = n.value.to_ascii_lowercase();
            v.value
                .split(['/', ','])
                .skip(1)
                .filter(|p| p.len() > 2)
                .any(|p| n.contains(&p.to_ascii_lowercase()))
        });
        if named_for_it {
            continue;
        }
        out.report(
            &META,
            v.span,
            format!(
                "`--platform={}` pins the stage to one platform, so multi-platform builds run it emulated",
                v.value
            ),
        )
        .help("use `--platform=$BUILDPLATFORM` for build tools, or drop the flag to build for the target platform");
    }
}
