//! No memory limit.

use crate::rules::prelude::*;
use crate::rules::support::{Limit, judge_limit, parse_bytes};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC004",
    name: "no-memory-limit",
    kind: Compose,
    severity: Warning,
    summary: "a service has no memory limit",
    origins: [kics("memory_not_limited"),
        kics("bb9ac4f7-e13b-423d-a010-c74a1bfbe492"), compose_lint("CL-0026")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let deploy = svc
            .deploy
            .as_ref()
            .and_then(|d| d.limits.as_ref())
            .and_then(|l| l.memory.as_ref());
        let fields = svc.mem_limit.iter().chain(deploy);
        match judge_limit(fields, |v| parse_bytes(v).map(|n| n <= 0)) {
            Limit::Set | Limit::Unknown => {}
            Limit::Unlimited(f) => {
                out.report(
                    &META,
                    f.span,
                    format!("service `{}` sets memory to `{}`, which means no limit", svc.name.value, f.raw),
                )
                .help("set a real limit, such as `mem_limit: 512m` or `deploy.resources.limits.memory: 512M`");
            }
            Limit::Absent => {
                if svc.partial {
                    continue;
                }
                out.report(
                    &META,
                    svc.name.span,
                    format!("service `{}` has no memory limit", svc.name.value),
                )
                .help("add `mem_limit: 512m` (or `deploy.resources.limits.memory`) sized for the service");
            }
        }
    }
}
