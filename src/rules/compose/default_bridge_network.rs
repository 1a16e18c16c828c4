//! `network_mode: bridge`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC012",
    name: "default-bridge-network",
    kind: Compose,
    severity: Warning,
    summary: "a service is attached to Docker's default bridge network",
    origins: [
        kics("networks_not_set"),
        kics("ce14a68b-1668-41a0-ab7d-facd9f784742"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = &svc.network_mode
            && f.text().is_some_and(|v| v.trim().eq_ignore_ascii_case("bridge"))
        {
            out.report(
                &META,
                f.span,
                format!("service `{}` is attached to the default bridge network `docker0`", svc.name.value),
            )
            .help("remove `network_mode: bridge`: Compose then puts the service on the project's own network, or define a network under `networks`");
        }
    }
}
