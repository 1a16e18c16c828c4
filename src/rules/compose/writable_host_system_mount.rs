//! A root-equivalent host path mounted writable.

use crate::rules::prelude::*;
use crate::rules::support::host_paths::{control_socket, host_mounts, root_equivalent};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC121",
    name: "writable-host-system-mount",
    kind: Compose,
    severity: Error,
    summary: "a service mounts a host system path writable, which is root on the host",
    origins: [
        compose_lint("CL-0025"),
        kics("volume_has_sensitive_host_directory"),
        kics("1c1325ff-831d-43a1-973e-839ae57dfcc0"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for m in host_mounts(cx.compose, svc) {
            if m.read_only || control_socket(&m.path).is_some() {
                continue;
            }
            let Some((dir, grant)) = root_equivalent(&m.path) else {
                continue;
            };
            out.report(
                &META,
                m.span,
                format!("service `{}` mounts host path `{}` writable; writing under `{dir}` ({grant}) is root on the host", svc.name.value, m.written),
            )
            .help("remove the mount, or append `:ro` if the service only reads it");
        }
    }
}
