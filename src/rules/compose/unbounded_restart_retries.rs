//! `on-failure` restarts without a bound of at most 5.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC135",
    name: "unbounded-restart-retries",
    kind: Compose,
    severity: Info,
    summary: "a service restarts on failure without a retry limit of at most 5",
    origins: [
        kics("restart_policy_on_failure_not_set_to_5"),
        kics("2fc99041-ddad-49d5-853f-e35e70a48391"),
    ],
    default_enabled: false,
};

const HELP: &str = "bound the retries, such as `restart: on-failure:5`";

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = &svc.restart
            && let Some(v) = f.text()
        {
            let v = v.trim();
            if let Some(rest) = v.strip_prefix("on-failure") {
                let n = rest.strip_prefix(':').and_then(|n| n.trim().parse::<i64>().ok());
                if n.is_none_or(|n| n <= 0 || n > 5) {
                    out.report(
                        &META,
                        f.span,
                        format!("service `{}` restarts on failure {} (`restart: {v}`)", svc.name.value, if n.is_some() { "more than 5 times" } else { "forever" }),
                    )
                    .help(HELP);
                }
            }
        }
        let Some(policy) = svc.deploy.as_ref().and_then(|_| svc.get("deploy")).and_then(|d| d.get("restart_policy")) else {
            continue;
        };
        let condition = policy.get("condition").and_then(|c| c.as_str());
        if condition.is_some_and(|c| c.trim() == "on-failure") {
            let attempts = policy.get("max_attempts");
            let n = attempts.and_then(|a| a.as_str()).and_then(|a| a.trim().parse::<i64>().ok());
            if n.is_none_or(|n| n <= 0 || n > 5) {
                let span = attempts.map_or(policy.span, |a| a.span);
                out.report(
                    &META,
                    span,
                    format!("service `{}` restarts on failure without a limit of at most 5 attempts", svc.name.value),
                )
                .help("set `deploy.restart_policy.max_attempts` to 5 or fewer");
            }
        }
    }
}
