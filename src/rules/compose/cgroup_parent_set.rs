//! `cgroup_parent` set.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC105",
    name: "cgroup-parent-set",
    kind: Compose,
    severity: Info,
    summary: "a service places itself under a custom parent cgroup",
    origins: [
        kics("cgroup_not_default"),
        kics("4d9f44c6-2f4a-4317-9bb5-267adbea0232"),
    ],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = &svc.cgroup_parent
            && f.text().is_some_and(|v| !v.trim().is_empty())
        {
            out.report(
                &META,
                f.span,
                format!("service `{}` runs under the parent cgroup `{}` instead of Docker's default", svc.name.value, f.raw),
            )
            .help("remove `cgroup_parent` unless the host's cgroup layout requires it, and check the limits that parent applies");
        }
    }
}
