//! No CPU limit.

use crate::rules::prelude::*;
use crate::rules::support::{Limit, judge_limit};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC005",
    name: "no-cpu-limit",
    kind: Compose,
    severity: Warning,
    summary: "a service has no CPU limit",
    origins: [kics("cpus_not_limited"),
        kics("6b610c50-99fb-4ef0-a5f3-e312fd945bc3"), compose_lint("CL-0026")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let deploy = svc
            .deploy
            .as_ref()
            .and_then(|d| d.limits.as_ref())
            .and_then(|l| l.cpus.as_ref());
        let cpus = svc.cpus.iter().chain(deploy);
        let quota = svc.cpu_quota.iter();
        let verdict = judge_limit(cpus.chain(quota), |v| {
            v.trim().parse::<f64>().ok().map(|n| n <= 0.0)
        });
        match verdict {
            Limit::Set | Limit::Unknown => {}
            Limit::Unlimited(f) => {
                out.report(
                    &META,
                    f.span,
                    format!("service `{}` sets CPUs to `{}`, which means no limit", svc.name.value, f.raw),
                )
                .help("set a real limit, such as `cpus: \"0.5\"` or `deploy.resources.limits.cpus: \"0.5\"`");
            }
            Limit::Absent => {
                if svc.partial || svc.get("cpuset").is_some() {
                    continue;
                }
                out.report(
                    &META,
                    svc.name.span,
                    format!("service `{}` has no CPU limit", svc.name.value),
                )
                .help("add `cpus: \"1.0\"` (or `deploy.resources.limits.cpus`) sized for the service");
            }
        }
    }
}
