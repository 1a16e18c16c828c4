//! A `container_name` Docker rejects.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC146",
    name: "invalid-container-name",
    kind: Compose,
    severity: Error,
    summary: "a service's `container_name` is not a valid container name",
    origins: [dclint("service-container-name-regex")],
};

/// Docker's rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
pub fn valid_container_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_alphanumeric()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        let Some(f) = &svc.container_name else { continue };
        let Some(name) = f.text() else { continue };
        if !valid_container_name(name) {
            out.report(
                &META,
                f.span,
                format!("service `{}` has container name `{name}`, which Docker rejects", svc.name.value),
            )
            .help("use letters, digits, `_`, `.` and `-`, starting with a letter or digit, at least two characters");
        }
    }
}
