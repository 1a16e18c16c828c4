//! a service adds a capability that changes or reads host-wide state (`SYS_TIME`, `PERFMON`).

use crate::rules::prelude::*;
use crate::rules::support::capabilities::{CapTier, report_tier};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC108",
    name: "host-reaching-capability",
    kind: Compose,
    severity: Warning,
    summary: "a service adds a capability that changes or reads host-wide state (`SYS_TIME`, `PERFMON`)",
    origins: [compose_lint("CL-0028"), kics("container_capabilities_unrestricted"), kics("ce76b7d0-9e77-464d-b86f-c5c48e03e22d")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_tier(cx, out, &META, CapTier::HostReaching, "remove it from `cap_add`; keep the clock in sync and profile from the host instead");
}
