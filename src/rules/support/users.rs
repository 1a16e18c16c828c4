//! Users: what counts as root.

/// `root`, `0`, `root:group`, `0:group` (surrounding whitespace and quotes
/// ignored).
pub fn is_root_user(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']);
    let user = v.split(':').next().unwrap_or("").trim();
    user == "root" || user == "0" || (user.len() > 1 && user.bytes().all(|b| b == b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_users() {
        for u in ["root", "0", "root:root", "0:0", " root ", "\"root\"", "00"] {
            assert!(is_root_user(u), "{u}");
        }
        for u in ["app", "1000", "1000:0", "rooty", ""] {
            assert!(!is_root_user(u), "{u}");
        }
    }
}
