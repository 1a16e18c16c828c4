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
    fixable: true,
    options: Some(|t| crate::rules::support::fix_value::parse(t, check_ip)),
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
            let fix = port_fix(cx, svc, p);
            let d = out.report(&META, p.span, msg);
            d.help(help);
            if let Some(fix) = fix {
                d.fix(fix);
            }
        }
    }
}

/// The address the fix binds ports to unless `fix-value` is configured.
pub const DEFAULT_IP: &str = "127.0.0.1";

fn check_ip(v: &str) -> Result<(), String> {
    match v.trim_matches(['[', ']']).parse::<std::net::IpAddr>() {
        Ok(ip) if ip.is_unspecified() => Err("that is every interface".into()),
        Ok(_) => Ok(()),
        Err(_) => Err("expected an IP address, such as `127.0.0.1`".into()),
    }
}

/// Binds the port to one address: `127.0.0.1:` before a short item (after
/// its opening quote), the wildcard address replaced, or `host_ip` added
/// to a long item. Unsafe: other hosts can no longer reach the port.
fn port_fix(
    cx: &ComposeContext,
    svc: &crate::compose::model::Service,
    p: &crate::compose::model::Port,
) -> Option<Fix> {
    let ip = crate::rules::support::fix_value::get(cx.options, &META, DEFAULT_IP);
    let shown = if ip.contains(':') && !ip.starts_with('[') {
        format!("[{ip}]")
    } else {
        ip.to_string()
    };
    let message = format!("bind the port to `{shown}`");
    let edit = if p.long {
        let ports = svc.get("ports")?.as_seq()?;
        // Items are in file order: a binary search, not a scan per port.
        let item = ports
            .binary_search_by_key(&p.span.start, |i| i.span.start)
            .ok()
            .map(|i| &ports[i])
            .filter(|i| i.span == p.span)?;
        match &p.host_ip {
            Some(f) if !f.is_null() => crate::compose::edit::replace_scalar(cx.project, f.node_span, f.style, ip)?,
            Some(_) => return None,
            None => {
                let region = Span::new(item.span.start, item.span.end);
                crate::compose::edit::set_key(
                    cx.project,
                    item,
                    region,
                    &["host_ip"],
                    &crate::compose::edit::NewValue::Str(ip.to_string()),
                    crate::compose::edit::Layout { unit: 2, indent_sequences: true },
                )?
            }
        }
    } else {
        match &p.host_ip {
            // `0.0.0.0:8080:80`: the address is written; replace it.
            Some(f) if !f.is_null() => {
                if f.span == f.node_span || cx.text_at(f.span) != f.raw {
                    return None;
                }
                Edit::replace(f.span, shown.clone())
            }
            _ => {
                let written = cx.text_at(p.span);
                // A port the model could not read fully is left alone.
                if p.published.is_none() && written.contains(':') {
                    return None;
                }
                let quoted = written.starts_with(['"', '\'']);
                if written.contains('\n') || written.starts_with(['!', '&', '*', '|', '>']) {
                    return None;
                }
                let prefix = if p.published.is_none() {
                    format!("{shown}::")
                } else {
                    format!("{shown}:")
                };
                // `- 80` is a number: quote the new string.
                if !quoted && crate::yaml::plain_kind(written) != crate::yaml::ScalarKind::Str {
                    Edit::replace(p.span, format!("\"{prefix}{written}\""))
                } else {
                    Edit::insert(p.span.start + u32::from(quoted), prefix)
                }
            }
        }
    };
    Some(Fix::unsafe_edit(message, vec![edit]))
}
