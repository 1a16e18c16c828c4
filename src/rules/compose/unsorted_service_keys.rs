//! Keys of a service not in the conventional group order (style).

use crate::rules::prelude::*;
use crate::rules::support::ordering::{out_of_order, own_keys};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC152",
    name: "unsorted-service-keys",
    aliases: ["unordered-service-keys"],
    kind: Compose,
    severity: Style,
    summary: "a service's keys are not in the conventional group order",
    origins: [dclint("service-keys-order")],
    default_enabled: false,
};

/// The groups, in order; keys not listed come last.
const GROUPS: [&[&str]; 8] = [
    &["image", "build", "container_name"],
    &["depends_on"],
    &["volumes", "volumes_from", "configs", "secrets"],
    &["environment", "env_file"],
    &["ports", "networks", "network_mode", "extra_hosts"],
    &["command", "entrypoint", "working_dir", "restart", "healthcheck"],
    &["logging", "labels"],
    &["user", "isolation"],
];

fn group(key: &str) -> usize {
    GROUPS
        .iter()
        .position(|g| g.contains(&key))
        .unwrap_or(GROUPS.len())
}

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let Some(m) = svc.node.as_map() else { continue };
        for o in out_of_order(&own_keys(m), group) {
            out.report(
                &META,
                o.span,
                format!("key `{}` of service `{}` comes after `{}`", o.item, svc.name.value, o.after),
            )
            .help("order service keys: image and build, dependencies, data, environment, networking, runtime, metadata, security context, then the rest");
        }
    }
}
