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
    fixable: true,
    options: Some(|t| crate::rules::support::fix_value::parse(t, check_user)),
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = &svc.user
            && let Some(v) = f.text()
            && is_root_user(v)
        {
            let user = crate::rules::support::fix_value::get(cx.options, &META, DEFAULT_USER);
            let fix = crate::rules::support::service_fixes::unsafe_fix(
                format!("run as `{user}`"),
                crate::compose::edit::replace_scalar(cx.project, f.node_span, f.style, user),
            );
            let d = out.report(
                &META,
                f.span,
                format!("service `{}` runs as root (`user: {}`)", svc.name.value, f.raw),
            );
            d.help("run as an unprivileged user, such as `user: \"10001:10001\"`");
            if let Some(fix) = fix {
                d.fix(fix);
            }
        }
    }
}

/// The user the fix sets when `fix-value` is not configured.
pub const DEFAULT_USER: &str = "10001:10001";

fn check_user(v: &str) -> Result<(), String> {
    if v.trim().is_empty() {
        return Err("expected a user, such as `10001:10001`".into());
    }
    if is_root_user(v) {
        return Err("that is root".into());
    }
    Ok(())
}
