//! No top-level `name`.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC148",
    name: "missing-project-name",
    kind: Compose,
    severity: Info,
    summary: "the file does not name its project (no top-level `name`)",
    origins: [dclint("require-project-name-field")],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    if cx.compose.name.is_some() || cx.compose.services.is_empty() || cx.compose.legacy {
        return;
    }
    let span = cx
        .compose
        .root
        .as_map()
        .and_then(|m| m.get("services"))
        .map_or(Span::empty(0), |e| e.key.span);
    out.report(
        &META,
        span,
        "the project has no `name`, so its name depends on the directory it is run from",
    )
    .help("add a top-level `name:` for the project");
}
