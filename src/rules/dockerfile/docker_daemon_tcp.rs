//! A Docker daemon exposed over TCP.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;
use crate::rules::support::{dockerd_tcp_host, exposed_ports};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF009",
    name: "docker-daemon-tcp",
    kind: Dockerfile,
    severity: Error,
    summary: "a Docker daemon is exposed over TCP",
    origins: [],
};

const HELP: &str = "keep the daemon on its Unix socket; if remote access is required, use SSH (`ssh://`) or mutual TLS on a private network";

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    for s in &cx.model().scripts {
        for cmd in &s.script.commands {
            if let Some(w) = dockerd_tcp_host(&cmd.effective()) {
                out.report(&META, w.span, format!("`dockerd` listens on TCP (`{}`)", w.text))
                    .help(HELP);
            }
        }
    }
    for p in exposed_ports(cx) {
        for port in [2375u16, 2376] {
            if p.range.contains(port) {
                out.report(
                    &META,
                    p.span,
                    format!("`EXPOSE {}` opens the Docker daemon port {port}", p.word),
                )
                .help(HELP);
                break;
            }
        }
    }
    for ins in &df.instructions {
        if ins.keyword != Keyword::Env {
            continue;
        }
        for kv in ins.pairs() {
            if kv.key.value == "DOCKER_HOST"
                && let Some(v) = &kv.value
                && v.value.trim().to_ascii_lowercase().starts_with("tcp://")
            {
                out.report(
                    &META,
                    v.span,
                    format!("`DOCKER_HOST` points at a Docker daemon over TCP (`{}`)", v.value),
                )
                .help(HELP);
            }
        }
    }
}
