//! Reported by the per-file cap (`crate::lint::cap`).

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC901",
    name: "too-many-compose-diagnostics",
    kind: Compose,
    severity: Info,
    summary: "a Compose file has more diagnostics than the per-file limit, and the rest are not reported",
    origins: [],
};
