//! Reading Compose service settings the way Docker interprets them.

use crate::compose::model::{Field, Service};
use crate::source::Span;

/// The span of `key: value` for a field read from a mapping, else the value.
pub fn setting_span(f: &Field) -> Span {
    match f.key {
        Some(k) if k.start <= f.span.start => k.cover(f.span),
        _ => f.span,
    }
}

/// The field when its known value is `host` (any case, trimmed).
pub fn host_mode(f: Option<&Field>) -> Option<&Field> {
    f.filter(|f| {
        f.text()
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("host"))
    })
}

/// One `security_opt` entry, split at its first `:` or `=` (Docker accepts
/// both), lower-cased.
pub struct SecurityOpt<'a> {
    pub field: &'a Field,
    pub key: String,
    /// `None` for a bare entry (`no-new-privileges`).
    pub value: Option<String>,
}

/// The service's `security_opt` entries with known values, in order.
pub fn security_opts(svc: &Service) -> Vec<SecurityOpt<'_>> {
    let Some(list) = &svc.security_opt else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|f| {
            let t = f.text()?.trim().to_ascii_lowercase();
            let (key, value) = match t.find([':', '=']) {
                Some(i) => (
                    t[..i].trim().to_string(),
                    Some(t[i + 1..].trim().to_string()),
                ),
                None => (t, None),
            };
            Some(SecurityOpt {
                field: f,
                key,
                value,
            })
        })
        .collect()
}

/// Whether the `security_opt` list has an entry that depends on a variable
/// without a default: its effect cannot be judged.
pub fn security_opt_unknown(svc: &Service) -> bool {
    svc.security_opt
        .as_ref()
        .is_some_and(|l| l.iter().any(|f| f.is_unknown()))
}

/// Go's `strconv.ParseBool`, which Docker uses for option values.
pub fn parse_go_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "true" => Some(true),
        "0" | "f" | "false" => Some(false),
        _ => None,
    }
}

/// The `security_opt` entry that leaves the profile `key` (`seccomp`,
/// `apparmor`) disabled: the last entry for the key wins.
pub fn profile_unconfined<'a>(svc: &'a Service, key: &str) -> Option<&'a Field> {
    security_opts(svc)
        .into_iter()
        .rfind(|o| o.key == key)
        .filter(|o| o.value.as_deref() == Some("unconfined"))
        .map(|o| o.field)
}
