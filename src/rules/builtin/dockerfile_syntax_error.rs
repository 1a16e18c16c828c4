//! Reported by the parser and the file reader, not by a check function.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF000",
    name: "dockerfile-syntax-error",
    kind: Dockerfile,
    severity: Error,
    summary: "the Dockerfile cannot be read or parsed",
    origins: [hadolint("DL1000")],
};
