//! `pid: host`.

use crate::rules::prelude::*;
use crate::rules::support::settings::host_mode;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC100",
    name: "host-pid-namespace",
    kind: Compose,
    severity: Error,
    summary: "a service shares the host's process namespace",
    origins: [
        kics("host_namespace_is_shared"),
        kics("4f31dd9f-2cc3-4751-9b53-67e4af83dac0"),
        compose_lint("CL-0010"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = host_mode(svc.pid.as_ref()) {
            out.report(
                &META,
                f.span,
                format!("service `{}` sees and can signal every process on the host (`pid: host`)", svc.name.value),
            )
            .help("remove `pid: host`; to share processes with one other service, use `pid: \"service:<name>\"`");
        }
    }
}
