//! Linux capabilities in `cap_add` / `cap_drop`, graded by what they grant.
//!
//! The grading follows what each capability gives a container beyond its own
//! namespace. The tiers and their members match compose-lint's (CL-0024,
//! CL-0011, CL-0027, CL-0028, CL-0029, CL-0030) so that the two tools agree
//! on which capability is which; dockward adds a tier for the remaining
//! capabilities outside Docker's default set (CIS Docker Benchmark 5.4).

use crate::compose::model::{Field, Service};

/// Docker's default capability set: adding one of these back after
/// `cap_drop: [ALL]` grants nothing the default container lacks.
pub const DEFAULT_CAPS: [&str; 14] = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "NET_RAW",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// How much a capability outside the default set grants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CapTier {
    /// Host code execution without a second flaw: ALL, SYS_ADMIN,
    /// SYS_MODULE, SYS_RAWIO.
    HostExec,
    /// Reaches past the container with a known technique: NET_ADMIN, BPF,
    /// SYS_BOOT.
    HostAdjacent,
    /// Host-global state without any other key: PERFMON, SYS_TIME.
    HostReaching,
    /// Degrades the host: SYS_NICE, IPC_LOCK, LEASE.
    HostAvailability,
    /// Reads host state: SYSLOG.
    HostDisclosure,
    /// Weakens isolation inside the container only: SYS_PTRACE,
    /// DAC_READ_SEARCH.
    BoundedGrant,
    /// Any other capability outside the default set.
    NonDefault,
}

/// What each graded capability grants, for messages.
const GRADED: [(&str, CapTier, &str); 16] = [
    (
        "ALL",
        CapTier::HostExec,
        "every capability, the capability half of `privileged: true`",
    ),
    (
        "SYS_ADMIN",
        CapTier::HostExec,
        "mounting filesystems and configuring namespaces, the basis of most known container escapes",
    ),
    (
        "SYS_MODULE",
        CapTier::HostExec,
        "loading kernel modules, that is, code in the host kernel",
    ),
    (
        "SYS_RAWIO",
        CapTier::HostExec,
        "access to raw I/O ports and physical memory",
    ),
    (
        "NET_ADMIN",
        CapTier::HostAdjacent,
        "reconfiguring interfaces, routes and firewall rules to intercept other containers' traffic",
    ),
    (
        "BPF",
        CapTier::HostAdjacent,
        "loading BPF programs into the kernel",
    ),
    (
        "SYS_BOOT",
        CapTier::HostAdjacent,
        "rebooting or powering off the host",
    ),
    (
        "PERFMON",
        CapTier::HostReaching,
        "performance monitoring of every process on the host",
    ),
    (
        "SYS_TIME",
        CapTier::HostReaching,
        "setting the host's clock (no namespace isolates it)",
    ),
    (
        "SYS_NICE",
        CapTier::HostAvailability,
        "real-time scheduling above every host process",
    ),
    (
        "IPC_LOCK",
        CapTier::HostAvailability,
        "locking host memory so it cannot be reclaimed",
    ),
    (
        "LEASE",
        CapTier::HostAvailability,
        "file leases that stall the host's own access to mounted files",
    ),
    (
        "SYSLOG",
        CapTier::HostDisclosure,
        "reading the host kernel's log (no namespace isolates it)",
    ),
    (
        "SYS_PTRACE",
        CapTier::BoundedGrant,
        "tracing and reading the memory of other processes",
    ),
    (
        "DAC_READ_SEARCH",
        CapTier::BoundedGrant,
        "bypassing file read permissions, and reading host files by handle through a bind mount",
    ),
    (
        "SYS_RESOURCE",
        CapTier::NonDefault,
        "overriding resource limits and quotas",
    ),
];

/// The other capabilities Linux knows, outside the default set.
const OTHER_CAPS: [&str; 12] = [
    "AUDIT_CONTROL",
    "AUDIT_READ",
    "BLOCK_SUSPEND",
    "CHECKPOINT_RESTORE",
    "IPC_OWNER",
    "LINUX_IMMUTABLE",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "NET_BROADCAST",
    "SYS_PACCT",
    "SYS_TTY_CONFIG",
    "WAKE_ALARM",
];

/// The canonical name: trimmed, upper case, without a `CAP_` prefix. `None`
/// for `CAP_ALL`, which Docker rejects (only `ALL` means all).
pub fn normalize_cap(name: &str) -> Option<String> {
    let upper = name.trim().to_ascii_uppercase();
    match upper.strip_prefix("CAP_") {
        Some("ALL") => None,
        Some(rest) => Some(rest.to_string()),
        None => Some(upper),
    }
}

/// The tier of a capability name (canonical), and what it grants. `None` for
/// default capabilities and unknown names.
pub fn cap_tier(cap: &str) -> Option<(CapTier, &'static str)> {
    if let Some((_, tier, what)) = GRADED.iter().find(|(n, _, _)| *n == cap) {
        return Some((*tier, what));
    }
    OTHER_CAPS.contains(&cap).then_some((
        CapTier::NonDefault,
        "privileges outside Docker's default set",
    ))
}

/// Each `cap_add` item of the service in the tier, with its canonical name
/// and what it grants.
pub fn added_caps(svc: &Service, tier: CapTier) -> Vec<(&Field, String, &'static str)> {
    let mut out = Vec::new();
    let Some(list) = &svc.cap_add else {
        return out;
    };
    for f in list.iter() {
        let Some(name) = f.text().and_then(normalize_cap) else {
            continue;
        };
        if let Some((t, what)) = cap_tier(&name)
            && t == tier
        {
            out.push((f, name, what));
        }
    }
    out
}

/// Whether `cap_drop` drops every capability.
pub fn drops_all(svc: &Service) -> bool {
    svc.cap_drop.as_ref().is_some_and(|l| {
        l.iter()
            .any(|f| f.text().and_then(normalize_cap).as_deref() == Some("ALL"))
    })
}

/// Reports each `cap_add` item of `tier` for a capability rule.
pub fn report_tier(
    cx: &crate::rules::ComposeContext,
    out: &mut crate::diagnostic::Diagnostics,
    meta: &'static crate::rules::RuleMeta,
    tier: CapTier,
    help: &'static str,
) {
    for svc in &cx.compose.services {
        for (f, name, what) in added_caps(svc, tier) {
            out.report(
                meta,
                f.span,
                format!(
                    "service `{}` adds capability `{name}`, which grants {what}",
                    svc.name.value
                ),
            )
            .help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers() {
        assert_eq!(
            normalize_cap(" cap_sys_admin ").as_deref(),
            Some("SYS_ADMIN")
        );
        assert_eq!(normalize_cap("CAP_ALL"), None);
        assert_eq!(cap_tier("ALL").unwrap().0, CapTier::HostExec);
        assert_eq!(cap_tier("NET_ADMIN").unwrap().0, CapTier::HostAdjacent);
        assert_eq!(cap_tier("MAC_ADMIN").unwrap().0, CapTier::NonDefault);
        assert!(cap_tier("NET_BIND_SERVICE").is_none());
        assert!(cap_tier("CHOWN").is_none());
        assert!(DEFAULT_CAPS.iter().all(|c| cap_tier(c).is_none()));
    }
}
