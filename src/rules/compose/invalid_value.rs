//! Values Compose rejects: an unknown `restart` policy, a duration without
//! a unit, a malformed port or volume.

use crate::compose::model::ProblemKind;
use crate::rules::prelude::*;
use crate::rules::support::report_problems;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC022",
    name: "invalid-value",
    kind: Compose,
    severity: Error,
    summary: "a value Compose does not accept for its key",
    origins: [dclint("invalid-schema")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_problems(
        cx,
        out,
        &META,
        &[ProblemKind::Value, ProblemKind::Port, ProblemKind::Volume],
        "write the value in the syntax Compose documents for this key",
    );
}
