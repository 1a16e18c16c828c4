//! Reported by the suppression pass (`crate::suppress`).

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF900",
    name: "unused-suppression",
    kind: Dockerfile,
    severity: Info,
    summary: "a suppression comment in a Dockerfile matches no diagnostic, or is malformed",
    origins: [],
    fixable: true,
};
