//! The words of `EXPOSE`, expanded and split into port and protocol.

use crate::dockerfile::Keyword;
use crate::rules::DockerfileContext;
use crate::source::Span;

/// One word of an `EXPOSE` (including `ONBUILD EXPOSE`).
#[derive(Clone, Debug)]
pub struct ExposeWord {
    /// As written.
    pub raw: String,
    /// With variables expanded.
    pub value: String,
    pub span: Span,
}

impl ExposeWord {
    /// The port part and the protocol after `/`, if any.
    pub fn split(&self) -> (&str, Option<&str>) {
        match self.value.split_once('/') {
            Some((p, proto)) => (p, Some(proto)),
            None => (&self.value, None),
        }
    }
}

/// Every `EXPOSE` word whose value is known.
pub fn expose_words(cx: &DockerfileContext) -> Vec<ExposeWord> {
    let df = cx.df();
    let mut out = Vec::new();
    let mut cursor = cx.model().scope_cursor(df);
    for (i, ins) in df.instructions.iter().enumerate() {
        let ins = ins.onbuild_inner().unwrap_or(ins);
        if ins.keyword != Keyword::Expose {
            continue;
        }
        for w in ins.words() {
            let values: Vec<String> = if w.value.contains('$') {
                let scope = cursor.at(i);
                let e = scope.expand(&w.value, df.escape);
                if e.unknown {
                    continue;
                }
                e.value.split_whitespace().map(str::to_string).collect()
            } else {
                vec![w.value.clone()]
            };
            for value in values {
                out.push(ExposeWord {
                    raw: w.value.clone(),
                    value,
                    span: w.span,
                });
            }
        }
    }
    out
}
