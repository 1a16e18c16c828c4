//! No limit on the number of processes.

use crate::rules::prelude::*;
use crate::rules::support::{Limit, judge_limit};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC006",
    name: "no-pids-limit",
    kind: Compose,
    severity: Warning,
    summary: "a service has no limit on its number of processes",
    origins: [
        kics("pids_limit_not_set"),
        kics("221e0658-cb2a-44e3-b08a-db96a341d6fa"),
    ],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let deploy = svc
            .deploy
            .as_ref()
            .and_then(|d| d.limits.as_ref())
            .and_then(|l| l.pids.as_ref());
        let fields = svc.pids_limit.iter().chain(deploy);
        match judge_limit(fields, |v| v.trim().parse::<i64>().ok().map(|n| n <= 0)) {
            Limit::Set | Limit::Unknown => {}
            Limit::Unlimited(f) => {
                out.report(
                    &META,
                    f.span,
                    format!("service `{}` sets the PID limit to `{}`, which means no limit", svc.name.value, f.raw),
                )
                .help("set a real limit, such as `pids_limit: 200`");
            }
            Limit::Absent => {
                if svc.partial {
                    continue;
                }
                out.report(
                    &META,
                    svc.name.span,
                    format!("service `{}` has no PID limit, so a fork bomb can exhaust the host", svc.name.value),
                )
                .help("add `pids_limit: 200` (or `deploy.resources.limits.pids`) sized for the service");
            }
        }
    }
}
