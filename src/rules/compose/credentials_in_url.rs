//! `scheme://user:password@host` in an environment value.

use crate::rules::prelude::*;
use crate::rules::support::placeholders::is_placeholder;
use crate::rules::support::secrets::{
    own_span, own_value, url_credential, variable_parts, variable_site,
    written_text,
};

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
            // What the Compose file ships on its own (defaults used, no
            // variable set): unset variables ship nothing.
            let own = own_value(v);
            if let Some((scheme, pw)) = url_credential(&own.text)
                && !written_text(&own, pw.clone()).trim().is_empty()
                && !is_placeholder(&own.text[pw.clone()])
            {
                out.report(
                    &META,
                    own_span(v, &own, pw),
                    format!("service `{}` has a password in the `{scheme}://` connection string of `{}`", svc.name.value, e.key.value),
                )
                .help("build the URL from a secret at start-up, or take the whole URL from a variable set at deploy time");
            }
            // A password that the project's `.env` supplies is reported
            // where that file sets it.
            let text = v.resolved_text();
            let Some((scheme, pw)) = url_credential(text) else {
                continue;
            };
            for (var, part, at) in variable_parts(v, pw) {
                let password = &text[part.clone()];
                if password.trim().is_empty() || is_placeholder(password) {
                    continue;
                }
                let seg_value = variable_value(v, &var, &part, at);
                let Some((site, file, var)) =
                    variable_site(cx, &var, &seg_value, at..at + part.len())
                else {
                    continue;
                };
                out.report(
                    &META,
                    site,
                    format!("`{file}` sets `{var}` with the password of the `{scheme}://` connection string that service `{}` uses as `{}`", svc.name.value, e.key.value),
                )
                .help(format!("keep `{file}` out of the repository (commit an example without values), or build the URL from a secret at start-up"))
                .label(v.span, format!("service `{}` uses it as `{}`", svc.name.value, e.key.value));
            }
        }
    }
}

/// The whole value a variable supplied to `v`, given one part of it
/// (`part` of the resolved text, at offset `at` of the value).
fn variable_value(
    v: &crate::compose::model::Field,
    var: &str,
    part: &std::ops::Range<usize>,
    at: usize,
) -> String {
    let text = v.resolved_text();
    let Some(r) = &v.resolved else {
        return text[part.clone()].to_string();
    };
    r.segments
        .iter()
        .find(|s| s.var.as_deref() == Some(var) && s.out.start + at == part.start)
        .map_or_else(
            || text[part.clone()].to_string(),
            |s| text[s.out.clone()].to_string(),
        )
}
