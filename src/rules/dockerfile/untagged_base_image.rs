//! A base image without a tag or digest.

use crate::image::ImageRef;
use crate::rules::prelude::*;
use crate::rules::support::base_images::base_images;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF200",
    name: "untagged-base-image",
    kind: Dockerfile,
    severity: Info,
    summary: "a base image has neither a tag nor a digest",
    origins: [hadolint("DL3006"), trivy("DS-0001"), checkov("CKV_DOCKER_7")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for b in base_images(cx.df(), cx.model()) {
        let r = ImageRef::parse(b.resolved);
        if r.tag.is_some() || r.digest.is_some() {
            continue;
        }
        out.report(
            &META,
            b.span,
            format!(
                "base image {} has no tag, so it means `latest` and changes under you",
                b.shown()
            ),
        )
        .help(format!(
            "pin a version, such as `{}:<version>`, or a digest",
            b.resolved
        ));
    }
}
