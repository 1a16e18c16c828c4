//! `COPY` to a relative destination before any `WORKDIR`.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;
use crate::rules::support::copy_sources::transfers;
use crate::rules::support::image_paths::is_absolute;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF229",
    name: "relative-copy-without-workdir",
    kind: Dockerfile,
    severity: Info,
    summary: "`COPY` to a relative destination before the stage sets `WORKDIR`",
    origins: [hadolint("DL3045")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    for t in transfers(&df.instructions) {
        if t.is_add() || t.onbuild {
            continue;
        }
        let dest = &t.dest.value;
        if dest.starts_with('$') || is_absolute(dest) {
            continue;
        }
        let Some(stage) = model.stage_of(t.instruction) else {
            continue;
        };
        let has_workdir = model.chain(stage.index).any(|s| {
            s.body()
                .take_while(|&j| j < t.instruction)
                .any(|j| df.instructions[j].keyword == Keyword::Workdir)
        });
        if has_workdir {
            continue;
        }
        out.report(
            &META,
            t.dest.span,
            format!("`COPY` to relative `{dest}` before any `WORKDIR`: it lands wherever the base image's working directory is"),
        )
        .help("set `WORKDIR /app` first, or copy to an absolute path");
    }
}
