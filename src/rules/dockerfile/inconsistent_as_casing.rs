//! `AS` written in a different case from `FROM`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF212",
    name: "inconsistent-as-casing",
    kind: Dockerfile,
    severity: Style,
    summary: "the `AS` keyword is not cased like its `FROM`",
    origins: [buildkit("FromAsCasing")],
    fixable: true,
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let text = cx.text();
    for s in &cx.model().stages {
        let ins = &df.instructions[s.from];
        let Some(as_kw) = ins.from().and_then(|f| f.as_keyword.as_ref()) else {
            continue;
        };
        let from = &text[ins.keyword_span.range()];
        let upper = |t: &str| t.bytes().all(|b| b.is_ascii_uppercase());
        let lower = |t: &str| t.bytes().all(|b| b.is_ascii_lowercase());
        let want = if upper(from) && !upper(&as_kw.value) {
            "AS"
        } else if lower(from) && !lower(&as_kw.value) {
            "as"
        } else {
            continue;
        };
        out.report(
            &META,
            as_kw.span,
            format!("`{}` is not cased like `{from}`", as_kw.value),
        )
        .help(format!("write `{want}`"))
        .fix(Fix::safe(format!("write `{want}`"), vec![Edit::replace(as_kw.span, want)]));
    }
}
