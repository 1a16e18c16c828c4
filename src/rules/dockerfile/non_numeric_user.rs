//! `USER` by name rather than numeric id.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF236",
    name: "non-numeric-user",
    kind: Dockerfile,
    severity: Info,
    summary: "`USER` names a user rather than a numeric id, which runtimes cannot check",
    origins: [hadolint("DL3066")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    let mut cursor = model.scope_cursor(df);
    for (i, ins) in df.instructions.iter().enumerate() {
        if ins.keyword != Keyword::User {
            continue;
        }
        let Some(w) = ins.words().first() else { continue };
        let value = if w.value.contains('$') {
            let e = cursor.at(i).expand(&w.value, df.escape);
            if e.unknown {
                continue;
            }
            e.value
        } else {
            w.value.clone()
        };
        let user = value.split(':').next().unwrap_or("").trim();
        if user.is_empty() || user.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let shown = if value == w.value {
            format!("`{}`", w.value)
        } else {
            format!("`{}` (`{value}`)", w.value)
        };
        out.report(
            &META,
            w.span,
            format!("`USER` {shown} names a user; a runtime enforcing `runAsNonRoot` cannot tell it is not root"),
        )
        .help("use the numeric id, such as `USER 10001:10001`, created with `useradd -u 10001`");
    }
}
