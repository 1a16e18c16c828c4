//! An image without a tag, or with a tag that moves (`latest`, `stable`, ...).

use std::sync::Arc;

use crate::image::ImageRef;
use crate::rules::prelude::*;
use crate::rules::support::image_tags::{MutableTags, is_mutable_tag};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC129",
    name: "unpinned-image-tag",
    kind: Compose,
    severity: Info,
    summary: "a service's image has no version tag, or one that moves (`latest`, `stable`, ...)",
    origins: [
        compose_lint("CL-0004"),
        dclint("service-image-require-explicit-tag"),
    ],
    options: Some(|t| Ok(Arc::new(MutableTags::from_options(t)?))),
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        // The image of a service that builds names what it builds.
        if svc.build.is_some() {
            continue;
        }
        let Some(f) = &svc.image else { continue };
        let Some(text) = f.text() else { continue };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let r = ImageRef::parse(text);
        if r.digest.is_some() {
            continue;
        }
        match r.tag {
            None => {
                out.report(
                    &META,
                    f.span,
                    format!("service `{}` uses image `{text}` without a tag, which means `latest`", svc.name.value),
                )
                .help(format!("pin a version, such as `{text}:<version>`, or a digest"));
            }
            Some(tag) if is_mutable_tag(cx, tag) => {
                out.report(
                    &META,
                    f.span,
                    format!("service `{}` uses image `{text}`, whose tag `{tag}` moves with every release", svc.name.value),
                )
                .help("pin a version tag, or a digest (`@sha256:...`)");
            }
            Some(_) => {}
        }
    }
}
