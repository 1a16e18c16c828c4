//! A host disk, memory or kernel device given to a service.

use crate::rules::prelude::*;
use crate::rules::support::host_paths::clean_path;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC124",
    name: "dangerous-host-device",
    kind: Compose,
    severity: Error,
    summary: "a service is given a host disk, memory or kernel device",
    origins: [compose_lint("CL-0016")],
};

/// What a device node gives raw access to, by path.
pub fn dangerous_device(path: &str) -> Option<&'static str> {
    let Some(name) = path.strip_prefix("/dev/") else {
        return (path == "/dev").then_some("every host device, every disk included");
    };
    let letter_then = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|r| r.as_bytes().first().is_some_and(u8::is_ascii_lowercase))
    };
    let digit_then = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|r| r.as_bytes().first().is_some_and(u8::is_ascii_digit))
    };
    let disk = letter_then("sd")
        || name.starts_with("nvme")
        || letter_then("vd")
        || letter_then("xvd")
        || name.starts_with("mmcblk")
        || digit_then("md")
        || name.starts_with("md/")
        || name.starts_with("disk/")
        || name.starts_with("block/")
        || name.starts_with("dm-")
        || name.starts_with("mapper/")
        || name == "zfs"
        || name.starts_with("rbd")
        || digit_then("zd")
        || name.starts_with("zvol/")
        || digit_then("nbd")
        || name.starts_with("mtdblock")
        || (letter_then("hd") && name[3..].bytes().all(|b| b.is_ascii_digit()));
    if disk {
        return Some("a host disk, readable and writable below any filesystem permission");
    }
    if name.starts_with("loop") || name == "char/10:237" {
        return Some("loop devices, which mount arbitrary disk images");
    }
    if name == "kmsg" || name == "char/1:11" {
        return Some("the host kernel's log, to read or inject");
    }
    if matches!(name, "mem" | "kmem" | "port" | "char/1:1" | "char/1:2" | "char/1:4") {
        return Some("the host's physical memory or I/O ports");
    }
    None
}

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for d in &svc.devices {
            let Some(src) = &d.source else { continue };
            let Some(path) = src.text().and_then(clean_path) else {
                continue;
            };
            // Only `r`, `w` (or `W`) open the node; `m` alone reaches nothing.
            if let Some(p) = d.permissions.as_ref().and_then(|p| p.text())
                && !p.trim().is_empty()
                && !p.contains(['r', 'w', 'W'])
            {
                continue;
            }
            let Some(what) = dangerous_device(&path) else {
                continue;
            };
            out.report(
                &META,
                src.span,
                format!("service `{}` is given host device `{}`: {what}", svc.name.value, src.raw),
            )
            .help("remove the device; give the service a volume or a file instead of the raw device");
        }
    }
}
