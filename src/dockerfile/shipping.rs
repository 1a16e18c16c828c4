//! What reaches the image that is run: the final stage ships whole, with
//! the stages it is built on (`FROM <stage>`); of any other stage, only what
//! `COPY --from` copies out of it ships, and only into a part of a stage
//! that itself ships. Rules about image content (an SSH server, setuid
//! files, world-writable paths, package caches, stored passwords) ask this
//! model instead of reporting build stages whose files are thrown away.
//!
//! `COPY` keeps file modes unless it is given `--chmod`, so a mode set in a
//! build stage ships with the files copied out of it.
//!
//! Paths are absolute and cleaned (`/app/bin`). A path that cannot be known
//! (a variable without a value, a relative path under an unknown working
//! directory) is `None` and is treated as possibly shipping: nothing
//! unknowable is reported as clean.

use super::{Dockerfile, Keyword, Model, StageBase, StageRef};

/// A part of a stage's filesystem that ships.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShippedPath {
    /// The path in the stage; `None` when it cannot be known (any path).
    pub path: Option<String>,
    /// The copy keeps file modes (no `--chmod`).
    pub modes_kept: bool,
}

/// How much of one stage reaches the final image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shipped {
    /// Its whole filesystem: the final stage and the stages it is built on.
    Whole,
    /// Only these paths, copied out with `COPY --from`.
    Paths(Vec<ShippedPath>),
}

/// What each stage ships, and the working directory at each instruction.
#[derive(Clone, Debug, Default)]
pub struct Shipping {
    stages: Vec<Shipped>,
    /// The working directory in effect at each instruction (before a
    /// `WORKDIR` there takes effect); `None` when unknown.
    workdirs: Vec<Option<String>>,
}

/// Cleans an absolute path: no `.`, `..` resolved, no doubled or trailing
/// `/`. Relative paths give `None`.
pub fn clean_absolute(p: &str) -> Option<String> {
    p.starts_with('/')
        .then(|| crate::paths::clean_slashed("", &[p]))
}

/// `path` resolved against `dir` (the working directory, when known).
pub fn resolve(dir: Option<&str>, path: &str) -> Option<String> {
    if path.starts_with('/') {
        return clean_absolute(path);
    }
    let dir = dir?;
    // `dir/path` is absolute only when `dir` is (or empty).
    (dir.is_empty() || dir.starts_with('/')).then(|| crate::paths::clean_slashed("", &[dir, path]))
}

/// The part of a path before its first glob character, as a directory
/// (`/app/*.jar` gives `/app`): a pattern may name anything under it.
fn literal_prefix(p: &str) -> &str {
    match p.find(['*', '?', '[']) {
        Some(i) => p[..i]
            .rsplit_once('/')
            .map_or("/", |(d, _)| if d.is_empty() { "/" } else { d }),
        None => p,
    }
}

/// Whether one path is the other or lies under it.
pub fn overlaps(a: &str, b: &str) -> bool {
    let under = |x: &str, y: &str| {
        y == "/" || x == y || (x.starts_with(y) && x.as_bytes().get(y.len()) == Some(&b'/'))
    };
    under(a, b) || under(b, a)
}

impl Shipping {
    pub(super) fn new(df: &Dockerfile, model: &Model) -> Shipping {
        let workdirs = workdirs(df, model);
        let n = model.stages.len();
        let mut stages: Vec<Option<Shipped>> = vec![None; n];
        if let Some(last) = stages.last_mut() {
            *last = Some(Shipped::Whole);
        }
        let mut cursor = model.scope_cursor(df);
        // Stages only refer to earlier stages, so one backward pass sees
        // every stage after all the stages that copy out of it.
        for s in (0..n).rev() {
            let Some(this) = stages[s].clone() else {
                continue;
            };
            let stage = &model.stages[s];
            if let StageBase::Stage(b) = stage.base
                && b < s
            {
                merge(&mut stages[b], this.clone());
            }
            for i in stage.body() {
                let ins = &df.instructions[i];
                if ins.keyword != Keyword::Copy {
                    continue;
                }
                let Some(from) = ins.flag("from").and_then(|f| f.value.as_ref()) else {
                    continue;
                };
                let from = if from.value.contains('$') {
                    let e = cursor.at(i).expand(&from.value, df.escape);
                    if e.unknown {
                        continue;
                    }
                    e.value
                } else {
                    from.value.clone()
                };
                let StageRef::Stage(t) = model.resolve_stage(&from, s) else {
                    continue;
                };
                let words = ins.words();
                let Some((dest, sources)) = words.split_last() else {
                    continue;
                };
                let expand = |w: &str, cursor: &mut super::ScopeCursor| -> Option<String> {
                    if !w.contains('$') {
                        return Some(w.to_string());
                    }
                    let e = cursor.at(i).expand(w, df.escape);
                    (!e.unknown).then_some(e.value)
                };
                let into = expand(&dest.value, &mut cursor)
                    .and_then(|d| resolve(workdirs[i].as_deref(), &d));
                let copied = match &this {
                    Shipped::Whole => true,
                    Shipped::Paths(ps) => ps.iter().any(|p| match (&p.path, &into) {
                        (Some(p), Some(d)) => overlaps(p, d),
                        _ => true,
                    }),
                };
                if !copied {
                    continue;
                }
                let modes_kept = ins.flag("chmod").is_none();
                let paths = sources
                    .iter()
                    .map(|src| ShippedPath {
                        // `COPY --from` sources are relative to the root of
                        // the stage they are copied from.
                        path: expand(&src.value, &mut cursor)
                            .and_then(|v| resolve(Some("/"), literal_prefix(&v))),
                        modes_kept,
                    })
                    .collect();
                merge(&mut stages[t], Shipped::Paths(paths));
            }
        }
        Shipping {
            stages: stages
                .into_iter()
                .map(|s| s.unwrap_or(Shipped::Paths(Vec::new())))
                .collect(),
            workdirs,
        }
    }

    /// How much of a stage ships.
    pub fn stage(&self, stage: usize) -> Option<&Shipped> {
        self.stages.get(stage)
    }

    /// Whether the stage ships whole, or everything it holds may be copied
    /// out (`COPY --from=stage / /`, or a source that cannot be known).
    pub fn whole(&self, stage: usize) -> bool {
        match self.stages.get(stage) {
            None | Some(Shipped::Whole) => true,
            Some(Shipped::Paths(ps)) => ps
                .iter()
                .any(|p| p.path.as_deref().is_none_or(|p| p == "/")),
        }
    }

    /// Whether something at `path` in the stage (`None`: a path that cannot
    /// be known) reaches the final image.
    pub fn ships(&self, stage: usize, path: Option<&str>) -> bool {
        self.ships_with(stage, path, false)
    }

    /// Whether the mode of something at `path` in the stage reaches the
    /// final image: the path ships through copies that keep modes.
    pub fn ships_mode(&self, stage: usize, path: Option<&str>) -> bool {
        self.ships_with(stage, path, true)
    }

    fn ships_with(&self, stage: usize, path: Option<&str>, mode: bool) -> bool {
        match self.stages.get(stage) {
            None | Some(Shipped::Whole) => true,
            Some(Shipped::Paths(ps)) => ps.iter().any(|p| {
                (!mode || p.modes_kept)
                    && match (&p.path, path) {
                        (Some(a), Some(b)) => overlaps(a, b),
                        _ => true,
                    }
            }),
        }
    }

    /// The working directory at an instruction, when known.
    pub fn workdir(&self, instruction: usize) -> Option<&str> {
        self.workdirs.get(instruction).and_then(|w| w.as_deref())
    }
}

/// Adds what ships of a stage through one more way.
fn merge(into: &mut Option<Shipped>, more: Shipped) {
    match (into.as_mut(), more) {
        (None, m) => *into = Some(m),
        (Some(Shipped::Whole), _) => {}
        (Some(_), Shipped::Whole) => *into = Some(Shipped::Whole),
        (Some(Shipped::Paths(a)), Shipped::Paths(b)) => {
            for p in b {
                if !a.contains(&p) {
                    a.push(p);
                }
            }
        }
    }
}

/// The working directory at each instruction: `/` in a stage built on
/// `scratch`, inherited from a base stage, unknown under an image (it may
/// set its own `WORKDIR`) until an absolute `WORKDIR` is given.
fn workdirs(df: &Dockerfile, model: &Model) -> Vec<Option<String>> {
    let mut out = vec![None; df.instructions.len()];
    let mut at_end: Vec<Option<String>> = Vec::with_capacity(model.stages.len());
    let mut cursor = model.scope_cursor(df);
    for s in &model.stages {
        let mut dir = match s.base {
            StageBase::Scratch => Some("/".to_string()),
            StageBase::Stage(b) => at_end.get(b).cloned().flatten(),
            _ => None,
        };
        out[s.from] = dir.clone();
        for i in s.body() {
            out[i] = dir.clone();
            let ins = &df.instructions[i];
            if ins.keyword != Keyword::Workdir {
                continue;
            }
            let Some(w) = ins.words().first() else {
                continue;
            };
            let value = if w.value.contains('$') {
                let e = cursor.at(i).expand(&w.value, df.escape);
                (!e.unknown).then_some(e.value)
            } else {
                Some(w.value.clone())
            };
            dir = value.and_then(|v| resolve(dir.as_deref(), &v));
        }
        at_end.push(dir);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    fn shipping(src: &str) -> Shipping {
        let df = parse(src);
        let m = Model::new(&df);
        Shipping::new(&df, &m)
    }

    #[test]
    fn final_stage_and_its_bases_ship_whole() {
        let s = shipping("FROM a AS base\nFROM base AS mid\nFROM b AS unused\nFROM mid\n");
        assert!(s.whole(0) && s.whole(1) && s.whole(3));
        assert_eq!(s.stage(2), Some(&Shipped::Paths(Vec::new())));
        assert!(!s.ships(2, Some("/usr/sbin/sshd")));
    }

    #[test]
    fn copies_ship_their_sources() {
        let src = "FROM golang AS build\nWORKDIR /src\nRUN make\nFROM alpine\nCOPY --from=build /src/bin/app /usr/bin/app\n";
        let s = shipping(src);
        assert!(s.ships(0, Some("/src/bin/app")));
        assert!(s.ships(0, Some("/src/bin")));
        assert!(!s.ships(0, Some("/usr/sbin/sshd")));
        assert!(s.ships_mode(0, Some("/src/bin/app")));
        assert_eq!(s.workdir(2), Some("/src"));
    }

    #[test]
    fn chmod_on_copy_drops_the_modes() {
        let s = shipping("FROM a AS b\nFROM c\nCOPY --from=b --chmod=755 /x /x\n");
        assert!(s.ships(0, Some("/x")));
        assert!(!s.ships_mode(0, Some("/x")));
    }

    #[test]
    fn copies_chain_through_stages_that_partly_ship() {
        let src = "FROM a AS one\nFROM b AS two\nCOPY --from=one /opt/tool /opt/tool\nCOPY --from=one /etc/secret /tmp/secret\nFROM c\nCOPY --from=two /opt /opt\n";
        let s = shipping(src);
        assert!(s.ships(0, Some("/opt/tool")));
        assert!(!s.ships(0, Some("/etc/secret")));
        assert!(s.ships(1, Some("/opt/tool")));
        assert!(!s.ships(1, Some("/tmp/secret")));
    }

    #[test]
    fn unknown_sources_ship_anything() {
        let s = shipping("FROM a AS b\nFROM c\nARG DIR\nCOPY --from=b $DIR /x\n");
        assert!(s.whole(0));
        let s = shipping("FROM a AS b\nFROM c\nCOPY --from=b / /\n");
        assert!(s.whole(0));
        let s = shipping("FROM a AS b\nFROM c\nCOPY --from=b /app/*.jar /app/\n");
        assert!(s.ships(0, Some("/app/x.jar")) && !s.ships(0, Some("/etc")));
    }

    #[test]
    fn paths() {
        assert_eq!(clean_absolute("/a/./b/../c/"), Some("/a/c".into()));
        assert_eq!(clean_absolute("/.."), Some("/".into()));
        assert_eq!(clean_absolute("//a//..//..//b/"), Some("/b".into()));
        assert_eq!(clean_absolute("a/b"), None);
        assert_eq!(resolve(Some("/app"), "../etc/./x"), Some("/etc/x".into()));
        assert_eq!(resolve(Some("/"), "x/"), Some("/x".into()));
        assert_eq!(resolve(Some(""), "x"), Some("/x".into()));
        assert_eq!(resolve(Some("rel"), "x"), None);
        assert_eq!(resolve(None, "x"), None);
        assert_eq!(resolve(None, "/x/../y"), Some("/y".into()));
        assert_eq!(resolve(Some("/app"), "bin"), Some("/app/bin".into()));
        assert_eq!(resolve(None, "bin"), None);
        assert!(overlaps("/a", "/a/b") && overlaps("/a/b", "/a") && !overlaps("/ab", "/a"));
        assert!(overlaps("/", "/x"));
    }
}
