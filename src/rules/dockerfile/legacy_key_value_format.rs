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
    fixable: true,
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
            let d = out.report(
                &META,
                kv.span,
                format!("`{k} {} ...` uses the legacy form without `=`", kv.key.value),
            );
            d.help(format!("write `{k} {}={quoted}`", kv.key.value));
            // The legacy form takes the rest of the line as the value; in
            // double quotes it is the same value. Values with quotes or
            // escapes inside, or over several lines, are left alone.
            let whole_quoted = value.len() >= 2
                && (value.starts_with('"') && value.ends_with('"') && !value[1..value.len() - 1].contains('"')
                    || value.starts_with('\'') && value.ends_with('\'') && !value[1..value.len() - 1].contains('\''));
            let plain = !value.contains(['"', '\'', '\\', '`', '\n', '\r']);
            let key = kv.key.span.text(text);
            if (whole_quoted || plain) && !value.is_empty() && key == kv.key.value {
                d.fix(Fix::safe(
                    format!("write `{k} {}={quoted}`", kv.key.value),
                    vec![Edit::replace(kv.span, format!("{key}={quoted}"))],
                ));
            }
        }
    }
}
