//! `userns_mode: host`.

use crate::rules::prelude::*;
use crate::rules::support::settings::host_mode;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC103",
    name: "host-user-namespace",
    kind: Compose,
    severity: Warning,
    summary: "a service opts out of user namespace remapping (`userns_mode: host`)",
    origins: [
        kics("shared_host_user_namespace"),
        kics("8af7162d-6c98-482f-868e-0d33fb675ca8"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = host_mode(svc.userns_mode.as_ref()) {
            out.report(
                &META,
                f.span,
                format!("service `{}` runs in the host's user namespace (`userns_mode: host`), so its root is the host's root", svc.name.value),
            )
            .help("remove `userns_mode: host` so the daemon's user namespace remapping applies");
        }
    }
}
