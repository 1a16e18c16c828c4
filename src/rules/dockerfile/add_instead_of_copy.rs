//! `ADD` where `COPY` does the job.

use crate::dockerfile::edit::cased_like;
use crate::rules::prelude::*;
use crate::rules::support::copy_sources::{is_archive, is_git, is_plainly_local, is_url, transfers};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF223",
    name: "add-instead-of-copy",
    kind: Dockerfile,
    severity: Info,
    summary: "`ADD` copies local files, which `COPY` does without `ADD`'s surprises",
    origins: [hadolint("DL3020"), trivy("DS-0005"), checkov("CKV_DOCKER_4")],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let mut cursor = cx.model().scope_cursor(df);
    for t in transfers(&df.instructions) {
        if !t.is_add() || t.sources.is_empty() {
            continue;
        }
                let needs_add = t.sources.iter().any(|s| {
            let v = if s.value.contains('$') {
                let scope = cursor.at(t.instruction);
                let e = scope.expand(&s.value, df.escape);
                if e.unknown {
                    // `config/${ENV}/app.json` is local whatever `ENV` is.
                    return !is_plainly_local(&s.value);
                }
                e.value
            } else {
                s.value.clone()
            };
            is_url(&v) || is_git(&v) || is_archive(&v)
        });
        if needs_add {
            continue;
        }
        let d = out.report(
            &META,
            t.ins.keyword_span,
            "`ADD` of local files: `COPY` does the same without unpacking archives or fetching URLs",
        )
        .help("use `COPY`; keep `ADD` for tar archives to extract and remote sources");
        // Flags only `ADD` knows keep it `ADD`.
        let add_only = t
            .ins
            .flags
            .iter()
            .any(|f| matches!(f.name.value.as_str(), "checksum" | "keep-git-dir" | "unpack"));
        if !add_only {
            let written = t.ins.keyword_span.text(cx.text());
            d.fix(Fix::safe(
                "replace `ADD` with `COPY`",
                vec![Edit::replace(t.ins.keyword_span, cased_like(written, "COPY"))],
            ));
        }
    }
}
