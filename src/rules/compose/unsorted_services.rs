//! Services not in alphabetical order (style).

use crate::rules::prelude::*;
use crate::rules::support::ordering::{out_of_order, own_keys};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC154",
    name: "unsorted-services",
    kind: Compose,
    severity: Style,
    summary: "services are not in alphabetical order",
    origins: [dclint("services-alphabetical-order")],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    let Some(services) = cx.compose.root.get("services").and_then(|s| s.as_map()) else {
        return;
    };
    for o in out_of_order(&own_keys(services), |n| n.to_ascii_lowercase()) {
        out.report(
            &META,
            o.span,
            format!("service `{}` comes after `{}`; services are expected in alphabetical order", o.item, o.after),
        )
        .help(format!("move `{}` before `{}`", o.item, o.after));
    }
}
