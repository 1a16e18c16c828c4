//! `COPY`/`ADD` of a file that `.dockerignore` excludes.

use crate::rules::prelude::*;
use crate::rules::support::copy_sources::{is_git, is_url, transfers};
use crate::rules::support::dockerignore::for_dockerfile;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF239",
    name: "copy-ignored-file",
    kind: Dockerfile,
    severity: Info,
    summary: "`COPY` or `ADD` names a file that `.dockerignore` excludes from the build context",
    origins: [buildkit("CopyIgnoredFile")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let mut list = transfers(&df.instructions).peekable();
    if list.peek().is_none() {
        return;
    }
    let Some(ignore) = for_dockerfile(cx.file) else {
        return;
    };
    if ignore.is_empty() {
        return;
    }
    let file_name = ignore
        .path
        .file_name()
        .map_or_else(|| ".dockerignore".into(), |n| n.to_string_lossy().into_owned());
    let mut cursor = cx.model().scope_cursor(df);
    for t in list {
        if t.from().is_some() {
            continue;
        }
                for s in &t.sources {
            let value = if s.value.contains('$') {
                let scope = cursor.at(t.instruction);
                let e = scope.expand(&s.value, df.escape);
                if e.unknown {
                    continue;
                }
                e.value
            } else {
                s.value.clone()
            };
            if is_url(&value) || is_git(&value) {
                continue;
            }
            let Some(ex) = ignore.excluded(&value) else {
                continue;
            };
            let k = t.ins.keyword;
            out.report(
                &META,
                s.span,
                format!(
                    "`{k}` of `{value}`, which `{file_name}` excludes from the build context (`{}` on line {})",
                    ex.pattern, ex.line
                ),
            )
            .help(format!("add an exception such as `!{value}` to `{file_name}`, or stop copying it"));
        }
    }
}
