//! Resource limits of Compose services.

use crate::compose::model::Field;

/// A byte size as Compose writes it: `536870912`, `512m`, `1g`, `1.5GB`,
/// `256MiB`. Negative values are kept (`-1` means unlimited).
pub fn parse_bytes(s: &str) -> Option<i64> {
    let t = s.trim().to_ascii_lowercase();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match unit.trim() {
        "" | "b" => 1.0,
        "k" | "kb" | "kib" => 1024.0,
        "m" | "mb" | "mib" => 1024.0 * 1024.0,
        "g" | "gb" | "gib" => 1024.0 * 1024.0 * 1024.0,
        "t" | "tb" | "tib" => 1024.0f64.powi(4),
        _ => return None,
    };
    let v = n * mult;
    v.is_finite().then_some(v as i64)
}

/// How a resource limit of a service is set.
pub enum Limit<'a> {
    /// A real limit is set.
    Set,
    /// Set to a value meaning "no limit".
    Unlimited(&'a Field),
    /// Depends on a variable without a default.
    Unknown,
    Absent,
}

/// Judges the fields that can limit one resource: any real limit wins; an
/// unlimited value is reported only when nothing else sets a limit.
pub fn judge_limit<'a>(
    fields: impl IntoIterator<Item = &'a Field>,
    unlimited: impl Fn(&str) -> Option<bool>,
) -> Limit<'a> {
    let mut result = Limit::Absent;
    for f in fields {
        if f.is_null() {
            continue;
        }
        let Some(text) = f.text() else {
            result = match result {
                Limit::Unlimited(_) | Limit::Absent => Limit::Unknown,
                r => r,
            };
            continue;
        };
        match unlimited(text) {
            Some(false) => return Limit::Set,
            Some(true) => {
                if matches!(result, Limit::Absent) {
                    result = Limit::Unlimited(f);
                }
            }
            // Not a value Compose accepts; another rule reports the shape.
            None => {
                if matches!(result, Limit::Absent) {
                    result = Limit::Unknown;
                }
            }
        }
    }
    result
}

/// One resource-limit rule: where the limit can be written, what value
/// means "unlimited", and what to say.
pub struct LimitRule {
    pub meta: &'static crate::rules::RuleMeta,
    /// The fields that can set the limit, in the service keys and under
    /// `deploy.resources.limits`.
    pub fields: for<'a> fn(&'a crate::compose::model::Service) -> Vec<&'a Field>,
    /// `Some(true)` for a value meaning "no limit", `None` for one that is
    /// not a limit value at all.
    pub unlimited: fn(&str) -> Option<bool>,
    /// Another key limits the resource in its own way (`cpuset`).
    pub also_limited: fn(&crate::compose::model::Service) -> bool,
    /// "memory", "CPUs", "the PID limit".
    pub what: &'static str,
    /// The message's end when nothing is set: "has no memory limit".
    pub absent: &'static str,
    pub help_unlimited: &'static str,
    pub help_absent: &'static str,
    /// The fix's key among the service keys (`mem_limit`) and under
    /// `deploy.resources.limits` (`memory`).
    pub service_key: &'static str,
    pub deploy_key: &'static str,
    /// The value the fix writes unless `fix-value` is configured.
    pub default_value: &'static str,
    /// The value as YAML: a string (`512m`) or a number (`100`).
    pub yaml_value: fn(&str) -> crate::compose::edit::NewValue,
}

/// `fix-value` of a limit: a value that sets a real limit.
pub fn check_fix_value(rule: &LimitRule, v: &str) -> Result<(), String> {
    match (rule.unlimited)(v) {
        Some(false) => Ok(()),
        Some(true) => Err("that means no limit".into()),
        None => Err(format!("not a valid {} limit", rule.what)),
    }
}

/// The fix of a limit rule: the configured value (or the default) written
/// in place of an unlimited one, or added with the syntax the service uses
/// (see [`limit_syntax`](super::service_fixes::limit_syntax)). Unsafe: a
/// limit can stop a service that needs more.
fn limit_fix(
    rule: &LimitRule,
    cx: &crate::rules::ComposeContext,
    svc: &crate::compose::model::Service,
    unlimited: Option<&Field>,
    project: &std::cell::OnceCell<super::service_fixes::LimitSyntax>,
) -> Option<crate::diagnostic::Fix> {
    use super::service_fixes::{
        LimitSyntax, limit_syntax, project_limit_syntax, set_fix, unsafe_fix,
    };
    let value = super::fix_value::get(cx.options, rule.meta, rule.default_value);
    if let Some(f) = unlimited {
        return unsafe_fix(
            format!("set the limit to `{value}`"),
            crate::compose::edit::replace_scalar(cx.project, f.node_span, f.style, value),
        );
    }
    let project = *project.get_or_init(|| project_limit_syntax(cx));
    let (path, shown): (Vec<&str>, String) = match limit_syntax(svc, project) {
        LimitSyntax::ServiceKeys => (vec![rule.service_key], rule.service_key.to_string()),
        LimitSyntax::Deploy => (
            vec!["deploy", "resources", "limits", rule.deploy_key],
            format!("deploy.resources.limits.{}", rule.deploy_key),
        ),
    };
    set_fix(
        cx,
        svc,
        &path,
        (rule.yaml_value)(value),
        format!("add `{shown}: {value}`"),
    )
}

/// Reports each service whose limit is absent or set to "unlimited".
/// Services whose definition is partial (an `extends` that could not be
/// read) are not judged for an absent limit: the base may set it.
pub fn check_limit(
    rule: &LimitRule,
    cx: &crate::rules::ComposeContext,
    out: &mut crate::diagnostic::Diagnostics,
) {
    let project = std::cell::OnceCell::new();
    for svc in &cx.compose.services {
        match judge_limit((rule.fields)(svc), rule.unlimited) {
            Limit::Set | Limit::Unknown => {}
            Limit::Unlimited(f) => {
                let fix = limit_fix(rule, cx, svc, Some(f), &project);
                let d = out.report(
                    rule.meta,
                    f.span,
                    format!(
                        "service `{}` sets {} to `{}`, which means no limit",
                        svc.name.value, rule.what, f.raw
                    ),
                );
                d.help(rule.help_unlimited);
                if let Some(fix) = fix {
                    d.fix(fix);
                }
            }
            Limit::Absent => {
                if svc.partial || (rule.also_limited)(svc) {
                    continue;
                }
                let fix = limit_fix(rule, cx, svc, None, &project);
                let d = out.report(
                    rule.meta,
                    svc.name.span,
                    format!("service `{}` {}", svc.name.value, rule.absent),
                );
                d.help(rule.help_absent);
                if let Some(fix) = fix {
                    d.fix(fix);
                }
            }
        }
    }
}

/// The `deploy.resources.limits` of a service, if any.
pub fn deploy_limits(
    svc: &crate::compose::model::Service,
) -> Option<&crate::compose::model::Resources> {
    svc.deploy.as_ref().and_then(|d| d.limits.as_ref())
}
