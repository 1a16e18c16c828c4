//! `read_only` absent or false.

use crate::compose::edit::{NewValue, replace_scalar};
use crate::rules::prelude::*;
use crate::rules::support::service_fixes::{set_fix, unsafe_fix};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC007",
    name: "writable-rootfs",
    kind: Compose,
    severity: Warning,
    summary: "a service's root filesystem is writable",
    origins: [compose_lint("CL-0007"), semgrep("writable-filesystem-service")],
    fixable: true,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        match &svc.read_only {
            Some(f) if f.is_unknown() => {}
            Some(f) if f.as_bool() == Some(true) => {}
            Some(f) if f.as_bool() == Some(false) => {
                let fix = unsafe_fix(
                    "set `read_only: true`".into(),
                    replace_scalar(cx.project, f.node_span, f.style, "true"),
                );
                let d = out.report(
                    &META,
                    f.span,
                    format!("service `{}` has a writable root filesystem (`read_only: {}`)", svc.name.value, f.raw),
                );
                d.help("set `read_only: true` and mount `tmpfs` or volumes for the paths the service writes");
                if let Some(fix) = fix {
                    d.fix(fix);
                }
            }
            Some(_) => {}
            None => {
                if svc.partial {
                    continue;
                }
                let fix = set_fix(cx, svc, &["read_only"], NewValue::Plain("true".into()), "add `read_only: true`".into());
                let d = out.report(
                    &META,
                    svc.name.span,
                    format!("service `{}` has a writable root filesystem", svc.name.value),
                );
                d.help("add `read_only: true` and mount `tmpfs` or volumes for the paths the service writes");
                if let Some(fix) = fix {
                    d.fix(fix);
                }
            }
        }
    }
}
