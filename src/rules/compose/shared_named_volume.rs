//! A named volume mounted writable by several services.

use crate::compose::model::VolumeKind;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC136",
    name: "shared-named-volume",
    kind: Compose,
    severity: Info,
    summary: "a named volume is mounted writable by more than one service",
    origins: [
        kics("shared_volumes_between_containers"),
        kics("8c978947-0ff6-485c-b0c2-0bfca6026466"),
    ],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    // (volume name, first service, writable mounts)
    let mut seen: Vec<(&str, &str, usize)> = Vec::new();
    for svc in &cx.compose.services {
        for v in &svc.volumes {
            if v.kind != VolumeKind::Volume || v.read_only {
                continue;
            }
            let Some(src) = &v.source else { continue };
            let Some(name) = src.text() else { continue };
            if name.is_empty() {
                continue;
            }
            match seen.iter_mut().find(|(n, _, _)| *n == name) {
                Some(entry) if entry.1 != svc.name.value => {
                    entry.2 += 1;
                    out.report(
                        &META,
                        src.span,
                        format!("service `{}` mounts volume `{name}` writable, as service `{}` does", svc.name.value, entry.1),
                    )
                    .help("mount the volume read-only (`:ro`) in the services that only read it");
                }
                Some(_) => {}
                None => seen.push((name, &svc.name.value, 1)),
            }
        }
    }
}
