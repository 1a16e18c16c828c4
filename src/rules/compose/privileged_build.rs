//! `build.privileged: true`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC139",
    name: "privileged-build",
    kind: Compose,
    severity: Error,
    summary: "a service's image is built in privileged mode",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = svc.build.as_ref().and_then(|b| b.privileged.as_ref())
            && f.as_bool() == Some(true)
        {
            out.report(
                &META,
                f.span,
                format!("service `{}` builds its image privileged: every `RUN` step is root on the build host", svc.name.value),
            )
            .help("remove `privileged: true` from `build`; install what needs privileges in a base image built elsewhere");
        }
    }
}
