//! `uts: host`.

use crate::rules::prelude::*;
use crate::rules::support::settings::host_mode;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC102",
    name: "host-uts-namespace",
    kind: Compose,
    severity: Warning,
    summary: "a service shares the host's UTS namespace (hostname)",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = host_mode(svc.uts.as_ref()) {
            out.report(
                &META,
                f.span,
                format!("service `{}` shares the host's hostname and domain name (`uts: host`)", svc.name.value),
            )
            .help("remove `uts: host`; set the container's own name with `hostname`");
        }
    }
}
