//! `EXPOSE` of a port outside the approved list.

use std::sync::Arc;

use crate::rules::prelude::*;
use crate::rules::support::{AllowedPorts, exposed_ports};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF006",
    name: "unapproved-port-exposed",
    kind: Dockerfile,
    severity: Warning,
    summary: "`EXPOSE` lists a port that is not in the approved list",
    origins: [],
    options: Some(|t| Ok(Arc::new(AllowedPorts::from_options(t)?))),
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let Some(allowed) = cx.options::<AllowedPorts>(&META) else {
        return;
    };
    for p in exposed_ports(cx) {
        if !allowed.allows(p.range.start, p.range.end) {
            out.report(&META, p.span, format!("port `{}` is not in the approved list", p.word))
                .help("expose only approved ports, or add this one to `allowed` under `[rules.unapproved-port-exposed]`");
        }
    }
}
