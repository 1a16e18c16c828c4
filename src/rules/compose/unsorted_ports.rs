//! `ports` not in ascending order (style).

use crate::rules::prelude::*;
use crate::rules::support::ordering::out_of_order;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC153",
    name: "unsorted-ports",
    kind: Compose,
    severity: Style,
    summary: "a service's `ports` are not in ascending order",
    origins: [dclint("service-ports-alphabetical-order")],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        // Sort key: the host port, else the container port; ports that
        // depend on unknown variables are skipped.
        let mut items: Vec<(String, Span, u16)> = Vec::new();
        for p in &svc.ports {
            let Some(r) = p.published.as_ref().or(p.target.as_ref()) else {
                continue;
            };
            if r.unknown {
                continue;
            }
            items.push((cx.text_at(p.span).trim_matches(['"', '\'']).to_string(), p.span, r.start));
        }
        let keyed: Vec<(&str, Span)> = items.iter().map(|(t, s, _)| (t.as_str(), *s)).collect();
        let rank = |name: &str| items.iter().find(|(t, _, _)| t == name).map_or(0, |(_, _, n)| *n);
        for o in out_of_order(&keyed, rank) {
            out.report(
                &META,
                o.span,
                format!("port `{}` of service `{}` comes after `{}`", o.item, svc.name.value, o.after),
            )
            .help(format!("move `{}` before `{}`", o.item, o.after));
        }
    }
}
