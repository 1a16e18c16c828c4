//! `ENV` uses a variable that the same `ENV` defines.

use crate::dockerfile::Keyword;
use crate::dockerfile::expand::{Var, references};
use crate::rules::prelude::*;
use crate::rules::support::var_refs::reference_span;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF231",
    name: "env-self-reference",
    kind: Dockerfile,
    severity: Info,
    summary: "an `ENV` uses a variable that the same `ENV` defines, which it does not see yet",
    origins: [hadolint("DL3044")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let text = cx.text();
    let mut cursor = cx.model().scope_cursor(df);
    for (i, ins) in df.instructions.iter().enumerate() {
        if ins.keyword != Keyword::Env {
            continue;
        }
        let pairs = ins.pairs();
        if pairs.len() < 2 {
            continue;
        }
                for (n, kv) in pairs.iter().enumerate() {
            let Some(v) = &kv.value else { continue };
            for r in references(&v.value, df.escape) {
                let same = pairs
                    .iter()
                    .enumerate()
                    .any(|(m, other)| m != n && other.key.value == r.name);
                if !same {
                    continue;
                }
                let scope = cursor.at(i);
                if scope.get(&r.name) != Var::Undefined {
                    continue;
                }
                out.report(
                    &META,
                    reference_span(text, v, &r.range),
                    format!(
                        "`${}` is defined by this same `ENV`, but values are expanded before it takes effect, so it is empty here",
                        r.name
                    ),
                )
                .help(format!("define `{}` in an earlier `ENV`", r.name));
            }
        }
    }
}
