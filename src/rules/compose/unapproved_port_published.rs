//! A published port outside the approved list.

use std::sync::Arc;

use crate::rules::prelude::*;
use crate::rules::support::AllowedPorts;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC003",
    name: "unapproved-port-published",
    kind: Compose,
    severity: Warning,
    summary: "a service publishes a host port that is not in the approved list",
    origins: [],
    options: Some(|t| Ok(Arc::new(AllowedPorts::from_options(t)?))),
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    let Some(allowed) = cx.options::<AllowedPorts>(&META) else {
        return;
    };
    for svc in &cx.compose.services {
        for p in &svc.ports {
            let Some(host) = &p.published else {
                continue;
            };
            if host.unknown || host.start == 0 || allowed.allows(host.start, host.end) {
                continue;
            }
            let shown = if host.start == host.end {
                host.start.to_string()
            } else {
                format!("{}-{}", host.start, host.end)
            };
            out.report(
                &META,
                host.span,
                format!("service `{}` publishes host port `{shown}`, which is not in the approved list", svc.name.value),
            )
            .help("publish only approved ports, or add this one to `allowed` under `[rules.unapproved-port-published]`");
        }
    }
}
