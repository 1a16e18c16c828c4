//! Keys the Compose specification does not define.

use crate::compose::model::ProblemKind;
use crate::rules::prelude::*;
use crate::rules::support::report_problems;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC020",
    name: "unknown-key",
    kind: Compose,
    severity: Error,
    summary: "a key the Compose specification does not define",
    origins: [dclint("invalid-schema")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_problems(
        cx,
        out,
        &META,
        &[ProblemKind::UnknownKey],
        "remove it, or prefix it with `x-` to keep it as an extension",
    );
}
