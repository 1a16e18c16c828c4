//! The deprecated `MAINTAINER` instruction.

use crate::dockerfile::Keyword;
use crate::dockerfile::edit::cased_like;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF217",
    name: "maintainer-instruction",
    kind: Dockerfile,
    severity: Info,
    summary: "`MAINTAINER` is deprecated",
    origins: [
        hadolint("DL4000"),
        buildkit("MaintainerDeprecated"),
        trivy("DS-0022"),
        checkov("CKV_DOCKER_6"),
    ],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for ins in &cx.df().instructions {
        if ins.keyword != Keyword::Maintainer {
            continue;
        }
        let who = ins.words().first().map_or("", |w| w.value.as_str());
        let d = out.report(&META, ins.keyword_span, "`MAINTAINER` is deprecated");
        d.help(format!(
            "use `LABEL org.opencontainers.image.authors=\"{}\"`",
            who.replace('"', "\\\"")
        ));
        // The whole argument text is the name; `LABEL` expands variables
        // and unquotes, so `$`, the escape character and `"` are escaped.
        let value = ins.args_text.trim();
        if value.is_empty() || value.contains(['\n', '\r']) {
            continue;
        }
        let mut escaped = String::with_capacity(value.len() + 8);
        for c in value.chars() {
            if matches!(c, '"' | '\\' | '$') {
                escaped.push(cx.df().escape);
            }
            escaped.push(c);
        }
        let label = cased_like(ins.keyword_span.text(cx.text()), "LABEL");
        d.fix(Fix::safe(
            "replace `MAINTAINER` with the `org.opencontainers.image.authors` label",
            vec![Edit::replace(
                Span::new(ins.keyword_span.start, ins.args_span.end),
                format!("{label} org.opencontainers.image.authors=\"{escaped}\""),
            )],
        ));
    }
}
