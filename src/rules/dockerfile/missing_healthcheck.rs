//! The image has no `HEALTHCHECK`.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF234",
    name: "missing-healthcheck",
    kind: Dockerfile,
    severity: Info,
    summary: "the final stage has no `HEALTHCHECK`",
    origins: [hadolint("DL3057"), trivy("DS-0026"), checkov("CKV_DOCKER_2")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let model = cx.model();
    let df = cx.df();
    let Some(last) = model.final_stage() else {
        return;
    };
    if model
        .last_inherited(df, last.index, Keyword::Healthcheck)
        .is_some()
    {
        return;
    }
    out.report(
        &META,
        df.instructions[last.from].keyword_span,
        "the final stage has no `HEALTHCHECK`, so the runtime cannot tell a hung container from a healthy one",
    )
    .help("add `HEALTHCHECK CMD <probe>`, or `HEALTHCHECK NONE` to say there is none on purpose");
}
