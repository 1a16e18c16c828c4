//! A Docker daemon exposed, or reached, over TCP.

use crate::dockerfile::{Keyword, StageBase};
use crate::rules::prelude::*;
use crate::rules::support::daemon::{
    DAEMON_PORTS, endpoints, image_program, is_endpoint_var, is_tcp_endpoint,
};
use crate::rules::support::exposed_ports;

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
    let model = cx.model();
    for s in &model.scripts {
        // A `CMD` of options only is run by the base image's entrypoint.
        let only_options = s
            .script
            .commands
            .iter()
            .any(|c| c.words.first().is_some_and(|w| w.text.starts_with('-')));
        let implied = if only_options {
            model
                .stage_of
                .get(s.instruction)
                .copied()
                .flatten()
                .and_then(|st| match &model.stages[st].base {
                    StageBase::Image { resolved, .. } => image_program(resolved),
                    _ => None,
                })
        } else {
            None
        };
        for cmd in &s.script.commands {
            for e in endpoints(cmd, implied) {
                if !is_tcp_endpoint(e.value) {
                    continue;
                }
                let msg = if e.listens {
                    format!("`dockerd` listens on TCP (`{}`)", e.value)
                } else {
                    format!("a command connects to a Docker daemon over TCP (`{}`)", e.value)
                };
                out.report(&META, e.word.span, msg).help(HELP);
            }
        }
    }
    for p in exposed_ports(cx) {
        if let Some(port) = DAEMON_PORTS.into_iter().find(|&port| p.range.contains(port)) {
            out.report(
                &META,
                p.span,
                format!("`EXPOSE {}` opens the Docker daemon port {port}", p.word),
            )
            .help(HELP);
        }
    }
    for ins in &df.instructions {
        if ins.keyword != Keyword::Env {
            continue;
        }
        for kv in ins.pairs() {
            if is_endpoint_var(&kv.key.value)
                && let Some(v) = &kv.value
                && is_tcp_endpoint(&v.value)
            {
                out.report(
                    &META,
                    v.span,
                    format!(
                        "`{}` points at a Docker daemon over TCP (`{}`)",
                        kv.key.value, v.value
                    ),
                )
                .help(HELP);
            }
        }
    }
}
