//! `EXPOSE` with an IP address or a host port mapping.

use crate::rules::prelude::*;
use crate::rules::support::expose_words::expose_words;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF221",
    name: "expose-host-mapping",
    kind: Dockerfile,
    severity: Info,
    summary: "`EXPOSE` gives an IP address or a host port mapping",
    origins: [buildkit("ExposeInvalidFormat")],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for w in expose_words(cx) {
        let (ports, _) = w.split();
        let Some(container) = ports.rsplit(':').next().filter(|_| ports.contains(':')) else {
            continue;
        };
        let d = out.report(
            &META,
            w.span,
            format!(
                "`EXPOSE {}` maps a host address or port, which only `docker run -p` or Compose `ports` can do",
                w.value
            ),
        );
        d.help(format!("expose the container port alone: `EXPOSE {container}`; publish it at run time"));
        // The builder keeps only the container port; writing just that
        // changes nothing. Words with variables are left alone.
        if w.raw == w.value && w.span.text(cx.text()) == w.raw {
            let (_, proto) = w.split();
            let port = match proto {
                Some(p) => format!("{container}/{p}"),
                None => container.to_string(),
            };
            d.fix(Fix::safe(
                format!("expose `{port}` alone"),
                vec![Edit::replace(w.span, port)],
            ));
        }
    }
}
