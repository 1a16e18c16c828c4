//! What the fixes of Compose rules share: where a service's keys are
//! written ([`crate::compose::edit::Site`]), and which syntax a service
//! uses for resource limits.

use crate::compose::edit::{NewValue, Site};
use crate::compose::model::Service;
use crate::diagnostic::{Edit, Fix};
use crate::rules::ComposeContext;

/// Where the service's own keys are written, when it has any.
pub fn site<'a>(cx: &ComposeContext<'a>, svc: &'a Service) -> Option<Site<'a>> {
    Site::service(cx.project, svc.name.span, &svc.node)
}

/// Sets `path` under the service (an unsafe fix: every absence rule's
/// setting changes what the service may do).
pub fn set_fix(
    cx: &ComposeContext,
    svc: &Service,
    path: &[&str],
    value: NewValue,
    message: String,
) -> Option<Fix> {
    let edit = site(cx, svc)?.set(path, &value)?;
    Some(Fix::unsafe_edit(message, vec![edit]))
}

/// One fix with one edit.
pub fn unsafe_fix(message: String, edit: Option<Edit>) -> Option<Fix> {
    Some(Fix::unsafe_edit(message, vec![edit?]))
}

/// How a service (or, failing that, the project) writes resource limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitSyntax {
    /// `mem_limit`, `cpus`, `pids_limit`.
    ServiceKeys,
    /// `deploy.resources.limits`.
    Deploy,
}

const SERVICE_LIMIT_KEYS: &[&str] = &[
    "mem_limit",
    "memswap_limit",
    "mem_reservation",
    "cpus",
    "cpu_shares",
    "cpu_quota",
    "cpu_period",
    "cpuset",
    "pids_limit",
];

fn own_syntax(svc: &Service) -> Option<LimitSyntax> {
    let deploy = svc
        .get("deploy")
        .and_then(|d| d.get("resources"))
        .is_some_and(|r| r.get("limits").is_some() || r.get("reservations").is_some());
    if deploy {
        return Some(LimitSyntax::Deploy);
    }
    SERVICE_LIMIT_KEYS
        .iter()
        .any(|k| svc.get(k).is_some())
        .then_some(LimitSyntax::ServiceKeys)
}

/// The syntax the service already uses, else `project` (see
/// [`project_limit_syntax`]).
pub fn limit_syntax(svc: &Service, project: LimitSyntax) -> LimitSyntax {
    own_syntax(svc).unwrap_or(project)
}

/// The syntax most services of the project use; service keys when none
/// sets a limit (one line each, read by every Compose version). Computed
/// once per rule run, not per service.
pub fn project_limit_syntax(cx: &ComposeContext) -> LimitSyntax {
    let (mut deploy, mut keys) = (0, 0);
    for other in &cx.compose.services {
        match own_syntax(other) {
            Some(LimitSyntax::Deploy) => deploy += 1,
            Some(LimitSyntax::ServiceKeys) => keys += 1,
            None => {}
        }
    }
    if deploy > keys {
        LimitSyntax::Deploy
    } else {
        LimitSyntax::ServiceKeys
    }
}
