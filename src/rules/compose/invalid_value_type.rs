//! Values of the wrong type: a mapping where a string belongs, an integer
//! where Compose wants a string.

use crate::compose::model::ProblemKind;
use crate::rules::prelude::*;
use crate::rules::support::report_problems;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC021",
    name: "invalid-value-type",
    kind: Compose,
    severity: Error,
    summary: "a value of a type Compose does not accept for its key",
    origins: [dclint("invalid-schema")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_problems(
        cx,
        out,
        &META,
        &[ProblemKind::Type],
        "write the value in a form the Compose specification gives for this key",
    );
}
