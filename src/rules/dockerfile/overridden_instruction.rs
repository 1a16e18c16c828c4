//! A second `CMD`, `ENTRYPOINT` or `HEALTHCHECK` in one stage.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF215",
    name: "overridden-instruction",
    kind: Dockerfile,
    severity: Info,
    summary: "a stage has more than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK`, and only the last counts",
    origins: [
        hadolint("DL4003"),
        hadolint("DL4004"),
        hadolint("DL3012"),
        buildkit("MultipleInstructionsDisallowed"),
        trivy("DS-0007"),
        trivy("DS-0016"),
        trivy("DS-0023"),
    ],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    for s in &cx.model().stages {
        let mut last: [Option<usize>; 3] = [None; 3];
        for i in s.body() {
            let ins = &df.instructions[i];
            let slot = match ins.keyword {
                Keyword::Cmd => 0,
                Keyword::Entrypoint => 1,
                Keyword::Healthcheck => 2,
                _ => continue,
            };
            if let Some(prev) = last[slot] {
                let k = ins.keyword;
                out.report(
                    &META,
                    ins.keyword_span,
                    format!("this `{k}` overrides an earlier `{k}` of the same stage, which has no effect"),
                )
                .help(format!("keep one `{k}` per stage"))
                .label(df.instructions[prev].keyword_span, format!("this `{k}` is overridden"))
                // The earlier one has no effect on the image: removing it
                // changes nothing.
                .fix(Fix::safe(
                    format!("remove the overridden `{k}`"),
                    vec![crate::dockerfile::edit::delete_instruction(cx.text(), &df.instructions[prev])],
                ));
            }
            last[slot] = Some(i);
        }
    }
}
