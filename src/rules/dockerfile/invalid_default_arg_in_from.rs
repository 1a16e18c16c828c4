//! Build argument defaults make a `FROM` image reference empty or invalid.

use crate::dockerfile::PLATFORM_ARGS;
use crate::dockerfile::expand::{Var, expand, references};
use crate::rules::prelude::*;
use crate::rules::support::base_images::is_valid_reference;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF207",
    name: "invalid-default-arg-in-from",
    kind: Dockerfile,
    severity: Info,
    summary: "with its build arguments' defaults, a `FROM` image reference is empty or invalid",
    origins: [buildkit("InvalidDefaultArgInFrom")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    for s in &model.stages {
        let Some(img) = df.instructions[s.from].from().and_then(|f| f.image.as_ref()) else {
            continue;
        };
        let refs = references(&img.value, df.escape);
        if refs.is_empty() {
            continue;
        }
        // Platform arguments always have a value at build time; undeclared
        // arguments are `undefined-arg-in-from`'s business.
        if refs.iter().any(|r| {
            PLATFORM_ARGS.contains(&r.name.as_str()) || !model.global_args.contains_key(&r.name)
        }) {
            continue;
        }
        let e = expand(&img.value, df.escape, &|n| match model.global_args.get(n) {
            Some(Some(v)) => Var::Value(v),
            _ => Var::Value(""),
        });
        if e.unknown {
            continue;
        }
        let v = e.value;
        if model.stages[..s.index].iter().any(|st| st.has_name(&v)) || is_valid_reference(&v) {
            continue;
        }
        let what = if v.is_empty() {
            "empty".to_string()
        } else {
            format!("`{v}`, which is not a valid image reference")
        };
        let unset: Vec<&str> = refs
            .iter()
            .filter(|r| matches!(model.global_args.get(&r.name), Some(None)))
            .map(|r| r.name.as_str())
            .collect();
        let help = match unset.first() {
            Some(n) => format!("give `ARG {n}` a default that makes the reference valid"),
            None => "fix the defaults of the build arguments used in the reference".into(),
        };
        out.report(
            &META,
            img.span,
            format!(
                "without `--build-arg`, `{}` is {what}",
                img.value
            ),
        )
        .help(help);
    }
}
