//! The top-level `version` key.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC147",
    name: "obsolete-version-field",
    kind: Compose,
    severity: Info,
    summary: "the file has the obsolete top-level `version` key",
    origins: [dclint("no-version-field")],
    fixable: true,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    if let Some(f) = &cx.compose.version {
        let d = out.report(
            &META,
            f.key.map_or(f.span, |k| k.cover(f.span)),
            format!("`version: {}` is obsolete: Compose ignores it and warns", f.raw),
        );
        d.help("remove the `version` key");
        // Compose ignores the key: removing it changes nothing.
        if let Some(edit) = f
            .key
            .and_then(|k| crate::compose::edit::remove_entry(cx.project, k, f.node_span))
        {
            d.fix(Fix::safe("remove the `version` key", vec![edit]));
        }
    }
}
