//! A Docker daemon reachable over TCP.

use crate::compose::model::Command;
use crate::rules::prelude::*;
use crate::rules::support::dockerd_tcp_host;
use crate::shell;
use crate::source::OffsetMap;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC014",
    name: "service-docker-daemon-tcp",
    kind: Compose,
    severity: Error,
    summary: "a service exposes or uses a Docker daemon over TCP",
    origins: [],
};

const HELP: &str = "keep the daemon on its Unix socket; if remote access is required, use SSH (`ssh://`) or mutual TLS on a private network";

/// The commands of a `command` or `entrypoint`, with file spans.
fn commands(c: &Command) -> shell::Script {
    if c.shell_form {
        let Some(f) = c.args.first() else {
            return shell::Script::default();
        };
        // Parse the text as written when it maps to the file byte for byte;
        // otherwise point every word at the whole value.
        match f.verbatim_origin() {
            Some(origin) => shell::parse(&f.raw, &OffsetMap::contiguous(origin)),
            None => {
                let mut script = shell::parse(f.text().unwrap_or(&f.raw), &OffsetMap::contiguous(0));
                for cmd in &mut script.commands {
                    for w in &mut cmd.words {
                        w.span = f.span;
                    }
                }
                script
            }
        }
    } else {
        let words: Vec<Spanned<String>> = c
            .args
            .iter()
            .map(|f| Spanned::new(f.text().unwrap_or(&f.raw).to_string(), f.span))
            .collect();
        shell::Script::from_argv(&words)
    }
}

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
            for cmd in &commands(c).commands {
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
