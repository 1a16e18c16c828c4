//! A base image tagged `latest`.

use crate::dockerfile::StageBase;
use crate::image::ImageRef;
use crate::rules::prelude::*;
use crate::rules::support::base_images::base_images;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF201",
    name: "latest-base-image",
    kind: Dockerfile,
    severity: Info,
    summary: "a base image uses the `latest` tag",
    origins: [hadolint("DL3007"), trivy("DS-0001"), checkov("CKV_DOCKER_7")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    // A reference whose value depends on an argument without a default may
    // still say `:latest` in so many words (`FROM ${IMAGE}:latest`).
    for s in &cx.model().stages {
        let StageBase::Image { raw, unknown: true, .. } = &s.base else {
            continue;
        };
        let r = ImageRef::parse(raw);
        if r.tag == Some("latest") && r.digest.is_none()
            && let Some(img) = df.instructions[s.from].from().and_then(|f| f.image.as_ref())
        {
            out.report(
                &META,
                img.span,
                format!("base image `{raw}` uses the `latest` tag, which changes under you"),
            )
            .help("pin a release tag, such as `3.20`, or a digest");
        }
    }
    for b in base_images(df, cx.model()) {
        let r = ImageRef::parse(b.resolved);
        if r.tag != Some("latest") || r.digest.is_some() {
            continue;
        }
        out.report(
            &META,
            b.span,
            format!(
                "base image {} uses the `latest` tag, which changes under you",
                b.shown()
            ),
        )
        .help("pin a release tag, such as `3.20`, or a digest");
    }
}
