//! Compose files whose project uses a given file.
//!
//! A pre-commit hook passes only the files that changed. When the change is
//! a Dockerfile that a Compose service builds, an override file, a file that
//! a service `extends` or the project `include`s, or an env file, the
//! Compose file that brings it into its project must be linted again too
//! (its `service-missing-user` verdict, say, depends on that Dockerfile).
//! `dockward check --compose-context FILE...` asks for this: the Compose
//! files under the working directory (walked with the usual rules) are
//! parsed, and those whose project references one of the named files are
//! linted along with them.

use foldhash::HashSet;
use std::path::{Path, PathBuf};

use crate::compose::{self, ComposeFile};
use crate::config::{ConfigResolver, DEFAULT_MAX_FILE_SIZE};
use crate::discover::discover;
use crate::lint::read_source;
use crate::paths::normalize;
use crate::source::FileKind;

/// Base names whose override file Compose merges automatically.
const BASES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];

/// The Compose files under `root` whose project uses one of `named` (and
/// that are not themselves named), sorted.
pub fn compose_files_using(
    named: &[PathBuf],
    root: &Path,
    configs: &ConfigResolver,
) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = |p: &Path| -> PathBuf {
        if p.is_absolute() {
            normalize(p)
        } else {
            normalize(&cwd.join(p))
        }
    };
    let wanted: HashSet<PathBuf> = named.iter().map(|p| absolute(p)).collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let reader = configs.reader();
    let jobs = discover(&[root.to_path_buf()], configs.reader(), configs, false).jobs;
    let mut out = Vec::new();
    for job in jobs {
        if job.kind != FileKind::Compose {
            continue;
        }
        let path = absolute(&job.path);
        if wanted.contains(&path) {
            continue;
        }
        // Only references are read here, with the default bounds; the file
        // itself, if it is linted, gets its configured ones.
        let Ok(text) = read_source(reader, &job.root, &job.path, DEFAULT_MAX_FILE_SIZE) else {
            continue;
        };
        let env = |_: &str| -> Option<String> { None };
        let Ok(file) = compose::parse_file(&text, &compose::Limits::default(), &env) else {
            continue;
        };
        if references(&path, &file).iter().any(|r| wanted.contains(r)) {
            out.push(job.path);
        }
    }
    out
}

/// The files a Compose file's project reads besides itself, as absolute,
/// normalized paths: its automatic override files, the `.env` beside it,
/// env files, the Dockerfiles services build, `extends` files and
/// `include`d files.
pub fn references(compose_path: &Path, file: &ComposeFile) -> Vec<PathBuf> {
    let dir = compose_path.parent().unwrap_or(Path::new(""));
    let mut refs = Vec::new();
    let name = compose_path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if BASES.contains(&name.as_str())
        && let Some(stem) = compose_path.file_stem()
    {
        let stem = stem.to_string_lossy();
        for ext in ["yaml", "yml"] {
            refs.push(dir.join(format!("{stem}.override.{ext}")));
        }
    }
    refs.push(dir.join(".env"));
    let mut add = |p: Option<&str>| {
        if let Some(p) = p.filter(|p| !p.is_empty() && !p.contains("://")) {
            refs.push(dir.join(p));
        }
    };
    for inc in &file.include {
        for f in inc.path.iter().chain(&inc.env_file) {
            add(f.text());
        }
    }
    for svc in &file.services {
        if let Some(e) = &svc.extends
            && let Some(f) = &e.file
        {
            add(f.text());
        }
        for e in &svc.env_file {
            if let Some(p) = &e.path {
                add(p.text());
            }
        }
    }
    for svc in &file.services {
        if let Some(p) = svc.build.as_ref().and_then(|b| b.dockerfile_path(dir)) {
            refs.push(p);
        }
    }
    refs.iter().map(|p| normalize(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_of_a_project() {
        let text = "include:\n  - other/compose.yaml\nservices:\n  web:\n    build: ./app\n    env_file: web.env\n  api:\n    extends:\n      file: base.yaml\n      service: x\n    build:\n      context: api\n      dockerfile: Containerfile\n";
        let env = |_: &str| -> Option<String> { None };
        let file = compose::parse_file(text, &compose::Limits::default(), &env).unwrap();
        let refs = references(Path::new("/r/compose.yaml"), &file);
        for want in [
            "/r/compose.override.yaml",
            "/r/compose.override.yml",
            "/r/.env",
            "/r/other/compose.yaml",
            "/r/web.env",
            "/r/base.yaml",
            "/r/app/Dockerfile",
            "/r/api/Containerfile",
        ] {
            assert!(refs.contains(&PathBuf::from(want)), "{want} in {refs:?}");
        }
        // An override file has no override of its own.
        let refs = references(Path::new("/r/compose.prod.yaml"), &file);
        assert!(
            !refs
                .iter()
                .any(|r| r.to_string_lossy().contains("override"))
        );
    }
}
