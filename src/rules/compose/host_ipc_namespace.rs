//! `ipc: host`.

use crate::rules::prelude::*;
use crate::rules::support::settings::host_mode;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC101",
    name: "host-ipc-namespace",
    kind: Compose,
    severity: Error,
    summary: "a service shares the host's IPC namespace",
    origins: [
        kics("shared_host_ipc_namespace"),
        kics("baa3890f-bed7-46f5-ab8f-1da8fc91c729"),
        compose_lint("CL-0010"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = host_mode(svc.ipc.as_ref()) {
            out.report(
                &META,
                f.span,
                format!("service `{}` shares the host's shared memory and message queues (`ipc: host`)", svc.name.value),
            )
            .help("remove `ipc: host`; to share memory between services, set `ipc: shareable` on one and `ipc: \"service:<name>\"` on the other");
        }
    }
}
