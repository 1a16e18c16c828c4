//! A `go install`, `go get` or `go run` module has no pinned version.

use crate::rules::prelude::*;
use crate::rules::support::lang_packages::{LangManager, go_pinned};
use crate::rules::support::pinning::check_lang_packages;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF131",
    name: "unpinned-go-module",
    kind: Dockerfile,
    severity: Info,
    summary: "a `go install`, `go get` or `go run` module has no pinned version",
    origins: [hadolint("DL3062")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_lang_packages(
        cx.model(),
        out,
        &META,
        LangManager::Go,
        go_pinned,
        |_, name| format!("pin it as `{}@v<version>`", name.rsplit_once('@').map_or(name, |(p, _)| p)),
    );
}
