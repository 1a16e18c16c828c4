//! `security_opt: label:disable` and unconfined SELinux types.

use crate::rules::prelude::*;
use crate::rules::support::settings::security_opts;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC117",
    name: "selinux-disabled",
    kind: Compose,
    severity: Warning,
    summary: "a service runs without SELinux separation",
    origins: [compose_lint("CL-0009"), semgrep("selinux-separation-disabled")],
};

/// SELinux types that are not confined.
const UNCONFINED_TYPES: [&str; 2] = ["spc_t", "unconfined_t"];

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for o in security_opts(svc) {
            if o.key != "label" {
                continue;
            }
            let Some(v) = o.value.as_deref() else { continue };
            let unconfined_type = v
                .strip_prefix("type:")
                .or_else(|| v.strip_prefix("type="))
                .is_some_and(|t| UNCONFINED_TYPES.contains(&t.trim()));
            if v == "disable" || unconfined_type {
                out.report(
                    &META,
                    o.field.span,
                    format!("service `{}` turns off SELinux separation (`{}`)", svc.name.value, o.field.raw),
                )
                .help("remove the entry; to share files with the host, relabel the bind mount with `:z` or `:Z` instead");
            }
        }
    }
}
