//! `read_only` absent or false.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC007",
    name: "writable-rootfs",
    kind: Compose,
    severity: Warning,
    summary: "a service's root filesystem is writable",
    origins: [compose_lint("CL-0007"), semgrep("writable-filesystem-service")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        match &svc.read_only {
            Some(f) if f.is_unknown() => {}
            Some(f) if f.as_bool() == Some(true) => {}
            Some(f) if f.as_bool() == Some(false) => {
                out.report(
                    &META,
                    f.span,
                    format!("service `{}` has a writable root filesystem (`read_only: {}`)", svc.name.value, f.raw),
                )
                .help("set `read_only: true` and mount `tmpfs` or volumes for the paths the service writes");
            }
            Some(_) => {}
            None => {
                if svc.partial {
                    continue;
                }
                out.report(
                    &META,
                    svc.name.span,
                    format!("service `{}` has a writable root filesystem", svc.name.value),
                )
                .help("add `read_only: true` and mount `tmpfs` or volumes for the paths the service writes");
            }
        }
    }
}
