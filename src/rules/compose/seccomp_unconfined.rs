//! `security_opt: seccomp:unconfined`.

use crate::rules::prelude::*;
use crate::rules::support::settings::profile_unconfined;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC115",
    name: "seccomp-unconfined",
    kind: Compose,
    severity: Warning,
    summary: "a service runs without a seccomp profile",
    origins: [
        compose_lint("CL-0009"),
        kics("default_seccomp_profile_disabled"),
        kics("404fde2c-bc4b-4371-9747-7054132ac953"),
        semgrep("seccomp-confinement-disabled"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = profile_unconfined(svc, "seccomp") {
            out.report(
                &META,
                f.span,
                format!("service `{}` disables seccomp (`{}`), so every system call reaches the host kernel", svc.name.value, f.raw),
            )
            .help("remove the entry to keep Docker's default profile, or give a custom profile with `seccomp=<file>.json`");
        }
    }
}
