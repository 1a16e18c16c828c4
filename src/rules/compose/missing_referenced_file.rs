//! A file named by `extends` or `include` that cannot be read.

use crate::compose::model::ProblemKind;
use crate::rules::prelude::*;
use crate::rules::support::report_problems;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC024",
    name: "missing-referenced-file",
    kind: Compose,
    severity: Error,
    summary: "`extends` or `include` names a file that cannot be read",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_problems(
        cx,
        out,
        &META,
        &[ProblemKind::MissingFile],
        "fix the path (it is relative to this file), or add the file",
    );
}
