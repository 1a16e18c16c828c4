//! Unquoted `ports` and `expose` entries (style).

use crate::yaml::ScalarStyle;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC150",
    name: "unquoted-port",
    kind: Compose,
    severity: Style,
    summary: "a service's `ports` or `expose` entry is not quoted",
    origins: [dclint("require-quotes-in-ports")],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        for key in ["ports", "expose"] {
            let Some(items) = svc.get(key).and_then(|v| v.as_seq()) else {
                continue;
            };
            for item in items {
                let Some(s) = item.as_scalar() else { continue };
                if item.alias.is_none() && s.style == ScalarStyle::Plain {
                    out.report(
                        &META,
                        item.span,
                        format!("`{key}` entry `{}` of service `{}` is not quoted", s.text, svc.name.value),
                    )
                    .help(format!("quote it: `\"{}\"`", s.text));
                }
            }
        }
    }
}
