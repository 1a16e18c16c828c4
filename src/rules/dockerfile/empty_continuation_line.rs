//! An empty line inside a continued instruction.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF214",
    name: "empty-continuation-line",
    kind: Dockerfile,
    severity: Info,
    summary: "an empty line interrupts a continued instruction",
    origins: [buildkit("NoEmptyContinuation")],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for &span in &cx.df().empty_continuation_lines {
        let line = whole_line(cx.text(), span);
        out.report(
            &META,
            span,
            "empty line inside a continued instruction; the builder skips it today and will reject it",
        )
        .help("remove the empty line, or end the instruction before it")
        .fix(Fix::safe("remove the empty line", vec![Edit::delete(line)]));
    }
}

/// The line holding `span`, with its line end.
fn whole_line(text: &str, span: Span) -> Span {
    let start = text[..span.start as usize].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.start as usize..]
        .find('\n')
        .map_or(text.len(), |i| span.start as usize + i + 1);
    Span::new(start as u32, end as u32)
}
