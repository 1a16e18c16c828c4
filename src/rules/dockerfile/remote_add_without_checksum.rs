//! `ADD` of a URL without `--checksum`.

use crate::rules::prelude::*;
use crate::rules::support::copy_sources::{is_git, is_url, transfers};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF224",
    name: "remote-add-without-checksum",
    kind: Dockerfile,
    severity: Warning,
    summary: "`ADD` downloads a URL without `--checksum`, so its content is not verified",
    origins: [checkov("CKV_DOCKER_4")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for t in transfers(&cx.df().instructions) {
        if !t.is_add() || t.ins.flag("checksum").is_some() {
            continue;
        }
        for s in &t.sources {
            if !is_url(&s.value) || is_git(&s.value) {
                continue;
            }
            out.report(
                &META,
                s.span,
                format!("`ADD {}` downloads without a checksum, so any content served is accepted", s.value),
            )
            .help("add `--checksum=sha256:<digest>` (Dockerfile syntax 1.6 or later)");
        }
    }
}
