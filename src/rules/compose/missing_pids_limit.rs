//! No limit on the number of processes.

use crate::rules::prelude::*;
use crate::rules::support::limits::{LimitRule, check_limit, deploy_limits};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC006",
    name: "missing-pids-limit",
    aliases: ["no-pids-limit"],
    kind: Compose,
    severity: Warning,
    summary: "a service has no limit on its number of processes",
    origins: [
        kics("pids_limit_not_set"),
        kics("221e0658-cb2a-44e3-b08a-db96a341d6fa"),
    ],
    fixable: true,
    options: Some(|t| crate::rules::support::fix_value::parse(t, |v| crate::rules::support::limits::check_fix_value(&RULE, v))),
};

static RULE: LimitRule = LimitRule {
    meta: &META,
    fields: |svc| {
        let deploy = deploy_limits(svc).and_then(|l| l.pids.as_ref());
        svc.pids_limit.iter().chain(deploy).collect()
    },
    unlimited: |v| v.trim().parse::<i64>().ok().map(|n| n <= 0),
    also_limited: |_| false,
    what: "the PID limit",
    absent: "has no PID limit, so a fork bomb can exhaust the host",
    help_unlimited: "set a real limit, such as `pids_limit: 200`",
    service_key: "pids_limit",
    deploy_key: "pids",
    default_value: "100",
    yaml_value: crate::compose::edit::NewValue::number_or_str,
    help_absent: "add `pids_limit: 200` (or `deploy.resources.limits.pids`) sized for the service",
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    check_limit(&RULE, cx, out);
}
