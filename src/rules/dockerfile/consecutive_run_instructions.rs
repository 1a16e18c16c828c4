//! Short `RUN` instructions in a row that could be one.

use crate::dockerfile::{Instruction, Keyword};
use crate::shell::Command;
use crate::rules::prelude::*;
use crate::rules::support::run_scripts::by_instruction;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF137",
    name: "consecutive-run-instructions",
    kind: Dockerfile,
    severity: Style,
    summary: "consecutive short `RUN` instructions each add a layer where one would do",
    origins: [hadolint("DL3059")],
    default_enabled: false,
};

/// Commands that count: commands of the instruction's own text (not of
/// `sh -c` strings) with a literal name; tests (`[`, `[[`) and commands
/// whose name is an expansion or a glob (`$GOPATH/bin/tool`) do not.
fn counts_as_command(c: &Command) -> bool {
    let Some(name) = c.words.first() else {
        return false;
    };
    !c.via_shell_c
        && !name.dynamic
        && !name.text.contains(['*', '?'])
        && !matches!(name.text.as_str(), "[" | "[[")
}

fn same_flags(a: &Instruction, b: &Instruction) -> bool {
    a.flags.len() == b.flags.len()
        && a
            .flags
            .iter()
            .zip(&b.flags)
            .all(|(x, y)| x.name.value == y.name.value && x.value_str() == y.value_str())
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let mut counts: Vec<Option<usize>> = vec![None; df.instructions.len()];
    for g in by_instruction(cx.model()) {
        if g.keyword == Keyword::Run && !g.onbuild {
            counts[g.instruction] = Some(
                g.commands()
                    .filter(|c| counts_as_command(c))
                    .count(),
            );
        }
    }
    for i in 1..df.instructions.len() {
        let (prev, cur) = (&df.instructions[i - 1], &df.instructions[i]);
        if prev.keyword != Keyword::Run || cur.keyword != Keyword::Run || !same_flags(prev, cur) {
            continue;
        }
        let short = |k: usize| counts[k].unwrap_or(1) <= 1;
        if short(i - 1) && short(i) {
            out.report(
                &META,
                cur.keyword_span,
                "this `RUN` follows another short `RUN`; each one adds a layer",
            )
            .label(prev.keyword_span, "the previous `RUN`")
            .help("join them with `&&` in one `RUN`, or use a heredoc (`RUN <<EOF`)");
        }
    }
}
