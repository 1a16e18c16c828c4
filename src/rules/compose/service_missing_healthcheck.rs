//! No healthcheck in the service nor in the Dockerfile it builds.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC133",
    name: "service-missing-healthcheck",
    aliases: ["no-healthcheck"],
    kind: Compose,
    severity: Info,
    summary: "a service has no healthcheck",
    origins: [
        kics("healthcheck_not_set"),
        kics("698ed579-b239-4f8f-a388-baa4bcb13ef8"),
    ],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for (i, svc) in cx.compose.services.iter().enumerate() {
        if svc.healthcheck.is_some() || svc.extends.is_some() {
            continue;
        }
        // A Dockerfile the service builds may define one.
        if let Some(b) = cx.build_of(i)
            && b.dockerfile
                .df
                .instructions
                .iter()
                .any(|ins| ins.keyword == Keyword::Healthcheck)
        {
            continue;
        }
        out.report(
            &META,
            svc.name.span,
            format!("service `{}` has no healthcheck, so a hung process looks healthy", svc.name.value),
        )
        .help("add a `healthcheck` with a `test` that exercises the service, such as `[\"CMD\", \"/app/health\"]`");
    }
}
