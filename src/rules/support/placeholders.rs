//! Values that stand in for a secret to be filled in, which the Dockerfile
//! and Compose secret rules all leave alone.

/// A value that asks to be replaced rather than holds a secret: templates
/// (`<PrivateKey>`, `{{ token }}`, `[[TOKEN]]`, `[token]`, `%TOKEN%`,
/// `@TOKEN@`), `changeme`, `changeit` and their kin, `your-api-key`,
/// `your_password_here`, `REPLACE_ME`, `placeholder`, `redacted`, `xxxx`,
/// `****`, `....` (any one character repeated), `TODO`.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']);
    if v.is_empty() {
        return false;
    }
    let wrapped = |open: &str, close: &str| {
        v.len() > open.len() + close.len() && v.starts_with(open) && v.ends_with(close)
    };
    if wrapped("<", ">")
        || wrapped("{{", "}}")
        || wrapped("[", "]")
        || wrapped("%", "%")
        || wrapped("@", "@")
    {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    const WORDS: [&str; 24] = [
        "changeme",
        "change_me",
        "change-me",
        "change_this",
        "change-this",
        "changethis",
        "changeit",
        "change_it",
        "change-it",
        "replaceme",
        "replace_me",
        "replace-me",
        "replace_with",
        "replace-with",
        "your_",
        "your-",
        "yourpassword",
        "yoursecret",
        "yourtoken",
        "placeholder",
        "redacted",
        "xxxx",
        "****",
        "....",
    ];
    let first = v.as_bytes()[0];
    WORDS.iter().any(|w| lower.contains(w))
        || lower.starts_with("your")
        || matches!(lower.as_str(), "todo" | "fixme" | "tbd")
        || (v.len() >= 3
            && (v.bytes().all(|b| b == first) || v.bytes().all(|b| b == b'x' || b == b'X')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in [
            "<PrivateKey>",
            "{{ token }}",
            "{{ .Token }}",
            "[[TOKEN]]",
            "%TOKEN%",
            "%DB_PASSWORD%",
            "changeme",
            "CHANGE_ME_PLEASE",
            "changeit",
            "your-api-key",
            "your_password_here",
            "REPLACE_ME",
            "xxxx",
            "xxxxxxxx",
            "xXx",
            "****",
            "********",
            "TODO",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for p in [
            "hunter2",
            "Zq8xPf02LmT",
            "s3cr3t-Pa55",
            "postgres",
            "<a",
            "<",
            "x",
            "",
        ] {
            assert!(!is_placeholder(p), "{p}");
        }
    }
}
