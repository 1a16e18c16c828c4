//! Reported by the YAML loader, the Compose model and the file reader.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC000",
    name: "compose-syntax-error",
    kind: Compose,
    severity: Error,
    summary: "the Compose file cannot be read or parsed",
    origins: [],
};
