//! No `cap_drop: [ALL]`.

use crate::rules::prelude::*;
use crate::rules::support::capabilities::drops_all;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC113",
    name: "missing-cap-drop",
    aliases: ["no-cap-drop"],
    kind: Compose,
    severity: Warning,
    summary: "a service keeps Docker's default capabilities instead of dropping them all",
    origins: [
        compose_lint("CL-0006"),
        kics("container_capabilities_unrestricted"),
        kics("ce76b7d0-9e77-464d-b86f-c5c48e03e22d"),
    ],
};

const HELP: &str = "add `cap_drop: [ALL]` and add back in `cap_add` only the capabilities the service needs";

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if drops_all(svc) {
            continue;
        }
        match &svc.cap_drop {
            Some(list) => {
                if list.iter().any(|f| f.is_unknown()) {
                    continue;
                }
                out.report(
                    &META,
                    list.key,
                    format!("service `{}` drops some capabilities but keeps the rest of Docker's defaults", svc.name.value),
                )
                .help(HELP);
            }
            None => {
                if svc.extends.is_some() {
                    continue;
                }
                out.report(
                    &META,
                    svc.name.span,
                    format!("service `{}` keeps Docker's default capabilities (no `cap_drop: [ALL]`)", svc.name.value),
                )
                .help(HELP);
            }
        }
    }
}
