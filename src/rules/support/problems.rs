//! Problems the Compose project loader and model found (structure,
//! references, files), reported by the rule that owns their kind.

use crate::compose::model::ProblemKind;
use crate::rules::prelude::*;

/// Report every problem of the given kinds as a diagnostic of `meta`, with
/// the problem's own help or `help`.
pub fn report_problems(
    cx: &ComposeContext,
    out: &mut Diagnostics,
    meta: &'static RuleMeta,
    kinds: &[ProblemKind],
    help: &str,
) {
    for p in &cx.compose.problems {
        if kinds.contains(&p.kind) {
            out.report(meta, p.span, p.message.clone())
                .help(p.help.clone().unwrap_or_else(|| help.to_string()));
        }
    }
}
