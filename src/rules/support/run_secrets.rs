//! What looks like a credential: secret-like variable names, placeholder
//! values that are not secrets, credentials inside URLs, known token
//! formats.

/// A variable name that holds a secret: `GITHUB_TOKEN`, `DB_PASSWORD`,
/// `AWS_SECRET_ACCESS_KEY`, `NPM_AUTH`, `API_KEY`. Names that say they hold
/// a path or a switch (`*_FILE`, `*_PATH`, `*_DIR`, `*_URL`, `*_ENABLED`)
/// are not secrets.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if [
        "_FILE", "_PATH", "_DIR", "_URL", "_ENABLED", "_LENGTH", "_POLICY", "_MODE", "_TYPE",
        "_NAME", "_ID",
    ]
    .iter()
    .any(|s| upper.ends_with(s))
    {
        return false;
    }
    let parts: Vec<&str> = upper.split(['_', '-']).collect();
    parts.iter().any(|p| {
        matches!(
            *p,
            "TOKEN" | "PASSWORD" | "PASSWD" | "PWD" | "SECRET" | "APIKEY" | "PAT" | "CREDENTIALS"
        )
    }) || upper.contains("API_KEY")
        || upper.contains("ACCESS_KEY")
        || upper.contains("PRIVATE_KEY")
        || upper.ends_with("AUTH_TOKEN")
        || upper == "PGPASSWORD"
        || upper == "MYSQL_PWD"
}

/// Values that are plainly not real secrets: empty, short, placeholders,
/// or references to files and other variables.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim_matches(['"', '\'']);
    if super::placeholders::is_placeholder(v)
        || v.len() < 6
        || v.contains('$')
        || v.starts_with(['/', '<', '{', '%'])
        || v.starts_with("file:")
    {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "dummy",
        "example",
        "changeme",
        "change_me",
        "change-me",
        "placeholder",
        "password",
        "passwd",
        "secret",
        "your",
        "xxxx",
        "****",
        "test",
        "sample",
        "fake",
        "insecure",
        "notasecret",
        "not-a-secret",
        "build",
        "default",
        "redacted",
        "replace",
        "todo",
        "foo",
        "some_",
        "my_",
        "mysecret",
        "none",
        "null",
        "local",
        "public",
        "anonymous",
        "guest",
    ];
    // `SOME_KEY`, `API_TOKEN`: a name standing in for a value.
    let looks_like_name = v.bytes().all(|b| b.is_ascii_uppercase() || b == b'_');
    looks_like_name
        || WORDS.iter().any(|w| lower.contains(w))
        || v.bytes().all(|b| b == v.as_bytes()[0])
}

/// Token formats that are secrets whatever the variable is called.
pub fn is_known_token(v: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "github_pat_",
        "glpat-",
        "xoxb-",
        "xoxp-",
        "npm_",
        "pypi-",
        "AKIA",
        "sk-",
        "hf_",
    ];
    PREFIXES
        .iter()
        .any(|p| v.starts_with(p) && v.len() >= p.len() + 16)
}

/// The credential part of a URL with user information:
/// `https://user:secret@host/...` gives `(Some("user"), "secret", "host")`,
/// `https://token@host` gives `(None, "token", "host")`.
pub fn url_credentials(t: &str) -> Option<(Option<&str>, &str, &str)> {
    let (scheme, rest) = t.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let (userinfo, host) = authority.rsplit_once('@')?;
    let host = host.split(':').next().unwrap_or(host);
    match userinfo.split_once(':') {
        Some((user, pass)) => Some((Some(user), pass, host)),
        None => Some((None, userinfo, host)),
    }
}

/// A host that only exists inside the build container.
pub fn is_local_host(host: &str) -> bool {
    matches!(
        host,
        "localhost" | "127.0.0.1" | "0.0.0.0" | "::1" | "[::1]"
    )
}

/// The variable a whole value refers to: `$NAME` or `${NAME}`.
pub fn whole_variable(v: &str) -> Option<&str> {
    let inner = v
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| v.strip_prefix('$'))?;
    (!inner.is_empty()
        && inner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_'))
    .then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for n in [
            "GITHUB_TOKEN",
            "DB_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "npm_token",
            "API_KEY",
            "PGPASSWORD",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in [
            "TOKEN_FILE",
            "PASSWORD_PATH",
            "PATH",
            "HOME",
            "SECRET_NAME",
            "KEYBOARD",
        ] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    #[test]
    fn urls() {
        assert_eq!(
            url_credentials("https://bob:s3cr3t@example.org/x"),
            Some((Some("bob"), "s3cr3t", "example.org"))
        );
        assert_eq!(
            url_credentials("https://ghp_x@github.com/a/b.git"),
            Some((None, "ghp_x", "github.com"))
        );
        assert_eq!(url_credentials("git@github.com:a/b.git"), None);
        assert_eq!(url_credentials("https://example.org/a@b"), None);
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("changeme123"));
        assert!(is_placeholder("${TOKEN}"));
        assert!(is_placeholder("abc"));
        assert!(!is_placeholder("Zq8xPf02LmT"));
    }
}
