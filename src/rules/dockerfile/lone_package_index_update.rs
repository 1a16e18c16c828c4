//! A package index update in a `RUN` that installs nothing.

use crate::rules::prelude::*;
use crate::rules::support::caches::name_to;
use crate::rules::support::lang_packages::lang_install;
use crate::rules::support::run_scripts::runs;
use crate::rules::support::{Action, package_command};
use crate::shell::CommandView;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF109",
    name: "lone-package-index-update",
    kind: Dockerfile,
    severity: Info,
    summary: "a `RUN` updates the package index without installing anything",
    origins: [trivy("DS-0017"), checkov("CKV_DOCKER_5")],
};

/// Commands after an index update that neither install nor could: cleanup
/// and messages.
fn harmless(v: &CommandView) -> bool {
    if let Some(pc) = package_command(v) {
        return matches!(pc.action, Action::IndexUpdate | Action::Clean | Action::Remove);
    }
    matches!(
        v.name_str(),
        None | Some(
            "rm" | "echo" | "printf" | "true" | ":" | "set" | "ls" | "cat" | "sleep" | "apt-cache"
                | "apt-key" | "mkdir" | "touch" | "export"
        )
    )
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for g in runs(cx.model()) {
        let mut update: Option<(Span, String)> = None;
        for cmd in g.commands() {
            let v = cmd.effective();
            if let Some(pc) = package_command(&v)
                && pc.action == Action::IndexUpdate
            {
                update = Some((name_to(&v, pc.sub), format!("{} {}", pc.tool, pc.sub.text)));
                continue;
            }
            if update.is_some() && (!harmless(&v) || lang_install(&v).is_some()) {
                update = None;
            }
        }
        if let Some((span, what)) = update {
            out.report(
                &META,
                span,
                format!("`{what}` installs nothing in this `RUN`; a later `RUN` reuses this layer from the build cache, with a stale index"),
            )
            .help("update the index in the same `RUN` as the install: `apt-get update && apt-get install -y ...`");
        }
    }
}
