//! A container runtime's (or systemd's) control socket, or a directory
//! holding one, mounted into a service.

use crate::rules::prelude::*;
use crate::rules::support::host_paths::{control_socket, host_mounts};
use crate::rules::support::is_docker_socket;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC120",
    name: "control-socket-mount",
    kind: Compose,
    severity: Error,
    summary: "a service mounts a host control socket, or a directory that holds one",
    origins: [
        compose_lint("CL-0001"),
        kics("docker_socket_mounted_in_container"),
        kics("d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for m in host_mounts(cx.compose, svc) {
            // A direct bind of the Docker socket is `docker-socket-mount`'s.
            if m.via.is_none() && is_docker_socket(&m.written) {
                continue;
            }
            let Some(what) = control_socket(&m.path) else {
                continue;
            };
            let how = match &m.via {
                Some(v) => format!(" through {v}"),
                None => String::new(),
            };
            let msg = if m.path.contains(".sock") || m.path.ends_with("systemd/private") {
                format!("service `{}` mounts the {what} control socket `{}`{how}, which gives it root on the host", svc.name.value, m.written)
            } else {
                format!("service `{}` mounts `{}`{how}, which holds {what} and so gives it root on the host", svc.name.value, m.written)
            };
            out.report(&META, m.span, msg)
                .help("remove the mount; mount only the files the service needs, and give it a socket proxy if it must manage containers");
        }
    }
}
