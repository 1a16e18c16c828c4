//! Labels that break the configured label schema.

use std::sync::Arc;

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;
use crate::rules::support::label_schema::LabelType;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF233",
    name: "label-schema-violation",
    kind: Dockerfile,
    severity: Info,
    summary: "a label required by the configured schema is missing, empty, of the wrong type, or not in the schema",
    origins: [
        hadolint("DL3049"),
        hadolint("DL3050"),
        hadolint("DL3051"),
        hadolint("DL3052"),
        hadolint("DL3053"),
        hadolint("DL3054"),
        hadolint("DL3055"),
        hadolint("DL3056"),
        hadolint("DL3058"),
    ],
    options: Some(parse_options),
};

/// `schema = { "org.opencontainers.image.source" = "url" }`, `strict = true`.
#[derive(Debug, Default)]
pub struct Schema {
    pub labels: Vec<(String, LabelType)>,
    /// Labels outside the schema are reported.
    pub strict: bool,
}

pub fn parse_options(t: &toml::Table) -> Result<Arc<dyn std::any::Any + Send + Sync>, String> {
    let mut out = Schema::default();
    for (k, v) in t {
        match k.as_str() {
            "schema" => {
                let table = v
                    .as_table()
                    .ok_or("`schema` must be a table of label names to types")?;
                for (name, ty) in table {
                    let ty = ty.as_str().and_then(LabelType::parse).ok_or_else(|| {
                        format!(
                            "the type of label `{name}` must be one of {}",
                            LabelType::NAMES
                                .iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })?;
                    out.labels.push((name.clone(), ty));
                }
            }
            "strict" => out.strict = v.as_bool().ok_or("`strict` must be true or false")?,
            other => {
                return Err(format!(
                    "unknown option `{other}`; this rule takes `schema` and `strict`"
                ));
            }
        }
    }
    Ok(Arc::new(out))
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let Some(schema) = cx.options::<Schema>(&META) else {
        return;
    };
    if schema.labels.is_empty() && !schema.strict {
        return;
    }
    let df = cx.df();
    let model = cx.model();
    let ty_of = |k: &str| schema.labels.iter().find(|(n, _)| n == k).map(|(_, t)| *t);
    let mut cursor = model.scope_cursor(df);
    for (i, ins) in df.instructions.iter().enumerate() {
        if ins.keyword != Keyword::Label {
            continue;
        }
                for kv in ins.pairs() {
            let key = &kv.key.value;
            let Some(ty) = ty_of(key) else {
                if schema.strict {
                    out.report(&META, kv.key.span, format!("label `{key}` is not in the label schema"))
                        .help("add it to the schema, or remove the label");
                }
                continue;
            };
            let Some(v) = &kv.value else { continue };
            let value = if v.value.contains('$') {
                let scope = cursor.at(i);
                let e = scope.expand(&v.value, df.escape);
                if e.unknown {
                    continue;
                }
                e.value
            } else {
                v.value.clone()
            };
            if value.trim().is_empty() {
                out.report(&META, kv.span, format!("label `{key}` is empty"))
                    .help(format!("give it a value: {}", ty.describe()));
            } else if !ty.is_valid(&value) {
                out.report(
                    &META,
                    v.span,
                    format!("label `{key}` is `{value}`, which is not {}", ty.describe()),
                )
                .help(format!("the label schema says `{key}` holds {}", ty.describe()));
            }
        }
    }
    // Required labels: the final stage (with the stages it builds on) must
    // set every one.
    let Some(last) = model.final_stage() else {
        return;
    };
    for (name, _) in &schema.labels {
        let set = model.chain(last.index).any(|s| {
            s.body().any(|j| {
                let o = &df.instructions[j];
                o.keyword == Keyword::Label && o.pairs().iter().any(|kv| &kv.key.value == name)
            })
        });
        if !set {
            out.report(
                &META,
                df.instructions[last.from].keyword_span,
                format!("the final stage does not set label `{name}`, which the label schema requires"),
            )
            .help(format!("add `LABEL {name}=...`"));
        }
    }
}
