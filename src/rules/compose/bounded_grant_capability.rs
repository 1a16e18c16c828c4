//! a service adds a capability that weakens isolation inside it (`SYS_PTRACE`, `DAC_READ_SEARCH`).

use crate::rules::prelude::*;
use crate::rules::support::capabilities::{CapTier, report_tier};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC111",
    name: "bounded-grant-capability",
    kind: Compose,
    severity: Warning,
    summary: "a service adds a capability that weakens isolation inside it (`SYS_PTRACE`, `DAC_READ_SEARCH`)",
    origins: [compose_lint("CL-0027"), kics("container_capabilities_unrestricted"), kics("ce76b7d0-9e77-464d-b86f-c5c48e03e22d")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_tier(cx, out, &META, CapTier::BoundedGrant, "remove it from `cap_add` unless the workload needs it, such as a debugger scoped with `pid: \"service:<name>\"`");
}
