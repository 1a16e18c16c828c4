//! `build.entitlements` that lift the build sandbox.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC140",
    name: "insecure-build-entitlement",
    kind: Compose,
    severity: Error,
    summary: "a service's build is granted an entitlement that lifts the build sandbox",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let Some(list) = svc.build.as_ref().and_then(|b| b.entitlements.as_ref()) else {
            continue;
        };
        for f in list.iter() {
            let what = match f.text().map(str::trim) {
                Some("security.insecure") => "runs `RUN --security=insecure` steps privileged on the build host",
                Some("network.host") => "gives `RUN --network=host` steps the build host's network",
                _ => continue,
            };
            out.report(
                &META,
                f.span,
                format!("service `{}` grants its build `{}`, which {what}", svc.name.value, f.raw),
            )
            .help("remove the entitlement; fetch what the build needs in a step with the default sandbox");
        }
    }
}
