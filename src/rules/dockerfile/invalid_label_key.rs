//! A label key that breaks Docker's key conventions.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF232",
    name: "invalid-label-key",
    kind: Dockerfile,
    severity: Style,
    summary: "a label key breaks Docker's conventions for label keys",
    origins: [hadolint("DL3048")],
    default_enabled: false,
};

fn problem(k: &str) -> Option<&'static str> {
    let b = k.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_lowercase) {
        return Some("it must start with a lowercase letter");
    }
    if !b
        .last()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return Some("it must end with a lowercase letter or a digit");
    }
    if !b
        .iter()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"._-".contains(c))
    {
        return Some("it may hold only lowercase letters, digits, `.`, `-` and `_`");
    }
    if k.contains("..") || k.contains("--") {
        return Some("it must not repeat `.` or `-`");
    }
    if ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|p| k.starts_with(p))
    {
        return Some("its namespace is reserved for Docker");
    }
    None
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for ins in &cx.df().instructions {
        let ins = ins.onbuild_inner().unwrap_or(ins);
        if ins.keyword != Keyword::Label {
            continue;
        }
        for kv in ins.pairs() {
            let Some(p) = problem(&kv.key.value) else {
                continue;
            };
            out.report(
                &META,
                kv.key.span,
                format!("label key `{}` is not a valid key: {p}", kv.key.value),
            )
            .help("use a lowercase reverse-DNS key, such as `org.opencontainers.image.version`");
        }
    }
}
