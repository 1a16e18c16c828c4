//! Reported by the suppression pass (`crate::suppress`).

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC900",
    name: "unused-compose-suppression",
    kind: Compose,
    severity: Info,
    summary: "a suppression comment in a Compose file matches no diagnostic, or is malformed",
    origins: [],
    fixable: true,
};
