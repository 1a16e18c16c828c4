//! Quoted `volumes` entries (style).

use crate::yaml::ScalarStyle;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC149",
    name: "quoted-volume",
    kind: Compose,
    severity: Style,
    summary: "a service's `volumes` entry is quoted",
    origins: [dclint("no-quotes-in-volumes")],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let Some(items) = svc.get("volumes").and_then(|v| v.as_seq()) else {
            continue;
        };
        for item in items {
            let Some(s) = item.as_scalar() else { continue };
            if item.alias.is_none() && matches!(s.style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
                out.report(
                    &META,
                    item.span,
                    format!("volume `{}` of service `{}` is quoted", s.text, svc.name.value),
                )
                .help("write the volume without quotes");
            }
        }
    }
}
