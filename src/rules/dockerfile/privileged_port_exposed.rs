//! `EXPOSE` of a port below 1024.

use crate::rules::prelude::*;
use crate::rules::support::{approved_ports, exposed_ports};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF005",
    name: "privileged-port-exposed",
    kind: Dockerfile,
    severity: Warning,
    summary: "`EXPOSE` lists a privileged port (below 1024)",
    origins: [],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let approved = approved_ports(cx.options, FileKind::Dockerfile);
    for p in exposed_ports(cx) {
        // Port 22 has its own rule, ssh-port-exposed.
        if p.range.start >= 1024 || p.range.start == 0 || (p.range.start == 22 && p.range.end == 22) {
            continue;
        }
        if approved.is_some_and(|a| a.allows(p.range.start, p.range.end)) {
            continue;
        }
        out.report(
            &META,
            p.span,
            format!("`EXPOSE {}` is a privileged port: binding it needs root or `NET_BIND_SERVICE`", p.word),
        )
        .help("listen on a port of 1024 or above and map it when publishing (`-p 80:8080`)");
    }
}
