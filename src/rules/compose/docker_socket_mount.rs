//! The Docker daemon socket mounted into a service.

use crate::rules::prelude::*;
use crate::rules::support::is_docker_socket;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC010",
    name: "docker-socket-mount",
    kind: Compose,
    severity: Error,
    summary: "a service mounts the Docker daemon socket",
    origins: [
        kics("docker_socket_mounted_in_container"),
        kics("d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b"),
        compose_lint("CL-0001"),
        semgrep("exposing-docker-socket-volume"),
    ],
};

const HELP: &str = "remove the mount; if the service must manage containers, give it a socket proxy that allows only the API calls it needs";

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for v in &svc.volumes {
            let Some(src) = &v.source else {
                continue;
            };
            let Some(path) = src.text() else {
                continue;
            };
            if is_docker_socket(path) {
                let msg = if path.contains("docker") {
                    format!("service `{}` mounts the Docker socket `{path}`, which gives it root on the host", svc.name.value)
                } else {
                    format!("service `{}` mounts `{path}`, which holds the Docker socket and so gives it root on the host", svc.name.value)
                };
                out.report(&META, src.span, msg).help(HELP);
            }
        }
        if let Some(f) = &svc.use_api_socket
            && f.as_bool() == Some(true)
        {
            let span = f.key.map_or(f.span, |k| k.cover(f.span));
            out.report(
                &META,
                span,
                format!("service `{}` sets `use_api_socket: true`, which mounts the Docker socket and gives it root on the host", svc.name.value),
            )
            .help(HELP);
        }
    }
}
