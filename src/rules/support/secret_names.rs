//! Names and values that look like secrets.

/// Names that hold credentials (hadolint's list plus common ones), compared
/// case-insensitively and whole.
const KNOWN: [&str; 51] = [
    "ACCESS_TOKEN",
    "APPLICATION_KEY",
    "APP_SECRET",
    "AUTH_TOKEN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AZURE_CLIENT_SECRET",
    "BITTREX_API_KEY",
    "BITTREX_API_SECRET",
    "CF_PASSWORD",
    "CF_USERNAME",
    "CIRCLE_TOKEN",
    "CI_DEPLOY_PASSWORD",
    "CI_DEPLOY_USER",
    "DIGITALOCEAN_ACCESS_TOKEN",
    "DOCKERHUB_PASSWORD",
    "DOCKER_EMAIL",
    "DOCKER_PASSWORD",
    "DOCKER_USERNAME",
    "FACEBOOK_ACCESS_TOKEN",
    "FACEBOOK_APP_SECRET",
    "FIREBASE_API_TOKEN",
    "FIREBASE_TOKEN",
    "FOSSA_API_KEY",
    "GH_ENTERPRISE_TOKEN",
    "GH_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
    "GITHUB_TOKEN",
    "GITLAB_TOKEN",
    "GOOGLE_API_KEY",
    "HEROKU_API_KEY",
    "HEROKU_API_USER",
    "HF_TOKEN",
    "NPM_AUTH_TOKEN",
    "NPM_TOKEN",
    "OKTA_CLIENT_TOKEN",
    "OKTA_OAUTH2_CLIENTSECRET",
    "OPENAI_API_KEY",
    "OS_PASSWORD",
    "OS_USERNAME",
    "POSTGRES_PASSWORD",
    "MYSQL_PASSWORD",
    "MYSQL_ROOT_PASSWORD",
    "SLACK_TOKEN",
    "STRIPE_API_KEY",
    "VAULT_CLIENT_KEY",
    "VAULT_TOKEN",
    "ANTHROPIC_API_KEY",
    "PYPI_TOKEN",
    "TWINE_PASSWORD",
];

/// Words that, as a `_`-separated part of a name, mark a secret.
const WORDS: [&str; 13] = [
    "password",
    "passwd",
    "pword",
    "pass",
    "secret",
    "token",
    "apikey",
    "credential",
    "credentials",
    "auth",
    "key",
    "privatekey",
    "pat",
];

/// Parts of a name that make it about a secret, not the secret itself: where
/// it is (`PASSWORD_FILE`), what kind it is (`AUTH_METHOD`), a switch about
/// it (`MYSQL_ALLOW_EMPTY_PASSWORD`, `PGSQL_NO_PASSWORD`,
/// `NPM_CONFIG_ALWAYS_AUTH`), a quantity (`TOKEN_TTL`), or a public
/// identifier (`GITHUB_APP_ID`).
const BENIGN: [&str; 53] = [
    "file", "path", "dir", "url", "uri", "host", "port", "endpoint", "public", "version", "name",
    "type", "length", "len", "size", "ttl", "expiry", "expires", "timeout", "enabled", "enable",
    "disable", "disabled", "required", "require", "mode", "id", "method", "policy", "header",
    "lock", "time", "count", "limit", "max", "min", "attempts", "retries", "streak", "location",
    "no", "always", "allow", "empty", "random", "skip", "use", "backend", "provider", "plugin",
    "strategy", "helper", "prompt",
];

/// A name whose value is a secret: a known credential variable, or a name
/// with a secret word (`DB_PASSWORD`, `API_KEY`, `githubToken`) that is not
/// about a secret (`PASSWORD_FILE`, `TOKEN_URL`, `PUBLIC_KEY`).
pub fn is_secret_name(name: &str) -> bool {
    let b = name.as_bytes();
    // Most names hold none of the words: one pass over the bytes answers,
    // and no name is copied or lower-cased (the parts below are slices).
    let known = |n: &[u8]| KNOWN.iter().any(|k| k.as_bytes().eq_ignore_ascii_case(n));
    if known(b) {
        return true;
    }
    if !has_hint(b) {
        return false;
    }
    let bare = ["VITE_", "REACT_APP_", "NEXT_PUBLIC_"]
        .iter()
        .find_map(|p| strip_prefix_ignore_case(b, p.as_bytes()));
    if bare.is_some_and(known) {
        return true;
    }
    let is = |p: &[u8], w: &str| p.eq_ignore_ascii_case(w.as_bytes());
    let parts = name_parts(b);
    if parts.iter().any(|p| BENIGN.iter().any(|w| is(p, w))) {
        return false;
    }
    // Run-together names: `ROOTPASSWORD`, `MYSECRET`.
    if parts.iter().any(|p| {
        contains_ignore_case(p, b"password")
            || contains_ignore_case(p, b"passwd")
            || contains_ignore_case(p, b"secret")
    }) {
        return true;
    }
    // `key` alone is too common (`GPG_KEY` holds a key id, `KEY` a name):
    // it counts with a qualifier such as `api`, `secret`, `private`, `access`.
    const KEY_QUALIFIERS: [&str; 12] = [
        "api",
        "secret",
        "private",
        "access",
        "client",
        "encryption",
        "master",
        "signing",
        "app",
        "application",
        "license",
        "auth",
    ];
    parts.iter().enumerate().any(|(i, p)| {
        if is(p, "key") {
            i > 0 && KEY_QUALIFIERS.iter().any(|q| is(parts[i - 1], q))
        } else if is(p, "pass") || is(p, "pat") || is(p, "auth") {
            // `AUTH` alone names a mode (`AUTH=ALL`); `BASIC_AUTH`,
            // `NPM_AUTH` hold credentials.
            i > 0
        } else {
            WORDS.iter().any(|w| is(p, w))
        }
    })
}

/// Whether the name holds, in any case, one of the words a secret name
/// must hold unless it is a known one.
fn has_hint(b: &[u8]) -> bool {
    (0..b.len()).any(|i| {
        let rest = &b[i..];
        let at = |w: &[u8]| starts_with_ignore_case(rest, w);
        match b[i] | 0x20 {
            b'p' => at(b"pass") || at(b"pword") || at(b"pat"),
            b's' => at(b"secret"),
            b't' => at(b"token"),
            b'k' => at(b"key"),
            b'a' => at(b"auth"),
            b'c' => at(b"cred"),
            _ => false,
        }
    })
}

fn starts_with_ignore_case(b: &[u8], prefix: &[u8]) -> bool {
    b.len() >= prefix.len() && b[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn strip_prefix_ignore_case<'a>(b: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    starts_with_ignore_case(b, prefix).then(|| &b[prefix.len()..])
}

fn contains_ignore_case(b: &[u8], needle: &[u8]) -> bool {
    b.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The words of a name split at `_`, `-`, `.` and camelCase humps, as
/// slices of it in its own case. Bytes, not chars: a hump is decided by
/// ASCII letters and digits around it, and no byte of a multi-byte
/// character is one.
fn name_parts(b: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' || c == b'-' || c == b'.' {
            if start < i {
                out.push(&b[start..i]);
            }
            start = i + 1;
            continue;
        }
        let prev = i.checked_sub(1).map(|j| b[j]);
        let next = b.get(i + 1);
        // `dbPassword` and `DBPassword` both split before `Password`.
        let hump = c.is_ascii_uppercase()
            && start < i
            && (prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(|p| p.is_ascii_uppercase())
                    && next.is_some_and(|n| n.is_ascii_lowercase())));
        if hump {
            out.push(&b[start..i]);
            start = i;
        }
    }
    if start < b.len() {
        out.push(&b[start..]);
    }
    out
}

/// A switch value (`1`, `true`, `yes`, `on` and their opposites): a flag
/// about a secret, never the secret.
pub fn is_flag_value(value: &str) -> bool {
    const FLAGS: [&str; 8] = ["yes", "no", "true", "false", "0", "1", "on", "off"];
    let v = value.trim().trim_matches(['"', '\'']);
    FLAGS.iter().any(|f| v.eq_ignore_ascii_case(f))
}

/// What a value that looks like a live credential is, by its well-known
/// prefix or shape.
pub fn secret_value_kind(value: &str) -> Option<&'static str> {
    let v = value.trim_matches(['"', '\'']);
    let tail_ok = |prefix: &str, min: usize| {
        v.strip_prefix(prefix).is_some_and(|r| {
            r.len() >= min
                && r.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
    };
    if v.len() == 20
        && v.starts_with("AKIA")
        && v[4..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Some("an AWS access key id");
    }
    for p in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
        if tail_ok(p, 30) {
            return Some("a GitHub token");
        }
    }
    if tail_ok("github_pat_", 40) {
        return Some("a GitHub token");
    }
    if tail_ok("glpat-", 20) {
        return Some("a GitLab token");
    }
    for p in ["xoxb-", "xoxp-", "xoxa-", "xoxs-"] {
        if tail_ok(p, 20) {
            return Some("a Slack token");
        }
    }
    if tail_ok("npm_", 36) {
        return Some("an npm token");
    }
    if tail_ok("sk_live_", 20) || tail_ok("rk_live_", 20) {
        return Some("a Stripe key");
    }
    if tail_ok("AIza", 35) {
        return Some("a Google API key");
    }
    if tail_ok("sk-", 40) {
        return Some("an API secret key");
    }
    if v.contains("-----BEGIN") && v.contains("PRIVATE KEY") {
        return Some("a private key");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for n in [
            "DB_PASSWORD",
            "API_KEY",
            "githubToken",
            "NPM_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "CLIENT_SECRET",
            "VITE_OPENAI_API_KEY",
            "SECRET",
            "MYSQL_ROOT_PASSWORD",
            "PRIVATE_KEY",
            "DBPassword",
            "ROOTPASSWORD",
            "BASIC_AUTH",
            "NPM_AUTH",
            "AUTH_KEY",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in [
            "PASSWORD_FILE",
            "TOKEN_URL",
            "PUBLIC_KEY",
            "GPG_KEY",
            "KEY",
            "PATH",
            "PASSENGER_VERSION",
            "SECRET_KEY_BASE_FILE",
            "JWT_SECRET_PATH",
            "COMPASS",
            "AUTHOR",
            "AUTH",
            "PGSQL_NO_PASSWORD",
            "MYSQL_ALLOW_EMPTY_PASSWORD",
            "MYSQL_RANDOM_ROOT_PASSWORD",
            "NPM_CONFIG_ALWAYS_AUTH",
            "YARN_NPM_ALWAYS_AUTH",
            "GITHUB_APP_ID",
            "FACEBOOK_APP_ID",
            "AUTH_METHOD",
        ] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    #[test]
    fn flags() {
        assert!(is_flag_value("1") && is_flag_value("TRUE") && !is_flag_value("secret"));
    }

    #[test]
    fn values() {
        assert!(secret_value_kind("AKIAIOSFODNN7EXAMPLE").is_some());
        assert!(secret_value_kind("ghp_0123456789abcdefghijklmnopqrstuvwxyz").is_some());
        assert!(secret_value_kind("hello").is_none());
        assert!(secret_value_kind("sk-short").is_none());
    }
}
