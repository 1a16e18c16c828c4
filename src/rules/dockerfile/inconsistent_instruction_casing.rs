//! Instruction keywords in a case other than the file's majority.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF213",
    name: "inconsistent-instruction-casing",
    kind: Dockerfile,
    severity: Style,
    summary: "an instruction keyword is not cased like the majority of the file",
    origins: [buildkit("ConsistentInstructionCasing")],
    fixable: true,
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let text = cx.text();
    let df = cx.df();
    let kw = |i: &crate::dockerfile::Instruction| &text[i.keyword_span.range()];
    let (mut upper, mut lower) = (0usize, 0usize);
    for ins in &df.instructions {
        let k = kw(ins);
        if k.bytes().all(|b| b.is_ascii_uppercase()) {
            upper += 1;
        } else if k.bytes().all(|b| b.is_ascii_lowercase()) {
            lower += 1;
        }
    }
    let want_upper = upper >= lower;
    for ins in &df.instructions {
        let k = kw(ins);
        let ok = if want_upper {
            k.bytes().all(|b| b.is_ascii_uppercase())
        } else {
            k.bytes().all(|b| b.is_ascii_lowercase())
        };
        if ok {
            continue;
        }
        let (case, fixed) = if want_upper {
            ("uppercase", k.to_ascii_uppercase())
        } else {
            ("lowercase", k.to_ascii_lowercase())
        };
        out.report(
            &META,
            ins.keyword_span,
            format!("`{k}` is not {case} like most instructions of this file"),
        )
        .help(format!("write `{fixed}`"))
        // Keywords are case-insensitive: only the look changes.
        .fix(Fix::safe(
            format!("write `{fixed}`"),
            vec![Edit::replace(ins.keyword_span, fixed.clone())],
        ));
    }
}
