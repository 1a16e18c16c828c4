//! A tmpfs mount that re-enables `exec`, `suid` or `dev`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC128",
    name: "insecure-tmpfs-options",
    kind: Compose,
    severity: Warning,
    summary: "a service's tmpfs mount allows executables, setuid programs or device files",
    origins: [compose_lint("CL-0022")],
};

const INSECURE: [&str; 3] = ["exec", "suid", "dev"];

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let Some(list) = &svc.tmpfs else { continue };
        for f in list.iter() {
            let Some(t) = f.text() else { continue };
            let Some(colon) = t.find(':') else { continue };
            let mut offset = colon + 1;
            for opt in t[colon + 1..].split(',') {
                let o = opt.trim();
                if INSECURE.contains(&o) {
                    let start = offset + (opt.len() - opt.trim_start().len());
                    out.report(
                        &META,
                        f.span_of(start..start + o.len()),
                        format!("service `{}` mounts tmpfs `{}` with `{o}`, undoing Docker's `noexec,nosuid,nodev` default", svc.name.value, &t[..colon]),
                    )
                    .help(format!("remove `{o}` unless the service must run programs from this mount"));
                }
                offset += opt.len() + 1;
            }
        }
    }
}
