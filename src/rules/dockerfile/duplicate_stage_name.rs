//! Two stages with the same name.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF209",
    name: "duplicate-stage-name",
    kind: Dockerfile,
    severity: Error,
    summary: "two stages have the same name",
    origins: [
        hadolint("DL3024"),
        buildkit("DuplicateStageName"),
        trivy("DS-0012"),
        checkov("CKV_DOCKER_11"),
    ],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let stages = &cx.model().stages;
    for (i, s) in stages.iter().enumerate() {
        let Some(name) = &s.name else { continue };
        let Some(first) = stages[..i].iter().find_map(|p| {
            p.name
                .as_ref()
                .filter(|n| n.value.eq_ignore_ascii_case(&name.value))
        }) else {
            continue;
        };
        out.report(
            &META,
            name.span,
            format!("stage name `{}` is already used by an earlier stage", name.value),
        )
        .help("give each stage a unique name")
        .label(first.span, "first used here");
    }
}
