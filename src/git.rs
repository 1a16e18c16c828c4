//! The files git tracks in a work tree, from its index.
//!
//! Ignore files decide which *untracked* files are walked; a tracked file
//! is linted whatever `.gitignore` or `.ignore` say (git's meaning). The
//! list comes from `.git/index`, parsed here (versions 2, 3 and 4, SHA-1 or
//! SHA-256 object names): no `git` binary is needed (the container image
//! has none) and nothing runs with the repository's configuration. When the
//! index cannot be read or uses a split index, `git ls-files -z` is asked;
//! when that fails too, the caller walks without ignore files, which lints
//! more, never less.
//!
//! The index is only ever used for its paths, which are never printed; a
//! path that leaves the work tree (`..`, absolute) is dropped.

use foldhash::{HashSet, HashSetExt};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::reader::{Reader, Root};

/// The largest index read (a million files is about 100 MB).
const INDEX_LIMIT: u64 = 512 * 1024 * 1024;

/// Paths relative to the work tree's top.
#[derive(Debug, Default)]
pub struct Tracked {
    paths: Vec<PathBuf>,
}

impl Tracked {
    pub fn iter(&self) -> impl Iterator<Item = &Path> {
        self.paths.iter().map(PathBuf::as_path)
    }

    /// The tracked paths below a directory (relative to the work tree's
    /// top; empty: all of them), found by binary search: the paths are
    /// sorted by their bytes, so one directory's are a contiguous run.
    pub fn under<'a>(&'a self, dir: &Path) -> impl Iterator<Item = &'a Path> {
        let mut prefix = dir.as_os_str().as_encoded_bytes().to_vec();
        if !prefix.is_empty() {
            prefix.push(b'/');
        }
        let start = self.paths.partition_point(|p| bytes(p) < prefix.as_slice());
        self.paths[start..]
            .iter()
            .take_while(move |p| bytes(p).starts_with(&prefix))
            .map(PathBuf::as_path)
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
}

/// The tracked files of the work tree whose top is `root`.
pub fn tracked_files(reader: &Reader, root: &Root) -> Result<Arc<Tracked>, String> {
    let from_index = match reader.read_git_index(root, INDEX_LIMIT) {
        // No index: nothing was ever staged, so nothing is tracked (git
        // reads a missing index as an empty one).
        Err(crate::reader::ReadError::NotFound) => Ok(Vec::new()),
        Err(e) => Err(e.message()),
        Ok(bytes) => parse_index(&bytes),
    };
    match from_index {
        Ok(names) => Ok(Arc::new(tracked_from(names))),
        Err(why) => ls_files(root.path())
            .map(|names| Arc::new(tracked_from(names)))
            .map_err(|e| format!("{why}; {e}")),
    }
}

fn tracked_from(names: Vec<Vec<u8>>) -> Tracked {
    let mut seen = HashSet::new();
    let mut paths = Vec::with_capacity(names.len());
    for n in names {
        let Some(p) = safe_relative(&n) else {
            continue;
        };
        if seen.insert(p.clone()) {
            paths.push(p);
        }
    }
    // The index is sorted already; `git ls-files` output too. Sorted
    // again so that `under` holds whatever the source.
    paths.sort_unstable_by(|a, b| bytes(a).cmp(bytes(b)));
    Tracked { paths }
}

fn bytes(p: &Path) -> &[u8] {
    p.as_os_str().as_encoded_bytes()
}

/// A relative path with normal components only.
fn safe_relative(name: &[u8]) -> Option<PathBuf> {
    #[cfg(unix)]
    let p = {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(name))
    };
    #[cfg(not(unix))]
    let p = PathBuf::from(String::from_utf8(name.to_vec()).ok()?);
    (!name.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))).then_some(p)
}

/// `git ls-files -z` in the work tree.
fn ls_files(top: &Path) -> Result<Vec<Vec<u8>>, String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["ls-files", "-z", "--cached"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {}", crate::reader::io_message(&e)))?;
    if !out.status.success() {
        return Err("`git ls-files` failed".into());
    }
    Ok(out
        .stdout
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(<[u8]>::to_vec)
        .collect())
}

/// The path names of an index (`DIRC`), in order, without submodules and
/// sparse directory entries.
pub fn parse_index(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let bad = |what: &str| Err(format!("the git index is {what}"));
    if bytes.len() < 12 || &bytes[..4] != b"DIRC" {
        return bad("not an index");
    }
    let version = be32(&bytes[4..8]);
    if !(2..=4).contains(&version) {
        return bad("of an unknown version");
    }
    let count = be32(&bytes[8..12]) as usize;
    // The object name length is not recorded: SHA-1 (20) unless the
    // entries only parse with SHA-256 (32).
    match parse_entries(bytes, version, count, 20) {
        Ok(v) => Ok(v),
        Err(_) => match parse_entries(bytes, version, count, 32) {
            Ok(v) => Ok(v),
            Err(e) => Err(e),
        },
    }
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

fn be16(b: &[u8]) -> u16 {
    u16::from_be_bytes([b[0], b[1]])
}

fn parse_entries(
    bytes: &[u8],
    version: u32,
    count: usize,
    hash: usize,
) -> Result<Vec<Vec<u8>>, String> {
    let bad = || "the git index is damaged".to_string();
    let mut at = 12;
    let mut out = Vec::with_capacity(count.min(1 << 20));
    let mut prev: Vec<u8> = Vec::new();
    for _ in 0..count {
        // ctime, mtime (8 each), dev, ino, mode, uid, gid, size (4 each).
        let fixed = 40 + hash + 2;
        let head = bytes.get(at..at + fixed).ok_or_else(bad)?;
        let mode = be32(&head[24..28]);
        let flags = be16(&head[40 + hash..]);
        let mut pos = at + fixed;
        if flags & 0x4000 != 0 {
            if version < 3 {
                return Err(bad());
            }
            pos += 2;
        }
        let name_len = (flags & 0x0fff) as usize;
        let name = if version == 4 {
            // A varint: how many bytes of the previous name to drop.
            let (strip, n) = varint(bytes.get(pos..).ok_or_else(bad)?).ok_or_else(bad)?;
            pos += n;
            let rest = bytes.get(pos..).ok_or_else(bad)?;
            let end = memchr::memchr(0, rest).ok_or_else(bad)?;
            let keep = prev.len().checked_sub(strip as usize).ok_or_else(bad)?;
            let mut name = prev[..keep].to_vec();
            name.extend_from_slice(&rest[..end]);
            pos += end + 1;
            if name_len < 0x0fff && name.len() != name_len {
                return Err(bad());
            }
            name
        } else {
            let rest = bytes.get(pos..).ok_or_else(bad)?;
            let end = memchr::memchr(0, rest).ok_or_else(bad)?;
            if name_len < 0x0fff && end != name_len {
                return Err(bad());
            }
            let name = rest[..end].to_vec();
            // Entries are padded with 1 to 8 NULs to a multiple of 8.
            let len = pos - at + end;
            pos = at + (len + 8) / 8 * 8;
            if pos > bytes.len() {
                return Err(bad());
            }
            name
        };
        at = pos;
        prev.clone_from(&name);
        let kind = mode & 0o170000;
        // Regular files and links; not submodules (0o160000) nor sparse
        // directory entries (0o040000).
        if kind == 0o100000 || kind == 0o120000 {
            out.push(name);
        }
    }
    // Extensions: a split index keeps most entries in another file.
    let end = bytes.len().saturating_sub(hash);
    while at + 8 <= end {
        let sig = &bytes[at..at + 4];
        let size = be32(&bytes[at + 4..at + 8]) as usize;
        if sig == b"link" {
            return Err("the git index is split".into());
        }
        at = at.checked_add(8 + size).ok_or_else(bad)?;
    }
    if at != end {
        return Err(bad());
    }
    Ok(out)
}

/// Git's offset varint (`varint.c`): 7 bits a byte, big-endian, each
/// continuation adding one.
fn varint(b: &[u8]) -> Option<(u64, usize)> {
    let mut i = 0;
    let mut c = *b.first()?;
    let mut v = u64::from(c & 0x7f);
    while c & 0x80 != 0 {
        i += 1;
        c = *b.get(i)?;
        v = v.checked_add(1)?.checked_shl(7)? | u64::from(c & 0x7f);
    }
    Some((v, i + 1))
}

#[cfg(all(test, unix))]
mod tests;
