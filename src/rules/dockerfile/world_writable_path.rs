//! A file mode that lets every user write.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;
use crate::rules::support::{mode_effect, mode_text, mode_word};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF008",
    name: "world-writable-path",
    kind: Dockerfile,
    severity: Warning,
    summary: "a file mode lets every user write (without the sticky bit)",
    origins: [],
};

fn report(out: &mut Diagnostics, span: Span, mode: &str) {
    out.report(
        &META,
        span,
        format!("mode `{mode}` makes the path writable by every user"),
    )
    .help("give write access to the owner or group that needs it (`chown app` and `755`/`775`), or add the sticky bit (`1777`) for a shared directory");
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
                && e.world_writable
                && !e.sticky
            {
                report(out, w.span, mode);
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
                && e.world_writable
                && !e.sticky
            {
                report(out, v.span, &v.value);
            }
        }
    }
}
