//! A stage name that is not lowercase.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF211",
    name: "uppercase-stage-name",
    kind: Dockerfile,
    severity: Style,
    summary: "a stage name is not lowercase",
    origins: [buildkit("StageNameCasing")],
    fixable: true,
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for s in &cx.model().stages {
        let Some(name) = &s.name else { continue };
        if !name.value.bytes().any(|b| b.is_ascii_uppercase()) {
            continue;
        }
        let lower = name.value.to_ascii_lowercase();
        out.report(
            &META,
            name.span,
            format!("stage name `{}` is not lowercase", name.value),
        )
        .help(format!("write it `{lower}`"))
        // The builder reads stage names lowercased: renaming the stage and
        // every reference to it changes nothing.
        .fix(Fix::safe(format!("rename the stage `{lower}`"), rename_edits(cx, s.index, &name.value, &lower)));
    }
}

/// The stage's name and every reference to it, lowercased: `FROM name`,
/// `COPY --from=name`, `RUN --mount=...,from=name` in later instructions.
fn rename_edits(cx: &DockerfileContext, stage: usize, name: &str, lower: &str) -> Vec<Edit> {
    let df = cx.df();
    let text = cx.text();
    let model = cx.model();
    let s = &model.stages[stage];
    let mut edits = vec![];
    if let Some(n) = &s.name {
        edits.push(Edit::replace(n.span, lower));
    }
    for ins in &df.instructions[s.end.min(df.instructions.len())..] {
        if let Some(image) = ins.from().and_then(|f| f.image.as_ref())
            && image.value.eq_ignore_ascii_case(name)
            && image.span.text(text) == image.value
        {
            edits.push(Edit::replace(image.span, lower));
        }
        for f in &ins.flags {
            let Some(v) = &f.value else { continue };
            let written = v.span.text(text);
            if f.name.value == "from" && v.value.eq_ignore_ascii_case(name) && written == v.value {
                edits.push(Edit::replace(v.span, lower));
            } else if f.name.value == "mount" && written == v.value {
                for part in written.split(',') {
                    if let Some(r) = part.strip_prefix("from=")
                        && r.eq_ignore_ascii_case(name)
                    {
                        let at = v.span.start + (part.as_ptr() as usize - written.as_ptr() as usize) as u32 + 5;
                        edits.push(Edit::replace(Span::new(at, at + r.len() as u32), lower));
                    }
                }
            }
        }
    }
    edits
}
