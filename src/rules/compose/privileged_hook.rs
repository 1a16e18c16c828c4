//! A lifecycle hook (`post_start`, `pre_stop`) that runs privileged.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC137",
    name: "privileged-hook",
    kind: Compose,
    severity: Error,
    summary: "a service's lifecycle hook runs privileged",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for (key, hooks) in [("post_start", &svc.post_start), ("pre_stop", &svc.pre_stop)] {
            for h in hooks {
                if let Some(f) = &h.privileged
                    && f.as_bool() == Some(true)
                {
                    out.report(
                        &META,
                        f.span,
                        format!("service `{}` runs a `{key}` hook privileged, with every capability and all host devices", svc.name.value),
                    )
                    .help("remove `privileged: true` from the hook; give the service the one capability the hook needs instead");
                }
            }
        }
    }
}
