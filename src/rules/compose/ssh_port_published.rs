//! Container port 22 published.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC013",
    name: "ssh-port-published",
    kind: Compose,
    severity: Error,
    summary: "a service publishes the SSH port 22 of its container",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for p in &svc.ports {
            if p.published.is_none() {
                continue;
            }
            if p.target.as_ref().is_some_and(|t| t.contains(22)) {
                out.report(
                    &META,
                    p.span,
                    format!("service `{}` publishes the SSH port 22 of its container", svc.name.value),
                )
                .help("do not run SSH in a container; use `docker exec` (or `docker compose exec`) for a shell");
            }
        }
    }
}
