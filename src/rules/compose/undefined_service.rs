//! References to services the project does not define: `extends`,
//! `depends_on`, `links`, `volumes_from` and `service:NAME` modes.

use crate::compose::model::{Field, ProblemKind, Service};
use crate::rules::prelude::*;
use crate::rules::support::report_problems;
use crate::suggest::did_you_mean;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC026",
    name: "undefined-service",
    kind: Compose,
    severity: Error,
    summary: "a reference to a service the project does not define",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    report_problems(
        cx,
        out,
        &META,
        &[ProblemKind::UndefinedService],
        "name a service the file defines",
    );
    let names: Vec<&str> = cx
        .compose
        .services
        .iter()
        .map(|s| s.name.value.as_str())
        .collect();
    // A key under `services:` that is not a mapping is reported once, as a
    // type error; a reference to it is not a second finding.
    let invalid = &cx.compose.invalid_services;
    let defined = |n: &str| names.contains(&n) || invalid.iter().any(|s| s.value == n);
    let mut report = |svc: &Service, how: &str, target: &str, span: Span| {
        let help = match did_you_mean(target, names.iter().copied().filter(|n| *n != svc.name.value)) {
            Some(s) => format!("did you mean `{s}`? name a service the project defines"),
            None => format!("define a service `{target}`, or remove the reference"),
        };
        out.report(
            &META,
            span,
            format!(
                "service `{}` {how} `{target}`, which is not defined",
                svc.name.value
            ),
        )
        .help(help);
    };
    for svc in &cx.compose.services {
        for d in &svc.depends_on {
            if !d.name.value.is_empty() && !defined(&d.name.value) {
                report(svc, "depends on", &d.name.value, d.name.span);
            }
        }
        for (field, how) in [
            (&svc.network_mode, "shares the network stack of"),
            (&svc.ipc, "shares the IPC namespace of"),
            (&svc.pid, "shares the PID namespace of"),
        ] {
            if let Some((name, span)) = field.as_ref().and_then(service_mode)
                && !defined(&name)
            {
                report(svc, how, &name, span);
            }
        }
        if let Some(list) = &svc.volumes_from {
            for f in list.iter() {
                let Some(text) = f.text() else { continue };
                if text.starts_with("container:") {
                    continue;
                }
                let name = text.split(':').next().unwrap_or("");
                if !name.is_empty() && !defined(name) {
                    report(svc, "mounts the volumes of", name, f.span_of(0..name.len()));
                }
            }
        }
        if let Some(links) = svc.get("links").and_then(|n| n.as_seq()) {
            for item in links {
                let Some(text) = item.as_str() else { continue };
                if text.contains('$') {
                    continue;
                }
                let name = text.split(':').next().unwrap_or("");
                if !name.is_empty() && !defined(name) {
                    report(svc, "links to", name, item.span_of(0..name.len()));
                }
            }
        }
    }
}

/// `service:NAME` in `network_mode`, `ipc` or `pid`: the name and its span.
fn service_mode(f: &Field) -> Option<(String, Span)> {
    let text = f.text()?;
    let name = text.strip_prefix("service:")?;
    let start = "service:".len();
    Some((name.to_string(), f.span_of(start..text.len())))
}
