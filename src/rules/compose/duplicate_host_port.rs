//! The same host port published twice.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC145",
    name: "duplicate-host-port",
    kind: Compose,
    severity: Error,
    summary: "two published ports claim the same host port",
    origins: [dclint("no-duplicate-exported-ports")],
};

struct Claim<'a> {
    service: &'a str,
    ip: Option<&'a str>,
    proto: String,
    start: u16,
    end: u16,
}

fn overlaps(a: &Claim, b: &Claim) -> bool {
    let all = |ip: Option<&str>| ip.is_none_or(|i| i.is_empty() || i == "0.0.0.0" || i == "::");
    a.proto == b.proto
        && (all(a.ip) || all(b.ip) || a.ip == b.ip)
        && a.start <= b.end
        && b.start <= a.end
}

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    let mut claims: Vec<Claim> = Vec::new();
    for svc in &cx.compose.services {
        for p in &svc.ports {
            let Some(host) = &p.published else { continue };
            if host.unknown || host.start == 0 {
                continue;
            }
            if p.host_ip.as_ref().is_some_and(|f| f.is_unknown()) {
                continue;
            }
            let claim = Claim {
                service: &svc.name.value,
                ip: p.host_ip_text(),
                proto: p
                    .protocol
                    .as_ref()
                    .and_then(|f| f.text())
                    .unwrap_or("tcp")
                    .to_ascii_lowercase(),
                start: host.start,
                end: host.end,
            };
            if let Some(prev) = claims.iter().find(|c| overlaps(c, &claim)) {
                let shown = &cx.text_at(host.span);
                let whom = if prev.service == claim.service {
                    "another port of the same service".to_string()
                } else {
                    format!("service `{}`", prev.service)
                };
                out.report(
                    &META,
                    host.span,
                    format!("service `{}` publishes host port `{shown}`/{}, already published by {whom}", svc.name.value, claim.proto),
                )
                .help("publish each host port once; pick another host port for one of them");
            } else {
                claims.push(claim);
            }
        }
    }
}
