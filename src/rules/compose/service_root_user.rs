//! `user: root`.

use crate::rules::prelude::*;
use crate::rules::support::is_root_user;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC008",
    name: "service-root-user",
    kind: Compose,
    severity: Warning,
    summary: "a service runs as root (`user: root` or `0`)",
    origins: [compose_lint("CL-0018")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = &svc.user
            && let Some(v) = f.text()
            && is_root_user(v)
        {
            out.report(
                &META,
                f.span,
                format!("service `{}` runs as root (`user: {}`)", svc.name.value, f.raw),
            )
            .help("run as an unprivileged user, such as `user: \"10001:10001\"`");
        }
    }
}
