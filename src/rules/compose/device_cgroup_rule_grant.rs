//! `device_cgroup_rules` that open host disks or kernel devices.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC125",
    name: "device-cgroup-rule-grant",
    kind: Compose,
    severity: Error,
    summary: "a service's device cgroup rule lets it read or write host disks or kernel devices",
    origins: [compose_lint("CL-0016")],
};

/// What a device cgroup rule (`TYPE MAJOR:MINOR ACCESS`) opens, if it opens
/// something dangerous with read or write access.
pub fn rule_grant(rule: &str) -> Option<&'static str> {
    let mut parts = rule.split_whitespace();
    let (kind, numbers, access) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !access.contains(['r', 'w']) {
        return None;
    }
    let (major, minor) = numbers.split_once(':')?;
    let matches = |maj: &str, min: &str| (major == "*" || major == maj) && (minor == "*" || minor == min);
    match kind {
        "a" => Some("every device on the host"),
        "b" => Some("host block devices, the disks included"),
        "c" if matches("1", "11") => Some("the host kernel's log (`/dev/kmsg`)"),
        "c" if matches("10", "237") => Some("loop device control (`/dev/loop-control`)"),
        "c" if matches("1", "1") => Some("the host's physical memory (`/dev/mem`)"),
        _ => None,
    }
}

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let Some(list) = &svc.device_cgroup_rules else { continue };
        for f in list.iter() {
            let Some(what) = f.text().and_then(rule_grant) else {
                continue;
            };
            out.report(
                &META,
                f.span,
                format!("service `{}` allows device access `{}`, which opens {what}", svc.name.value, f.raw),
            )
            .help("narrow the rule to the character device the service needs (`c <major>:<minor> rw`)");
        }
    }
}
