//! No `user:` and the Dockerfile the service builds leaves it running as root.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;
use crate::rules::support::image_users::stage_non_root_base;
use crate::rules::support::is_root_user;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC009",
    name: "service-missing-user",
    kind: Compose,
    severity: Warning,
    summary: "a service sets no `user` and the Dockerfile it builds runs as root",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for (i, svc) in cx.compose.services.iter().enumerate() {
        if svc.user.is_some() || svc.partial {
            continue;
        }
        let Some(build) = cx.build_of(i) else {
            continue;
        };
        let parsed = &build.dockerfile;
        let (df, model) = (&parsed.df, &parsed.model);
        let stage = match &build.target {
            Some(t) => model.stages.iter().rev().find(|s| s.has_name(t)),
            None => model.final_stage(),
        };
        let Some(stage) = stage else {
            continue;
        };
        // Name the Dockerfile as the Compose file would: relative to its directory.
        let base = cx.source.path.parent().unwrap_or(std::path::Path::new(""));
        let path = parsed
            .source
            .path
            .strip_prefix(base)
            .map(crate::source::display_path)
            .unwrap_or_else(|_| parsed.source.display_path());
        let stage_name = match &stage.name {
            Some(n) => format!("stage `{}`", n.value),
            None => "final stage".to_string(),
        };
        match model.last_inherited(df, stage.index, Keyword::User) {
            // A base image documented to run as a non-root user.
            None if stage_non_root_base(model, stage.index).is_some() => {}
            None => {
                out.report(
                    &META,
                    svc.name.span,
                    format!(
                        "service `{}` runs as root: it sets no `user` and the {stage_name} of `{path}` never sets `USER`",
                        svc.name.value
                    ),
                )
                .help("add `user: \"10001:10001\"` to the service, or a non-root `USER` to the Dockerfile")
                .file_label(
                    parsed.source.clone(),
                    df.instructions[stage.from].span,
                    "this stage sets no `USER`",
                );
            }
            Some(u) => {
                let ins = &df.instructions[u];
                let Some(word) = ins.words().first() else {
                    continue;
                };
                let e = model.scope_at(df, u).expand(&word.value, df.escape);
                if e.unknown || !is_root_user(&e.value) {
                    continue;
                }
                out.report(
                    &META,
                    svc.name.span,
                    format!(
                        "service `{}` runs as root: it sets no `user` and the {stage_name} of `{path}` ends with `USER {}`",
                        svc.name.value, word.value
                    ),
                )
                .help("add `user: \"10001:10001\"` to the service, or a non-root `USER` to the Dockerfile")
                .file_label(parsed.source.clone(), ins.span, "the image runs as this user");
            }
        }
    }
}
