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
