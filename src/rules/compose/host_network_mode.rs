//! `network_mode: host`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC011",
    name: "host-network-mode",
    kind: Compose,
    severity: Error,
    summary: "a service shares the host's network namespace",
    origins: [
        kics("shared_host_network_namespace"),
        kics("071a71ff-f868-47a4-ac0b-3c59e4ab5443"),
        compose_lint("CL-0008"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = &svc.network_mode
            && f.text().is_some_and(|v| v.trim().eq_ignore_ascii_case("host"))
        {
            out.report(
                &META,
                f.span,
                format!("service `{}` uses the host's network stack (`network_mode: host`)", svc.name.value),
            )
            .help("remove `network_mode: host`; publish the ports the service needs with `ports`");
        }
    }
}
