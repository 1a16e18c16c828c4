//! No `cap_drop: [ALL]`.

use crate::compose::edit::{NewValue, append_item};
use crate::rules::prelude::*;
use crate::rules::support::service_fixes::{set_fix, unsafe_fix};
use crate::rules::support::capabilities::drops_all;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC113",
    name: "missing-cap-drop",
    aliases: ["no-cap-drop"],
    kind: Compose,
    severity: Warning,
    summary: "a service keeps Docker's default capabilities instead of dropping them all",
    origins: [
        compose_lint("CL-0006"),
        kics("container_capabilities_unrestricted"),
        kics("ce76b7d0-9e77-464d-b86f-c5c48e03e22d"),
    ],
    fixable: true,
};

const HELP: &str = "add `cap_drop: [ALL]` and add back in `cap_add` only the capabilities the service needs";

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if drops_all(svc) {
            continue;
        }
        match &svc.cap_drop {
            Some(list) => {
                if list.iter().any(|f| f.is_unknown()) {
                    continue;
                }
                let fix = unsafe_fix(
                    "add `ALL` to `cap_drop`".into(),
                    svc.get("cap_drop")
                        .filter(|n| n.as_seq().is_some())
                        .and_then(|n| append_item(cx.project, n, "ALL")),
                );
                let d = out.report(
                    &META,
                    list.key,
                    format!("service `{}` drops some capabilities but keeps the rest of Docker's defaults", svc.name.value),
                );
                d.help(HELP);
                if let Some(fix) = fix {
                    d.fix(fix);
                }
            }
            None => {
                if svc.extends.is_some() {
                    continue;
                }
                let fix = set_fix(
                    cx,
                    svc,
                    &["cap_drop"],
                    NewValue::List(vec!["ALL".into()]),
                    "add `cap_drop: [ALL]`".into(),
                );
                let d = out.report(
                    &META,
                    svc.name.span,
                    format!("service `{}` keeps Docker's default capabilities (no `cap_drop: [ALL]`)", svc.name.value),
                );
                d.help(HELP);
                if let Some(fix) = fix {
                    d.fix(fix);
                }
            }
        }
    }
}
