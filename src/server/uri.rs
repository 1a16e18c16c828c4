//! `file:` URIs to paths and back, with percent-encoding.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The local path of a `file:` URI; `None` for other schemes (`untitled:`),
/// and on Unix for files on other hosts (on Windows they are UNC paths).
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let (scheme, rest) = s.split_once(':')?;
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = rest.strip_prefix("//")?;
    let slash = rest.find('/')?;
    let host = &rest[..slash];
    let path = &rest[slash..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = percent_decode(path)?;
    let local = host.is_empty() || host.eq_ignore_ascii_case("localhost");
    bytes_to_path(if local { "" } else { host }, bytes)
}

/// Unix: only local files, with the path's bytes as they are.
#[cfg(unix)]
fn bytes_to_path(host: &str, bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    host.is_empty()
        .then(|| PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(host: &str, bytes: Vec<u8>) -> Option<PathBuf> {
    let path = String::from_utf8(bytes).ok()?;
    Some(PathBuf::from(windows_path(host, &path)))
}

/// The Windows path of a decoded `file:` URI path: `/C:/dir/file` is
/// `C:\dir\file`, and a file on another host (`file://server/share/f`) is
/// the UNC path `\\server\share\f`. Plain string work, so that it is tested
/// on every platform.
#[cfg_attr(unix, allow(dead_code))]
fn windows_path(host: &str, path: &str) -> String {
    if !host.is_empty() {
        return format!(r"\\{host}{}", path.replace('/', r"\"));
    }
    let b = path.as_bytes();
    let path = if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
        &path[1..]
    } else {
        path
    };
    path.replace('/', r"\")
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
    // On Unix a backslash is part of a name, not a separator.
    let s = if std::path::MAIN_SEPARATOR == '\\' {
        windows_uri_path(s)
    } else {
        s.to_string()
    };
    uri_of(&s)
}

/// `/dir/f`, `C:/dir/f` and `//server/share/f` (a UNC path) as
/// `file:///dir/f`, `file:///C:/dir/f` and `file://server/share/f`.
fn uri_of(s: &str) -> Option<Uri> {
    let (host, s) = match s.strip_prefix("//") {
        Some(unc) => unc.split_at(unc.find('/').unwrap_or(unc.len())),
        None => ("", s),
    };
    let b = s.as_bytes();
    let drive = host.is_empty() && b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':';
    let mut out = format!("file://{host}");
    if !s.starts_with('/') {
        out.push('/');
    }
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_alphanumeric() || matches!(c, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(c as char);
        } else if c == b':' && drive && i == 1 {
            // The colon of a Windows drive letter stays as it is.
            out.push(':');
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

/// A Windows path with `/` separators and without the verbatim prefix that
/// `canonicalize` gives on Windows: `\\?\C:\d` is `C:/d`, `\\?\UNC\srv\share`
/// and `\\srv\share` are `//srv/share`.
#[cfg_attr(unix, allow(dead_code))]
fn windows_uri_path(path: &str) -> String {
    let path = match path.strip_prefix(r"\\?\UNC\") {
        Some(unc) => format!(r"\\{unc}"),
        None => path.strip_prefix(r"\\?\").unwrap_or(path).to_string(),
    };
    path.replace('\\', "/")
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
    fn other_schemes_have_no_path() {
        assert_eq!(to_path(&uri("untitled:Untitled-1")), None);
    }

    #[cfg(unix)]
    #[test]
    fn files_on_other_hosts_have_no_unix_path() {
        assert_eq!(to_path(&uri("file://server/share/Dockerfile")), None);
    }

    /// The Windows conversions are string work: tested here on every
    /// platform, and end to end by the Windows test below.
    #[test]
    fn windows_paths_and_uris() {
        // VS Code writes the drive in lower case with its colon encoded.
        let decoded =
            String::from_utf8(percent_decode("/c%3A/My%20Dir/Dockerfile").unwrap()).unwrap();
        assert_eq!(windows_path("", &decoded), r"c:\My Dir\Dockerfile");
        assert_eq!(
            windows_path("server", "/share/compose.yaml"),
            r"\\server\share\compose.yaml"
        );
        for (path, want) in [
            (r"C:\My Dir\Dockerfile", "file:///C:/My%20Dir/Dockerfile"),
            (r"\\?\C:\src\compose.yaml", "file:///C:/src/compose.yaml"),
            (
                r"\\server\share\Dockerfile",
                "file://server/share/Dockerfile",
            ),
            (
                r"\\?\UNC\server\share\Dockerfile",
                "file://server/share/Dockerfile",
            ),
        ] {
            assert_eq!(
                uri_of(&windows_uri_path(path)).unwrap().as_str(),
                want,
                "{path}"
            );
        }
    }

    #[cfg(windows)]
    #[test]
    fn round_trips_windows_paths() {
        let p = Path::new(r"C:\a dir\ü%#\Dockerfile");
        let u = from_path(p).unwrap();
        assert_eq!(u.as_str(), "file:///C:/a%20dir/%C3%BC%25%23/Dockerfile");
        assert_eq!(to_path(&u).unwrap(), p);
        assert_eq!(
            to_path(&uri("file:///c%3A/x/compose.yaml")).unwrap(),
            Path::new(r"c:\x\compose.yaml")
        );
        assert_eq!(
            to_path(&uri("file://server/share/Dockerfile")).unwrap(),
            Path::new(r"\\server\share\Dockerfile")
        );
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
