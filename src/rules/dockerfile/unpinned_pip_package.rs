//! A `pip install` package has no pinned version.

use crate::rules::prelude::*;
use crate::rules::support::lang_packages::{LangManager, pip_pinned};
use crate::rules::support::pinning::check_lang_packages;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF126",
    name: "unpinned-pip-package",
    kind: Dockerfile,
    severity: Info,
    summary: "a `pip install` package has no pinned version",
    origins: [hadolint("DL3013")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_lang_packages(
        cx.model(),
        out,
        &META,
        LangManager::Pip,
        pip_pinned,
        |li, name| format!("pin it as `{name}==<version>`, or install from a requirements file with pinned versions (`{} install -r requirements.txt`)", li.tool),
    );
}
