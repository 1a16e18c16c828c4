//! A lifecycle hook that runs as root.

use crate::rules::prelude::*;
use crate::rules::support::is_root_user;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC138",
    name: "root-hook",
    kind: Compose,
    severity: Warning,
    summary: "a service's lifecycle hook runs as root while the service does not",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for (key, hooks) in [("post_start", &svc.post_start), ("pre_stop", &svc.pre_stop)] {
            for h in hooks {
                let Some(f) = &h.user else { continue };
                if f.text().is_some_and(is_root_user) {
                    out.report(
                        &META,
                        f.span,
                        format!("service `{}` runs a `{key}` hook as root (`user: {}`)", svc.name.value, f.raw),
                    )
                    .help("run the hook as the service's own user, or drop the hook's `user` to inherit it");
                }
            }
        }
    }
}
