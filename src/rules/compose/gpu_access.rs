//! `gpus` given to a service.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC126",
    name: "gpu-access",
    kind: Compose,
    severity: Info,
    summary: "a service is given the host's GPUs",
    origins: [],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(g) = &svc.gpus {
            out.report(
                &META,
                g.key.cover(g.span),
                format!("service `{}` is given host GPUs, whose drivers run in the host kernel", svc.name.value),
            )
            .help("give GPUs only to services that need them, and list device ids instead of `all`");
        }
    }
}
