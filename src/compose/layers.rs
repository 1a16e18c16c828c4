//! Which Compose files are linted together, the way `docker compose`
//! finds a project's files in a directory: the first of [`COMPOSE_NAMES`]
//! that exists is the base and the first of [`OVERRIDE_NAMES`] beside it
//! is merged over it; a `.env` that sets `COMPOSE_FILE` replaces that
//! choice in its directory. The pipeline lints each project this returns
//! as one unit.

use foldhash::{HashMap, HashSet, HashSetExt};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::discover::Job;
use crate::paths::normalize;
use crate::reader::{Reader, Root};
use crate::source::FileKind;

/// Compose's default file names, in the order it prefers them.
pub const COMPOSE_NAMES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// Compose's override file names, in the order it prefers them.
pub const OVERRIDE_NAMES: [&str; 4] = [
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// One Compose project to lint: its layers (the base file, then the
/// files merged over it) and, for each layer, whether it is one of the
/// files to lint (the others are context); the root its reads stay in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub layers: Vec<PathBuf>,
    pub owned: Vec<bool>,
    pub root: Arc<Root>,
}

/// Groups the Compose jobs into projects. An override file is always
/// linted on top of its base (found on disk when it is not itself being
/// linted); an override with no base beside it, other bases and other
/// Compose files (`compose.prod.yaml`) are projects of one file. `exists`
/// says whether a file exists (the file system, in practice).
///
/// A `.env` that sets `COMPOSE_FILE` replaces this in its directory, as it
/// does for Compose: the files it lists (that exist) are one project,
/// owned where they are being linted. `compose_file` returns that list for
/// a directory (only files that exist, or that lead outside the
/// repository, so that the project reports them); it is asked for the
/// directories of Compose jobs and for `env_dirs` (directories with a
/// `.env`, whose listed files may have other names or live elsewhere).
/// Those projects come first, then one per remaining job in job order.
pub fn projects(
    jobs: &[Job],
    env_dirs: &[PathBuf],
    exists: &dyn Fn(&Path) -> bool,
    compose_file: &dyn Fn(&Path) -> Option<Vec<PathBuf>>,
) -> Vec<Project> {
    // Keyed by the path's bytes: jobs' paths are spelt one way (the
    // walk's), and `Path`'s component-wise hash of every job was 0.3% of a
    // corpus run.
    let job_paths: HashMap<&OsStr, &Job> = jobs.iter().map(|j| (j.path.as_os_str(), j)).collect();
    let present = |p: &Path| job_paths.contains_key(p.as_os_str()) || exists(p);
    let mut covered = HashSet::new();
    let mut projects = listed_projects(jobs, &job_paths, env_dirs, compose_file, &mut covered);
    // An override linted with its base belongs to the base's project.
    for job in jobs {
        if job.kind != FileKind::Compose || covered.contains(job.path.as_os_str()) {
            continue;
        }
        if is_base(&job.path, &present)
            && let Some(o) = first(dir_of(&job.path), &OVERRIDE_NAMES, &present)
            && let Some((&op, _)) = job_paths.get_key_value(o.as_os_str())
        {
            covered.insert(op);
        }
    }
    for job in jobs {
        if job.kind != FileKind::Compose || covered.contains(job.path.as_os_str()) {
            continue;
        }
        let (layers, is_base) = layers_and_base(&job.path, &present);
        // A base's project owns its override when that is linted too (the
        // override is then covered); an override's project owns only the
        // override: the base has a project of its own.
        let owned = layers
            .iter()
            .map(|l| *l == job.path || (is_base && job_paths.contains_key(l.as_os_str())))
            .collect();
        projects.push(Project {
            layers,
            owned,
            root: job.root.clone(),
        });
    }
    projects
}

/// The projects `COMPOSE_FILE` lists, one per directory; the jobs they
/// hold are added to `covered`.
fn listed_projects<'j>(
    jobs: &'j [Job],
    job_paths: &HashMap<&'j OsStr, &'j Job>,
    env_dirs: &[PathBuf],
    compose_file: &dyn Fn(&Path) -> Option<Vec<PathBuf>>,
    covered: &mut HashSet<&'j OsStr>,
) -> Vec<Project> {
    let by_normal: HashMap<PathBuf, &Job> = jobs
        .iter()
        .filter(|j| j.kind == FileKind::Compose)
        .map(|j| (normalize(&j.path), j))
        .collect();
    let job_dirs = jobs
        .iter()
        .filter(|j| j.kind == FileKind::Compose)
        .map(|j| dir_of(&j.path));
    let mut dirs_seen = HashSet::new();
    let mut projects = Vec::new();
    for dir in env_dirs.iter().map(PathBuf::as_path).chain(job_dirs) {
        if !dirs_seen.insert(dir) {
            continue;
        }
        let Some(listed) = compose_file(dir) else {
            continue;
        };
        // Listed paths (`./prod.yml`) name jobs however these were spelt.
        let layers: Vec<PathBuf> = listed
            .into_iter()
            .map(|p| {
                let n = normalize(&p);
                match by_normal.get(&n) {
                    Some(j) => j.path.clone(),
                    None => n,
                }
            })
            .collect();
        let owned: Vec<bool> = layers
            .iter()
            .map(|l| job_paths.contains_key(l.as_os_str()))
            .collect();
        let Some(root) = layers
            .iter()
            .find_map(|l| job_paths.get(l.as_os_str()))
            .map(|j| j.root.clone())
        else {
            continue;
        };
        for l in &layers {
            if let Some((&lp, _)) = job_paths.get_key_value(l.as_os_str()) {
                covered.insert(lp);
            }
        }
        projects.push(Project {
            layers,
            owned,
            root,
        });
    }
    projects
}

/// The layers Compose merges for one file linted alone (stdin, an
/// editor's buffer): a base gets the override beside it, an override goes
/// on top of the base beside it, any other file is a project of one file.
/// `present` says whether a file exists; `path` itself counts as present.
pub fn layers_of(path: &Path, present: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    layers_and_base(path, &|p: &Path| p == path || present(p)).0
}

/// The layers for `path` and whether it is the base Compose picks.
fn layers_and_base(path: &Path, present: &dyn Fn(&Path) -> bool) -> (Vec<PathBuf>, bool) {
    let dir = dir_of(path);
    if is_base(path, present) {
        let mut l = vec![path.to_path_buf()];
        l.extend(first(dir, &OVERRIDE_NAMES, present));
        return (l, true);
    }
    let layers = if OVERRIDE_NAMES.contains(&file_name(path).as_str()) {
        match first(dir, &COMPOSE_NAMES, present) {
            Some(base) => vec![base, path.to_path_buf()],
            None => vec![path.to_path_buf()],
        }
    } else {
        vec![path.to_path_buf()]
    };
    (layers, false)
}

/// Whether `path` is the base file Compose picks in its directory.
fn is_base(path: &Path, present: &dyn Fn(&Path) -> bool) -> bool {
    COMPOSE_NAMES.contains(&file_name(path).as_str())
        && first(dir_of(path), &COMPOSE_NAMES, present).as_deref() == Some(path)
}

fn first(dir: &Path, names: &[&str], present: &dyn Fn(&Path) -> bool) -> Option<PathBuf> {
    names.iter().map(|n| dir.join(n)).find(|p| present(p))
}

fn dir_of(p: &Path) -> &Path {
    crate::paths::parent(p).unwrap_or(Path::new(""))
}

fn file_name(p: &Path) -> String {
    crate::paths::file_name(p)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The files `COMPOSE_FILE` lists in the `.env` of a directory (split at
/// `COMPOSE_PATH_SEPARATOR`, default `:`; relative to the directory).
pub fn listed_in_env(reader: &Reader, root: &Root, dir: &Path) -> Option<Vec<PathBuf>> {
    let env_path = dir.join(".env");
    let bytes = reader
        .read(root, &env_path, crate::reader::SMALL_FILE_LIMIT)
        .ok()?;
    memchr::memmem::find(&bytes, b"COMPOSE_FILE")?;
    let text = String::from_utf8(bytes).ok()?;
    let env = super::dotenv::DotEnv::parse(&text);
    let list = env.get("COMPOSE_FILE").filter(|l| !l.trim().is_empty())?;
    let sep = env
        .get("COMPOSE_PATH_SEPARATOR")
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| ":".to_string());
    Some(
        list.split(sep.as_str())
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| dir.join(p))
            .collect(),
    )
}

/// Adds the files that `COMPOSE_FILE` lists (in the `.env` of a walked
/// directory) and the walk did not find by name, so that each layer is
/// linted and owns its findings. Files outside the root are not added
/// (the project reports them), nor files `excluded` says to leave out.
pub fn add_listed_layers(
    reader: &Reader,
    env_dirs: &[(PathBuf, Arc<Root>)],
    compose_file: &dyn Fn(&Path) -> Option<Vec<PathBuf>>,
    excluded: &dyn Fn(&Path) -> bool,
    jobs: &mut Vec<Job>,
) {
    // Made when a `.env` first lists files: most runs have none.
    let mut known: Option<HashSet<PathBuf>> = None;
    let mut added = Vec::new();
    for (dir, root) in env_dirs {
        let Some(listed) = compose_file(dir) else {
            continue;
        };
        let known = known.get_or_insert_with(|| jobs.iter().map(|j| normalize(&j.path)).collect());
        for p in listed {
            let p = normalize(&p);
            if known.contains(&p) || added.iter().any(|j: &Job| j.path == p) {
                continue;
            }
            if reader.resolve(root, &p).is_err() || excluded(&p) {
                continue;
            }
            added.push(Job {
                path: p,
                kind: FileKind::Compose,
                explicit: false,
                root: root.clone(),
            });
        }
    }
    if !added.is_empty() {
        jobs.extend(added);
        jobs.sort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn job(p: &str) -> Job {
        static ROOT: OnceLock<Arc<Root>> = OnceLock::new();
        Job {
            path: PathBuf::from(p),
            kind: crate::discover::kind_of_explicit(Path::new(p)),
            explicit: false,
            root: ROOT
                .get_or_init(|| Reader::new().root_of(Path::new(".")))
                .clone(),
        }
    }

    fn project_layers(jobs: &[Job], disk: &[&str]) -> Vec<(Vec<String>, Vec<bool>)> {
        let exists = |p: &Path| disk.iter().any(|d| Path::new(d) == p);
        let compose_file = |dir: &Path| -> Option<Vec<PathBuf>> {
            (dir == Path::new("./f"))
                .then(|| vec![PathBuf::from("f/base.yml"), PathBuf::from("f/./prod.yml")])
        };
        projects(jobs, &[], &exists, &compose_file)
            .into_iter()
            .map(|p| {
                (
                    p.layers
                        .iter()
                        .map(|l| l.to_string_lossy().into_owned())
                        .collect(),
                    p.owned,
                )
            })
            .collect()
    }

    #[test]
    fn groups_compose_projects_like_compose() {
        let jobs = [
            job("a/compose.yaml"),
            job("a/compose.override.yml"),
            job("a/docker-compose.yml"),
            job("a/docker-compose.override.yaml"),
            job("a/compose.prod.yaml"),
            job("b/docker-compose.override.yml"),
            job("c/compose.override.yaml"),
            job("d/Dockerfile"),
        ];
        let units = project_layers(&jobs, &["b/docker-compose.yml"]);
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            units,
            vec![
                // The preferred base with the preferred override.
                (
                    s(&["a/compose.yaml", "a/compose.override.yml"]),
                    vec![true, true]
                ),
                // Not the base Compose picks: on its own.
                (s(&["a/docker-compose.yml"]), vec![true]),
                // Another override: on top of the base.
                (
                    s(&["a/compose.yaml", "a/docker-compose.override.yaml"]),
                    vec![false, true]
                ),
                (s(&["a/compose.prod.yaml"]), vec![true]),
                // The base is on disk, not linted itself.
                (
                    s(&["b/docker-compose.yml", "b/docker-compose.override.yml"]),
                    vec![false, true]
                ),
                // No base: on its own.
                (s(&["c/compose.override.yaml"]), vec![true]),
            ]
        );
        // COMPOSE_FILE in f/.env lists the project's files.
        let units = project_layers(
            &[
                job("./f/base.yml"),
                job("./f/prod.yml"),
                job("./f/compose.yaml"),
            ],
            &[],
        );
        assert_eq!(
            units,
            vec![
                (s(&["./f/base.yml", "./f/prod.yml"]), vec![true, true]),
                (s(&["./f/compose.yaml"]), vec![true]),
            ]
        );
        // A base named alone still gets its override from disk.
        let units = project_layers(&[job("e/compose.yaml")], &["e/compose.override.yaml"]);
        assert_eq!(
            units,
            vec![(
                s(&["e/compose.yaml", "e/compose.override.yaml"]),
                vec![true, false]
            )]
        );
    }

    #[test]
    fn a_file_alone_gets_the_layers_beside_it() {
        let disk = ["g/docker-compose.yml", "g/compose.override.yaml"];
        let present = |p: &Path| disk.iter().any(|d| Path::new(d) == p);
        let l = |p: &str| layers_of(Path::new(p), &present);
        let pb = |v: &[&str]| v.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert_eq!(
            l("g/compose.override.yaml"),
            pb(&["g/docker-compose.yml", "g/compose.override.yaml"])
        );
        // `compose.yaml` is preferred over the file on disk.
        assert_eq!(
            l("g/compose.yaml"),
            pb(&["g/compose.yaml", "g/compose.override.yaml"])
        );
        assert_eq!(
            l("g/docker-compose.yml"),
            pb(&["g/docker-compose.yml", "g/compose.override.yaml"])
        );
        assert_eq!(l("g/other.yml"), pb(&["g/other.yml"]));
    }
}
