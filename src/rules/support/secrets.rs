//! Credentials written into Compose files: credential-shaped variable names
//! with literal values, and `scheme://user:password@host` connection strings.
//!
//! The name patterns follow compose-lint's CL-0020 (so the two tools flag the
//! same keys), with its exemptions: `*_FILE` variables (a path to a secret),
//! flags (`ALLOW_EMPTY_PASSWORD=yes`), and quantities (`TOKEN_TTL=900`).
//!
//! Only what is written in the Compose file is a literal there: text and
//! literal defaults (`${PW:-hunter2}`). A variable's value comes from the
//! project's `.env` or the deploy environment (a committed `.env` is
//! reported at its own line: [`variable_parts`]), a `$$` escape writes a
//! `$`, and a `${NAME}` after an escape is a reference that the program
//! reading the value resolves. Placeholders that ask to be replaced
//! (`changeme`, `<PrivateKey>`) are not credentials.

use std::ops::Range;

use crate::compose::interpolate::{self, Resolved};
use crate::compose::model::Field;

use super::placeholders::is_placeholder;

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

/// Whether a value held by a credential-shaped key is a credential: not
/// empty, not a flag, not a quantity knob, not a placeholder.
pub fn is_credential_value(key: &str, value: &str) -> bool {
    let v = value.trim();
    let not_a_credential = v.is_empty()
        || super::secret_names::is_flag_value(v)
        || (is_quantity_key(key) && is_quantity(v))
        || is_placeholder(v);
    !not_a_credential
}

/// The literal credential a value of a credential-shaped key ships, if any:
/// what the Compose file itself writes (see [`own_value`]) must be a
/// credential by [`is_credential_value`]. Variables without defaults (the
/// documented way to pass a secret in) and values from `.env` are not
/// literals of the Compose file; a default is, whether or not `.env` sets
/// the variable.
pub fn literal_credential(key: &str, value: &Field) -> Option<String> {
    let own = own_value(value);
    let written = written_text(&own, 0..own.text.len());
    if !is_credential_value(key, &written) {
        return None;
    }
    Some(own.text.replace(crate::compose::interpolate::UNKNOWN, ""))
}

/// A value as the Compose file alone ships it: interpolated with no
/// variable set, so that defaults are used and every other variable is
/// unknown.
pub fn own_value(value: &Field) -> Resolved {
    if !value.raw.contains('$') {
        return Resolved::identity(&value.raw);
    }
    match interpolate::parse(&value.raw) {
        Ok(pieces) => interpolate::resolve(&pieces, &|_| None),
        Err(_) => Resolved::unknown(value.raw.len()),
    }
}

/// The file span of `range` of an [`own_value`]: exact when the scalar is
/// written verbatim, else the value's span.
pub fn own_span(value: &Field, own: &Resolved, range: Range<usize>) -> crate::source::Span {
    match (own.src_range(range), value.verbatim_origin()) {
        (Some(r), Some(o)) => crate::source::Span::new(o + r.start as u32, o + r.end as u32),
        _ => value.span,
    }
}

/// The part of `range` (of `r.text`) that the Compose file writes itself:
/// literal text and literal defaults, without the `$` of a `$$` escape,
/// without a `{...}` reference written right after an escape, and without
/// what variables supply.
pub fn written_text(r: &Resolved, range: Range<usize>) -> String {
    let mut out = String::new();
    let mut after_escape = false;
    for seg in &r.segments {
        let a = seg.out.start.max(range.start);
        let b = seg.out.end.min(range.end);
        let escape = !seg.exact && seg.var.is_none() && seg.unknown.is_none();
        if escape {
            after_escape = true;
            continue;
        }
        if a < b && seg.exact {
            let mut part = r.text.get(a..b).unwrap_or("");
            // `$${NAME}` passes `${NAME}` on: a reference, not text.
            if after_escape
                && a == seg.out.start
                && part.starts_with('{')
                && let Some(close) = part.find('}')
            {
                part = &part[close + 1..];
            }
            out.push_str(part);
        }
        after_escape = false;
    }
    out
}

/// The variables that supply parts of `range` (of
/// [`Field::resolved_text`]) from the project's `.env`: each variable's
/// name, the part of `range` it supplies, and the part's offset in the
/// variable's value.
pub fn variable_parts(value: &Field, range: Range<usize>) -> Vec<(String, Range<usize>, usize)> {
    let mut out = Vec::new();
    let Some(r) = &value.resolved else {
        return out;
    };
    for seg in &r.segments {
        let Some(var) = &seg.var else { continue };
        let a = seg.out.start.max(range.start);
        let b = seg.out.end.min(range.end);
        if a < b {
            out.push((var.clone(), a..b, a - seg.out.start));
        }
    }
    out
}

/// Where a `.env` variable's value is written: the span of the value (of
/// `part` of it, when the value is written verbatim), the file's name, and
/// the variable that writes it (`B` for `A=${B}`).
pub fn variable_site(
    cx: &crate::rules::ComposeContext,
    var: &str,
    value: &str,
    part: Range<usize>,
) -> Option<(crate::source::Span, String, String)> {
    let mut def = cx.project.variable(var)?;
    // `A=${B}` in `.env`: the value is written where `B` is set.
    for _ in 0..8 {
        let written = cx.text_at(def.span).trim_matches(['"', '\'']);
        match crate::rules::support::run_secrets::whole_variable(written)
            .and_then(|name| cx.project.variable(name))
        {
            Some(next) if next.span != def.span => def = next,
            _ => break,
        }
    }
    let written = cx.text_at(def.span);
    let span = if written == value && part.end <= value.len() {
        crate::source::Span::new(
            def.span.start + part.start as u32,
            def.span.start + part.end as u32,
        )
    } else {
        def.span
    };
    let file = &cx.project.files[cx.project.file_of(def.span.start)];
    let name = file
        .source
        .path
        .file_name()
        .map_or_else(|| ".env".to_string(), |n| n.to_string_lossy().into_owned());
    Some((span, name, def.name.clone()))
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
