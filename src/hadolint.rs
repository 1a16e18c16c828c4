//! hadolint's configuration file (`.hadolint.yaml`), translated into the
//! `dockward.toml` table that means the same, so that the configuration
//! module reads one format.
//!
//! Keys translated: `ignored`, `override` (`error`, `warning`, `info`,
//! `style` lists), `trustedRegistries`, `label-schema`, `strict-labels`,
//! `failure-threshold` and `no-fail`. Rule codes are matched against the
//! rules' hadolint origins; ShellCheck's `SC` codes go to the `shellcheck`
//! rule (ignored ones in `ignore`, severities aside, as `dockward.toml` has
//! no per-code severity); other codes are skipped. Keys about output
//! (`format`, `no-color`, ...) do not apply.

use toml::{Table, Value};

use crate::meta::{Severity, Tool};
use crate::rules::{RULES, RuleMeta};
use crate::yaml::{Limits, Node, load};

/// A hadolint configuration in dockward's terms.
#[derive(Debug, Default, PartialEq)]
pub struct Translated {
    /// The `dockward.toml` table that means the same.
    pub table: Table,
    /// `override` severities of ShellCheck codes, in order.
    pub shellcheck_severities: Vec<(u16, Severity)>,
}

/// The `dockward.toml` table equivalent to a hadolint configuration.
pub fn config_table(text: &str) -> Result<Table, String> {
    translate(text).map(|t| t.table)
}

/// A hadolint configuration translated.
pub fn translate(text: &str) -> Result<Translated, String> {
    let mut rules = Table::new();
    let mut top = Table::new();
    let mut ignore = Vec::new();
    let mut shellcheck_severities = Vec::new();
    let docs = load(text, &Limits::default()).map_err(|e| e.message)?;
    let Some(doc) = docs.into_iter().next() else {
        return Ok(Translated::default());
    };
    if doc.is_null() {
        return Ok(Translated::default());
    }
    let map = doc
        .as_map()
        .ok_or_else(|| "a hadolint configuration must be a mapping".to_string())?;
    let mut strict = false;
    let mut schema = Table::new();
    for e in map.iter() {
        let Some(key) = e.key.as_str() else { continue };
        let v = &e.value;
        match key {
            "ignored" => {
                for code in strings(v, key)? {
                    if crate::shellcheck::parse_code(&code).is_some() {
                        ignore.push(Value::from(code.as_str()));
                    }
                    for meta in mapped(&code) {
                        set(&mut rules, meta, "severity", Value::from("off"));
                    }
                }
            }
            "override" => {
                if v.is_null() {
                    continue;
                }
                let m = v.as_map().ok_or_else(|| {
                    "`override` must map severities to lists of rules".to_string()
                })?;
                for o in m.iter() {
                    let level = o.key.as_str().unwrap_or("");
                    if !matches!(level, "error" | "warning" | "info" | "style") {
                        return Err(format!(
                            "`override.{level}` is not a severity: expected `error`, `warning`, `info` or `style`"
                        ));
                    }
                    let severity = Severity::parse(level).expect("a severity");
                    for code in strings(&o.value, "override")? {
                        if let Some(sc) = crate::shellcheck::parse_code(&code) {
                            shellcheck_severities.push((sc, severity));
                        }
                        for meta in mapped(&code) {
                            set(&mut rules, meta, "severity", Value::from(level));
                        }
                    }
                }
            }
            "trustedRegistries" => {
                let mut t = Table::new();
                t.insert("trusted".into(), Value::from(strings(v, key)?));
                set_options(&mut rules, "DL3026", t)?;
            }
            "label-schema" => {
                if v.is_null() {
                    continue;
                }
                let m = v
                    .as_map()
                    .ok_or_else(|| "`label-schema` must map label names to types".to_string())?;
                for l in m.iter() {
                    let (Some(name), Some(ty)) = (l.key.as_str(), l.value.as_str()) else {
                        return Err("`label-schema` must map label names to types".into());
                    };
                    schema.insert(name.to_string(), Value::from(ty));
                }
            }
            "strict-labels" => {
                strict = matches!(v.as_str(), Some("true" | "yes" | "on"));
            }
            "failure-threshold" => {
                let fail_on = match v.as_str().unwrap_or("") {
                    "none" => "never",
                    "ignore" | "style" => "style",
                    t @ ("info" | "warning" | "error") => t,
                    other => {
                        return Err(format!(
                            "invalid `failure-threshold` `{other}`: expected `error`, `warning`, `info`, `style`, `ignore` or `none`"
                        ));
                    }
                };
                top.insert("fail-on".into(), Value::from(fail_on));
            }
            "no-fail" => {
                if matches!(v.as_str(), Some("true" | "yes" | "on")) {
                    top.insert("fail-on".into(), Value::from("never"));
                }
            }
            _ => {}
        }
    }
    if !schema.is_empty() || strict {
        let mut t = Table::new();
        t.insert("schema".into(), Value::Table(schema));
        t.insert("strict".into(), Value::Boolean(strict));
        set_options(&mut rules, "DL3049", t)?;
    }
    if !ignore.is_empty() {
        top.insert("ignore".into(), Value::Array(ignore));
    }
    if !rules.is_empty() {
        top.insert("rules".into(), Value::Table(rules));
    }
    Ok(Translated {
        table: top,
        shellcheck_severities,
    })
}

/// The rules that map a hadolint code.
fn mapped(code: &str) -> impl Iterator<Item = &'static RuleMeta> + '_ {
    RULES.iter().map(|r| r.meta).filter(move |m| {
        m.origin_ids(Tool::Hadolint)
            .any(|id| id.eq_ignore_ascii_case(code))
    })
}

/// `[rules.<name>] key = value`.
fn set(rules: &mut Table, meta: &RuleMeta, key: &str, value: Value) {
    let entry = rules
        .entry(meta.name)
        .or_insert_with(|| Value::Table(Table::new()));
    if let Value::Table(t) = entry {
        t.insert(key.to_string(), value);
    }
}

/// Options for the rules that map a hadolint code, checked here by the
/// rule's own parser so that an error speaks of the hadolint key.
fn set_options(rules: &mut Table, code: &str, options: Table) -> Result<(), String> {
    for meta in RULES.iter().map(|r| r.meta) {
        if let Some(parse) = meta.options
            && meta.origin_ids(Tool::Hadolint).any(|id| id == code)
        {
            parse(&options)?;
            for (k, v) in &options {
                set(rules, meta, k, v.clone());
            }
        }
    }
    Ok(())
}

fn strings(n: &Node, key: &str) -> Result<Vec<String>, String> {
    if let Some(s) = n.as_str() {
        return Ok(vec![s.to_string()]);
    }
    if n.is_null() {
        return Ok(Vec::new());
    }
    n.as_seq()
        .ok_or_else(|| format!("`{key}` must be a list"))?
        .iter()
        .map(|i| {
            i.as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("`{key}` must be a list of strings"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_into_a_dockward_table() {
        let yaml = "ignored: [DL3007, SC2086]\noverride:\n  error: [DL3002]\ntrustedRegistries: docker.io\nfailure-threshold: ignore\n";
        let t = config_table(yaml).unwrap();
        let expected = r#"fail-on = "style"
ignore = ["SC2086"]

[rules.latest-base-image]
severity = "off"

[rules.root-user]
severity = "error"

[rules.untrusted-registry]
trusted = ["docker.io"]
"#;
        assert_eq!(toml::to_string(&t).unwrap(), expected);
        assert_eq!(config_table("").unwrap(), Table::new());
        assert!(config_table("no-fail: true\n").unwrap()["fail-on"].as_str() == Some("never"));
        assert!(config_table("label-schema:\n  a: colour\n").is_err());
        assert!(config_table("override:\n  fatal: [DL3000]\n").is_err());
    }
}
