//! Top-level keys not in the conventional order (style).

use crate::rules::prelude::*;
use crate::rules::support::ordering::{out_of_order, own_keys};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC155",
    name: "unsorted-top-level-keys",
    aliases: ["unordered-top-level-keys"],
    kind: Compose,
    severity: Style,
    summary: "top-level keys are not in the conventional order",
    origins: [dclint("top-level-properties-order")],
    default_enabled: false,
};

const ORDER: [&str; 9] = [
    "version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models",
];

fn rank(key: &str) -> (usize, String) {
    if key.starts_with("x-") {
        return (0, key.to_string());
    }
    match ORDER.iter().position(|k| *k == key) {
        Some(i) => (i + 1, String::new()),
        None => (ORDER.len() + 1, String::new()),
    }
}

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    if cx.compose.legacy {
        return;
    }
    let Some(m) = cx.compose.root.as_map() else { return };
    for o in out_of_order(&own_keys(m), rank) {
        out.report(
            &META,
            o.span,
            format!("top-level key `{}` comes after `{}`", o.item, o.after),
        )
        .help("order top-level keys as `x-*` extensions, `version`, `name`, `include`, `services`, `networks`, `volumes`, `secrets`, `configs`");
    }
}
