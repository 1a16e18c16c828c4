//! Every file dockward writes: report files (`--output FORMAT=FILE`, the
//! Action's SARIF path), the baseline, `dockward init`'s configuration, and
//! the files `--fix` edits. The directory may hold files an attacker
//! committed, so one set of rules serves them all:
//!
//! - A symbolic link is never followed: not at the destination (a committed
//!   `dockward.sarif -> ../victim.txt`), and for a relative path not in any
//!   directory on the way (a committed `reports -> /etc`). Such a path is
//!   refused with an error that says why.
//! - A regular file is written whole or not at all: the text goes to a new
//!   file beside it (created exclusively, so it cannot be a planted link
//!   either), which is then renamed over the destination. A reader never
//!   sees half a file, and a failed run leaves the old one. The new file
//!   takes the old one's permissions, so a fixed script stays executable.
//! - A destination that exists and is not a regular file (`/dev/null`, a
//!   pipe) is written in place: renaming over it would replace it.
//! - Fixes write only where [`Roots`] allows: regular files inside the
//!   repository root of a linted path.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};

/// Writes what `fill` produces to `path`, as described in the module docs.
pub fn write(path: &Path, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    check_no_link(path)?;
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Err(io::Error::other("it is a directory")),
        Ok(m) if !m.file_type().is_file() => {
            let mut w = BufWriter::new(open_existing(path)?);
            fill(&mut w)?;
            w.flush()
        }
        Ok(m) => replace(path, Some(m.permissions()), fill),
        Err(e) if e.kind() == io::ErrorKind::NotFound => replace(path, None, fill),
        Err(e) => Err(e),
    }
}

/// Refuses a path that is a symbolic link, or (relative paths) goes
/// through one.
fn check_no_link(path: &Path) -> io::Result<()> {
    let refuse = |link: &Path| {
        Err(io::Error::other(format!(
            "{} is a symbolic link; dockward does not write through links (remove it or choose another path)",
            crate::escape::path(link)
        )))
    };
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return refuse(path);
    }
    match linked_dir(path) {
        Some(link) => refuse(&link),
        None => Ok(()),
    }
}

/// The first directory of a relative path that is a symbolic link.
fn linked_dir(path: &Path) -> Option<PathBuf> {
    if !path.is_relative() {
        return None;
    }
    let mut at = PathBuf::new();
    for c in path.parent().unwrap_or(Path::new("")).components() {
        at.push(c);
        if let Component::Normal(_) = c
            && fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink())
        {
            return Some(at);
        }
    }
    None
}

/// Writes beside `path` and renames over it. A link put in the
/// destination's place meanwhile is replaced, not followed: `rename`
/// replaces the directory entry itself.
fn replace(
    path: &Path,
    permissions: Option<Permissions>,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("the path names no file"))?;
    let (temp, file) = create_beside(dir, name)?;
    let written = (|| {
        let mut w = BufWriter::new(file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        if let Some(p) = permissions {
            file.set_permissions(p)?;
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// A new file in `dir`, created exclusively (never an existing file or
/// link), with a name that says what it is.
fn create_beside(dir: &Path, name: &std::ffi::OsStr) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let mut last = None;
    for attempt in 0..100u32 {
        let mut temp: OsString = ".".into();
        temp.push(name);
        temp.push(format!(".dockward-{pid}-{attempt}.tmp"));
        let temp = dir.join(temp);
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(f) => return Ok((temp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("cannot create a temporary file")))
}

/// Opens an existing file that is not a regular file, without following a
/// link that took its place since it was checked.
fn open_existing(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW);
    }
    o.open(path)
}

/// Where fixes may write: the repository roots of the paths a run lints,
/// as the reader finds them (the top of the git work tree holding each
/// path, or the directory itself without git), links resolved.
#[derive(Clone, Debug, Default)]
pub struct Roots {
    roots: Vec<PathBuf>,
}

impl Roots {
    pub fn of_paths(reader: &crate::reader::Reader, paths: &[PathBuf]) -> Roots {
        let mut roots: Vec<PathBuf> = Vec::new();
        for p in paths {
            let root = reader.root_of(p);
            if !roots.iter().any(|r| r == root.path()) {
                roots.push(root.path().to_path_buf());
            }
        }
        Roots { roots }
    }

    /// `Err(reason)` when a fix may not write `path`: it is a link or
    /// goes through one (what [`write`] refuses, found before any file is
    /// written), is not a regular file, or is outside every root.
    pub fn writable(&self, path: &Path) -> Result<(), String> {
        let meta = std::fs::symlink_metadata(path).map_err(|e| crate::reader::io_message(&e))?;
        if meta.file_type().is_symlink() {
            return Err("it is a symbolic link".into());
        }
        if let Some(link) = linked_dir(path) {
            return Err(format!("{} is a symbolic link", crate::escape::path(&link)));
        }
        if !meta.is_file() {
            return Err("it is not a regular file".into());
        }
        let parent = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let real = std::fs::canonicalize(parent).map_err(|e| crate::reader::io_message(&e))?;
        if self.roots.iter().any(|r| real.starts_with(r)) {
            Ok(())
        } else {
            Err("it is outside the repository".into())
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn put(path: &Path, text: &str) -> io::Result<()> {
        write(path, |w| w.write_all(text.as_bytes()))
    }

    #[test]
    fn writes_new_and_existing_files_whole() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("r.sarif");
        put(&p, "one").unwrap();
        put(&p, "two").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("Dockerfile");
        fs::write(&p, "FROM a\n").unwrap();
        fs::set_permissions(&p, Permissions::from_mode(0o640)).unwrap();
        put(&p, "FROM b\n").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "FROM b\n");
        let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("r.json");
        put(&p, "old").unwrap();
        let e = write(&p, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("boom"))
        });
        assert!(e.is_err());
        assert_eq!(fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 1);
    }

    #[test]
    fn links_are_refused_at_the_end_and_on_the_way() {
        let t = tempfile::tempdir().unwrap();
        let victim = t.path().join("victim.txt");
        fs::write(&victim, "keep").unwrap();
        let link = t.path().join("dockward.sarif");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let e = put(&link, "x").unwrap_err();
        assert!(e.to_string().contains("is a symbolic link"), "{e}");
        // A dangling link too.
        let dangling = t.path().join("d.sarif");
        std::os::unix::fs::symlink(t.path().join("nowhere"), &dangling).unwrap();
        assert!(put(&dangling, "x").is_err());
        assert!(!t.path().join("nowhere").exists());
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
    }

    #[test]
    fn special_files_are_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        put(Path::new("/dev/null"), "x").unwrap();
        let t = fs::symlink_metadata("/dev/null").unwrap().file_type();
        assert!(t.is_char_device());
    }

    #[test]
    fn fixes_write_regular_files_inside_the_roots_only() {
        let t = tempfile::tempdir().unwrap();
        let repo = t.path().join("repo");
        fs::create_dir_all(repo.join(".git")).unwrap();
        fs::write(repo.join("Dockerfile"), "FROM a\n").unwrap();
        fs::write(t.path().join("outside"), "FROM a\n").unwrap();
        std::os::unix::fs::symlink(repo.join("Dockerfile"), repo.join("link")).unwrap();
        let reader = crate::reader::Reader::new();
        let roots = Roots::of_paths(&reader, &[repo.join("Dockerfile")]);
        assert_eq!(roots.writable(&repo.join("Dockerfile")), Ok(()));
        assert_eq!(
            roots.writable(&repo.join("link")),
            Err("it is a symbolic link".into())
        );
        assert_eq!(
            roots.writable(&repo.join(".git")),
            Err("it is not a regular file".into())
        );
        assert_eq!(
            roots.writable(&t.path().join("outside")),
            Err("it is outside the repository".into())
        );
    }
}
