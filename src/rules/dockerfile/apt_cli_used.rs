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
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    if !cx.model().may_run(&["apt"]) {
        return;
    }
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
        let d = out.report(
            &META,
            name.span,
            format!("`apt` has no stable command-line interface for scripts; use `{instead}`"),
        );
        // `apt-get` and `apt-cache` do the same for these subcommands.
        // `apt upgrade` may install new dependencies, which `apt-get
        // upgrade` holds back: unsafe. Others (`list`, `full-upgrade`,
        // `edit-sources`) have no same-named equivalent.
        let applicability = match sub {
            "install" | "update" | "remove" | "purge" | "autoremove" | "clean" | "autoclean"
            | "source" | "build-dep" | "download" | "changelog" | "satisfy" | "search" | "show"
            | "policy" | "depends" | "rdepends" | "showsrc" => Some(Applicability::Safe),
            "upgrade" => Some(Applicability::Unsafe),
            _ => None,
        };
        if let Some(a) = applicability
            && !name.quoted
            && !name.dynamic
        {
            let dir = name.text.strip_suffix("apt").unwrap_or("");
            d.fix(Fix::new(
                a,
                format!("replace `apt` with `{instead}`"),
                vec![Edit::replace(name.span, format!("{dir}{instead}"))],
            ));
        }
        d
.help(if sub.is_empty() {
            format!("use `{instead}` instead of `apt`")
        } else {
            format!("replace `apt {sub}` with `{instead} {sub}`")
        });
    }
}
