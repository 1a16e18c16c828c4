//! An `npm install` (or `yarn add`) package has no pinned version.

use crate::rules::prelude::*;
use crate::rules::support::lang_packages::{LangManager, npm_pinned};
use crate::rules::support::pinning::check_lang_packages;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF128",
    name: "unpinned-npm-package",
    kind: Dockerfile,
    severity: Info,
    summary: "an `npm install` package has no pinned version",
    origins: [hadolint("DL3016")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for manager in [LangManager::Npm, LangManager::Yarn] {
    check_lang_packages(
        cx.model(),
        out,
        &META,
        manager,
        npm_pinned,
        |_, name| format!("pin it as `{}@<version>`, or install from `package.json` with a lockfile (`npm ci`)", name.split_once('@').filter(|(n, _)| !n.is_empty()).map_or(name, |(n, _)| n)),
    );
    }
}
