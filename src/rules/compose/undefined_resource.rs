//! References to networks, volumes, secrets and configs the project does
//! not declare at the top level.

use crate::compose::model::{ComposeFile, FileRef, ProblemKind, Resource, VolumeKind};
use crate::rules::prelude::*;
use crate::rules::support::report_problems;
use crate::suggest::did_you_mean;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC027",
    name: "undefined-resource",
    kind: Compose,
    severity: Error,
    summary: "a reference to a network, volume, secret or config the project does not declare",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_problems(
        cx,
        out,
        &META,
        &[ProblemKind::UndefinedResource],
        "declare it at the top level",
    );
    let c: &ComposeFile = cx.compose;
    // The legacy v1 format has no top-level networks or volumes.
    if c.legacy {
        return;
    }
    let mut report = |svc: &str, what: &str, key: &str, name: &str, span: Span, defined: &[Resource]| {
        let help = match did_you_mean(name, defined.iter().map(|r| r.name.value.as_str())) {
            Some(s) => format!("did you mean `{s}`? or declare `{name}` under the top-level `{key}`"),
            None => format!("declare `{name}` under the top-level `{key}`"),
        };
        out.report(
            &META,
            span,
            format!("service `{svc}` uses {what} `{name}`, which is not declared"),
        )
        .help(help);
    };
    let has = |list: &[Resource], name: &str| list.iter().any(|r| r.name.value == name);
    for svc in &c.services {
        let sname = svc.name.value.as_str();
        for n in &svc.networks {
            let name = n.name.value.as_str();
            if !name.is_empty() && !name.contains('$') && name != "default" && !has(&c.networks, name) {
                report(sname, "network", "networks", name, n.name.span, &c.networks);
            }
        }
        for v in &svc.volumes {
            if v.kind != VolumeKind::Volume || v.is_anonymous() {
                continue;
            }
            let Some(src) = &v.source else { continue };
            let Some(name) = src.text() else { continue };
            if !name.is_empty() && !has(&c.volumes, name) {
                report(sname, "volume", "volumes", name, src.span, &c.volumes);
            }
        }
        let refs = |list: &[FileRef]| -> Vec<(String, Span)> {
            list.iter()
                .filter_map(|r| {
                    let f = r.source.as_ref()?;
                    Some((f.text()?.to_string(), f.span))
                })
                .collect()
        };
        let build_secrets = svc.build.as_ref().map(|b| refs(&b.secrets)).unwrap_or_default();
        for (name, span) in refs(&svc.secrets).into_iter().chain(build_secrets) {
            if !name.is_empty() && !has(&c.secrets, &name) {
                report(sname, "secret", "secrets", &name, span, &c.secrets);
            }
        }
        for (name, span) in refs(&svc.configs) {
            if !name.is_empty() && !has(&c.configs, &name) {
                report(sname, "config", "configs", &name, span, &c.configs);
            }
        }
    }
}
