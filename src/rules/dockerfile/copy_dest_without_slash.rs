//! Several sources copied to a destination that does not end with `/`.

use crate::rules::prelude::*;
use crate::rules::support::copy_sources::transfers;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF225",
    name: "copy-dest-without-slash",
    kind: Dockerfile,
    severity: Error,
    summary: "`COPY` or `ADD` of several sources to a destination without a trailing `/`",
    origins: [hadolint("DL3021"), trivy("DS-0011")],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let mut cursor = cx.model().scope_cursor(df);
    for t in transfers(&df.instructions) {
        if t.sources.len() + t.heredoc_sources < 2 {
            continue;
        }
        let dest = &t.dest.value;
        let value = if dest.contains('$') {
            let e = cursor.at(t.instruction).expand(dest, df.escape);
            if e.unknown {
                continue;
            }
            e.value
        } else {
            dest.clone()
        };
        if value.ends_with('/') || value.ends_with('\\') {
            continue;
        }
        let k = t.ins.keyword;
        out.report(
            &META,
            t.dest.span,
            format!("`{k}` of {} sources needs a directory destination ending in `/`, not `{dest}`", t.sources.len() + t.heredoc_sources),
        )
        .help(format!("write `{dest}/`"))
        // The build fails without it: nothing relies on the old form.
        .fix(Fix::safe(
            format!("write `{dest}/`"),
            vec![Edit::insert(
                if t.dest.span.text(cx.text()).ends_with('"') {
                    t.dest.span.end - 1
                } else {
                    t.dest.span.end
                },
                "/",
            )],
        ));
    }
}
