//! a service adds a capability that gives code execution on the host.

use crate::rules::prelude::*;
use crate::rules::support::capabilities::{CapTier, report_tier};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC106",
    name: "host-exec-capability",
    kind: Compose,
    severity: Error,
    summary: "a service adds a capability that gives code execution on the host",
    origins: [compose_lint("CL-0024"), kics("container_capabilities_unrestricted"), kics("ce76b7d0-9e77-464d-b86f-c5c48e03e22d")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_tier(cx, out, &META, CapTier::HostExec, "remove it from `cap_add`; a workload that truly needs it belongs in a VM or on the host, not in a container");
}
