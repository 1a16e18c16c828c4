//! `apt-get install` without `--no-install-recommends`.

use crate::dockerfile::edit::insert_word_after;
use crate::rules::prelude::*;
use crate::rules::support::run_scripts::run_commands;
use crate::rules::support::{tools_of, Action, Manager, PackageCommand, package_command_of};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF113",
    name: "apt-recommends-installed",
    kind: Dockerfile,
    severity: Info,
    summary: "`apt-get install` runs without `--no-install-recommends`, so it installs recommended packages too",
    origins: [hadolint("DL3015"), trivy("DS-0029")],
    fixable: true,
};

/// `--no-install-recommends`, `-o APT::Install-Recommends=false` (or `0`),
/// aptitude's `-R`/`--without-recommends`.
fn skips_recommends(pc: &PackageCommand) -> bool {
    if pc.has_flag(&[], &["no-install-recommends", "without-recommends"]) {
        return true;
    }
    if pc.tool == "aptitude" && pc.has_flag(&['R'], &[]) {
        return true;
    }
    let mut args = pc.view.args.iter();
    while let Some(w) = args.next() {
        let t = w.text.as_str();
        let opt = if t == "-o" || t == "--option" {
            args.next().map_or("", |w| w.text.as_str())
        } else if let Some(o) = t.strip_prefix("--option=") {
            o
        } else if let Some(o) = t.strip_prefix("-o") {
            o
        } else {
            continue;
        };
        if let Some((k, v)) = opt.split_once('=')
            && k.eq_ignore_ascii_case("APT::Install-Recommends")
        {
            return matches!(v.trim_matches(['"', '\'']).to_ascii_lowercase().as_str(), "false" | "0" | "no" | "off");
        }
    }
    false
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    if !cx.model().may_run(tools_of(Manager::Apt)) {
        return;
    }
    for (_, cmd) in run_commands(cx.model()) {
        let v = cmd.effective();
        let Some(pc) = package_command_of(&v, Manager::Apt) else {
            continue;
        };
        if pc.manager != Manager::Apt || pc.action != Action::Install || skips_recommends(&pc) {
            continue;
        }
        let span = v.name.map_or(pc.sub.span, |n| n.span.cover(pc.sub.span));
        let option = if pc.tool == "aptitude" {
            "--without-recommends"
        } else {
            "--no-install-recommends"
        };
        out.report(
            &META,
            span,
            format!(
                "`{} {}` also installs the packages recommended by the ones named",
                pc.tool, pc.sub.text
            ),
        )
        .help("add `--no-install-recommends` and name the recommended packages you need")
        // Unsafe: a recommended package can be one the image relies on
        // (`curl` recommends `ca-certificates`).
        .fix(Fix::unsafe_edit(
            "add `--no-install-recommends`",
            vec![insert_word_after(pc.sub.span, option)],
        ));
    }
}
