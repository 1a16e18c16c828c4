//! `healthcheck: {disable: true}` or `test: ["NONE"]`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC134",
    name: "healthcheck-disabled",
    kind: Compose,
    severity: Info,
    summary: "a service turns off its image's healthcheck",
    origins: [
        kics("healthcheck_not_set"),
        kics("698ed579-b239-4f8f-a388-baa4bcb13ef8"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let Some(h) = &svc.healthcheck else { continue };
        let span = if let Some(d) = h.disable.as_ref().filter(|d| d.as_bool() == Some(true)) {
            Some(d.span)
        } else {
            h.test.as_ref().and_then(|t| {
                let first = t.args.first()?;
                first
                    .text()
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("NONE"))
                    .then_some(first.span)
            })
        };
        if let Some(span) = span {
            out.report(
                &META,
                span,
                format!("service `{}` turns its healthcheck off, so a hung process looks healthy", svc.name.value),
            )
            .help("remove the override to keep the image's healthcheck, or write a `test` that fits this deployment");
        }
    }
}
