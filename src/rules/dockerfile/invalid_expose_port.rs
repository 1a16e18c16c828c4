//! An `EXPOSE` port that is not a port.

use crate::rules::prelude::*;
use crate::rules::support::expose_words::expose_words;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF220",
    name: "invalid-expose-port",
    kind: Dockerfile,
    severity: Error,
    summary: "`EXPOSE` names a port outside 0-65535 or an unknown protocol",
    origins: [hadolint("DL3011"), trivy("DS-0008")],
};

fn bad_number(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("the port number is empty".into());
    }
    match s.parse::<u64>() {
        Ok(n) if n <= 65535 => None,
        Ok(n) => Some(format!("port `{n}` is above 65535")),
        Err(_) => Some(format!("`{s}` is not a port number")),
    }
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for w in expose_words(cx) {
        let (ports, proto) = w.split();
        if ports.contains(':') {
            continue; // expose-host-mapping
        }
        let problem = match ports.split_once('-') {
            Some((a, b)) => bad_number(a).or_else(|| bad_number(b)).or_else(|| {
                (a.parse::<u64>().ok() > b.parse::<u64>().ok())
                    .then(|| format!("range `{ports}` ends before it starts"))
            }),
            None => bad_number(ports),
        }
        .or_else(|| {
            proto
                .filter(|p| !["tcp", "udp", "sctp"].contains(&p.to_ascii_lowercase().as_str()))
                .map(|p| format!("`{p}` is not a protocol (`tcp`, `udp` or `sctp`)"))
        });
        let Some(problem) = problem else { continue };
        let shown = if w.raw == w.value {
            format!("`{}`", w.raw)
        } else {
            format!("`{}` (`{}`)", w.raw, w.value)
        };
        out.report(&META, w.span, format!("`EXPOSE` of {shown}: {problem}"))
            .help("expose a port number from 0 to 65535, optionally with `/tcp`, `/udp` or `/sctp`");
    }
}
