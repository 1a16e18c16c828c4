//! An empty line inside a continued instruction.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF214",
    name: "empty-continuation-line",
    kind: Dockerfile,
    severity: Info,
    summary: "an empty line interrupts a continued instruction",
    origins: [buildkit("NoEmptyContinuation")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for &span in &cx.df().empty_continuation_lines {
        out.report(
            &META,
            span,
            "empty line inside a continued instruction; the builder skips it today and will reject it",
        )
        .help("remove the empty line, or end the instruction before it");
    }
}
