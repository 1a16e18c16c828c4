//! `.gitignore`, `.ignore` and `.git/info/exclude`, read through the
//! reader.
//!
//! The `ignore` crate's walker read ignore files itself, without a size
//! limit and following links (a committed `.ignore -> /dev/zero` exhausted
//! memory). The walk is now our own; this module reads the ignore files
//! through [`Reader`] (inside the root, bounded), matches them with the
//! crate's gitignore matcher, and answers the walk with ripgrep's
//! precedence: deeper directories first, `.ignore` before `.gitignore`,
//! `.git/info/exclude` last; a whitelist (`!pattern`) match keeps the
//! entry. These rules only decide which files are walked: tracked files
//! are added back by the caller.

use foldhash::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::reader::{Reader, Root, SMALL_FILE_LIMIT};

/// The matchers that apply in one directory, innermost first.
type Chain = Arc<Vec<Arc<Gitignore>>>;

/// Ignore rules for one walk.
pub struct Ignores {
    reader: Arc<Reader>,
    root: Arc<Root>,
    /// The walked directory as spelled by the walk.
    top: PathBuf,
    /// Matchers of the directories above the walked one up to the root
    /// (anchored with absolute paths), then `.git/info/exclude`.
    above: Chain,
    /// By the directory's bytes, as the walk spells it.
    chains: Mutex<HashMap<OsString, Chain>>,
}

impl Ignores {
    pub fn new(reader: Arc<Reader>, root: Arc<Root>, top: &Path) -> Ignores {
        // The directories above the walked one, up to the root, innermost
        // first, matched through absolute paths; `.git/info/exclude` last.
        let mut above = Vec::new();
        let abs = reader.absolute(top);
        let top_is_root = reader.real_dir(&abs).as_deref() == Some(root.path());
        if top_is_root {
            above.extend(info_exclude(&reader, &root, &abs));
        } else {
            for dir in abs.ancestors().skip(1) {
                let real = reader.real_dir(dir);
                if !real.as_deref().is_some_and(|r| root.holds(r)) {
                    break;
                }
                above.extend(own_matchers(&reader, &root, dir));
                if real.as_deref() == Some(root.path()) {
                    above.extend(info_exclude(&reader, &root, dir));
                    break;
                }
            }
        }
        Ignores {
            reader,
            root,
            top: top.to_path_buf(),
            above: Arc::new(above),
            chains: Mutex::default(),
        }
    }

    /// The entry is walked (not ignored).
    pub fn keep(&self, path: &Path, is_dir: bool, depth: usize) -> bool {
        if depth == 0 {
            return true;
        }
        let Some(parent) = crate::paths::parent(path) else {
            return true;
        };
        for g in self.chain(parent).iter() {
            match g.matched(path, is_dir) {
                Match::Ignore(_) => return false,
                Match::Whitelist(_) => return true,
                Match::None => {}
            }
        }
        if !self.above.is_empty() {
            let abs = self.reader.absolute(path);
            for g in self.above.iter() {
                match g.matched(&abs, is_dir) {
                    Match::Ignore(_) => return false,
                    Match::Whitelist(_) => return true,
                    Match::None => {}
                }
            }
        }
        true
    }

    /// The matchers of the directories from the walked one down to `dir`,
    /// innermost first.
    fn chain(&self, dir: &Path) -> Chain {
        if !crate::paths::within(dir, &self.top) {
            return Arc::new(Vec::new());
        }
        if let Some(c) = lock(&self.chains).get(dir.as_os_str()) {
            return c.clone();
        }
        let up = if dir == self.top {
            Arc::new(Vec::new())
        } else {
            self.chain(crate::paths::parent(dir).unwrap_or(Path::new("")))
        };
        let own = own_matchers(&self.reader, &self.root, dir);
        let chain = if own.is_empty() {
            up
        } else {
            let mut v = own;
            v.extend(up.iter().cloned());
            Arc::new(v)
        };
        lock(&self.chains).insert(dir.as_os_str().to_owned(), chain.clone());
        chain
    }
}

/// `.ignore` then `.gitignore` of a directory, read through the reader; a
/// file that is missing, outside the root or too large adds nothing.
fn own_matchers(reader: &Reader, root: &Root, dir: &Path) -> Vec<Arc<Gitignore>> {
    let listing = reader.listing(root, dir);
    [".ignore", ".gitignore"]
        .iter()
        .filter(|name| listing.as_ref().is_none_or(|l| l.may_hold(name)))
        .filter_map(|name| matcher(reader, root, dir, &dir.join(name)))
        .collect()
}

fn info_exclude(reader: &Reader, root: &Root, dir: &Path) -> Option<Arc<Gitignore>> {
    matcher(
        reader,
        root,
        dir,
        &dir.join(".git").join("info").join("exclude"),
    )
}

fn matcher(reader: &Reader, root: &Root, dir: &Path, file: &Path) -> Option<Arc<Gitignore>> {
    let text = reader.read_string(root, file, SMALL_FILE_LIMIT).ok()?;
    let mut b = GitignoreBuilder::new(dir);
    for line in text.lines() {
        // A pattern that is not a valid glob is skipped, as git does.
        let _ = b.add_line(None, line);
    }
    let g = b.build().ok()?;
    (!g.is_empty()).then(|| Arc::new(g))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
