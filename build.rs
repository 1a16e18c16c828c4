//! Records the commit dockward is built from, for `dockward --version`:
//! `dockward 0.1.0 (1a2b3c4d5 2026-12-06)`. The commit comes from, in order:
//! `DOCKWARD_COMMIT` in the build environment (packagers building from a
//! tarball), git when building inside a work tree, and the
//! `.cargo_vcs_info.json` that `cargo package` writes (so `cargo install
//! dockward` knows the commit its crate was packaged from). Unknown: no
//! suffix at all, never a made-up one.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=DOCKWARD_COMMIT");
    let info = from_env()
        .or_else(from_git)
        .or_else(from_vcs_info)
        .map(|(hash, date)| match date {
            Some(date) => format!(" ({hash} {date})"),
            None => format!(" ({hash})"),
        })
        .unwrap_or_default();
    println!("cargo:rustc-env=DOCKWARD_COMMIT_INFO={info}");
}

fn from_env() -> Option<(String, Option<String>)> {
    let hash = std::env::var("DOCKWARD_COMMIT").ok()?;
    let hash = hash.trim();
    valid_hash(hash).then(|| (short(hash), None))
}

fn from_git() -> Option<(String, Option<String>)> {
    let dir = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(&dir)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    // Only our own work tree: a crate unpacked inside someone else's
    // repository must not report their commit.
    let top = git(&["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != Path::new(&dir).canonicalize().ok()? {
        return None;
    }
    let line = git(&["log", "-1", "--format=%H %cs"])?;
    let (hash, date) = line.split_once(' ')?;
    if !valid_hash(hash) {
        return None;
    }
    // Rebuild when HEAD moves: HEAD itself (a branch switch) and the ref it
    // names (a commit), wherever this work tree keeps them. Only files that
    // exist: cargo treats a missing one as changed, and would rebuild the
    // crate on every build.
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    if let Some(head) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &head]));
        watched.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    }
    for p in watched.into_iter().flatten() {
        let p = Path::new(&dir).join(p);
        if p.is_file() {
            println!("cargo:rerun-if-changed={}", p.display());
        }
    }
    Some((short(hash), Some(date.to_string())))
}

fn from_vcs_info() -> Option<(String, Option<String>)> {
    let dir = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    let path = Path::new(&dir).join(".cargo_vcs_info.json");
    let text = std::fs::read_to_string(&path).ok()?;
    println!("cargo:rerun-if-changed={}", path.display());
    // {"git": {"sha1": "<40 hex>"}, "path_in_vcs": ""}: no JSON parser in
    // build-dependencies for one field.
    let rest = &text[text.find("\"sha1\"")? + 6..];
    let rest = &rest[rest.find('"')? + 1..];
    let hash = &rest[..rest.find('"')?];
    valid_hash(hash).then(|| (short(hash), None))
}

fn valid_hash(hash: &str) -> bool {
    (7..=40).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

fn short(hash: &str) -> String {
    hash[..hash.len().min(9)].to_ascii_lowercase()
}
