//! No CPU limit.

use crate::rules::prelude::*;
use crate::rules::support::limits::{LimitRule, check_limit, deploy_limits};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC005",
    name: "missing-cpu-limit",
    aliases: ["no-cpu-limit"],
    kind: Compose,
    severity: Warning,
    summary: "a service has no CPU limit",
    origins: [kics("cpus_not_limited"),
        kics("6b610c50-99fb-4ef0-a5f3-e312fd945bc3"), compose_lint("CL-0026")],
    fixable: true,
    options: Some(|t| crate::rules::support::fix_value::parse(t, |v| crate::rules::support::limits::check_fix_value(&RULE, v))),
};

static RULE: LimitRule = LimitRule {
    meta: &META,
    fields: |svc| {
        let deploy = deploy_limits(svc).and_then(|l| l.cpus.as_ref());
        svc.cpus.iter().chain(deploy).chain(&svc.cpu_quota).collect()
    },
    unlimited: |v| v.trim().parse::<f64>().ok().map(|n| n <= 0.0),
    also_limited: |svc| svc.get("cpuset").is_some(),
    what: "CPUs",
    absent: "has no CPU limit",
    help_unlimited: "set a real limit, such as `cpus: \"0.5\"` or `deploy.resources.limits.cpus: \"0.5\"`",
    service_key: "cpus",
    deploy_key: "cpus",
    default_value: "1",
    yaml_value: crate::compose::edit::NewValue::number_or_str,
    help_absent: "add `cpus: \"1.0\"` (or `deploy.resources.limits.cpus`) sized for the service",
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    check_limit(&RULE, cx, out);
}
