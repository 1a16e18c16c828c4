//! The user in effect at the end of the final stage is root.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;
use crate::rules::support::is_root_user;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF002",
    name: "root-user",
    kind: Dockerfile,
    severity: Warning,
    summary: "the last `USER` of the final stage is root",
    origins: [hadolint("DL3002"), trivy("DS-0002"), checkov("CKV_DOCKER_8")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let model = cx.model();
    let df = cx.df();
    let Some(last) = model.final_stage() else {
        return;
    };
    let Some(i) = model.last_inherited(df, last.index, Keyword::User) else {
        return;
    };
    let ins = &df.instructions[i];
    let Some(word) = ins.words().first() else {
        return;
    };
    let expanded = model.scope_at(df, i).expand(&word.value, df.escape);
    if expanded.unknown || !is_root_user(&expanded.value) {
        return;
    }
    let shown = if expanded.value == word.value {
        format!("`{}`", word.value)
    } else {
        format!("`{}` (`{}`)", word.value, expanded.value)
    };
    let d = out.report(
        &META,
        ins.span,
        format!("the container runs as root: the last `USER` of the final stage is {shown}"),
    );
    d.help("switch to an unprivileged user, such as `USER 10001`, after the steps that need root");
    if model.stage_of(i).map(|s| s.index) != Some(last.index) {
        d.label(df.instructions[last.from].span, "the final stage inherits that user");
    }
}
