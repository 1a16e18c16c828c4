//! a service adds a capability that reaches past the container (`NET_ADMIN`, `BPF`, `SYS_BOOT`).

use crate::rules::prelude::*;
use crate::rules::support::capabilities::{CapTier, report_tier};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC107",
    name: "host-adjacent-capability",
    kind: Compose,
    severity: Warning,
    summary: "a service adds a capability that reaches past the container (`NET_ADMIN`, `BPF`, `SYS_BOOT`)",
    origins: [compose_lint("CL-0011"), kics("container_capabilities_unrestricted"), kics("ce76b7d0-9e77-464d-b86f-c5c48e03e22d")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_tier(cx, out, &META, CapTier::HostAdjacent, "remove it from `cap_add`, or suppress this with the reason the workload needs it (a VPN needs `NET_ADMIN`)");
}
