//! No memory limit.

use crate::rules::prelude::*;
use crate::rules::support::limits::{LimitRule, check_limit, deploy_limits};
use crate::rules::support::parse_bytes;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC004",
    name: "missing-memory-limit",
    aliases: ["no-memory-limit"],
    kind: Compose,
    severity: Warning,
    summary: "a service has no memory limit",
    origins: [kics("memory_not_limited"),
        kics("bb9ac4f7-e13b-423d-a010-c74a1bfbe492"), compose_lint("CL-0026")],
    fixable: true,
    options: Some(|t| crate::rules::support::fix_value::parse(t, |v| crate::rules::support::limits::check_fix_value(&RULE, v))),
};

static RULE: LimitRule = LimitRule {
    meta: &META,
    fields: |svc| {
        let deploy = deploy_limits(svc).and_then(|l| l.memory.as_ref());
        svc.mem_limit.iter().chain(deploy).collect()
    },
    unlimited: |v| parse_bytes(v).map(|n| n <= 0),
    also_limited: |_| false,
    what: "memory",
    absent: "has no memory limit",
    help_unlimited: "set a real limit, such as `mem_limit: 512m` or `deploy.resources.limits.memory: 512M`",
    service_key: "mem_limit",
    deploy_key: "memory",
    default_value: "512m",
    yaml_value: |v| crate::compose::edit::NewValue::Str(v.to_string()),
    help_absent: "add `mem_limit: 512m` (or `deploy.resources.limits.memory`) sized for the service",
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    check_limit(&RULE, cx, out);
}
