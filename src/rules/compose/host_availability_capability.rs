//! a service adds a capability that can starve the host (`SYS_NICE`, `IPC_LOCK`, `LEASE`).

use crate::rules::prelude::*;
use crate::rules::support::capabilities::{CapTier, report_tier};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC109",
    name: "host-availability-capability",
    kind: Compose,
    severity: Warning,
    summary: "a service adds a capability that can starve the host (`SYS_NICE`, `IPC_LOCK`, `LEASE`)",
    origins: [compose_lint("CL-0029"), kics("container_capabilities_unrestricted"), kics("ce76b7d0-9e77-464d-b86f-c5c48e03e22d")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_tier(cx, out, &META, CapTier::HostAvailability, "remove it from `cap_add`; use `ulimits`, `cpu_shares` or memory limits for what the workload needs");
}
