//! Variables without a value: what depends on them is not judged.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC028",
    name: "unset-variable",
    kind: Compose,
    severity: Info,
    summary: "a variable that is not set and has no default, so the values using it are unknown",
    origins: [],
    default_enabled: false,
};

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for v in &cx.compose.unset_variables {
        out.report(
            &META,
            v.span,
            format!(
                "`{}` has no value in `.env` and no default, so dockward does not judge the value that uses it",
                v.value
            ),
        )
        .help(format!(
            "set `{0}` in `.env` beside the Compose file, or give it a default with `${{{0}:-value}}` where a default is safe",
            v.value
        ));
    }
}
