//! Malformed `${...}` references.

use crate::compose::model::ProblemKind;
use crate::rules::prelude::*;
use crate::rules::support::report_problems;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC023",
    name: "invalid-interpolation",
    kind: Compose,
    severity: Error,
    summary: "a malformed variable reference that Compose cannot interpolate",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_problems(
        cx,
        out,
        &META,
        &[ProblemKind::Interpolation],
        "write `${NAME}` or `${NAME:-default}`, and `$$` for a literal `$`",
    );
}
