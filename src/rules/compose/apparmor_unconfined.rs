//! `security_opt: apparmor:unconfined`.

use crate::rules::prelude::*;
use crate::rules::support::settings::profile_unconfined;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC116",
    name: "apparmor-unconfined",
    kind: Compose,
    severity: Warning,
    summary: "a service runs without an AppArmor profile",
    origins: [compose_lint("CL-0009")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = profile_unconfined(svc, "apparmor") {
            out.report(
                &META,
                f.span,
                format!("service `{}` disables AppArmor (`{}`)", svc.name.value, f.raw),
            )
            .help("remove the entry to keep Docker's default profile, or name a profile loaded on the host with `apparmor=<profile>`");
        }
    }
}
