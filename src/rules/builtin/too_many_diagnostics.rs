//! Reported by the per-file cap (`crate::lint::cap`).

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF901",
    name: "too-many-diagnostics",
    kind: Dockerfile,
    severity: Info,
    summary: "a Dockerfile has more diagnostics than the per-file limit, and the rest are not reported",
    origins: [],
};
