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
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for w in expose_words(cx) {
        let (ports, _) = w.split();
        let Some(container) = ports.rsplit(':').next().filter(|_| ports.contains(':')) else {
            continue;
        };
        out.report(
            &META,
            w.span,
            format!(
                "`EXPOSE {}` maps a host address or port, which only `docker run -p` or Compose `ports` can do",
                w.value
            ),
        )
        .help(format!("expose the container port alone: `EXPOSE {container}`; publish it at run time"));
    }
}
