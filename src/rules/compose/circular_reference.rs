//! `extends` or `include` chains that lead back to where they start.

use crate::compose::model::ProblemKind;
use crate::rules::prelude::*;
use crate::rules::support::report_problems;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC025",
    name: "circular-reference",
    kind: Compose,
    severity: Error,
    summary: "`extends` or `include` leads back to itself",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_problems(
        cx,
        out,
        &META,
        &[ProblemKind::Cycle],
        "break the cycle: remove the reference that leads back",
    );
}
