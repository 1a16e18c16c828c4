//! A file mode that sets the setuid or setgid bit.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;
use crate::rules::support::{mode_effect, mode_text, mode_word};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF007",
    name: "setuid-bit",
    kind: Dockerfile,
    severity: Warning,
    summary: "a file mode sets the setuid or setgid bit",
    origins: [],
};

fn report(out: &mut Diagnostics, span: Span, mode: &str, setuid: bool) {
    let bit = if setuid { "setuid" } else { "setgid" };
    out.report(
        &META,
        span,
        format!("mode `{mode}` sets the {bit} bit, so the file runs with its owner's privileges"),
    )
    .help("drop the `s` bit; grant the one capability the program needs instead (`setcap`)");
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for s in &cx.model().scripts {
        for cmd in &s.script.commands {
            let v = cmd.effective();
            let Some(w) = mode_word(&v) else {
                continue;
            };
            let mode = mode_text(w);
            if let Some(e) = mode_effect(mode)
                && (e.setuid || e.setgid)
            {
                report(out, w.span, mode, e.setuid);
            }
        }
    }
    for ins in &cx.df().instructions {
        if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
            continue;
        }
        for f in ins.flags_named("chmod") {
            let Some(v) = &f.value else {
                continue;
            };
            if let Some(e) = mode_effect(&v.value)
                && (e.setuid || e.setgid)
            {
                report(out, v.span, &v.value, e.setuid);
            }
        }
    }
}
