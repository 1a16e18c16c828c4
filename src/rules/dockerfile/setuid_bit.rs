//! A file mode that sets the setuid or setgid bit.

use crate::rules::prelude::*;
use crate::rules::support::modes::modes_set;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF007",
    name: "setuid-bit",
    kind: Dockerfile,
    severity: Error,
    summary: "a file mode sets the setuid or setgid bit",
    origins: [],
};

fn report(out: &mut Diagnostics, span: Span, mode: &str, setuid: bool) {
    let (bit, whose) = if setuid {
        ("setuid", "owner's")
    } else {
        ("setgid", "group's")
    };
    out.report(
        &META,
        span,
        format!("mode `{mode}` sets the {bit} bit, so the program runs with its {whose} privileges"),
    )
    .help("drop the `s` bit; grant the one capability the program needs instead (`setcap`)");
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for m in modes_set(cx) {
        // On a directory the bits run nothing (setgid makes new files
        // inherit the group), and a build stage's files may never ship.
        if (m.effect.setuid || m.effect.setgid) && !m.dirs_only && m.ships {
            report(out, m.span, &m.mode, m.effect.setuid);
        }
    }
}
