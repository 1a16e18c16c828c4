//! `apt-get install` without `-y` stops at a confirmation prompt.

use crate::rules::prelude::*;
use crate::rules::support::prompts::check_prompts;
use crate::rules::support::{tools_of, Manager, PackageCommand};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF112",
    name: "apt-install-without-yes",
    kind: Dockerfile,
    severity: Info,
    summary: "`apt-get install` runs without `-y`, so it stops at a confirmation prompt",
    origins: [hadolint("DL3014"), trivy("DS-0021")],
    fixable: true,
};

/// `-y`, `--yes`, `--assume-yes`, `-qq` (or `-q -q`, `-q=2`), or
/// `-o APT::Get::Assume-Yes=true`.
fn assumes_yes(pc: &PackageCommand) -> bool {
    if pc.has_flag(&['y'], &["yes", "assume-yes"]) {
        return true;
    }
    let mut quiet = 0;
    let mut args = pc.view.args.iter();
    while let Some(w) = args.next() {
        let t = w.text.as_str();
        if t == "-q=2" || t == "--quiet=2" {
            return true;
        }
        let option = if t == "-o" || t == "--option" {
            args.next().map(|w| w.text.as_str())
        } else {
            t.strip_prefix("--option=")
                .or_else(|| t.strip_prefix("-o").filter(|o| !o.is_empty()))
        };
        if let Some(o) = option {
            if let Some((k, v)) = o.split_once('=')
                && k.eq_ignore_ascii_case("APT::Get::Assume-Yes")
                && !matches!(v.to_ascii_lowercase().as_str(), "false" | "0" | "no")
            {
                return true;
            }
            continue;
        }
        if t == "--quiet" {
            quiet += 1;
        } else if let Some(c) = t.strip_prefix('-').filter(|c| !c.starts_with('-')) {
            quiet += c.bytes().filter(|&b| b == b'q').count();
        }
    }
    quiet >= 2
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    check_prompts(
        cx.model(),
        out,
        &META,
        Manager::Apt,
        tools_of(Manager::Apt),
        assumes_yes,
        "add `-y` (`apt-get install -y ...`)",
    );
}
