//! An image pulled from a registry outside the configured list.

use std::sync::Arc;

use crate::dockerfile::{Keyword, StageRef};
use crate::image::ImageRef;
use crate::rules::prelude::*;
use crate::rules::support::base_images::{base_images, registry_matches};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF203",
    name: "untrusted-registry",
    kind: Dockerfile,
    severity: Warning,
    summary: "an image comes from a registry outside the trusted list",
    origins: [hadolint("DL3026")],
    options: Some(parse_options),
};

/// `trusted = ["docker.io", "*.gcr.io"]`.
#[derive(Debug, Default)]
pub struct Trusted {
    pub registries: Vec<String>,
}

fn parse_options(t: &toml::Table) -> Result<Arc<dyn std::any::Any + Send + Sync>, String> {
    let mut out = Trusted::default();
    for (k, v) in t {
        if k != "trusted" {
            return Err(format!("unknown option `{k}`; this rule takes `trusted`"));
        }
        let list = v
            .as_array()
            .ok_or("`trusted` must be an array of registries, such as `[\"docker.io\"]`")?;
        for item in list {
            let s = item
                .as_str()
                .ok_or("`trusted` must be an array of registries, such as `[\"docker.io\"]`")?;
            out.registries.push(s.to_string());
        }
    }
    Ok(Arc::new(out))
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let Some(trusted) = cx.options::<Trusted>(&META) else {
        return;
    };
    if trusted.registries.is_empty() {
        return;
    }
    let mut judge = |image: &str, span: Span, what: &str| {
        let r = ImageRef::parse(image);
        if r.is_scratch() {
            return;
        }
        let reg = r.registry_or_default();
        if trusted.registries.iter().any(|p| registry_matches(p, reg)) {
            return;
        }
        out.report(
            &META,
            span,
            format!("{what} `{image}` comes from `{reg}`, which is not a trusted registry"),
        )
        .help(format!(
            "use an image from a trusted registry ({}), or add `{reg}` to `trusted`",
            trusted
                .registries
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    };
    for b in base_images(cx.df(), cx.model()) {
        judge(b.resolved, b.span, "base image");
    }
    let df = cx.df();
    let model = cx.model();
    for (i, ins) in df.instructions.iter().enumerate() {
        let stage = model.stage_of(i).map_or(0, |s| s.index);
        let values: Vec<&Spanned<String>> = match ins.keyword {
            Keyword::Copy => ins.flags_named("from").filter_map(|f| f.value.as_ref()).collect(),
            _ => Vec::new(),
        };
        for v in values {
            if v.value.contains('$') {
                continue;
            }
            if model.resolve_stage(&v.value, stage) == StageRef::Image {
                judge(&v.value, v.span, "image");
            }
        }
        if ins.keyword == Keyword::Run {
            for f in ins.flags_named("mount") {
                let Some(v) = &f.value else { continue };
                for opt in v.value.split(',') {
                    if let Some(from) = opt.strip_prefix("from=")
                        && !from.contains('$')
                        && model.resolve_stage(from, stage) == StageRef::Image
                    {
                        judge(from, v.span, "image");
                    }
                }
            }
        }
    }
}
