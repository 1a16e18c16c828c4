//! `no-new-privileges` not set.

use crate::compose::edit::{NewValue, append_item, replace_scalar};
use crate::rules::prelude::*;
use crate::rules::support::service_fixes::{set_fix, unsafe_fix};
use crate::rules::support::settings::{parse_go_bool, security_opt_unknown, security_opts};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC114",
    name: "missing-no-new-privileges",
    aliases: ["no-new-privileges-unset"],
    kind: Compose,
    severity: Warning,
    summary: "a service lets its processes gain privileges (no `no-new-privileges:true`)",
    origins: [
        compose_lint("CL-0003"),
        kics("no_new_privileges_not_set"),
        kics("27fcc7d6-c49b-46e0-98f1-6c082a6a2750"),
        kics("security_opt_not_set"),
        kics("610e266e-6c12-4bca-9925-1ed0cd29742b"),
        semgrep("no-new-privileges"),
    ],
    fixable: true,
};

const HELP: &str = "add `security_opt: [\"no-new-privileges:true\"]`";

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    for svc in &cx.compose.services {
        if security_opt_unknown(svc) {
            continue;
        }
        // Docker applies the entries in order: the last one wins.
        let mut last = None;
        for o in security_opts(svc) {
            if o.key == "no-new-privileges" {
                let on = match o.value.as_deref() {
                    None => Some(true),
                    Some(v) => parse_go_bool(v),
                };
                if let Some(on) = on {
                    last = Some((on, o.field));
                }
            }
        }
        match last {
            Some((true, _)) => {}
            Some((false, f)) => {
                let sep = if f.raw.contains('=') && !f.raw.contains(':') { "=" } else { ":" };
                let fix = unsafe_fix(
                    "set `no-new-privileges:true`".into(),
                    replace_scalar(cx.project, f.node_span, f.style, &format!("no-new-privileges{sep}true")),
                );
                let d = out.report(
                    &META,
                    f.span,
                    format!("service `{}` turns `no-new-privileges` off, so setuid programs can raise its privileges", svc.name.value),
                );
                d.help("set `no-new-privileges:true`");
                if let Some(fix) = fix {
                    d.fix(fix);
                }
            }
            None => {
                if svc.extends.is_some() && svc.security_opt.is_none() {
                    continue;
                }
                let span = svc.security_opt.as_ref().map_or(svc.name.span, |l| l.key);
                let fix = match svc.get("security_opt") {
                    None => set_fix(
                        cx,
                        svc,
                        &["security_opt"],
                        NewValue::List(vec!["no-new-privileges:true".into()]),
                        "add `security_opt: [no-new-privileges:true]`".into(),
                    ),
                    Some(list) => unsafe_fix(
                        "add `no-new-privileges:true` to `security_opt`".into(),
                        append_item(cx.project, list, "no-new-privileges:true"),
                    ),
                };
                let d = out.report(
                    &META,
                    span,
                    format!("service `{}` does not set `no-new-privileges`, so setuid programs can raise its privileges", svc.name.value),
                );
                d.help(HELP);
                if let Some(fix) = fix {
                    d.fix(fix);
                }
            }
        }
    }
}
