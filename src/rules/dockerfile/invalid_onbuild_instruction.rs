//! `ONBUILD` wrapping `ONBUILD`, `FROM` or `MAINTAINER`.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF230",
    name: "invalid-onbuild-instruction",
    kind: Dockerfile,
    severity: Error,
    summary: "`ONBUILD` wraps `ONBUILD`, `FROM` or `MAINTAINER`, which it cannot trigger",
    origins: [hadolint("DL3043")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for ins in &cx.df().instructions {
        let Some(inner) = ins.onbuild_inner() else {
            continue;
        };
        if !matches!(
            inner.keyword,
            Keyword::Onbuild | Keyword::From | Keyword::Maintainer
        ) {
            continue;
        }
        let k = inner.keyword;
        out.report(
            &META,
            inner.keyword_span,
            format!("`ONBUILD {k}` is not allowed: the builder rejects it in images built from this one"),
        )
        .help(format!("remove `ONBUILD {k}`"));
    }
}
