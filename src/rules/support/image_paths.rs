//! Paths inside images.

/// `/x`, or a Windows `C:\x` / `C:/x`.
pub fn is_absolute(p: &str) -> bool {
    let p = p.trim_matches(['"', '\'']);
    if p.starts_with('/') || p.starts_with('\\') {
        return true;
    }
    let b = p.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute() {
        assert!(is_absolute("/app"));
        assert!(is_absolute("C:\\app"));
        assert!(is_absolute("c:/app"));
        assert!(!is_absolute("app"));
        assert!(!is_absolute("./app"));
    }
}
