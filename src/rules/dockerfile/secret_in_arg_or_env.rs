//! A secret passed through `ARG` or `ENV`.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;
use crate::rules::support::placeholders::is_placeholder;
use crate::rules::support::secret_names::{
    is_flag_value, is_secret_name, secret_value_kind,
};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF235",
    name: "secret-in-arg-or-env",
    kind: Dockerfile,
    severity: Error,
    summary: "an `ARG` or `ENV` holds a secret, which stays in the image metadata",
    origins: [
        hadolint("DL3064"),
        buildkit("SecretsUsedInArgOrEnv"),
        trivy("DS-0031"),
    ],
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for ins in &cx.df().instructions {
        let ins = ins.onbuild_inner().unwrap_or(ins);
        if !matches!(ins.keyword, Keyword::Arg | Keyword::Env) {
            continue;
        }
        let k = ins.keyword;
        for kv in ins.pairs() {
            let value = kv.value.as_ref();
            if let Some(v) = value
                && let Some(kind) = secret_value_kind(&v.value)
            {
                out.report(
                    &META,
                    v.span,
                    format!("`{k} {}` holds what looks like {kind}", kv.key.value),
                )
                .help("revoke it, and pass secrets with `RUN --mount=type=secret,id=...` instead");
                continue;
            }
            if !is_secret_name(&kv.key.value) {
                continue;
            }
            // `ENV PASSWORD=` sets nothing secret; a bare `ARG TOKEN` is the
            // slot a secret is passed through.
            if k == Keyword::Env && value.is_none_or(|v| v.value.is_empty()) {
                continue;
            }
            // A path names where the secret is (`GOOGLE_APPLICATION_CREDENTIALS=/run/...`);
            // a switch (`=1`, `=true`) is about a secret, not one.
            if value.is_some_and(|v| v.value.starts_with('/') || is_flag_value(&v.value)) {
                continue;
            }
            // `ENV API_KEY=<your-key>` stores the placeholder, not a secret;
            // an `ARG` is still the slot a real one is passed through.
            if k == Keyword::Env && value.is_some_and(|v| is_placeholder(&v.value)) {
                continue;
            }
            let how = if k == Keyword::Arg {
                "a build argument's value is recorded in the image history"
            } else {
                "an environment variable is stored in the image config for anyone who pulls it"
            };
            out.report(
                &META,
                kv.key.span,
                format!("`{k} {}` looks like a secret: {how}", kv.key.value),
            )
            .help("pass it with `RUN --mount=type=secret,id=...` (or `,env=...`) where it is needed");
        }
    }
}
