//! Credentials written into Compose files: credential-shaped variable names
//! with literal values, and `scheme://user:password@host` connection strings.
//!
//! The name patterns follow compose-lint's CL-0020 (so the two tools flag the
//! same keys), with its exemptions: `*_FILE` variables (a path to a secret),
//! flags (`ALLOW_EMPTY_PASSWORD=yes`), and quantities (`TOKEN_TTL=900`).

use crate::compose::model::Field;

const SUBSTRINGS: [&str; 11] = [
    "PASSWORD",
    "PASSPHRASE",
    "TOKEN",
    "SECRET",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "SECRET_KEY",
    "ENCRYPTION_KEY",
    "CREDENTIAL",
];

const SUFFIXES: [&str; 5] = ["_PASS", "_PWD", "PASSWD", "_SALT", "_DSN"];

const FLAG_FRAGMENTS: [&str; 2] = ["ALLOW_EMPTY_", "RANDOM_"];

const QUANTITY_FRAGMENTS: [&str; 39] = [
    "TTL",
    "TIMEOUT",
    "EXPIRE",
    "EXPIRY",
    "EXPIRATION",
    "VALIDITY",
    "LIFETIME",
    "MAX_AGE",
    "MAXAGE",
    "ROTATION",
    "INTERVAL",
    "RETENTION",
    "DURATION",
    "_SECONDS",
    "_SECS",
    "_MINUTES",
    "_MINS",
    "_HOURS",
    "_DAYS",
    "_MS",
    "MIN_LENGTH",
    "MINLENGTH",
    "MAX_LENGTH",
    "MAXLENGTH",
    "MIN_CHAR",
    "MINCHAR",
    "_LIMIT",
    "_SIZE",
    "REQUIREMENTS",
    "POLICY",
    "_BONUS",
    "TOKENS",
    "ROUNDS",
    "ITERATIONS",
    "_HISTORY",
    "_ATTEMPTS",
    "_RETRIES",
    "_LENGTH",
    "_STRENGTH",
];

const QUANTITY_SUFFIXES: [&str; 2] = ["_PORT", "_COST"];

/// A variable name that by convention holds a credential.
pub fn is_credential_key(key: &str) -> bool {
    let k = key.trim().to_ascii_uppercase();
    if k.ends_with("_FILE") || FLAG_FRAGMENTS.iter().any(|f| k.contains(f)) {
        return false;
    }
    SUBSTRINGS.iter().any(|s| k.contains(s)) || SUFFIXES.iter().any(|s| k.ends_with(s))
}

/// `900`, `1.5`, `30s`, `10m`, `2h`, `7d`, `100ms`.
fn is_quantity(v: &str) -> bool {
    let v = v.trim();
    let digits = v
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    if digits == 0 || v[..digits].starts_with('.') || v[..digits].matches('.').count() > 1 {
        return false;
    }
    let unit = v[digits..].to_ascii_lowercase();
    matches!(unit.as_str(), "" | "ms" | "s" | "m" | "h" | "d")
}

fn is_quantity_key(key: &str) -> bool {
    let k = key.to_ascii_uppercase();
    QUANTITY_FRAGMENTS.iter().any(|f| k.contains(f))
        || QUANTITY_SUFFIXES.iter().any(|s| k.ends_with(s))
}

/// The literal credential a value of a credential-shaped key ships, if any:
/// not empty, not a flag, not a quantity knob, and not made only of
/// variables without defaults (the documented way to pass a secret in).
pub fn literal_credential<'a>(key: &str, value: &'a Field) -> Option<&'a str> {
    // A value made only of unset variables ships nothing literal; an unset
    // variable next to literal text ships the literal part.
    let text = value.resolved_text();
    let literal: String = text.replace(crate::compose::interpolate::UNKNOWN, "");
    if literal.trim().is_empty() {
        return None;
    }
    let shown = value.text().unwrap_or(value.raw.as_str());
    let v = literal.trim();
    if super::secret_names::is_flag_value(v) {
        return None;
    }
    if is_quantity_key(key) && is_quantity(v) {
        return None;
    }
    Some(shown)
}

/// The `user:password@` part of the first URL in `text` that carries a
/// literal password: (scheme, byte range of the password).
pub fn url_credential(text: &str) -> Option<(&str, std::ops::Range<usize>)> {
    let mut search = 0;
    while let Some(rel) = text[search..].find("://") {
        let sep = search + rel;
        search = sep + 3;
        // The scheme starts after the last character that cannot be in one
        // (which may be several bytes long).
        let scheme_start = text[..sep]
            .char_indices()
            .rfind(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let scheme = &text[scheme_start..sep];
        if scheme.is_empty() || !scheme.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        let auth_start = sep + 3;
        let rest = &text[auth_start..];
        let end = rest
            .find(|c: char| c == '/' || c == '?' || c == '#' || c.is_whitespace())
            .unwrap_or(rest.len());
        let authority = &rest[..end];
        let Some(at) = authority.rfind('@') else {
            continue;
        };
        let userinfo = &authority[..at];
        let Some(colon) = userinfo.find(':') else {
            continue;
        };
        let pw = &userinfo[colon + 1..];
        if pw.is_empty() || pw.len() > 512 {
            continue;
        }
        let start = auth_start + colon + 1;
        return Some((scheme, start..start + pw.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        for k in [
            "DB_PASSWORD",
            "api_key",
            "GITHUB_TOKEN",
            "MYSQL_ROOT_PASS",
            "SENTRY_DSN",
        ] {
            assert!(is_credential_key(k), "{k}");
        }
        for k in [
            "DB_PASSWORD_FILE",
            "MYSQL_ALLOW_EMPTY_PASSWORD",
            "DB_USER",
            "PUBLIC_KEY",
        ] {
            assert!(!is_credential_key(k), "{k}");
        }
        assert!(is_quantity("900") && is_quantity("30s") && !is_quantity("hunter2"));
    }

    #[test]
    fn urls() {
        let t = "postgres://app:s3cret@db:5432/app";
        let (scheme, r) = url_credential(t).unwrap();
        assert_eq!((scheme, &t[r]), ("postgres", "s3cret"));
        let t = "redis://:pw@cache";
        assert_eq!(&t[url_credential(t).unwrap().1], "pw");
        assert!(url_credential("http://example.com/a:b@c").is_none());
        assert!(url_credential("http://user@host").is_none());
        // Found by fuzzing: a multi-byte character right before the scheme.
        let t = "\u{fffd}redis://u:pw@cache:3189/0";
        let (scheme, r) = url_credential(t).unwrap();
        assert_eq!((scheme, &t[r]), ("redis", "pw"));
        assert!(url_credential("\u{fffd}edis://cache:3189/0").is_none());
    }
}
