//! a service adds a capability that reads host kernel state (`SYSLOG`).

use crate::rules::prelude::*;
use crate::rules::support::capabilities::{CapTier, report_tier};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC110",
    name: "host-disclosure-capability",
    kind: Compose,
    severity: Warning,
    summary: "a service adds a capability that reads host kernel state (`SYSLOG`)",
    origins: [compose_lint("CL-0030"), kics("container_capabilities_unrestricted"), kics("ce76b7d0-9e77-464d-b86f-c5c48e03e22d")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_tier(cx, out, &META, CapTier::HostDisclosure, "remove `SYSLOG` from `cap_add`; read the kernel log on the host");
}
