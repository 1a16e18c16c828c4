//! Label schemas (hadolint's `label-schema`): the types a label value can
//! be required to have, and their validators.

/// A label type of hadolint's `label-schema`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelType {
    Text,
    Url,
    Semver,
    Hash,
    Rfc3339,
    Spdx,
    Email,
}

impl LabelType {
    pub const NAMES: [&'static str; 7] =
        ["text", "url", "semver", "hash", "rfc3339", "spdx", "email"];

    pub fn parse(s: &str) -> Option<LabelType> {
        Some(match s {
            "text" => LabelType::Text,
            "url" => LabelType::Url,
            "semver" => LabelType::Semver,
            "hash" => LabelType::Hash,
            "rfc3339" => LabelType::Rfc3339,
            "spdx" => LabelType::Spdx,
            "email" => LabelType::Email,
            _ => return None,
        })
    }

    /// What a valid value looks like, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            LabelType::Text => "text",
            LabelType::Url => "an absolute URL",
            LabelType::Semver => "a semantic version such as `1.4.2`",
            LabelType::Hash => "a git commit hash of 7 or 40 hex digits",
            LabelType::Rfc3339 => "an RFC 3339 timestamp such as `2024-05-01T12:00:00Z`",
            LabelType::Spdx => "an SPDX license expression such as `Apache-2.0`",
            LabelType::Email => "an email address",
        }
    }

    pub fn is_valid(self, v: &str) -> bool {
        match self {
            LabelType::Text => true,
            LabelType::Url => is_url(v),
            LabelType::Semver => is_semver(v),
            LabelType::Hash => {
                (v.len() == 7 || v.len() == 40) && v.bytes().all(|b| b.is_ascii_hexdigit())
            }
            LabelType::Rfc3339 => is_rfc3339(v),
            LabelType::Spdx => is_spdx(v),
            LabelType::Email => is_email(v),
        }
    }
}

fn is_url(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once(':') else {
        return false;
    };
    let mut sb = scheme.bytes();
    sb.next().is_some_and(|b| b.is_ascii_alphabetic())
        && sb.all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
        && !rest.is_empty()
        && !v.contains(char::is_whitespace)
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn is_num(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

fn is_semver(v: &str) -> bool {
    let (core, build) = match v.split_once('+') {
        Some((c, b)) => (c, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match core.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (core, None),
    };
    let nums: Vec<&str> = core.split('.').collect();
    nums.len() == 3
        && nums.iter().all(|n| is_num(n))
        && pre.is_none_or(|p| {
            p.split('.')
                .all(|id| is_ident(id) && (!id.bytes().all(|b| b.is_ascii_digit()) || is_num(id)))
        })
        && build.is_none_or(|b| b.split('.').all(is_ident))
}

fn is_rfc3339(v: &str) -> bool {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || !matches!(b[10], b'T' | b't' | b' ')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let num = |r: std::ops::Range<usize>| v[r].parse::<u32>().unwrap_or(99);
    if !(1..=12).contains(&num(5..7))
        || !(1..=31).contains(&num(8..10))
        || num(11..13) > 23
        || num(14..16) > 59
        || num(17..19) > 60
    {
        return false;
    }
    let mut rest = &v[19..];
    if let Some(r) = rest.strip_prefix('.') {
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &r[n..];
    }
    match rest {
        "Z" | "z" => true,
        r => {
            let rb = r.as_bytes();
            rb.len() == 6
                && matches!(rb[0], b'+' | b'-')
                && rb[1..3].iter().all(u8::is_ascii_digit)
                && rb[3] == b':'
                && rb[4..6].iter().all(u8::is_ascii_digit)
        }
    }
}

/// The shape of an SPDX license expression: license ids (letters, digits,
/// `.`, `-`, optional `+`, `LicenseRef-...`) joined by `AND`, `OR` and
/// `WITH`, with parentheses. The id list itself is not checked.
fn is_spdx(v: &str) -> bool {
    let spaced = v.replace('(', " ( ").replace(')', " ) ");
    let mut depth = 0i32;
    let mut expect_id = true;
    let mut any = false;
    for tok in spaced.split_whitespace() {
        match tok {
            "(" if expect_id => depth += 1,
            ")" if !expect_id => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            "AND" | "OR" | "WITH" if !expect_id => expect_id = true,
            t if expect_id => {
                let id = t.strip_suffix('+').unwrap_or(t);
                let ok = !id.is_empty()
                    && id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b':');
                if !ok {
                    return false;
                }
                expect_id = false;
                any = true;
            }
            _ => return false,
        }
    }
    any && !expect_id && depth == 0
}

fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators() {
        use LabelType::*;
        assert!(Url.is_valid("https://example.com/x"));
        assert!(!Url.is_valid("example.com"));
        assert!(Semver.is_valid("1.2.3-rc.1+build.5"));
        assert!(!Semver.is_valid("1.2"));
        assert!(!Semver.is_valid("01.2.3"));
        assert!(Hash.is_valid("deadbee"));
        assert!(!Hash.is_valid("deadbeef"));
        assert!(Rfc3339.is_valid("2024-05-01T12:00:00Z"));
        assert!(Rfc3339.is_valid("2024-05-01T12:00:00.5+02:00"));
        assert!(!Rfc3339.is_valid("2024-13-01T12:00:00Z"));
        assert!(!Rfc3339.is_valid("2024-05-01"));
        assert!(Spdx.is_valid("Apache-2.0"));
        assert!(Spdx.is_valid("(MIT OR Apache-2.0) AND GPL-2.0+ WITH Classpath-exception-2.0"));
        assert!(!Spdx.is_valid("MIT OR"));
        assert!(!Spdx.is_valid("My License"));
        assert!(Email.is_valid("team@example.com"));
        assert!(!Email.is_valid("Team <team>"));
    }
}
