//! `file:` URIs to paths and back, with percent-encoding.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The local path of a `file:` URI; `None` for other schemes (`untitled:`)
/// and for files on other hosts.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let (scheme, rest) = s.split_once(':')?;
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = rest.strip_prefix("//")?;
    let slash = rest.find('/')?;
    let host = &rest[..slash];
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let path = &rest[slash..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = percent_decode(path)?;
    bytes_to_path(bytes)
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> Option<PathBuf> {
    let s = String::from_utf8(bytes).ok()?;
    // `/C:/dir/file` is `C:\dir\file`.
    let b = s.as_bytes();
    let s = if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
        &s[1..]
    } else {
        &s
    };
    Some(PathBuf::from(s.replace('/', "\\")))
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// A `file:` URI for an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let s = path.to_str()?;
    let mut out = String::from("file://");
    let s = s.replace('\\', "/");
    if !s.starts_with('/') {
        out.push('/');
    }
    for &c in s.as_bytes() {
        if c.is_ascii_alphanumeric() || matches!(c, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(c as char);
        } else if c == b':' && out.len() == "file:///".len() + 1 {
            // The colon of a Windows drive letter stays as it is.
            out.push(':');
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

/// The last path segment of a URI, decoded: the file name of any scheme.
pub fn file_name(uri: &Uri) -> Option<String> {
    let s = uri.as_str();
    let path = s.split(['?', '#']).next().unwrap_or(s);
    let last = path.rsplit(['/', ':']).next()?;
    let bytes = percent_decode(last)?;
    String::from_utf8(bytes).ok().filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        Uri::from_str(s).unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn round_trips_unusual_paths() {
        let p = Path::new("/tmp/a dir/ü%#/Dockerfile");
        let u = from_path(p).unwrap();
        assert_eq!(u.as_str(), "file:///tmp/a%20dir/%C3%BC%25%23/Dockerfile");
        assert_eq!(to_path(&u).unwrap(), p);
        assert_eq!(
            to_path(&uri("file://localhost/x/compose.yaml")).unwrap(),
            Path::new("/x/compose.yaml")
        );
    }

    #[test]
    fn other_schemes_and_hosts_have_no_path() {
        assert_eq!(to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(to_path(&uri("file://server/share/Dockerfile")), None);
    }

    #[test]
    fn file_names_of_any_scheme() {
        assert_eq!(
            file_name(&uri("file:///a/docker-compose.yml")).as_deref(),
            Some("docker-compose.yml")
        );
        assert_eq!(
            file_name(&uri("untitled:Dockerfile")).as_deref(),
            Some("Dockerfile")
        );
        assert_eq!(file_name(&uri("file:///a/")), None);
    }
}
