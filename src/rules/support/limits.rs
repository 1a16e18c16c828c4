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
}

/// Reports each service whose limit is absent or set to "unlimited".
/// Services whose definition is partial (an `extends` that could not be
/// read) are not judged for an absent limit: the base may set it.
pub fn check_limit(
    rule: &LimitRule,
    cx: &crate::rules::ComposeContext,
    out: &mut crate::diagnostic::Diagnostics,
) {
    for svc in &cx.compose.services {
        match judge_limit((rule.fields)(svc), rule.unlimited) {
            Limit::Set | Limit::Unknown => {}
            Limit::Unlimited(f) => {
                out.report(
                    rule.meta,
                    f.span,
                    format!(
                        "service `{}` sets {} to `{}`, which means no limit",
                        svc.name.value, rule.what, f.raw
                    ),
                )
                .help(rule.help_unlimited);
            }
            Limit::Absent => {
                if svc.partial || (rule.also_limited)(svc) {
                    continue;
                }
                out.report(
                    rule.meta,
                    svc.name.span,
                    format!("service `{}` {}", svc.name.value, rule.absent),
                )
                .help(rule.help_absent);
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
