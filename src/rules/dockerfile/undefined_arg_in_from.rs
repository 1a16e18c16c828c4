//! `FROM` uses a build argument that is not declared before it.

use crate::dockerfile::PLATFORM_ARGS;
use crate::dockerfile::expand::references;
use crate::rules::prelude::*;
use crate::rules::support::var_refs::reference_span;
use crate::suggest::did_you_mean;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF206",
    name: "undefined-arg-in-from",
    kind: Dockerfile,
    severity: Info,
    summary: "`FROM` uses a build argument that no `ARG` before the first `FROM` declares",
    origins: [buildkit("UndefinedArgInFrom")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    let text = cx.text();
    for s in &model.stages {
        let ins = &df.instructions[s.from];
        let words = ins
            .from()
            .and_then(|f| f.image.as_ref())
            .into_iter()
            .chain(ins.flag("platform").and_then(|f| f.value.as_ref()));
        for w in words {
            for r in references(&w.value, df.escape) {
                if r.has_fallback
                    || model.global_args.contains_key(&r.name)
                    || PLATFORM_ARGS.contains(&r.name.as_str())
                {
                    continue;
                }
                let candidates = model
                    .global_args
                    .keys()
                    .map(String::as_str)
                    .chain(PLATFORM_ARGS);
                let d = out.report(
                    &META,
                    reference_span(text, w, &r.range),
                    format!("build argument `{}` is not declared before `FROM`, so it is empty", r.name),
                );
                match did_you_mean(&r.name, candidates) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!(
                        "declare `ARG {}=<default>` before the first `FROM`",
                        r.name
                    )),
                };
            }
        }
    }
}
