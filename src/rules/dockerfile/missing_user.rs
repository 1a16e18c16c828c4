//! The final stage never sets `USER`.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;
use crate::rules::support::image_users::stage_non_root_base;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF001",
    name: "missing-user",
    kind: Dockerfile,
    severity: Warning,
    summary: "the final stage never sets `USER`, so the container runs as root",
    origins: [trivy("DS-0002"), checkov("CKV_DOCKER_3")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let model = cx.model();
    let Some(last) = model.final_stage() else {
        return;
    };
    if model.last_inherited(cx.df(), last.index, Keyword::User).is_some() {
        return;
    }
    // A base image documented to run as a non-root user.
    if stage_non_root_base(model, last.index).is_some() {
        return;
    }
    let from = &cx.df().instructions[last.from];
    let inherited = model.chain(last.index).count() > 1;
    let msg = if inherited {
        "the final stage and the stages it builds on never set `USER`, so the container runs as root"
    } else {
        "the final stage never sets `USER`, so the container runs as root"
    };
    out.report(&META, from.span, msg)
        .help("create an unprivileged user and add `USER <name>` after the steps that need root");
}
