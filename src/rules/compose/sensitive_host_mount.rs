//! A sensitive host path mounted: kernel interfaces, devices, home
//! directories, runtime state, or system configuration read-only.

use crate::rules::prelude::*;
use crate::rules::support::host_paths::{host_mounts, sensitive};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC122",
    name: "sensitive-host-mount",
    kind: Compose,
    severity: Warning,
    summary: "a service mounts a host path that exposes the host's kernel, devices or users' data",
    origins: [
        compose_lint("CL-0013"),
        kics("volume_has_sensitive_host_directory"),
        kics("1c1325ff-831d-43a1-973e-839ae57dfcc0"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for m in host_mounts(cx.compose, svc) {
            let Some(what) = sensitive(&m.path, m.read_only) else {
                continue;
            };
            out.report(
                &META,
                m.span,
                format!("service `{}` mounts host path `{}`, which exposes {what}", svc.name.value, m.written),
            )
            .help("remove the mount; copy the files the service needs into the image or a named volume");
        }
    }
}
