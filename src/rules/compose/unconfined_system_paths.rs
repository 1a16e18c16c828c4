//! `security_opt: systempaths=unconfined`.

use crate::rules::prelude::*;
use crate::rules::support::settings::security_opts;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC118",
    name: "unconfined-system-paths",
    kind: Compose,
    severity: Error,
    summary: "a service unmasks the kernel's paths under `/proc` and `/sys`",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for o in security_opts(svc) {
            if o.key == "systempaths" && o.value.as_deref() == Some("unconfined") {
                out.report(
                    &META,
                    o.field.span,
                    format!("service `{}` unmasks `/proc` and `/sys` paths that reconfigure the host kernel (`{}`)", svc.name.value, o.field.raw),
                )
                .help("remove the entry so Docker keeps masking these paths");
            }
        }
    }
}
