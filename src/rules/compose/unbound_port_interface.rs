//! A published port bound to every host interface.

use crate::compose::model::Port;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC119",
    name: "unbound-port-interface",
    kind: Compose,
    severity: Warning,
    summary: "a service publishes a port on every host interface",
    origins: [
        compose_lint("CL-0005"),
        kics("container_traffic_not_bound_to_host_interface"),
        kics("451d79dc-0588-476a-ad03-3c7f0320abb3"),
        dclint("no-unbound-port-interfaces"),
    ],
};

/// Whether a host IP, as written, means every interface: empty, `*`, or an
/// unspecified address in either family (`0.0.0.0`, `::`, `::ffff:0.0.0.0`).
pub fn is_wildcard_ip(ip: &str) -> bool {
    let ip = ip.trim();
    if ip.is_empty() || ip == "*" {
        return true;
    }
    let ip = ip.strip_prefix('[').and_then(|s| s.strip_suffix(']')).unwrap_or(ip);
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(a)) => a.is_unspecified(),
        Ok(std::net::IpAddr::V6(a)) => {
            a.is_unspecified() || a.to_ipv4_mapped().is_some_and(|v4| v4.is_unspecified())
        }
        Err(_) => false,
    }
}

/// The port as written, for messages.
fn shown(cx: &ComposeContext, p: &Port) -> String {
    if p.long {
        let part = |r: &Option<crate::compose::model::PortRange>| {
            r.as_ref().map(|r| cx.text_at(r.span).to_string())
        };
        match (part(&p.published), part(&p.target)) {
            (Some(h), Some(t)) => format!("{h}:{t}"),
            (None, Some(t)) => t,
            _ => "long syntax".to_string(),
        }
    } else {
        cx.text_at(p.span).trim_matches(['"', '\'']).to_string()
    }
}

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for p in &svc.ports {
            let open = match &p.host_ip {
                None => true,
                Some(f) if f.is_null() => true,
                Some(f) => f.text().is_some_and(is_wildcard_ip),
            };
            if !open || p.target.is_none() {
                continue;
            }
            let port = shown(cx, p);
            let (msg, help) = if p.published.is_none() {
                (
                    format!("service `{}` publishes port `{port}` on a random host port on every interface", svc.name.value),
                    format!("bind it to one interface, such as `127.0.0.1::{port}`, or use `expose` if only other services need it"),
                )
            } else {
                (
                    format!("service `{}` publishes port `{port}` on every host interface", svc.name.value),
                    format!("bind it to one interface, such as `127.0.0.1:{port}`; Docker's published ports bypass host firewalls such as ufw"),
                )
            };
            out.report(&META, p.span, msg).help(help);
        }
    }
}
