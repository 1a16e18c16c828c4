//! `COPY --from` names the stage it is in.

use crate::rules::prelude::*;
use crate::rules::support::copy_sources::transfers;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF227",
    name: "self-referencing-copy-from",
    kind: Dockerfile,
    severity: Error,
    summary: "`COPY --from` names the stage it is in",
    origins: [hadolint("DL3023"), trivy("DS-0006")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let model = cx.model();
    for t in transfers(&cx.df().instructions) {
        if t.onbuild {
            continue;
        }
        let (Some(from), Some(stage)) = (t.from(), model.stage_of(t.instruction)) else {
            continue;
        };
        let by_name = stage.has_name(&from.value);
        let by_index = from.value.parse::<usize>().ok() == Some(stage.index);
        if !by_name && !by_index {
            continue;
        }
        let d = out.report(
            &META,
            from.span,
            format!("`--from={}` names the stage this `COPY` is in", from.value),
        );
        d.help("copy from an earlier stage; within one stage the files are already there");
        if let Some(n) = &stage.name {
            d.label(n.span, "this stage");
        }
    }
}
