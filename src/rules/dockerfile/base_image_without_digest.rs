//! A base image that is not pinned by digest.

use crate::image::ImageRef;
use crate::rules::prelude::*;
use crate::rules::support::base_images::base_images;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF202",
    name: "base-image-without-digest",
    kind: Dockerfile,
    severity: Info,
    summary: "a base image is not pinned by digest",
    origins: [],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for b in base_images(cx.df(), cx.model()) {
        if ImageRef::parse(b.resolved).digest.is_some() {
            continue;
        }
        out.report(
            &META,
            b.span,
            format!(
                "base image {} is not pinned by digest, so a tag push changes what you build",
                b.shown()
            ),
        )
        .help(format!(
            "pin the digest: `{}@sha256:<digest>` (`docker buildx imagetools inspect` shows it)",
            b.resolved
        ));
    }
}
