//! `ENV key value` and `LABEL key value` instead of `key=value`.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF238",
    name: "legacy-key-value-format",
    kind: Dockerfile,
    severity: Style,
    summary: "`ENV` or `LABEL` uses the legacy `key value` form instead of `key=value`",
    origins: [buildkit("LegacyKeyValueFormat")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let text = cx.text();
    for ins in &cx.df().instructions {
        let ins = ins.onbuild_inner().unwrap_or(ins);
        if !matches!(ins.keyword, Keyword::Env | Keyword::Label) {
            continue;
        }
        for kv in ins.pairs() {
            if !kv.legacy {
                continue;
            }
            let k = ins.keyword;
            let value = kv.value.as_ref().map_or("", |v| &text[v.span.range()]);
            let quoted = if value.contains(char::is_whitespace) && !value.starts_with(['"', '\'']) {
                format!("\"{value}\"")
            } else {
                value.to_string()
            };
            out.report(
                &META,
                kv.span,
                format!("`{k} {} ...` uses the legacy form without `=`", kv.key.value),
            )
            .help(format!("write `{k} {}={quoted}`", kv.key.value));
        }
    }
}
