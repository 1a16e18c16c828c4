//! The deprecated `MAINTAINER` instruction.

use crate::dockerfile::Keyword;
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
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for ins in &cx.df().instructions {
        if ins.keyword != Keyword::Maintainer {
            continue;
        }
        let who = ins.words().first().map_or("", |w| w.value.as_str());
        out.report(&META, ins.keyword_span, "`MAINTAINER` is deprecated")
            .help(format!(
                "use `LABEL org.opencontainers.image.authors=\"{}\"`",
                who.replace('"', "\\\"")
            ));
    }
}
