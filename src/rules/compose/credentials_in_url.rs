//! `scheme://user:password@host` in an environment value.

use crate::rules::prelude::*;
use crate::rules::support::secrets::url_credential;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC132",
    name: "credentials-in-url",
    kind: Compose,
    severity: Error,
    summary: "a service's environment holds a connection string with a literal password",
    origins: [compose_lint("CL-0021")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let hooks = svc.post_start.iter().chain(&svc.pre_stop).flat_map(|h| &h.environment);
        for e in svc.environment.iter().chain(hooks) {
            let Some(v) = &e.value else { continue };
            let text = v.resolved_text();
            let Some((scheme, pw)) = url_credential(text) else {
                continue;
            };
            let password = &text[pw.clone()];
            // A password made only of unset variables ships nothing.
            if password.chars().all(|c| c == crate::compose::interpolate::UNKNOWN) {
                continue;
            }
            out.report(
                &META,
                v.span_of(pw),
                format!("service `{}` has a password in the `{scheme}://` connection string of `{}`", svc.name.value, e.key.value),
            )
            .help("build the URL from a secret at start-up, or take the whole URL from a variable set at deploy time");
        }
    }
}
