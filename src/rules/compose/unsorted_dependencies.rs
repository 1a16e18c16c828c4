//! `depends_on` not in alphabetical order (style).

use crate::rules::prelude::*;
use crate::rules::support::ordering::out_of_order;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC151",
    name: "unsorted-dependencies",
    kind: Compose,
    severity: Style,
    summary: "a service's `depends_on` entries are not in alphabetical order",
    origins: [dclint("service-dependencies-alphabetical-order")],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let items: Vec<(&str, Span)> = svc
            .depends_on
            .iter()
            .map(|d| (d.name.value.as_str(), d.name.span))
            .collect();
        for o in out_of_order(&items, |n| n.to_ascii_lowercase()) {
            out.report(
                &META,
                o.span,
                format!("dependency `{}` of service `{}` comes after `{}`", o.item, svc.name.value, o.after),
            )
            .help(format!("move `{}` before `{}`", o.item, o.after));
        }
    }
}
