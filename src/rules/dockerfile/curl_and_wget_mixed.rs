//! Both `curl` and `wget` in one stage.

use crate::rules::prelude::*;
use crate::rules::support::downloads::{Downloader, downloader};
use crate::rules::support::run_scripts::runs;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF134",
    name: "curl-and-wget-mixed",
    kind: Dockerfile,
    severity: Style,
    summary: "a stage downloads with both `curl` and `wget`",
    origins: [hadolint("DL4001"), trivy("DS-0014")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let model = cx.model();
    // Per stage: the first word of each tool seen so far.
    let mut seen: Vec<[Option<Span>; 2]> = vec![[None, None]; model.stages.len()];
    for g in runs(model) {
        let Some(stage) = model.stage_of(g.instruction) else {
            continue;
        };
        for cmd in g.commands() {
            let v = cmd.effective();
            let (Some(kind), Some(word)) = (downloader(&v), v.name) else {
                continue;
            };
            let (me, other) = match kind {
                Downloader::Curl => (0, 1),
                Downloader::Wget => (1, 0),
            };
            let slot = &mut seen[stage.index];
            slot[me].get_or_insert(word.span);
            if let Some(first_other) = slot[other] {
                let (this, that) = if me == 0 { ("curl", "wget") } else { ("wget", "curl") };
                out.report(
                    &META,
                    word.span,
                    format!("`{this}` is used in a stage that also uses `{that}`; one download tool is enough"),
                )
                .label(first_other, format!("`{that}` is used here"))
                .help("use one of them throughout the stage and install only that one");
            }
        }
    }
}
