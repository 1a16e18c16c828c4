//! The value a fix writes, configurable per rule:
//!
//! ```toml
//! [rules.missing-memory-limit]
//! fix-value = "1g"
//! ```
//!
//! A rule with a configurable value declares
//! `options: Some(|t| fix_value::parse(t, check))` with its own check of
//! the value, and reads it back with [`fix_value::get`](get).

use std::sync::Arc;

use crate::rules::RuleMeta;

/// The configured `fix-value` of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixValue(pub String);

/// Parses a table whose only option is `fix-value` (a string or a number),
/// checked by `check` (which says what is wrong, lowercase).
pub fn parse(
    t: &toml::Table,
    check: fn(&str) -> Result<(), String>,
) -> Result<Arc<dyn std::any::Any + Send + Sync>, String> {
    let mut value = None;
    for (k, v) in t {
        match k.as_str() {
            "fix-value" => {
                let s = match v {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Float(f) => f.to_string(),
                    _ => return Err("`fix-value` must be a string or a number".into()),
                };
                check(&s).map_err(|e| format!("`fix-value` `{s}`: {e}"))?;
                value = Some(FixValue(s));
            }
            other => {
                return Err(format!(
                    "unknown option `{other}`; this rule takes `fix-value`"
                ));
            }
        }
    }
    Ok(Arc::new(value))
}

/// The rule's configured value, or `default`.
pub fn get<'a>(
    options: &'a dyn crate::rules::OptionsLookup,
    rule: &'static RuleMeta,
    default: &'a str,
) -> &'a str {
    options
        .options(rule)
        .and_then(|o| o.downcast_ref::<Option<FixValue>>())
        .and_then(|v| v.as_ref())
        .map_or(default, |v| v.0.as_str())
}
