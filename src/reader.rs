//! Every read of an input file goes through here.
//!
//! dockward runs on repositories written by strangers, so what it reads is
//! decided here and nowhere else:
//!
//! - **One root per path.** The root of a path is the top of the git work
//!   tree that holds it, or the directory itself (a file's directory) when
//!   there is no git ([`Reader::root_of`]). Nothing outside a root is opened:
//!   a path is resolved first (`..` lexically, as Compose does, then every
//!   symbolic link, physically) and refused with [`ReadError::Outside`] when
//!   it lands outside. A link inside the root to a file inside it is
//!   followed.
//! - **Regular files only.** FIFOs, devices, sockets and directories are
//!   refused before they are opened (`lstat`, then `O_NOFOLLOW | O_NONBLOCK`
//!   and `fstat` on the open file).
//! - **Bounded.** Every read stops at its limit while reading; the size
//!   `stat` reports is never trusted (`/proc/self/pagemap` reports 0).
//!
//! Cost: each directory is resolved once per [`Reader`] (one `lstat`, a
//! `realpath` only for a symbolic link) and cached; a file costs one
//! `lstat` before it is opened. Races with a process that changes the
//! tree while dockward runs are out of scope: a pull request's files do not
//! change under the linter.
//!
//! `tests/reader_only.rs` checks that no other module opens files.

use foldhash::HashMap;
use std::ffi::OsString;
use std::fs::{File, Metadata};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use crate::paths::normalize;

mod listing;
pub use listing::Listing;

/// The most bytes any read may return, whatever the configuration says:
/// spans are 32-bit offsets.
pub const HARD_MAX_READ: u64 = u32::MAX as u64 - 1;

/// The limit for small configuration-like files: `dockward.toml`,
/// `.hadolint.yaml`, `.env`, `.dockerignore`.
pub const SMALL_FILE_LIMIT: u64 = 1024 * 1024;

/// A repository root: reads through it never leave this directory.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Root {
    /// The directory, with every symbolic link resolved.
    real: PathBuf,
    /// The root is the top of a git work tree.
    git: bool,
}

impl Root {
    /// The directory, with every symbolic link resolved.
    pub fn path(&self) -> &Path {
        &self.real
    }

    /// The root is the top of a git work tree (it holds `.git`).
    pub fn is_git(&self) -> bool {
        self.git
    }

    /// A resolved path is this directory or below it.
    pub fn holds(&self, real: &Path) -> bool {
        crate::paths::within(real, &self.real)
    }
}

/// Why a file was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The path resolves outside the root (through `..` or a symbolic
    /// link). Nothing there was opened.
    Outside,
    NotFound,
    /// A directory, FIFO, socket or device.
    NotRegular,
    /// Longer than the limit; reading stopped there.
    TooLarge {
        limit: u64,
    },
    /// Any other failure, as a lowercase message.
    Io(String),
}

impl ReadError {
    /// A lowercase description for messages.
    pub fn message(&self) -> String {
        match self {
            ReadError::Outside => "it is outside the repository".into(),
            ReadError::NotFound => "no such file or directory".into(),
            ReadError::NotRegular => "it is not a regular file".into(),
            ReadError::TooLarge { limit } => format!("it is larger than {limit} bytes"),
            ReadError::Io(m) => m.clone(),
        }
    }

    fn from_io(e: &std::io::Error) -> ReadError {
        match e.kind() {
            ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Io(io_message(e)),
        }
    }
}

/// An entry of a directory, as the walk reads it.
#[derive(Debug)]
pub struct DirItem {
    pub name: OsString,
    /// Its type, links not followed.
    pub kind: Result<std::fs::FileType, ReadError>,
}

/// An I/O error as a lowercase message without the OS error number.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_string();
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => s,
            }
        }
    }
}

/// What a path named by the operator (on the command line) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedKind {
    /// A directory (or a link to one): walked.
    Dir,
    /// Anything else that exists, or a dangling link: linted as a file,
    /// through [`Reader::read`].
    Other,
}

/// Resolves and reads input files within their roots. One per run (or per
/// editor request): it caches what it learns about directories.
#[derive(Debug)]
pub struct Reader {
    /// Absolute lexical directory -> the directory with links resolved
    /// (`None`: it does not exist or is not a directory). Keyed by the
    /// path's bytes (the paths are normal): hashing a `Path` walks its
    /// components, several times per linted file.
    dirs: Mutex<HashMap<OsString, Option<PathBuf>>>,
    /// Roots by their real directory (bytes, as `dirs`).
    roots: Mutex<HashMap<OsString, Arc<Root>>>,
    /// Real directory -> its root, for [`Reader::root_of`].
    root_of_dir: Mutex<HashMap<PathBuf, Arc<Root>>>,
    /// Absolute lexical directory -> its names, with the modification
    /// time they were listed at ([`Reader::listing`]).
    listings: Mutex<HashMap<OsString, (SystemTime, Arc<Listing>)>>,
}

impl Default for Reader {
    fn default() -> Reader {
        Reader::new()
    }
}

impl Reader {
    pub fn new() -> Reader {
        Reader {
            dirs: Mutex::default(),
            roots: Mutex::default(),
            root_of_dir: Mutex::default(),
            listings: Mutex::default(),
        }
    }

    /// A path made absolute against the working directory, with `.` and
    /// `..` resolved lexically (as Compose resolves the paths it joins).
    pub fn absolute(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            normalize(p)
        } else {
            normalize(&crate::paths::cwd().join(p))
        }
    }

    /// The root of a path named on the command line, an editor's document
    /// or the name given to stdin: the top of the git work tree holding it,
    /// else the directory itself (for a file, its directory). Registered,
    /// so that [`Reader::registered_root`] finds it.
    pub fn root_of(&self, path: &Path) -> Arc<Root> {
        let abs = self.absolute(path);
        // A directory named directly is the starting point; for anything
        // else (a file, a link to one, a path that does not exist), its
        // directory is.
        let start = match self.real_dir(&abs) {
            Some(real) => real,
            None => {
                let parent = abs.parent().unwrap_or(Path::new("/"));
                self.real_dir(parent)
                    .or_else(|| std::fs::canonicalize(parent).ok())
                    .unwrap_or_else(|| parent.to_path_buf())
            }
        };
        if let Some(r) = lock(&self.root_of_dir).get(&start) {
            return r.clone();
        }
        let mut top = None;
        for dir in start.ancestors() {
            if std::fs::symlink_metadata(dir.join(".git")).is_ok() {
                top = Some(dir.to_path_buf());
                break;
            }
        }
        let root = {
            let (real, git) = match top {
                Some(t) => (t, true),
                None => (start.clone(), false),
            };
            let mut roots = lock(&self.roots);
            roots
                .entry(real.clone().into_os_string())
                .or_insert_with(|| Arc::new(Root { real, git }))
                .clone()
        };
        lock(&self.root_of_dir).insert(start, root.clone());
        root
    }

    /// What a path the operator named is. Following a link here only
    /// `stat`s its target; reading it still goes through the root check.
    pub fn stat_named(&self, p: &Path) -> Result<NamedKind, String> {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => Ok(NamedKind::Dir),
            Ok(_) => Ok(NamedKind::Other),
            Err(e) => match std::fs::symlink_metadata(p) {
                Ok(m) if m.file_type().is_symlink() => Ok(NamedKind::Other),
                _ => Err(io_message(&e)),
            },
        }
    }

    /// The directory holds `.git` (the top of a work tree, nested or not).
    pub fn is_work_tree_top(&self, dir: &Path) -> bool {
        std::fs::symlink_metadata(dir.join(".git")).is_ok()
    }

    /// The registered root that is exactly this directory, if any.
    pub fn registered_root(&self, dir: &Path) -> Option<Arc<Root>> {
        let real = self.real_dir(&self.absolute(dir))?;
        lock(&self.roots).get(real.as_os_str()).cloned()
    }

    /// The innermost registered root holding a directory: its nearest
    /// ancestor that is a root (a lookup per level, not a scan of the
    /// roots, which pre-commit makes one per file named).
    pub fn root_holding(&self, dir: &Path) -> Option<Arc<Root>> {
        let real = self.real_dir(&self.absolute(dir))?;
        let roots = lock(&self.roots);
        real.ancestors()
            .find_map(|a| roots.get(a.as_os_str()))
            .cloned()
    }

    /// A directory with every link resolved, through the cache: each
    /// directory costs one `lstat` per reader (a `realpath` when it is a
    /// link). `None` when it is not an existing directory.
    pub fn real_dir(&self, abs: &Path) -> Option<PathBuf> {
        if let Some(r) = self.cached_dir(abs) {
            return r;
        }
        // The nearest ancestor already known, then down from there.
        let mut missing: Vec<&Path> = Vec::new();
        let mut known: Option<PathBuf> = None;
        for a in abs.ancestors() {
            if let Some(r) = self.cached_dir(a) {
                known = r;
                if known.is_none() {
                    // An ancestor is not a directory: neither is this.
                    return self.remember(&missing, None);
                }
                break;
            }
            missing.push(a);
        }
        let mut real = match known {
            Some(k) => k,
            None => {
                // Reached the top: `/` (or a prefix on other systems).
                let top = missing.pop().unwrap_or(abs);
                let real = std::fs::canonicalize(top).ok();
                lock(&self.dirs).insert(top.as_os_str().to_owned(), real.clone());
                match real {
                    Some(r) => r,
                    None => return self.remember(&missing, None),
                }
            }
        };
        while let Some(dir) = missing.pop() {
            let Some(name) = dir.file_name() else {
                return self.remember(&missing, None);
            };
            let candidate = real.join(name);
            let next = match std::fs::symlink_metadata(&candidate) {
                Ok(m) if m.is_dir() => Some(candidate),
                Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(&candidate)
                    .ok()
                    .filter(|c| std::fs::metadata(c).is_ok_and(|m| m.is_dir())),
                _ => None,
            };
            lock(&self.dirs).insert(dir.as_os_str().to_owned(), next.clone());
            match next {
                Some(n) => real = n,
                None => return self.remember(&missing, None),
            }
        }
        Some(real)
    }

    /// What the cache knows of a directory, copied out: the lock is
    /// released before the caller acts on it (holding it into
    /// [`Reader::remember`] deadlocked the run).
    fn cached_dir(&self, dir: &Path) -> Option<Option<PathBuf>> {
        lock(&self.dirs).get(dir.as_os_str()).cloned()
    }

    fn remember(&self, dirs: &[&Path], value: Option<PathBuf>) -> Option<PathBuf> {
        let mut map = lock(&self.dirs);
        for d in dirs {
            map.insert(d.as_os_str().to_owned(), value.clone());
        }
        value
    }

    /// Where a path leads, within `root`: the real path of a regular file.
    /// Nothing outside the root is stat'ed past the directory that leaves
    /// it, and a path outside is [`ReadError::Outside`] whether or not it
    /// exists there.
    pub fn resolve(&self, root: &Root, path: &Path) -> Result<PathBuf, ReadError> {
        let abs = self.absolute(path);
        let Some((parent, name)) = crate::paths::parent_and_name(&abs) else {
            return Err(if root.holds(&abs) {
                ReadError::NotRegular
            } else {
                ReadError::Outside
            });
        };
        let real_parent = match self.real_dir(parent) {
            Some(r) => r,
            None => return Err(self.missing_parent(root, parent)),
        };
        if !root.holds(&real_parent) {
            return Err(ReadError::Outside);
        }
        let candidate = real_parent.join(name);
        let meta = std::fs::symlink_metadata(&candidate).map_err(|e| ReadError::from_io(&e))?;
        if meta.is_file() {
            return Ok(candidate);
        }
        if !meta.file_type().is_symlink() {
            return Err(ReadError::NotRegular);
        }
        match std::fs::canonicalize(&candidate) {
            Ok(target) => {
                if !root.holds(&target) {
                    return Err(ReadError::Outside);
                }
                match std::fs::metadata(&target) {
                    Ok(m) if m.is_file() => Ok(target),
                    Ok(_) => Err(ReadError::NotRegular),
                    Err(e) => Err(ReadError::from_io(&e)),
                }
            }
            // A dangling link: say "not found" only when it points inside.
            Err(_) => {
                let target = std::fs::read_link(&candidate)
                    .map(|t| normalize(&real_parent.join(t)))
                    .unwrap_or_default();
                let inside = target
                    .ancestors()
                    .find_map(|a| std::fs::canonicalize(a).ok())
                    .is_some_and(|a| root.holds(&a));
                Err(if inside {
                    ReadError::NotFound
                } else {
                    ReadError::Outside
                })
            }
        }
    }

    /// A parent directory that does not resolve: "not found" when its
    /// nearest existing ancestor is inside the root, else "outside" (so a
    /// reference cannot probe what exists outside).
    fn missing_parent(&self, root: &Root, parent: &Path) -> ReadError {
        let inside = parent
            .ancestors()
            .find_map(|a| self.real_dir(a))
            .is_some_and(|a| root.holds(&a));
        if inside {
            ReadError::NotFound
        } else {
            ReadError::Outside
        }
    }

    /// Whether a path names something a project would try to read: a
    /// regular file inside the root, or anything that is refused for being
    /// outside it (so the refusal gets reported rather than the file
    /// silently ignored).
    pub fn is_present(&self, root: &Root, path: &Path) -> bool {
        matches!(self.resolve(root, path), Ok(_) | Err(ReadError::Outside))
    }

    /// Reads a regular file inside `root`, at most `limit` bytes.
    pub fn read(&self, root: &Root, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        // The usual case without the `lstat` of `resolve`: a file in a
        // directory already resolved inside the root, opened without
        // following a link, so what opens is no link. Anything else (a
        // link, a missing file, an error) takes the full path below.
        #[cfg(unix)]
        if let Some(candidate) = self.in_resolved_dir(root, path) {
            match open_no_follow(&candidate) {
                Ok(file) => return read_open(file, limit),
                // Nothing by that name in a directory known to be inside
                // the root: what the `lstat` of `resolve` would say, one
                // system call sooner (missing `.ignore`, `.gitignore` and
                // `.env` files are asked for in every directory).
                Err(e) if e.kind() == ErrorKind::NotFound => return Err(ReadError::NotFound),
                Err(_) => {}
            }
        }
        let real = self.resolve(root, path)?;
        read_resolved(&real, limit)
    }

    /// The path's name in its parent's real directory, when that directory
    /// exists and is inside the root.
    #[cfg(unix)]
    fn in_resolved_dir(&self, root: &Root, path: &Path) -> Option<PathBuf> {
        let abs = self.absolute(path);
        let (parent, name) = crate::paths::parent_and_name(&abs)?;
        let real_parent = self.real_dir(parent)?;
        root.holds(&real_parent).then(|| real_parent.join(name))
    }

    /// [`Reader::read`] as UTF-8 text; invalid UTF-8 is an I/O error
    /// (callers that report encoding problems read bytes instead).
    pub fn read_string(&self, root: &Root, path: &Path, limit: u64) -> Result<String, ReadError> {
        let bytes = self.read(root, path, limit)?;
        String::from_utf8(bytes).map_err(|_| ReadError::Io("it is not valid UTF-8".into()))
    }

    /// The index of the git work tree whose top is `root`. The `.git`
    /// entry is git's own, never a repository's content (git refuses to
    /// check out a path named `.git`), so the index it leads to is read
    /// even when it lies outside the work tree (linked worktrees and
    /// submodules keep it in another repository's `.git`). Still a regular
    /// file only, bounded, and its content is never printed.
    pub fn read_git_index(&self, root: &Root, limit: u64) -> Result<Vec<u8>, ReadError> {
        let dot_git = root.real.join(".git");
        let meta = std::fs::symlink_metadata(&dot_git).map_err(|e| ReadError::from_io(&e))?;
        let git_dir = if meta.is_dir() {
            dot_git
        } else if meta.is_file() {
            let text = String::from_utf8(read_resolved(&dot_git, 4096)?)
                .map_err(|_| ReadError::NotRegular)?;
            let dir = text
                .strip_prefix("gitdir:")
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .ok_or(ReadError::NotRegular)?;
            normalize(&root.real.join(dir))
        } else {
            return Err(ReadError::NotRegular);
        };
        read_resolved(&git_dir.join("index"), limit)
    }

    /// The names in a directory inside `root`.
    pub fn list_dir(&self, root: &Root, dir: &Path) -> Result<Vec<OsString>, ReadError> {
        let (_, entries) = self.open_dir(root, &self.absolute(dir))?;
        let mut names = Vec::new();
        for e in entries {
            names.push(e.map_err(|e| ReadError::from_io(&e))?.file_name());
        }
        Ok(names)
    }

    /// The entries of a directory inside `root`, with their types (links
    /// not followed), for the walk. What the walk reads is kept, so that
    /// nothing reads the directory again: its listing (see
    /// [`Reader::listing`]), and the real path of each subdirectory.
    pub fn entries(&self, root: &Root, dir: &Path) -> Result<Vec<DirItem>, ReadError> {
        let abs = self.absolute(dir);
        let (real, read) = self.open_dir(root, &abs)?;
        let mut items = Vec::new();
        for e in read {
            let e = e.map_err(|e| ReadError::from_io(&e))?;
            let kind = e.file_type().map_err(|e| ReadError::from_io(&e));
            items.push(DirItem {
                name: e.file_name(),
                kind,
            });
        }
        {
            // A subdirectory's real path is its parent's joined with its
            // name: the entry says it is a directory, not a link.
            let mut dirs = lock(&self.dirs);
            for i in &items {
                if i.kind.as_ref().is_ok_and(|k| k.is_dir()) {
                    dirs.insert(abs.join(&i.name).into_os_string(), Some(real.join(&i.name)));
                }
            }
        }
        // Stamped as `Reader::modified` would, from the real path just
        // resolved and checked.
        if let Some(stamp) = stamp(&real) {
            let listing = Listing::new(items.iter().map(|i| i.name.as_os_str()));
            self.keep_listing(abs, stamp, listing);
        }
        Ok(items)
    }

    /// A directory inside `root`, opened for reading, with its real path.
    fn open_dir(&self, root: &Root, abs: &Path) -> Result<(PathBuf, std::fs::ReadDir), ReadError> {
        let real = self
            .real_dir(abs)
            .ok_or_else(|| self.missing_parent(root, abs))?;
        if !root.holds(&real) {
            return Err(ReadError::Outside);
        }
        let read = std::fs::read_dir(&real).map_err(|e| ReadError::from_io(&e))?;
        Ok((real, read))
    }

    /// The names in a directory inside `root`, listed once and kept while
    /// its modification time stays the same (see [`Reader::modified`]).
    /// `None` when it cannot be listed: callers then ask for each path.
    pub fn listing(&self, root: &Root, dir: &Path) -> Option<Arc<Listing>> {
        let abs = self.absolute(dir);
        let stamp = self.modified(root, &abs)?;
        if let Some((at, l)) = lock(&self.listings).get(abs.as_os_str())
            && *at == stamp
        {
            return Some(l.clone());
        }
        let names = self.list_dir(root, &abs).ok()?;
        let listing = Listing::new(names.iter().map(OsString::as_os_str));
        Some(self.keep_listing(abs, stamp, listing))
    }

    /// Keeps a directory's listing for [`Reader::listing`].
    fn keep_listing(&self, abs: PathBuf, stamp: SystemTime, listing: Listing) -> Arc<Listing> {
        // Most directories hold none of the names kept: they share one
        // empty listing rather than allocate one each.
        static EMPTY: OnceLock<Arc<Listing>> = OnceLock::new();
        let listing = if listing.is_empty() {
            EMPTY.get_or_init(|| Arc::new(listing)).clone()
        } else {
            Arc::new(listing)
        };
        lock(&self.listings).insert(abs.into_os_string(), (stamp, listing.clone()));
        listing
    }

    /// The modification time of a directory or file inside `root`, for
    /// caches keyed by it. In a process that [assumes its files do not
    /// change](assume_unchanging), one constant time: nothing it caches can
    /// go stale, and a `stat` per lookup (one per Dockerfile for its
    /// directory's `.dockerignore` files) would be spent for nothing.
    pub fn modified(&self, root: &Root, path: &Path) -> Option<std::time::SystemTime> {
        let abs = self.absolute(path);
        let real = match self.real_dir(&abs) {
            Some(d) => d,
            None => self.resolve(root, path).ok()?,
        };
        if !root.holds(&real) {
            return None;
        }
        stamp(&real)
    }
}

/// The modification time of a path already resolved inside its root
/// ([`Reader::modified`]).
fn stamp(real: &Path) -> Option<SystemTime> {
    if UNCHANGING.load(Ordering::Relaxed) {
        return Some(SystemTime::UNIX_EPOCH);
    }
    std::fs::metadata(real).ok()?.modified().ok()
}

/// Set by [`assume_unchanging`].
static UNCHANGING: AtomicBool = AtomicBool::new(false);

/// Declares that the files this process reads stay as they are while it
/// runs: a one-shot `check` (its fixes rewrite only the files it lints),
/// not the language server, whose documents and ignore files change under
/// it. [`Reader::modified`] then answers without asking the system.
pub fn assume_unchanging() {
    UNCHANGING.store(true, Ordering::Relaxed);
}

/// Opens a resolved path without following a link at its end and without
/// blocking on a FIFO, checks the open file is regular, and reads at most
/// `limit` bytes.
fn read_resolved(real: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_no_follow(real).map_err(|e| ReadError::from_io(&e))?;
    read_open(file, limit)
}

/// Reads an opened file: a regular file only, at most `limit` bytes.
fn read_open(file: File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let limit = limit.min(HARD_MAX_READ);
    let meta: Metadata = file.metadata().map_err(|e| ReadError::from_io(&e))?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    // The reported size is only a capacity hint (procfs reports 0).
    let hint = meta.len().min(limit).saturating_add(1);
    let mut bytes = Vec::with_capacity(hint as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::from_io(&e))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_no_follow(p: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(p)
}

#[cfg(not(unix))]
fn open_no_follow(p: &Path) -> std::io::Result<File> {
    File::open(p)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(all(test, unix))]
mod tests;
