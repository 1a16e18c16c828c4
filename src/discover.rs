//! Finding files: a parallel walk that respects `.gitignore`, `.ignore` and
//! configured excludes, and classification of file names.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

mod ignores;

use rayon::prelude::*;

use crate::git::Tracked;
use crate::reader::{DirItem, NamedKind, ReadError, Reader, Root};
use crate::source::FileKind;

/// What the walk leaves out (the configuration's `exclude` patterns), asked
/// per directory and per file. `config::ConfigResolver` implements it; the
/// walk knows nothing else about configuration.
pub trait Excludes: Sync {
    fn excludes_dir(&self, dir: &Path) -> bool;
    fn excludes_file(&self, path: &Path) -> bool;
}

/// Name suffixes of templates, backups and notes: never linted when walking.
const SKIPPED_SUFFIXES: [&str; 14] = [
    ".template",
    ".tmpl",
    ".tpl",
    ".j2",
    ".jinja",
    ".jinja2",
    ".in",
    ".orig",
    ".bak",
    ".swp",
    ".md",
    ".txt",
    ".dockerignore",
    "~",
];

/// Classifies a file by its name, case-insensitively.
pub fn classify(name: &str) -> Option<FileKind> {
    let lower = name.to_ascii_lowercase();
    if SKIPPED_SUFFIXES.iter().any(|s| lower.ends_with(s)) {
        return None;
    }
    for stem in ["dockerfile", "containerfile"] {
        if let Some(rest) = lower.strip_prefix(stem)
            && (rest.is_empty() || (rest.len() > 1 && rest.starts_with(['.', '-', '_'])))
        {
            return Some(FileKind::Dockerfile);
        }
        if let Some(prefix) = lower.strip_suffix(stem)
            && prefix.len() > 1
            && prefix.ends_with('.')
        {
            return Some(FileKind::Dockerfile);
        }
    }
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    if yaml {
        for stem in ["docker-compose", "compose"] {
            if let Some(rest) = lower.strip_prefix(stem)
                && rest.starts_with(['.', '-', '_'])
            {
                return Some(FileKind::Compose);
            }
        }
    }
    None
}

/// The kind of a file named explicitly, whatever its name: Compose for YAML,
/// a Dockerfile otherwise.
pub fn kind_of_explicit(path: &Path) -> FileKind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if let Some(k) = classify(&name) {
        return k;
    }
    let lower = name.to_ascii_lowercase();
    let stripped = SKIPPED_SUFFIXES
        .iter()
        .find_map(|s| lower.strip_suffix(s))
        .unwrap_or(&lower);
    if let Some(k) = classify(stripped) {
        return k;
    }
    if lower.ends_with(".yml") || lower.ends_with(".yaml") {
        FileKind::Compose
    } else {
        FileKind::Dockerfile
    }
}

/// A file to lint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Job {
    pub path: PathBuf,
    pub kind: FileKind,
    /// Named on the command line rather than found by walking.
    pub explicit: bool,
    /// The repository root every read for this file stays in.
    pub root: Arc<Root>,
}

/// A path that could not be walked.
#[derive(Debug)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Sorted by path.
    pub jobs: Vec<Job>,
    /// Paths named on the command line that could not be walked, and
    /// directories inside the walk that could not be read; sorted by path.
    pub errors: Vec<WalkError>,
    /// Directories whose `.env` was seen (walked or tracked), with their
    /// root: the `.env` may set `COMPOSE_FILE`.
    pub env_dirs: Vec<(PathBuf, Arc<Root>)>,
}

/// Walks the given paths. Files named directly are linted whatever their
/// name (unless `force_exclude` and an exclude matches); directories are
/// walked in parallel. In a git work tree, every tracked file is found
/// whatever the ignore files say (they decide only which untracked files
/// are walked); only the configuration's `exclude` leaves a tracked file
/// out. Every path is looked at through `reader`. Jobs and errors are
/// sorted by path.
pub fn discover(
    paths: &[PathBuf],
    reader: &Arc<Reader>,
    configs: &dyn Excludes,
    force_exclude: bool,
) -> Discovery {
    let mut out = Discovery::default();
    let mut dirs = Vec::new();
    for p in paths {
        // A path the operator named: its type decides walk or lint. A
        // dangling link is linted (the reader reports it).
        let meta = reader.stat_named(p);
        match meta {
            Err(e) => out.errors.push(WalkError {
                path: p.clone(),
                message: e,
            }),
            Ok(NamedKind::Dir) => dirs.push((p, reader.root_of(p))),
            Ok(NamedKind::Other) => {
                if force_exclude && configs.excludes_file(p) {
                    continue;
                }
                out.jobs.push(Job {
                    path: p.clone(),
                    kind: kind_of_explicit(p),
                    explicit: true,
                    root: reader.root_of(p),
                });
            }
        }
    }
    // A work tree's tracked files are read once, however many of its
    // directories are named.
    let mut tracked: HashMap<&Path, Option<Arc<Tracked>>> = HashMap::new();
    for (_, root) in &dirs {
        if root.is_git() && !tracked.contains_key(root.path()) {
            let t = crate::git::tracked_files(reader, root).ok();
            tracked.insert(root.path(), t);
        }
    }
    // Named directories are walked side by side (pre-commit and scripts
    // name many): each walk alone is small, and one after another left a
    // core idle.
    let walked: Vec<Discovery> = dirs
        .par_iter()
        .map(|(p, root)| {
            let t = tracked.get(root.path()).cloned().flatten();
            walk(p, root, t, reader, configs)
        })
        .collect();
    for w in walked {
        out.jobs.extend(w.jobs);
        out.errors.extend(w.errors);
        out.env_dirs.extend(w.env_dirs);
    }
    // `Job`'s order, with paths compared as keys (see `order_key`). Equal
    // keys are equal paths, so the keys find the duplicates too: comparing
    // `Path`s parses their components.
    let mut keyed: Vec<(Vec<u8>, Job)> = std::mem::take(&mut out.jobs)
        .into_iter()
        .map(|j| (crate::paths::order_key(&j.path), j))
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| {
        (ka, a.kind, a.explicit, &a.root).cmp(&(kb, b.kind, b.explicit, &b.root))
    });
    keyed.dedup_by(|a, b| a.0 == b.0);
    out.jobs = keyed.into_iter().map(|(_, j)| j).collect();
    // The walks run in parallel: by path, errors come out the same way
    // every run.
    out.errors
        .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    out.env_dirs.sort();
    out.env_dirs.dedup_by(|a, b| a.0 == b.0);
    out
}

/// Walks one named directory. In a git work tree, `tracked` holds its
/// tracked files: ignore files cannot hide them. When they could not be
/// listed, no ignore file applies (nothing tracked may be hidden), which
/// lints more, never less.
fn walk(
    dir: &Path,
    root: &Arc<Root>,
    tracked: Option<Arc<Tracked>>,
    reader: &Arc<Reader>,
    configs: &dyn Excludes,
) -> Discovery {
    let mut out = Discovery::default();
    let honour_ignores = !root.is_git() || tracked.is_some();
    let found = walk_tree(dir, root, reader, configs, honour_ignores);
    let Some(tracked) = tracked else {
        out.jobs.extend(found.jobs);
        out.errors.extend(found.errors);
        out.env_dirs
            .extend(found.env_dirs.into_iter().map(|d| (d, root.clone())));
        return out;
    };
    let mut seen: HashSet<PathBuf> = found.jobs.iter().map(|j| j.path.clone()).collect();
    out.jobs.extend(found.jobs);
    out.errors.extend(found.errors);
    let mut env_seen: HashSet<PathBuf> = HashSet::new();
    for d in found.env_dirs {
        env_seen.insert(d.clone());
        out.env_dirs.push((d, root.clone()));
    }
    // Tracked files the ignore files hid, below the walked directory.
    let Some(real_dir) = reader.real_dir(&reader.absolute(dir)) else {
        return out;
    };
    let Ok(below) = real_dir.strip_prefix(root.path()) else {
        return out;
    };
    for rel in tracked.under(below) {
        let Ok(inside) = rel.strip_prefix(below) else {
            continue;
        };
        let Some(name) = inside.file_name().map(|n| n.to_string_lossy()) else {
            continue;
        };
        let path = dir.join(inside);
        if name == ".env" {
            let d = path.parent().unwrap_or(dir).to_path_buf();
            if env_seen.insert(d.clone()) {
                out.env_dirs.push((d, root.clone()));
            }
            continue;
        }
        let Some(kind) = classify(&name) else {
            continue;
        };
        if seen.contains(&path) || configs.excludes_file(&path) {
            continue;
        }
        // Tracked but deleted, or not a file any more: nothing to lint.
        if !reader.is_present(root, &path) {
            continue;
        }
        seen.insert(path.clone());
        out.jobs.push(Job {
            path,
            kind,
            explicit: false,
            root: root.clone(),
        });
    }
    out
}

/// The parallel walk of one directory, with or without ignore files. Each
/// directory is read once, through the reader (inside the root), and its
/// subdirectories are walked as rayon tasks.
fn walk_tree(
    dir: &Path,
    root: &Arc<Root>,
    reader: &Arc<Reader>,
    configs: &dyn Excludes,
    honour_ignores: bool,
) -> Found {
    let walk = Walk {
        reader,
        configs,
        root,
        ignores: honour_ignores.then(|| ignores::Ignores::new(reader.clone(), root.clone(), dir)),
        found: Mutex::default(),
    };
    rayon::scope(|s| walk.dir(s, dir.to_path_buf(), 0));
    walk.found.into_inner().unwrap_or_else(|e| e.into_inner())
}

#[derive(Default)]
struct Found {
    jobs: Vec<Job>,
    errors: Vec<WalkError>,
    env_dirs: Vec<PathBuf>,
}

struct Walk<'a> {
    reader: &'a Arc<Reader>,
    configs: &'a dyn Excludes,
    root: &'a Arc<Root>,
    /// `.gitignore` and `.ignore`, when they apply.
    ignores: Option<ignores::Ignores>,
    found: Mutex<Found>,
}

impl Walk<'_> {
    /// Walks `dir`, at `depth` below the named directory: its files are
    /// collected and its subdirectories handed to the scope.
    fn dir<'s>(&'s self, s: &rayon::Scope<'s>, dir: PathBuf, depth: usize) {
        let read = self.reader.entries(self.root, &dir);
        // Read before its exclusion is decided: a configuration in the
        // directory itself can exclude it, and the read's listing answers
        // that look-up (asked first, the directory was read twice).
        if depth > 0 && self.configs.excludes_dir(&dir) {
            return;
        }
        let mut local = Found::default();
        match read {
            // An unreadable directory, a path too long for the system:
            // never skipped silently.
            Err(e) => local.errors.push(WalkError {
                path: dir.clone(),
                message: e.message(),
            }),
            Ok(items) => {
                for item in items {
                    self.entry(s, &dir, depth + 1, item, &mut local);
                }
            }
        }
        if local.jobs.is_empty() && local.errors.is_empty() && local.env_dirs.is_empty() {
            return;
        }
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        found.jobs.append(&mut local.jobs);
        found.errors.append(&mut local.errors);
        found.env_dirs.append(&mut local.env_dirs);
    }

    /// One entry of `dir`: a directory to walk, a file to lint, a `.env`,
    /// or nothing.
    fn entry<'s>(
        &'s self,
        s: &rayon::Scope<'s>,
        dir: &Path,
        depth: usize,
        item: DirItem,
        local: &mut Found,
    ) {
        // Git's own directory (or a worktree's `.git` file).
        if item.name == ".git" {
            return;
        }
        let path = dir.join(&item.name);
        let ft = match item.kind {
            Ok(ft) => ft,
            Err(e) => {
                local.errors.push(WalkError {
                    path,
                    message: e.message(),
                });
                return;
            }
        };
        let kept = |is_dir| {
            self.ignores
                .as_ref()
                .is_none_or(|i| i.keep(&path, is_dir, depth))
        };
        if ft.is_dir() {
            if kept(true) {
                s.spawn(move |s| self.dir(s, path, depth));
            }
            return;
        }
        let name = item.name.to_string_lossy();
        // Only the names that matter are matched against the ignore files.
        if name == ".env" {
            if kept(false) {
                local.env_dirs.push(dir.to_path_buf());
            }
            return;
        }
        let Some(file_kind) = classify(&name) else {
            return;
        };
        if !kept(false) {
            return;
        }
        // Regular files, and links the reader will judge: one that leaves
        // the root is reported, one to a directory, FIFO or nothing is not
        // a file to lint.
        if !ft.is_file() {
            if !ft.is_symlink() {
                return;
            }
            match self.reader.resolve(self.root, &path) {
                Ok(_) | Err(ReadError::Outside) => {}
                Err(_) => return,
            }
        }
        if self.configs.excludes_file(&path) {
            return;
        }
        local.jobs.push(Job {
            path,
            kind: file_kind,
            explicit: false,
            root: self.root.clone(),
        });
    }
}

pub use crate::reader::io_message;

#[cfg(test)]
mod tests {
    use super::*;

    struct Nothing;
    impl Excludes for Nothing {
        fn excludes_dir(&self, _: &Path) -> bool {
            false
        }
        fn excludes_file(&self, _: &Path) -> bool {
            false
        }
    }

    /// Named directories are walked in parallel: what they find, and what
    /// they cannot walk, comes back in one order whatever the order named.
    #[test]
    fn named_directories_give_one_sorted_result() {
        let t = tempfile::tempdir().unwrap();
        for d in ["b", "a/x", "c"] {
            std::fs::create_dir_all(t.path().join(d)).unwrap();
            std::fs::write(t.path().join(d).join("Dockerfile"), "FROM x\n").unwrap();
        }
        let reader = Arc::new(Reader::new());
        let run = |names: &[&str]| {
            let paths: Vec<PathBuf> = names.iter().map(|n| t.path().join(n)).collect();
            let d = discover(&paths, &reader, &Nothing, false);
            let jobs: Vec<PathBuf> = d.jobs.iter().map(|j| j.path.clone()).collect();
            let errors: Vec<PathBuf> = d.errors.iter().map(|e| e.path.clone()).collect();
            (jobs, errors)
        };
        let forward = run(&["a", "b", "c", "missing-1", "missing-2"]);
        let backward = run(&["missing-2", "c", "missing-1", "b", "a"]);
        assert_eq!(forward, backward);
        assert_eq!(forward.0.len(), 3);
        assert_eq!(
            forward.1,
            [t.path().join("missing-1"), t.path().join("missing-2")]
        );
    }

    #[test]
    fn classifies_names() {
        for n in [
            "Dockerfile",
            "dockerfile",
            "Dockerfile.dev",
            "Dockerfile-prod",
            "Dockerfile_ci",
            "api.Dockerfile",
            "x.dockerfile",
            "Containerfile",
            "base.Containerfile",
            "0ffeefd584bff0b4e59021463af523426d7c699d.Dockerfile",
        ] {
            assert_eq!(classify(n), Some(FileKind::Dockerfile), "{n}");
        }
        for n in [
            "compose.yaml",
            "compose.yml",
            "compose.prod.yml",
            "compose.override.yaml",
            "docker-compose.yml",
            "docker-compose-dev.yaml",
            "Docker-Compose.YML",
            "docker-compose.override.yml",
        ] {
            assert_eq!(classify(n), Some(FileKind::Compose), "{n}");
        }
        for n in [
            "Dockerfile-alpine.template",
            "Dockerfile.tmpl",
            "notes.yml",
            "composer.yml",
            "compose.json",
            "Dockerfile.dockerignore",
            "Dockerfiles",
            "README.md",
            "docker-compose.yml.j2",
            "Dockerfile.",
        ] {
            assert_eq!(classify(n), None, "{n}");
        }
    }

    #[test]
    fn explicit_files_get_a_kind() {
        assert_eq!(
            kind_of_explicit(Path::new("Dockerfile-alpine.template")),
            FileKind::Dockerfile
        );
        assert_eq!(kind_of_explicit(Path::new("stack.yml")), FileKind::Compose);
        assert_eq!(
            kind_of_explicit(Path::new("build.txt")),
            FileKind::Dockerfile
        );
    }
}
