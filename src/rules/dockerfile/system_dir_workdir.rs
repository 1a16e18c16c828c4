//! `WORKDIR` in a system directory.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF219",
    name: "system-dir-workdir",
    kind: Dockerfile,
    severity: Info,
    summary: "`WORKDIR` is inside a system directory such as `/proc` or `/dev`",
    origins: [trivy("DS-0030")],
};

const SYSTEM: [&str; 6] = ["/proc", "/sys", "/boot", "/dev", "/initrd", "/lost+found"];

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let mut cursor = cx.model().scope_cursor(df);
    for (i, ins) in df.instructions.iter().enumerate() {
        if ins.keyword != Keyword::Workdir {
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
        let Some(dir) = SYSTEM
            .iter()
            .find(|d| value == **d || value.strip_prefix(**d).is_some_and(|r| r.starts_with('/')))
        else {
            continue;
        };
        out.report(
            &META,
            w.span,
            format!("`WORKDIR {}` is inside `{dir}`, which the runtime mounts over", w.value),
        )
        .help("work in a directory of your own, such as `/app`");
    }
}
