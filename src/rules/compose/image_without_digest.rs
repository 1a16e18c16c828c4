//! An image pinned by tag only.

use crate::image::ImageRef;
use crate::rules::prelude::*;
use crate::rules::support::image_tags::is_mutable_tag;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC130",
    name: "image-without-digest",
    kind: Compose,
    severity: Info,
    summary: "a service's image is pinned by tag but not by digest",
    origins: [compose_lint("CL-0019")],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if svc.build.is_some() {
            continue;
        }
        let Some(f) = &svc.image else { continue };
        let Some(text) = f.text() else { continue };
        let r = ImageRef::parse(text.trim());
        let Some(tag) = r.tag else { continue };
        if r.digest.is_some() || is_mutable_tag(cx, tag) {
            continue;
        }
        out.report(
            &META,
            f.span,
            format!("service `{}` uses image `{}` by tag only; the publisher can move the tag", svc.name.value, text.trim()),
        )
        .help("append the digest you tested, as in `image:tag@sha256:<digest>`");
    }
}
