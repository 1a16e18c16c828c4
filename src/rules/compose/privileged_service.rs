//! `privileged: true`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC001",
    name: "privileged-service",
    kind: Compose,
    severity: Error,
    summary: "a service runs in privileged mode",
    origins: [
        kics("privileged_containers_enabled"),
        kics("ae5b6871-7f45-42e0-bb4c-ab300c4d2026"),
        compose_lint("CL-0002"),
        semgrep("privileged-service"),
    ],
    fixable: true,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = &svc.privileged
            && f.as_bool() == Some(true)
        {
            let fix = f.key.and_then(|k| {
                crate::rules::support::service_fixes::unsafe_fix(
                    "remove `privileged: true`".into(),
                    crate::compose::edit::remove_entry(cx.project, k, f.node_span),
                )
            });
            let d = out.report(
                &META,
                f.span,
                format!("service `{}` runs privileged: it has every capability and access to all host devices", svc.name.value),
            );
            d.help("remove `privileged: true`; add only the capabilities (`cap_add`) or devices (`devices`) the service needs");
            if let Some(fix) = fix {
                d.fix(fix);
            }
        }
    }
}
