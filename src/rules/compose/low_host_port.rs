//! A host port below 1024 is published.

use crate::rules::prelude::*;
use crate::rules::support::approved_ports;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC002",
    name: "low-host-port",
    kind: Compose,
    severity: Warning,
    summary: "a service publishes a privileged host port (below 1024)",
    origins: [
        kics("privileged_ports_mapped_in_container"),
        kics("bc2908f3-f73c-40a9-8793-c1b7d5544f79"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    let approved = approved_ports(cx.options, FileKind::Compose);
    for svc in &cx.compose.services {
        for p in &svc.ports {
            let Some(host) = &p.published else {
                continue;
            };
            if host.unknown || host.start == 0 || host.start >= 1024 {
                continue;
            }
            if approved.is_some_and(|a| a.allows(host.start, host.end)) {
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
                format!("service `{}` publishes privileged host port `{shown}`", svc.name.value),
            )
            .help("publish on a host port of 1024 or above (`8080:80`), or put a reverse proxy in front");
        }
    }
}
