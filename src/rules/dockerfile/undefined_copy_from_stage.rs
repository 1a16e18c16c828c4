//! `COPY --from` names no earlier stage.

use crate::dockerfile::StageRef;
use crate::rules::prelude::*;
use crate::rules::support::copy_sources::transfers;
use crate::suggest::did_you_mean;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF226",
    name: "undefined-copy-from-stage",
    kind: Dockerfile,
    severity: Warning,
    summary: "`COPY --from` names no stage defined before it",
    origins: [hadolint("DL3022")],
};

/// A value that reads as an image reference rather than a stage name.
fn looks_like_image(v: &str) -> bool {
    v.contains([':', '/', '@', '.'])
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    let mut cursor = model.scope_cursor(df);
    for t in transfers(&df.instructions) {
        if t.onbuild {
            continue;
        }
        let Some(from) = t.from() else { continue };
        let Some(stage) = model.stage_of(t.instruction) else {
            continue;
        };
        let value = if from.value.contains('$') {
            let e = cursor.at(t.instruction).expand(&from.value, df.escape);
            if e.unknown {
                continue;
            }
            e.value
        } else {
            from.value.clone()
        };
        if value.is_empty() || looks_like_image(&value) {
            continue;
        }
        if let Ok(n) = value.parse::<usize>() {
            if n >= stage.index {
                out.report(
                    &META,
                    from.span,
                    format!("`--from={value}` names stage {n}, which is not defined before this `COPY`"),
                )
                .help("refer to an earlier stage by its name or index");
            }
            continue;
        }
        if model.resolve_stage(&value, stage.index) != StageRef::Image {
            continue;
        }
        if value.eq_ignore_ascii_case(stage.name.as_ref().map_or("", |n| n.value.as_str())) {
            continue; // self-referencing-copy-from
        }
        let later = model.stages[stage.index + 1..].iter().find(|s| s.has_name(&value));
        let d = match later {
            Some(l) => {
                let d = out.report(
                    &META,
                    from.span,
                    format!("`--from={value}` names a stage defined after this `COPY`"),
                );
                if let Some(n) = &l.name {
                    d.label(n.span, "defined here");
                }
                d.help("move the stage before the stage that copies from it");
                continue;
            }
            None => out.report(
                &META,
                from.span,
                format!("`--from={value}` names no stage defined before this `COPY`, so it is pulled as the image `{value}:latest`"),
            ),
        };
        let names = model.stages[..stage.index]
            .iter()
            .filter_map(|s| s.name.as_ref().map(|n| n.value.as_str()));
        match did_you_mean(&value, names) {
            Some(s) => d.help(format!("did you mean `--from={s}`?")),
            None => d.help("name an earlier stage, or a tagged image such as `--from=busybox:1.36`"),
        };
    }
}
