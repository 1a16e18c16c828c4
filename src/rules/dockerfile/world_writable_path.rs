//! A file mode that lets every user write.

use crate::rules::prelude::*;
use crate::rules::support::modes::modes_set;

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
    for m in modes_set(cx) {
        if m.effect.world_writable && !m.effect.sticky && m.ships {
            report(out, m.span, &m.mode);
        }
    }
}
