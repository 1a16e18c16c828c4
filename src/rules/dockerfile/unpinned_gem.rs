//! A `gem install` gem has no pinned version.

use crate::rules::prelude::*;
use crate::rules::support::lang_packages::{LangManager, gem_pinned};
use crate::rules::support::pinning::check_lang_packages;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF130",
    name: "unpinned-gem",
    kind: Dockerfile,
    severity: Info,
    summary: "a `gem install` gem has no pinned version",
    origins: [hadolint("DL3028")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_lang_packages(
        cx.model(),
        out,
        &META,
        LangManager::Gem,
        gem_pinned,
        |_, name| format!("pin it as `{name}:<version>` or add `-v <version>`"),
    );
}
