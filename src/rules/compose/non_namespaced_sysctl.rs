//! `sysctls` that reach the host kernel.

use crate::rules::prelude::*;
use crate::rules::support::settings::host_mode;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC141",
    name: "non-namespaced-sysctl",
    kind: Compose,
    severity: Error,
    summary: "a service sets a kernel parameter that is not isolated to its container",
    origins: [],
};

/// The namespace a sysctl belongs to, or `None` when it is host-wide.
fn namespace(name: &str) -> Option<&'static str> {
    const IPC: [&str; 8] = [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
        "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
    ];
    if IPC.contains(&name) || name.starts_with("fs.mqueue.") {
        Some("ipc")
    } else if name.starts_with("net.") {
        Some("network")
    } else if name == "kernel.domainname" || name == "kernel.hostname" {
        Some("uts")
    } else {
        None
    }
}

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for e in &svc.sysctls {
            let name = e.key.value.trim().replace('/', ".");
            let shared = match namespace(&name) {
                None => Some("it is not namespaced and applies to the whole host"),
                Some("network") if host_mode(svc.network_mode.as_ref()).is_some() => {
                    Some("the service uses the host's network namespace")
                }
                Some("ipc") if host_mode(svc.ipc.as_ref()).is_some() => {
                    Some("the service uses the host's IPC namespace")
                }
                Some("uts") if host_mode(svc.uts.as_ref()).is_some() => {
                    Some("the service uses the host's UTS namespace")
                }
                _ => None,
            };
            if let Some(why) = shared {
                out.report(
                    &META,
                    e.key.span,
                    format!("service `{}` sets kernel parameter `{name}` for the host: {why}", svc.name.value),
                )
                .help("set host kernel parameters on the host; give containers only namespaced `net.*`, `kernel.shm*`, `kernel.msg*`, `kernel.sem` and `fs.mqueue.*` settings");
            }
        }
    }
}
