//! References that lead out of the repository: never read, reported.

use crate::compose::model::ProblemKind;
use crate::rules::prelude::*;
use crate::rules::support::report_problems;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC029",
    name: "reference-outside-repository",
    kind: Compose,
    severity: Error,
    summary: "a path the project reads leads outside the repository",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_problems(
        cx,
        out,
        &META,
        &[ProblemKind::OutsideRoot],
        "name a file inside the repository",
    );
}
