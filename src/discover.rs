//! Finding files: a parallel walk that respects `.gitignore`, `.ignore` and
//! configured excludes, and classification of file names.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

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
}

/// A path that could not be walked.
#[derive(Debug)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// Walks the given paths. Files named directly are linted whatever their
/// name (unless `force_exclude` and an exclude matches); directories are
/// walked in parallel. The result is sorted by path.
pub fn discover(
    paths: &[PathBuf],
    configs: &dyn Excludes,
    force_exclude: bool,
) -> (Vec<Job>, Vec<WalkError>) {
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    let mut dirs = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => errors.push(WalkError {
                path: p.clone(),
                message: io_message(&e),
            }),
            Ok(m) if m.is_dir() => dirs.push(p.clone()),
            Ok(_) => {
                if force_exclude && configs.excludes_file(p) {
                    continue;
                }
                jobs.push(Job {
                    path: p.clone(),
                    kind: kind_of_explicit(p),
                    explicit: true,
                });
            }
        }
    }
    if !dirs.is_empty() {
        let found = walk(&dirs, configs);
        jobs.extend(found);
    }
    jobs.sort();
    jobs.dedup_by(|a, b| a.path == b.path);
    (jobs, errors)
}

fn walk(dirs: &[PathBuf], configs: &dyn Excludes) -> Vec<Job> {
    let mut b = WalkBuilder::new(&dirs[0]);
    for d in &dirs[1..] {
        b.add(d);
    }
    b.hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .ignore(true)
        .parents(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git");
    let found = Mutex::new(Vec::new());
    let mut builder = Collector {
        configs,
        found: &found,
    };
    b.build_parallel().visit(&mut builder);
    found.into_inner().unwrap_or_else(|e| e.into_inner())
}

struct Collector<'a> {
    configs: &'a dyn Excludes,
    found: &'a Mutex<Vec<Job>>,
}

impl<'s, 'a: 's> ParallelVisitorBuilder<'s> for Collector<'a> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            configs: self.configs,
            found: self.found,
            local: Vec::new(),
        })
    }
}

/// One walker thread: collects locally, hands over when dropped.
struct Visitor<'a> {
    configs: &'a dyn Excludes,
    found: &'a Mutex<Vec<Job>>,
    local: Vec<Job>,
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> WalkState {
        let Ok(entry) = entry else {
            return WalkState::Continue;
        };
        let Some(ft) = entry.file_type() else {
            return WalkState::Continue;
        };
        if ft.is_dir() {
            if entry.depth() > 0 && self.configs.excludes_dir(entry.path()) {
                return WalkState::Skip;
            }
            return WalkState::Continue;
        }
        let name = entry.file_name().to_string_lossy();
        let Some(kind) = classify(&name) else {
            return WalkState::Continue;
        };
        // Regular files, and symlinks that point at one; never FIFOs,
        // sockets or devices.
        let regular = ft.is_file()
            || (ft.is_symlink() && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()));
        if !regular {
            return WalkState::Continue;
        }
        let path = entry.into_path();
        if self.configs.excludes_file(&path) {
            return WalkState::Continue;
        }
        self.local.push(Job {
            path,
            kind,
            explicit: false,
        });
        WalkState::Continue
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        if !self.local.is_empty() {
            self.found
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .append(&mut self.local);
        }
    }
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
