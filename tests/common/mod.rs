//! Helpers shared by the integration tests: the binary, external tools, the
//! shared corpus, small projects on disk.
#![allow(dead_code)]

pub mod expected;
pub mod measured;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod http;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn dockward() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_dockward"))
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Whether slow tests run in full: under `CI=true`, or with
/// `DOCKWARD_FULL_TESTS=1` (`scripts/test` sets it). Otherwise they sample,
/// so that a plain `cargo test` stays quick.
pub fn full() -> bool {
    in_ci() || std::env::var("DOCKWARD_FULL_TESTS").is_ok_and(|v| v == "1")
}

/// Every `n`th item (all of them when [`full`]), in order.
pub fn sample<T>(items: Vec<T>, n: usize) -> Vec<T> {
    if full() {
        return items;
    }
    items.into_iter().step_by(n.max(1)).collect()
}

/// An external tool a test needs, from `.tools/` (where `scripts/test`
/// installs it) or `PATH`.
///
/// A test that needs a tool says so in its ignore reason, in this form:
///
/// ```text
/// #[ignore = "needs `hadolint` (scripts/install/hadolint.sh); scripts/test runs it"]
/// ```
///
/// Plain `cargo test` then reports it as ignored, with the reason, instead
/// of passing it without running it. `scripts/test` installs the tools and
/// runs the ignored tests too; outside `CI=true` it skips (and lists on its
/// last line) the tests whose tool is still missing, found by that reason.
/// When such a test runs without its tool, it fails here.
pub fn tool(name: &str) -> PathBuf {
    let local = [
        root().join(".tools/bin").join(name),
        root().join(".tools/node_modules/.bin").join(name),
    ];
    let found = local.into_iter().find(|p| p.is_file()).or_else(|| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
    });
    found.unwrap_or_else(|| {
        panic!("`{name}` is not installed: scripts/test installs it (scripts/install/)")
    })
}

/// The Python of `.tools/venv`, where `scripts/test` installs the Python
/// packages tests use (pre-commit, junitparser), checked to import
/// `module`. Tests that need it are ignored the same way as for [`tool`],
/// naming the module: `needs `junitparser``.
pub fn venv_python(module: &str) -> PathBuf {
    let python = root().join(".tools/venv/bin/python");
    let ok = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "the Python module `{module}` is not installed in .tools/venv: scripts/test installs it"
    );
    python
}

/// The `pre-commit` of `.tools/venv` (scripts/install/pre-commit.sh).
/// Tests that need it are ignored with `needs `pre-commit``.
pub fn pre_commit() -> PathBuf {
    venv_python("pre_commit");
    root().join(".tools/venv/bin/pre-commit")
}

/// A program of `.tools/ship-venv`, where scripts/install/ship.sh installs
/// the release channels' clients (pipx, uv, maturin). Tests that need one
/// are ignored with `needs `NAME``; scripts/test looks for it there.
pub fn ship_venv_tool(name: &str) -> PathBuf {
    let p = root().join(".tools/ship-venv/bin").join(name);
    assert!(
        p.is_file(),
        "`{name}` is not installed in .tools/ship-venv: scripts/install/ship.sh installs it"
    );
    p
}

/// An npm package under `.tools/node_modules` (a library without a
/// program, read by a script under `node`). Tests that need one are ignored
/// with `needs `PACKAGE``; scripts/test looks for its `package.json`.
pub fn npm_package(name: &str) -> PathBuf {
    let p = root().join(".tools/node_modules").join(name);
    assert!(
        p.join("package.json").is_file(),
        "the npm package `{name}` is not installed in .tools/node_modules: scripts/test installs it (scripts/install/)"
    );
    p
}

/// Runs `git ARGS` in `dir`, which must succeed, isolated from the
/// user's and the system's configuration, with a fixed author.
pub fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `PATH` with the project's tool directories first.
pub fn tool_path() -> std::ffi::OsString {
    let mut dirs = vec![
        root().join(".tools/bin"),
        root().join(".tools/node_modules/.bin"),
    ];
    if let Some(p) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(dirs).unwrap()
}

/// Runs dockward in `dir` with a clean CI environment (no GitHub or GitLab
/// variables leaking in from a real CI run) and no color.
pub fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(dockward());
    c.current_dir(dir).args(args);
    for k in [
        "GITHUB_ACTIONS",
        "GITHUB_WORKSPACE",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_OUTPUT",
        "GITHUB_SERVER_URL",
        "GITHUB_REPOSITORY",
        "GITHUB_SHA",
        "GITHUB_REF",
        "CI_PROJECT_DIR",
        "CI_PROJECT_URL",
        "CI_COMMIT_SHA",
        "CI_COMMIT_REF_NAME",
        "DOCKWARD_PROGRESS_DELAY_MS",
    ] {
        c.env_remove(k);
    }
    c.env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("dockward runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// Writes files (path, text) under `dir`, creating directories.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// A small project with known problems in both kinds of files, including a
/// cross-file label (the Compose service builds a Dockerfile that runs as
/// root) and non-ASCII text before a diagnostic.
pub const PROJECT: &[(&str, &str)] = &[
    (
        "app/Dockerfile",
        "FROM debian:12\n# café ☕ 😀\nRUN apt-get install -y openssh-server\nEXPOSE 22\n",
    ),
    (
        "compose.yaml",
        "services:\n  web:\n    build: ./app\n    privileged: true\n    ports:\n      - \"80:8080\"\n",
    ),
];

/// `../shared/corpus`. The tests need it (it sits beside every checkout,
/// CI's included): without it they fail, saying so, rather than pass
/// without checking anything.
pub fn corpus_root() -> PathBuf {
    let p = root().join("../shared/corpus");
    assert!(
        p.is_dir(),
        "the shared corpus is missing at {}: the tests read it (see the README)",
        p.display()
    );
    p
}

/// Every Dockerfile and Compose file of the corpus (by the walker's file
/// names), sorted by path.
pub fn corpus_files() -> Vec<(PathBuf, dockward::source::FileKind)> {
    let mut files = Vec::new();
    let mut dirs = vec![corpus_root()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Some(kind) =
                dockward::discover::classify(&path.file_name().unwrap().to_string_lossy())
            {
                files.push((path, kind));
            }
        }
    }
    files.sort();
    files
}

/// What scripts/ship/build made (the release archive and installers of the
/// local cargo-dist build in `target/distrib`, the wheel, the VS Code
/// package, in `target/ship`). Tests that use it are ignored with the
/// reason `needs the release artifacts (scripts/ship/build); scripts/test
/// builds them`: scripts/test builds them before it runs the ignored tests.
/// When they are missing, the test fails here.
pub fn ship_dir() -> PathBuf {
    let dir = root().join("target/ship");
    assert!(
        dir.join("done").is_file(),
        "no release artifacts in {}: run scripts/ship/build (scripts/test runs it)",
        dir.display()
    );
    dir
}

/// The cargo-dist target triple of this machine.
pub fn host_target() -> &'static str {
    if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        "x86_64-unknown-linux-gnu"
    } else if cfg!(all(target_os = "linux", target_arch = "aarch64")) {
        "aarch64-unknown-linux-gnu"
    } else if cfg!(all(target_os = "macos", target_arch = "aarch64")) {
        "aarch64-apple-darwin"
    } else if cfg!(target_os = "macos") {
        "x86_64-apple-darwin"
    } else {
        "x86_64-pc-windows-msvc"
    }
}

/// `PATH` without any directory that holds `cargo`, `rustc` or `dockward`:
/// what a user without a Rust toolchain has.
pub fn path_without_rust() -> std::ffi::OsString {
    let dirs: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| {
            ["cargo", "rustc", "rustup", "dockward"]
                .iter()
                .all(|exe| !d.join(exe).exists())
        })
        .collect();
    std::env::join_paths(dirs).unwrap()
}

/// The release archive of the local cargo-dist build for this machine and
/// its checksum file: `(archive, archive.sha256)`.
pub fn release_archive(ship: &Path) -> (PathBuf, PathBuf) {
    let _ = ship;
    let dist = root().join("target/distrib");
    let name = format!("dockward-{}.tar.gz", host_target());
    let archive = dist.join(&name);
    let sum = dist.join(format!("{name}.sha256"));
    assert!(archive.is_file(), "{} missing", archive.display());
    assert!(sum.is_file(), "{} missing", sum.display());
    (archive, sum)
}

/// Every file under `dir` with its bytes, by path relative to `dir`
/// (`/`-separated).
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Writes the files of [`read_tree`] under `dir`, creating directories.
pub fn write_tree(dir: &Path, files: &std::collections::BTreeMap<String, Vec<u8>>) {
    for (rel, bytes) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

/// Copies the directories and regular files under `from` to `to` (links
/// and other files are left out), one file at a time.
pub fn copy_tree(from: &Path, to: &Path) {
    let mut todo = vec![from.to_path_buf()];
    while let Some(d) = todo.pop() {
        let rel = d.strip_prefix(from).unwrap();
        std::fs::create_dir_all(to.join(rel)).unwrap();
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                todo.push(p);
            } else if ft.is_file() {
                std::fs::copy(&p, to.join(p.strip_prefix(from).unwrap())).unwrap();
            }
        }
    }
}
