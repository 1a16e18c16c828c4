//! `COPY --from=<stage> / /`: a whole filesystem over this one.

use crate::rules::prelude::*;
use crate::rules::support::copy_sources::transfers;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF228",
    name: "whole-filesystem-copy",
    kind: Dockerfile,
    severity: Info,
    summary: "`COPY --from` copies a whole filesystem over the root of this stage",
    origins: [hadolint("DL3067")],
};

fn is_root(p: &str) -> bool {
    matches!(p.trim_end_matches(['.', '*']), "/" | "" ) && p.starts_with('/')
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for t in transfers(&cx.df().instructions) {
        let Some(from) = t.from() else { continue };
        let Some(src) = t.sources.iter().find(|s| is_root(&s.value)) else {
            continue;
        };
        if !is_root(&t.dest.value) {
            continue;
        }
        out.report(
            &META,
            src.span,
            format!("`COPY --from={} / /` copies the whole filesystem of `{}` over this one", from.value, from.value),
        )
        .help("copy only the paths the image needs, or build this stage `FROM` that one");
    }
}
