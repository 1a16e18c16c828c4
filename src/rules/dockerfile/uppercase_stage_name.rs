//! A stage name that is not lowercase.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF211",
    name: "uppercase-stage-name",
    kind: Dockerfile,
    severity: Style,
    summary: "a stage name is not lowercase",
    origins: [buildkit("StageNameCasing")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for s in &cx.model().stages {
        let Some(name) = &s.name else { continue };
        if !name.value.bytes().any(|b| b.is_ascii_uppercase()) {
            continue;
        }
        out.report(
            &META,
            name.span,
            format!("stage name `{}` is not lowercase", name.value),
        )
        .help(format!("write it `{}`", name.value.to_ascii_lowercase()));
    }
}
