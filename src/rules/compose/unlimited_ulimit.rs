//! A `ulimits` entry raised to unlimited.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC156",
    name: "unlimited-ulimit",
    kind: Compose,
    severity: Info,
    summary: "a service lifts a resource limit entirely (`ulimits` set to `-1`)",
    origins: [],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for u in &svc.ulimits {
            let unlimited = [&u.value, &u.soft, &u.hard]
                .into_iter()
                .flatten()
                .find(|f| f.text().is_some_and(|v| matches!(v.trim(), "-1" | "unlimited")));
            if let Some(f) = unlimited {
                out.report(
                    &META,
                    f.span,
                    format!("service `{}` sets no limit on `{}`", svc.name.value, u.name.value),
                )
                .help(format!("set a finite `{}` limit sized for the service", u.name.value));
            }
        }
    }
}
