//! `EXPOSE 22`.

use crate::rules::prelude::*;
use crate::rules::support::exposed_ports;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF004",
    name: "ssh-port-exposed",
    kind: Dockerfile,
    severity: Error,
    summary: "`EXPOSE` lists the SSH port 22",
    origins: [trivy("DS-0004"), checkov("CKV_DOCKER_1")],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for p in exposed_ports(cx) {
        if p.range.contains(22) {
            out.report(&META, p.span, format!("`EXPOSE {}` opens the SSH port 22", p.word))
                .help("remove port 22; use `docker exec` to get a shell in a running container");
        }
    }
}
