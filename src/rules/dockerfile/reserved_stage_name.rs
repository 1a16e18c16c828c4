//! A stage named `scratch` or `context`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF210",
    name: "reserved-stage-name",
    kind: Dockerfile,
    severity: Error,
    summary: "a stage is named `scratch` or `context`, which are reserved",
    origins: [hadolint("DL3063"), buildkit("ReservedStageName")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for s in &cx.model().stages {
        let Some(name) = &s.name else { continue };
        let lower = name.value.to_ascii_lowercase();
        if lower != "scratch" && lower != "context" {
            continue;
        }
        out.report(
            &META,
            name.span,
            format!("stage name `{}` is reserved: `FROM {lower}` and `--from={lower}` would not mean this stage", name.value),
        )
        .help("rename the stage");
    }
}
