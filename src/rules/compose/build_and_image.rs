//! `build` and `image` together without `pull_policy`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC143",
    name: "build-and-image",
    kind: Compose,
    severity: Info,
    summary: "a service both builds an image and names one to pull, without a `pull_policy`",
    origins: [dclint("no-build-and-image")],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let (Some(build), Some(image)) = (&svc.build, &svc.image) else {
            continue;
        };
        if svc.get("pull_policy").is_some() || build.dockerfile_inline.is_some() {
            continue;
        }
        out.report(
            &META,
            image.key.unwrap_or(image.span),
            format!("service `{}` has both `build` and `image`, so whether it runs the pulled or the built image depends on what is already present", svc.name.value),
        )
        .help("set `pull_policy: build` (always build) or `pull_policy: missing`, or drop one of the two keys");
    }
}
