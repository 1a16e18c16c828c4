//! `oom_kill_disable: true`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC142",
    name: "oom-kill-disabled",
    kind: Compose,
    severity: Warning,
    summary: "a service is exempt from the out-of-memory killer",
    origins: [],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if let Some(f) = &svc.oom_kill_disable
            && f.as_bool() == Some(true)
        {
            let limited = svc.mem_limit.is_some()
                || svc
                    .deploy
                    .as_ref()
                    .and_then(|d| d.limits.as_ref())
                    .is_some_and(|l| l.memory.is_some());
            let msg = if limited {
                format!("service `{}` disables the OOM killer: at its memory limit it hangs instead of being killed", svc.name.value)
            } else {
                format!("service `{}` disables the OOM killer without a memory limit, so the kernel kills host processes instead", svc.name.value)
            };
            out.report(&META, f.span, msg)
                .help("remove `oom_kill_disable`; set a memory limit sized for the service, and `oom_score_adj` if it must outlive others");
        }
    }
}
