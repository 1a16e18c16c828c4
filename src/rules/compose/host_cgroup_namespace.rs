//! `cgroup: host`.

use crate::rules::prelude::*;
use crate::rules::support::settings::host_mode;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC104",
    name: "host-cgroup-namespace",
    kind: Compose,
    severity: Warning,
    summary: "a service shares the host's cgroup namespace",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = host_mode(svc.cgroup.as_ref()) {
            out.report(
                &META,
                f.span,
                format!("service `{}` sees the host's whole cgroup tree (`cgroup: host`)", svc.name.value),
            )
            .help("remove `cgroup: host` (or set `cgroup: private`)");
        }
    }
}
