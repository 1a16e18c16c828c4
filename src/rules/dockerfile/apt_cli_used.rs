//! `apt` in a script instead of `apt-get` or `apt-cache`.

use crate::rules::prelude::*;
use crate::rules::support::run_scripts::run_commands;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF114",
    name: "apt-cli-used",
    kind: Dockerfile,
    severity: Info,
    summary: "`apt` is meant for terminals; scripts should use `apt-get` or `apt-cache`",
    origins: [hadolint("DL3027"), checkov("CKV_DOCKER_9")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for (_, cmd) in run_commands(cx.model()) {
        let v = cmd.effective();
        let Some(name) = v.name.filter(|_| v.name_str() == Some("apt")) else {
            continue;
        };
        let sub = v.subcommand().map_or("", |w| w.text.as_str());
        let instead = match sub {
            "search" | "show" | "policy" | "depends" | "rdepends" | "showsrc" => "apt-cache",
            "list" => "dpkg-query",
            _ => "apt-get",
        };
        out.report(
            &META,
            name.span,
            format!("`apt` has no stable command-line interface for scripts; use `{instead}`"),
        )
.help(if sub.is_empty() {
            format!("use `{instead}` instead of `apt`")
        } else {
            format!("replace `apt {sub}` with `{instead} {sub}`")
        });
    }
}
