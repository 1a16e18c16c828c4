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

/// Removes `.` components and resolves `..` lexically, so one file has one
/// name however it was reached.
pub fn normalize(p: &Path) -> PathBuf {
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

#[cfg(test)]
mod tests {
    use super::*;

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
