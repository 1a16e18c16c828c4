//! A Docker daemon reachable over TCP.

use crate::rules::prelude::*;
use crate::rules::support::commands::command_script;
use crate::rules::support::dockerd_tcp_host;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC014",
    name: "service-docker-daemon-tcp",
    kind: Compose,
    severity: Error,
    summary: "a service exposes or uses a Docker daemon over TCP",
    origins: [],
};

const HELP: &str = "keep the daemon on its Unix socket; if remote access is required, use SSH (`ssh://`) or mutual TLS on a private network";

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for p in &svc.ports {
            let Some(host) = &p.published else {
                continue;
            };
            let hit = [2375u16, 2376].into_iter().find(|&port| {
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
        for c in svc.command.iter().chain(&svc.entrypoint) {
            for cmd in &command_script(c).commands {
                if let Some(w) = dockerd_tcp_host(&cmd.effective()) {
                    out.report(
                        &META,
                        w.span,
                        format!("service `{}` runs `dockerd` listening on TCP (`{}`)", svc.name.value, w.text),
                    )
                    .help(HELP);
                }
            }
        }
        for e in &svc.environment {
            if e.key.value != "DOCKER_HOST" {
                continue;
            }
            if let Some(v) = &e.value
                && let Some(t) = v.text()
                && t.trim().to_ascii_lowercase().starts_with("tcp://")
            {
                out.report(
                    &META,
                    v.span,
                    format!("service `{}` talks to a Docker daemon over TCP (`DOCKER_HOST={t}`)", svc.name.value),
                )
                .help(HELP);
            }
        }
    }
}
