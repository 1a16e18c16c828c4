//! A Docker daemon reachable over TCP.

use crate::compose::model::{EnvVar, Service};
use crate::rules::prelude::*;
use crate::rules::support::commands::command_script;
use crate::rules::support::daemon::{
    DAEMON_PORTS, endpoint_host, endpoints, image_program, is_endpoint_var,
    is_socket_proxy_image, is_tcp_endpoint,
};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC014",
    name: "service-docker-daemon-tcp",
    kind: Compose,
    severity: Error,
    summary: "a service exposes or uses a Docker daemon over TCP",
    origins: [],
};

const HELP: &str = "keep the daemon on its Unix socket; if remote access is required, use SSH (`ssh://`) or mutual TLS on a private network";

/// Whether `host` names a service of the project that runs a Docker socket
/// proxy (by service name, `container_name`, `hostname` or network alias).
fn is_socket_proxy(cx: &ComposeContext, host: &str) -> bool {
    cx.compose.services.iter().any(|s| {
        let proxy = s
            .image
            .as_ref()
            .and_then(|i| i.text())
            .is_some_and(is_socket_proxy_image);
        if !proxy {
            return false;
        }
        let text = |f: &Option<crate::compose::model::Field>| {
            f.as_ref().and_then(|f| f.text()).is_some_and(|t| t == host)
        };
        s.name.value == host
            || text(&s.container_name)
            || s.get("hostname").and_then(|n| n.as_str()) == Some(host)
            || s.networks.iter().any(|n| {
                n.aliases
                    .as_ref()
                    .is_some_and(|a| a.iter().any(|f| f.text() == Some(host)))
            })
    })
}

fn environment(cx: &ComposeContext, svc: &Service, vars: &[EnvVar], out: &mut Diagnostics) {
    for e in vars {
        if !is_endpoint_var(&e.key.value) {
            continue;
        }
        let Some(v) = &e.value else { continue };
        let Some(t) = v.text() else { continue };
        if !is_tcp_endpoint(t) || is_socket_proxy(cx, endpoint_host(t)) {
            continue;
        }
        out.report(
            &META,
            v.span,
            format!(
                "service `{}` talks to a Docker daemon over TCP (`{}={t}`)",
                svc.name.value, e.key.value
            ),
        )
        .help(HELP);
    }
}

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for p in &svc.ports {
            let Some(host) = &p.published else {
                continue;
            };
            let hit = DAEMON_PORTS.into_iter().find(|&port| {
                host.contains(port) || p.target.as_ref().is_some_and(|t| t.contains(port))
            });
            if let Some(port) = hit {
                out.report(
                    &META,
                    p.span,
                    format!("service `{}` publishes the Docker daemon port {port}", svc.name.value),
                )
                .help(HELP);
            }
        }
        let implied = svc
            .image
            .as_ref()
            .and_then(|i| i.text())
            .and_then(image_program);
        for c in svc.command.iter().chain(&svc.entrypoint) {
            for cmd in &command_script(c).commands {
                for e in endpoints(cmd, implied) {
                    if !is_tcp_endpoint(e.value) {
                        continue;
                    }
                    let msg = if e.listens {
                        format!(
                            "service `{}` runs `dockerd` listening on TCP (`{}`)",
                            svc.name.value, e.value
                        )
                    } else if is_socket_proxy(cx, endpoint_host(e.value)) {
                        continue;
                    } else {
                        format!(
                            "service `{}` talks to a Docker daemon over TCP (`{}`)",
                            svc.name.value, e.value
                        )
                    };
                    out.report(&META, e.word.span, msg).help(HELP);
                }
            }
        }
        environment(cx, svc, &svc.environment, out);
    }
}
