//! An `EXPOSE` protocol that is not lowercase.

use crate::rules::prelude::*;
use crate::rules::support::expose_words::expose_words;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF222",
    name: "uppercase-expose-protocol",
    kind: Dockerfile,
    severity: Style,
    summary: "the protocol of an `EXPOSE` port is not lowercase",
    origins: [buildkit("ExposeProtoCasing")],
    fixable: true,
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for w in expose_words(cx) {
        let (port, Some(proto)) = w.split() else { continue };
        if !proto.bytes().any(|b| b.is_ascii_uppercase()) {
            continue;
        }
        let fixed = format!("{port}/{}", proto.to_ascii_lowercase());
        let d = out.report(
            &META,
            w.span,
            format!("protocol `{proto}` of `EXPOSE {}` is not lowercase", w.value),
        );
        d.help(format!("write `{fixed}`"));
        // The builder lowercases the protocol; words with variables are
        // left alone.
        if w.raw == w.value && w.span.text(cx.text()) == w.raw {
            d.fix(Fix::safe(format!("write `{fixed}`"), vec![Edit::replace(w.span, fixed)]));
        }
    }
}
