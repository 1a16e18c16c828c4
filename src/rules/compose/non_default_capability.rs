//! a service adds a capability outside Docker's default set.

use crate::rules::prelude::*;
use crate::rules::support::capabilities::{CapTier, report_tier};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC112",
    name: "non-default-capability",
    kind: Compose,
    severity: Warning,
    summary: "a service adds a capability outside Docker's default set",
    origins: [kics("container_capabilities_unrestricted"), kics("ce76b7d0-9e77-464d-b86f-c5c48e03e22d")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_tier(cx, out, &META, CapTier::NonDefault, "remove it from `cap_add` unless the workload needs it, and say why in a suppression");
}
