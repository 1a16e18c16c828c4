//! Two services with the same `container_name`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC144",
    name: "duplicate-container-name",
    kind: Compose,
    severity: Error,
    summary: "two services use the same `container_name`",
    origins: [dclint("no-duplicate-container-names")],
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for svc in &cx.compose.services {
        let Some(f) = &svc.container_name else { continue };
        let Some(name) = f.text() else { continue };
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
            out.report(
                &META,
                f.span,
                format!("service `{}` uses container name `{name}`, already used by service `{first}`", svc.name.value),
            )
            .help("give each service its own `container_name`, or remove it and let Compose name the containers");
        } else {
            seen.push((name, &svc.name.value));
        }
    }
}
