//! A relative `WORKDIR`.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;
use crate::rules::support::image_paths::is_absolute;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF218",
    name: "relative-workdir",
    kind: Dockerfile,
    severity: Info,
    summary: "`WORKDIR` is a relative path",
    origins: [
        hadolint("DL3000"),
        buildkit("WorkdirRelativePath"),
        trivy("DS-0009"),
        checkov("CKV_DOCKER_10"),
    ],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    for (i, ins) in df.instructions.iter().enumerate() {
        if ins.keyword != Keyword::Workdir {
            continue;
        }
        let Some(w) = ins.words().first() else { continue };
        if w.value.starts_with('$') || is_absolute(&w.value) {
            continue;
        }
        // Relative to an absolute WORKDIR set earlier in the stage (or the
        // stages it builds on), the result is known.
        let anchored = model.stage_of(i).is_some_and(|st| model.chain(st.index).any(|s| {
            s.body().take_while(|&j| j < i).any(|j| {
                let o = &df.instructions[j];
                o.keyword == Keyword::Workdir
                    && o.words()
                        .first()
                        .is_some_and(|p| p.value.starts_with('$') || is_absolute(&p.value))
            })
        }));
        let d = out.report(
            &META,
            w.span,
            format!("`WORKDIR {}` is relative", w.value),
        );
        if anchored {
            d.help("write the full path; it is relative to the previous `WORKDIR`, which readers must trace");
        } else {
            d.help(format!("write an absolute path, such as `WORKDIR /{}`; relative to the base image's directory it can change under you", w.value.trim_start_matches("./")));
        }
    }
}
