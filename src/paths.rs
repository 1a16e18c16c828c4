//! Paths as dockward names them: one name per file, however it was reached.

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// The working directory, read once: dockward never changes it, and asking
/// the system again for every relative path was two `getcwd` calls per
/// linted file.
pub fn cwd() -> &'static Path {
    static CWD: OnceLock<PathBuf> = OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")))
}

/// [`std::path::absolute`] against [`cwd`]: the same path, without a
/// system call.
pub fn absolute(p: &Path) -> PathBuf {
    let joined;
    let p = if p.is_absolute() {
        p
    } else {
        joined = cwd().join(p);
        &joined
    };
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// `root` followed by the components of each of `pieces` (`/`-separated
/// text, such as a path inside an image or on a Docker host), cleaned the
/// way Docker cleans them: empty and `.` components dropped, `..` dropping
/// the component before it but never `root` (`""`, or `"~"` for a home
/// directory). `/` when nothing is left and `root` is empty.
pub fn clean_slashed(root: &str, pieces: &[&str]) -> String {
    let len = root.len() + pieces.iter().map(|p| p.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(len);
    out.push_str(root);
    for p in pieces {
        for c in p.split('/') {
            match c {
                "" | "." => {}
                ".." => {
                    let cut = out
                        .rfind('/')
                        .filter(|&i| i >= root.len())
                        .unwrap_or(root.len());
                    out.truncate(cut);
                }
                c => {
                    out.push('/');
                    out.push_str(c);
                }
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Removes `.` components and resolves `..` lexically, so one file has one
/// name however it was reached.
pub fn normalize(p: &Path) -> PathBuf {
    if is_normal(p) {
        p.to_path_buf()
    } else {
        normalize_components(p)
    }
}

fn normalize_components(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !matches!(
                    out.components().next_back(),
                    Some(Component::RootDir | Component::Prefix(_))
                ) {
                    // `/..` is `/`: nothing is above the root.
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Whether [`normalize`] would give `p` back unchanged: no `.` or `..`
/// component and no empty one (`//`, a trailing `/`). Read off the bytes:
/// most paths a run sees are already normal, and parsing their components
/// to find that out was 2% of a run.
#[cfg(unix)]
fn is_normal(p: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let b = p.as_os_str().as_bytes();
    if b == b"/" {
        return true;
    }
    let body = b.strip_prefix(b"/").unwrap_or(b);
    // A component is bad when it is empty, `.` or `..`: look only where
    // components start (the body's start and after each `/`, found with
    // memchr), since a path has few of them and many bytes.
    let good_at = |i: usize| match body.get(i..) {
        None
        | Some(
            [] | [b'/', ..] | [b'.'] | [b'.', b'/', ..] | [b'.', b'.'] | [b'.', b'.', b'/', ..],
        ) => false,
        Some(_) => true,
    };
    good_at(0) && memchr::memchr_iter(b'/', body).all(|i| good_at(i + 1))
}

#[cfg(not(unix))]
fn is_normal(_: &Path) -> bool {
    false
}

/// `p.parent()` and `p.file_name()`, both. For the paths a run handles
/// (no `.`, `..` or empty component at the end) they are the bytes on
/// either side of the last `/`, read off directly; std parses components
/// from the end for each, several hundred instructions on a long path,
/// for every file read.
pub fn parent_and_name(p: &Path) -> Option<(&Path, &std::ffi::OsStr)> {
    #[cfg(unix)]
    {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let b = p.as_os_str().as_bytes();
        let plain_end =
            |s: &[u8]| s.last().is_some_and(|&c| c != b'/') && s != b"." && !s.ends_with(b"/.");
        if plain_end(b) && !b.ends_with(b"..") {
            match memchr::memrchr(b'/', b) {
                None => return Some((Path::new(""), p.as_os_str())),
                Some(0) => return Some((Path::new("/"), OsStr::from_bytes(&b[1..]))),
                Some(i) if plain_end(&b[..i]) => {
                    return Some((
                        Path::new(OsStr::from_bytes(&b[..i])),
                        OsStr::from_bytes(&b[i + 1..]),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    Some((p.parent()?, p.file_name()?))
}

/// [`Path::parent`], through [`parent_and_name`].
pub fn parent(p: &Path) -> Option<&Path> {
    parent_and_name(p).map_or_else(|| p.parent(), |(d, _)| Some(d))
}

/// [`Path::file_name`], through [`parent_and_name`].
pub fn file_name(p: &Path) -> Option<&std::ffi::OsStr> {
    parent_and_name(p).map_or_else(|| p.file_name(), |(_, n)| Some(n))
}

/// [`Path::starts_with`] for a normal absolute `base` (a real directory):
/// a byte comparison first, since a byte prefix that ends at a separator
/// is a component prefix; the component walk only for what that misses.
pub fn within(p: &Path, base: &Path) -> bool {
    let (pb, bb) = (
        p.as_os_str().as_encoded_bytes(),
        base.as_os_str().as_encoded_bytes(),
    );
    let prefix = pb.starts_with(bb)
        && bb.first() == Some(&b'/')
        && (pb.len() == bb.len() || bb.ends_with(b"/") || pb[bb.len()] == b'/');
    prefix || p.starts_with(base)
}

/// A key whose byte order is [`Path`]'s order (component by component):
/// sorting many paths by it compares bytes instead of parsing components
/// on every comparison, which made the sort of 3,400 jobs 2.4% of a run.
/// Each component is a tag byte (the order of [`Component`]'s variants),
/// then its bytes for a name, then a 0, which no name holds.
pub fn order_key(p: &Path) -> Vec<u8> {
    let bytes = p.as_os_str().as_encoded_bytes();
    // Two bytes more per component: room for sixteen.
    let mut key = Vec::with_capacity(bytes.len() + 32);
    if cfg!(unix) && bytes != b"/" && is_normal(p) {
        // A normal path's components are its `/`-separated parts: no
        // component walk, which was 0.5% of a run in sorting the jobs.
        let body = match bytes.strip_prefix(b"/") {
            Some(rest) => {
                key.extend_from_slice(&[2, 0]);
                rest
            }
            None => bytes,
        };
        for part in body.split(|&b| b == b'/') {
            key.push(5);
            key.extend_from_slice(part);
            key.push(0);
        }
        return key;
    }
    component_key(p, key)
}

/// [`order_key`] read off `p`'s components, appended to `key`.
fn component_key(p: &Path, mut key: Vec<u8>) -> Vec<u8> {
    for c in p.components() {
        match c {
            Component::Prefix(x) => {
                key.push(1);
                key.extend_from_slice(x.as_os_str().as_encoded_bytes());
            }
            Component::RootDir => key.push(2),
            Component::CurDir => key.push(3),
            Component::ParentDir => key.push(4),
            Component::Normal(name) => {
                key.push(5);
                key.extend_from_slice(name.as_encoded_bytes());
            }
        }
        key.push(0);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_and_name_agrees_with_std() {
        // Every path of up to seven characters from `a`, `.` and `/`.
        let mut paths = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..7 {
            paths = paths
                .iter()
                .flat_map(|p| ["a", ".", "/"].map(|c| format!("{p}{c}")))
                .collect();
            all.extend(paths.iter().cloned());
        }
        for s in all {
            let p = Path::new(&s);
            let expected = p.parent().zip(p.file_name());
            assert_eq!(parent_and_name(p), expected, "{s}");
            assert_eq!(parent(p), p.parent(), "{s}");
            assert_eq!(file_name(p), p.file_name(), "{s}");
        }
    }

    #[test]
    fn cleans_slashed_paths_below_their_root() {
        assert_eq!(clean_slashed("", &["/a/./b/../c/"]), "/a/c");
        assert_eq!(clean_slashed("", &["/../.."]), "/");
        assert_eq!(clean_slashed("", &["/app", "../etc//x"]), "/etc/x");
        assert_eq!(clean_slashed("~", &["/.ssh/../.."]), "~");
        assert_eq!(clean_slashed("~", &["/a/b/.."]), "~/a");
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(
            normalize(Path::new("./a/./b/../Dockerfile")),
            PathBuf::from("a/Dockerfile")
        );
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("/a/../b")), PathBuf::from("/b"));
        assert_eq!(normalize(Path::new("/../../etc")), PathBuf::from("/etc"));
    }

    /// Paths of every shape: the fast path of `normalize` and the order of
    /// `order_key` agree with the component-wise definitions.
    fn shapes() -> Vec<PathBuf> {
        let parts = [
            "", ".", "..", "a", "ab", "a.b", "b", "a-b", "z", ".a", "..a", "a.",
        ];
        let mut out = Vec::new();
        for lead in ["", "/", "./", "//"] {
            for x in parts {
                for y in parts {
                    for tail in ["", "/"] {
                        out.push(PathBuf::from(format!("{lead}{x}/{y}{tail}")));
                        out.push(PathBuf::from(format!("{lead}{x}{tail}")));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn normal_paths_are_recognised_without_parsing() {
        let mut fast = 0;
        for p in shapes() {
            assert_eq!(normalize(&p), normalize_components(&p), "{p:?}");
            fast += usize::from(is_normal(&p));
        }
        assert!(fast > 50, "{fast}");
        assert!(
            is_normal(Path::new("/")) && is_normal(Path::new("/a/b")) && is_normal(Path::new("a"))
        );
        for p in ["", ".", "a/", "a//b", "./a", "a/./b", "a/../b", "/.."] {
            assert!(!is_normal(Path::new(p)), "{p:?}");
        }
    }

    #[test]
    fn within_agrees_with_starts_with() {
        let cases = [
            ("/a/b", "/a"),
            ("/a", "/a"),
            ("/ab", "/a"),
            ("/a/", "/a"),
            ("/x/y", "/"),
            ("/a//b", "/a"),
            ("/a/./b", "/a/b"),
            ("a/b", "/a"),
            ("/", "/a"),
        ];
        for (p, base) in cases {
            let (p, base) = (Path::new(p), Path::new(base));
            assert_eq!(within(p, base), p.starts_with(base), "{p:?} in {base:?}");
        }
    }

    #[test]
    fn order_keys_sort_as_paths_do() {
        let paths = shapes();
        for p in &paths {
            assert_eq!(order_key(p), component_key(p, Vec::new()), "{p:?}");
        }
        for a in &paths {
            for b in &paths {
                assert_eq!(
                    order_key(a).cmp(&order_key(b)),
                    a.cmp(b),
                    "{a:?} against {b:?}"
                );
            }
        }
    }

    #[test]
    fn absolute_matches_the_standard_library() {
        for p in [
            "a/./b",
            "./x/../y",
            "Dockerfile",
            "/etc/./hosts",
            "../up",
            ".",
        ] {
            assert_eq!(
                absolute(Path::new(p)),
                std::path::absolute(p).unwrap(),
                "{p}"
            );
        }
    }
}
