//! `logging.driver: none`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC127",
    name: "logging-disabled",
    kind: Compose,
    severity: Warning,
    summary: "a service's logs are discarded (`logging.driver: none`)",
    origins: [compose_lint("CL-0014")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = svc.logging.as_ref().and_then(|l| l.driver.as_ref())
            && f.text().is_some_and(|d| d.trim().eq_ignore_ascii_case("none"))
        {
            out.report(
                &META,
                f.span,
                format!("service `{}` discards its logs (`driver: none`), leaving no trace of what it did", svc.name.value),
            )
            .help("use a logging driver (`local`, `json-file` with `max-size`, `syslog`, ...) to bound the volume instead of dropping everything");
        }
    }
}
