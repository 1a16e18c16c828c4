//! A bind mount with shared propagation.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC123",
    name: "shared-mount-propagation",
    kind: Compose,
    severity: Warning,
    summary: "a service's bind mount propagates mounts back to the host (`shared`, `rshared`)",
    origins: [
        compose_lint("CL-0017"),
        kics("volume_mounted_in_multiple_containers"),
        kics("baa452f0-1f21-4a25-ace5-844e7a5f410d"),
    ],
};

fn is_shared(opt: &str) -> bool {
    let o = opt.trim();
    o.eq_ignore_ascii_case("shared") || o.eq_ignore_ascii_case("rshared")
}

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for v in &svc.volumes {
            let hit = if let Some(p) = &v.propagation {
                p.text().is_some_and(is_shared).then_some(p)
            } else {
                v.mode.as_ref().filter(|m| m.text().is_some_and(|t| t.split(',').any(is_shared)))
            };
            if let Some(f) = hit {
                out.report(
                    &META,
                    f.span,
                    format!("service `{}` mounts with shared propagation (`{}`), so mounts made in the container appear on the host", svc.name.value, f.raw),
                )
                .help("use the default `rprivate` propagation, or `rslave` if the service must see the host's new mounts");
            }
        }
    }
}
