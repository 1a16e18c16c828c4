//! Hostile repositories, reading side: nothing outside the repository is
//! read or echoed, every read is bounded, nothing is bypassed silently.
//!
//! Each test builds a repository in a temporary directory (a real git work
//! tree when the test is about tracked files) and runs the binary on it,
//! usually in every output format, checking that a canary written outside
//! the repository (or in an unreadable file) never appears in stdout or
//! stderr.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::measured;

const FORMATS: [&str; 8] = [
    "human",
    "concise",
    "json",
    "sarif",
    "github",
    "checkstyle",
    "junit",
    "gitlab",
];

/// A canary: a value that must never be printed.
const CANARY: &str = "c4nary-7f3a9e-s3cret";

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A temporary directory holding `outside/` (a secret file with the
/// canary) and `repo/`, the repository (a git work tree).
struct Sandbox {
    _dir: tempfile::TempDir,
    base: PathBuf,
    repo: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let repo = base.join("repo");
        std::fs::create_dir_all(&repo).unwrap();
        common::git(&repo, &["init", "-q"]);
        write(
            &base,
            "outside/secret.env",
            format!("API_TOKEN={CANARY}\nDB_PASSWORD={CANARY}\n"),
        );
        write(
            &base,
            "outside/compose.yaml",
            format!("services:\n  {CANARY}:\n    image: {CANARY}\n    privileged: true\n"),
        );
        write(&base, "outside/Dockerfile", format!("FROM {CANARY}\n"));
        Sandbox {
            _dir: dir,
            base,
            repo,
        }
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
        write(&self.repo, rel, text)
    }

    fn link(&self, rel: &str, target: impl AsRef<Path>) {
        let p = self.repo.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        symlink(target, p).unwrap();
    }

    fn outside(&self, rel: &str) -> PathBuf {
        self.base.join("outside").join(rel)
    }

    fn track(&self) {
        common::git(&self.repo, &["add", "-A", "-f"]);
    }
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::dockward())
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("DOCKWARD_CANARY_ENV", CANARY)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_OUTPUT")
        .output()
        .unwrap()
}

/// Runs `check` on the repository in every format and asserts the canary
/// never appears; returns the JSON output.
fn check_all_formats(repo: &Path, extra: &[&str]) -> serde_json::Value {
    let mut json = serde_json::Value::Null;
    for f in FORMATS {
        let mut args = vec!["check", "--format", f];
        args.extend_from_slice(extra);
        args.push(".");
        let o = run_in(repo, &args);
        let out = String::from_utf8_lossy(&o.stdout);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !out.contains(CANARY) && !err.contains(CANARY),
            "--format {f} printed the canary:\n{out}\n{err}"
        );
        if f == "json" {
            json = serde_json::from_slice(&o.stdout)
                .unwrap_or_else(|e| panic!("JSON ({e}): {out}\n{err}"));
        }
    }
    json
}

/// `CODE message` of every diagnostic of one path.
fn diags(v: &serde_json::Value, path: &str) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn has(v: &serde_json::Value, path: &str, code: &str, needle: &str) {
    let d = diags(v, path);
    assert!(
        d.iter().any(|m| m.starts_with(code) && m.contains(needle)),
        "{path}: expected {code} containing {needle:?}, got {d:#?}"
    );
}

fn codes(v: &serde_json::Value, path: &str) -> Vec<String> {
    diags(v, path)
        .into_iter()
        .map(|d| d.split(' ').next().unwrap().to_string())
        .collect()
}

#[test]
fn links_out_of_the_repository_are_never_read() {
    let s = Sandbox::new();
    s.link("Dockerfile", "/proc/self/environ");
    s.link("Dockerfile.creds", s.outside("secret.env"));
    // A credentials store: the token would be the "unknown instruction".
    write(
        &s.base,
        "outside/.git-credentials",
        format!("https://user:{CANARY}@github.com\n"),
    );
    s.link("Dockerfile.x", s.outside(".git-credentials"));
    s.link("docker/Dockerfile.rel", "../../outside/Dockerfile");
    s.link("compose.yaml", s.outside("compose.yaml"));
    // Inside the repository, a link may be linted.
    s.write("base/Dockerfile", "FROM alpine:3.20\nUSER root\n");
    s.link("Dockerfile.inside", "base/Dockerfile");
    s.track();
    let v = check_all_formats(&s.repo, &[]);
    for p in [
        "Dockerfile",
        "Dockerfile.creds",
        "Dockerfile.x",
        "docker/Dockerfile.rel",
        "compose.yaml",
    ] {
        let d = diags(&v, p);
        assert_eq!(d.len(), 1, "{p}: {d:#?}");
        assert!(d[0].contains("outside the repository"), "{p}: {d:#?}");
    }
    has(&v, "Dockerfile.inside", "DF002", "root");
    // Named on the command line (as pre-commit does): the same.
    let o = run_in(
        &s.repo,
        &[
            "check",
            "--format",
            "json",
            "Dockerfile",
            "Dockerfile.creds",
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains(CANARY), "{out}");
    assert_eq!(out.matches("outside the repository").count(), 2, "{out}");
}

#[test]
fn references_out_of_the_repository_are_reported_not_read() {
    let s = Sandbox::new();
    let secret = s.outside("secret.env");
    let secret = secret.to_str().unwrap();
    s.write(
        "compose.yaml",
        format!(
            "include:\n  - ../outside/compose.yaml\n  - path: {secret}\n    env_file: ../outside/secret.env\n  - path: sub/compose.yaml\n    env_file: ../outside/secret.env\nservices:\n  web:\n    image: nginx:1.27\n    extends:\n      file: ../outside/compose.yaml\n      service: x\n    env_file: ../outside/secret.env\n  build-out:\n    build: ../outside\n  dockerfile-out:\n    build:\n      context: .\n      dockerfile: ../outside/Dockerfile\n"
        ),
    );
    s.write(
        "sub/compose.yaml",
        "services:\n  inner:\n    image: ${API_TOKEN:-redis}\n",
    );
    s.track();
    let v = check_all_formats(&s.repo, &[]);
    let out: Vec<String> = diags(&v, "compose.yaml")
        .into_iter()
        .filter(|d| d.starts_with("DC029"))
        .collect();
    // Short and long include, the env_file of an include that is read,
    // extends, the service env_file, a build context and a build
    // Dockerfile (an include that is not read has its env_file unread).
    assert_eq!(out.len(), 7, "{out:#?}");
    for needle in [
        "`include` names `../outside/compose.yaml`",
        "`env_file` names `../outside/secret.env`",
        "`extends` names `../outside/compose.yaml`",
        "service `build-out` builds a Dockerfile outside the repository through `../outside`",
        "service `dockerfile-out` builds a Dockerfile outside the repository through `../outside/Dockerfile`",
    ] {
        assert!(out.iter().any(|d| d.contains(needle)), "{needle}: {out:#?}");
    }
    // Linting went on: the included project inside is there.
    has(&v, "sub/compose.yaml", "DC004", "inner");
}

#[test]
fn compose_file_and_dotenv_out_of_the_repository() {
    let s = Sandbox::new();
    s.write(
        ".env",
        "COMPOSE_FILE=compose.yaml:../outside/compose.yaml\n",
    );
    s.write("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n");
    s.write(
        "app/compose.yaml",
        "services:\n  api:\n    image: ${DB_PASSWORD}\n",
    );
    s.link("app/.env", s.outside("secret.env"));
    s.track();
    let v = check_all_formats(&s.repo, &[]);
    has(
        &v,
        "compose.yaml",
        "DC029",
        "`COMPOSE_FILE` in `.env` lists a file outside the repository",
    );
    has(
        &v,
        "app/compose.yaml",
        "DC029",
        "`.env` is a link to a file outside the repository",
    );
}

#[test]
fn the_baseline_is_read_like_any_input() {
    let s = Sandbox::new();
    s.write("Dockerfile", "FROM alpine:3.20\nUSER root\n");
    // A configured baseline out of the repository: refused, not read.
    s.write("dockward.toml", "baseline = \"../outside/secret.env\"\n");
    s.track();
    let o = run_in(&s.repo, &["check", "--format", "json", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("outside the repository"), "{err}");
    assert!(!err.contains(CANARY) && !String::from_utf8_lossy(&o.stdout).contains(CANARY));
    // A baseline that never ends is bounded.
    s.write("dockward.toml", "baseline = \"zero.json\"\n");
    s.link("zero.json", "/dev/zero");
    let start = Instant::now();
    let o = run_in(&s.repo, &["check", "--format", "json", "."]);
    assert!(start.elapsed() < Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(2));
    // Entries naming files out of the repository are never looked at:
    // they are stale, whatever exists there.
    s.write("dockward.toml", "baseline = \"base.json\"\n");
    s.write(
        "base.json",
        "{\n  \"version\": 1,\n  \"entries\": [\n    {\"path\": \"../outside/Dockerfile\", \"rule\": \"DF002\", \"fingerprint\": \"0000000000000000\", \"message\": \"x\"}\n  ]\n}\n",
    );
    let o = run_in(&s.repo, &["check", "--format", "json", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.code().is_some_and(|c| c < 2), "{err}");
    assert!(
        err.contains("1 baseline entry in base.json no longer matches"),
        "{err}"
    );
}

#[test]
fn a_dockerignore_out_of_the_repository_is_not_read() {
    let s = Sandbox::new();
    s.write(
        "Dockerfile",
        "FROM alpine:3.20\nCOPY app.py /app/\nUSER app\n",
    );
    s.link(".dockerignore", s.outside("secret.env"));
    s.track();
    let v = check_all_formats(&s.repo, &[]);
    has(
        &v,
        "Dockerfile",
        "DF000",
        "cannot read `.dockerignore`: it is a link to a file outside the repository",
    );
}

#[test]
fn unreadable_files_echo_nothing_beyond_the_offending_token() {
    let s = Sandbox::new();
    // Binary and badly encoded files: the snippet shows no content.
    s.write(
        "Dockerfile",
        format!("FROM alpine\nRUN echo {CANARY}\n\0\n"),
    );
    let mut bad = format!("FROM alpine\nRUN echo {CANARY}\n").into_bytes();
    bad.extend_from_slice(b"\xC3(");
    s.write("bad/Dockerfile", bad);
    // Not a Dockerfile at all (a `.env` or a credentials file committed
    // under a Dockerfile's name): the message quotes a bounded token.
    s.write(
        "env/Dockerfile",
        format!("DB_PASSWORD={CANARY}\nAPI_TOKEN={CANARY}\n"),
    );
    s.write(
        "creds/Dockerfile",
        format!("https://user:{CANARY}@github.com\n"),
    );
    s.write("long/Dockerfile", format!("{}{CANARY} x\n", "A".repeat(39)));
    // Not YAML, or not a mapping.
    s.write("yaml/compose.yaml", format!("key: [{CANARY}\n"));
    s.write("scalar/compose.yaml", format!("{CANARY}\n"));
    s.track();
    let v = check_all_formats(&s.repo, &[]);
    has(&v, "Dockerfile", "DF000", "NUL byte");
    has(&v, "bad/Dockerfile", "DF000", "not valid UTF-8");
    has(
        &v,
        "env/Dockerfile",
        "DF000",
        "unknown instruction `DB_PASSWORD=…`",
    );
    has(
        &v,
        "creds/Dockerfile",
        "DF000",
        "unknown instruction `https:…`",
    );
    has(
        &v,
        "long/Dockerfile",
        "DF000",
        &format!("unknown instruction `{}…`", "A".repeat(20)),
    );
    assert!(!codes(&v, "yaml/compose.yaml").is_empty());
    assert!(!codes(&v, "scalar/compose.yaml").is_empty());
}

#[test]
fn dotenv_values_are_never_printed() {
    let s = Sandbox::new();
    s.write(
        ".env",
        format!("IMAGE=registry.example.com/{CANARY}\nTAG=latest\nPORT=22\nPASS={CANARY}\n"),
    );
    s.write(
        "compose.yaml",
        "services:\n  web:\n    image: ${IMAGE}:${TAG}\n    ports:\n      - \"${PORT}:22\"\n    environment:\n      DB_PASSWORD: ${PASS}\n",
    );
    s.write("inc/vars.env", format!("INNER={CANARY}x\n"));
    s.write(
        "compose.prod.yaml",
        "include:\n  - path: inc/compose.yaml\n    env_file: inc/vars.env\n",
    );
    s.write(
        "inc/compose.yaml",
        "services:\n  inner:\n    image: ${INNER}\n",
    );
    s.track();
    let v = check_all_formats(&s.repo, &[]);
    // The findings are there, naming variables.
    let d = diags(&v, "compose.yaml");
    assert!(d.iter().any(|m| m.contains("${IMAGE}")), "{d:#?}");
    assert!(!diags(&v, "inc/compose.yaml").is_empty());
}

#[test]
fn every_read_is_bounded() {
    let s = Sandbox::new();
    // Endless or huge files behind the names dockward reads besides the
    // linted files.
    s.link(".ignore", "/dev/zero");
    s.link(".gitignore", "/dev/zero");
    s.link("dockward.toml", "/dev/zero");
    s.link(".hadolint.yaml", "/dev/zero");
    s.link("web/.env", "/proc/self/pagemap");
    s.link("web/.dockerignore", "/dev/zero");
    s.write(
        "web/compose.yaml",
        "include:\n  - zero.yaml\nservices:\n  web:\n    image: nginx:1.27\n    build: .\n",
    );
    s.link("web/zero.yaml", "/dev/zero");
    s.write(
        "web/Dockerfile",
        "FROM alpine:3.20\nCOPY . /app\nUSER app\n",
    );
    // Inside the repository, large configuration files are bounded too.
    s.write("big/dockward.toml", "#".repeat(3 << 20));
    s.write("big/.env", "A=1\n".repeat(1 << 20));
    s.write("big/compose.yaml", "services:\n  x:\n    image: ${A}\n");
    s.track();
    let start = Instant::now();
    let o = run_in(&s.repo, &["check", "--format", "json", "."]);
    assert!(start.elapsed() < Duration::from_secs(60));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    has(
        &v,
        "web/compose.yaml",
        "DC029",
        "`include` names `zero.yaml`",
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("big/dockward.toml"), "{err}");
}

#[test]
fn compose_file_layers_count_whatever_their_names() {
    let s = Sandbox::new();
    s.write(".env", "COMPOSE_FILE=compose.yaml:x.yaml\n");
    s.write(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n",
    );
    s.write(
        "x.yaml",
        "services:\n  web:\n    privileged: true\n    network_mode: host\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
    );
    // A project of layers with no Compose name at all.
    s.write("deploy/.env", "COMPOSE_FILE=base.yml:extra.yml\n");
    s.write(
        "deploy/base.yml",
        "services:\n  api:\n    image: nginx:1.27\n",
    );
    s.write(
        "deploy/extra.yml",
        "services:\n  api:\n    privileged: true\n",
    );
    s.track();
    let o = run_in(&s.repo, &["check", "--format", "json", "."]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let x = codes(&v, "x.yaml");
    for c in ["DC001", "DC010", "DC011"] {
        assert!(x.contains(&c.to_string()), "{c} in {x:?}");
    }
    has(&v, "deploy/extra.yml", "DC001", "api");
}

#[test]
fn a_broken_layer_does_not_hide_the_other_layers() {
    for broken in [
        &b"- not a mapping\n"[..],
        b"services:\n  x: \0\n",
        b"services: [\n",
    ] {
        let s = Sandbox::new();
        s.write(".env", "COMPOSE_FILE=compose.yaml:x.yaml\n");
        s.write(
            "compose.yaml",
            "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
        );
        s.write("x.yaml", broken);
        s.track();
        let v = check_all_formats(&s.repo, &[]);
        has(&v, "compose.yaml", "DC001", "web");
        assert!(codes(&v, "x.yaml").contains(&"DC000".to_string()), "{v}");
    }
    // Unreadable: a layer that is a directory.
    let s = Sandbox::new();
    s.write(".env", "COMPOSE_FILE=compose.yaml:x.yaml\n");
    s.write(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
    );
    std::fs::create_dir_all(s.repo.join("x.yaml")).unwrap();
    s.track();
    let v = check_all_formats(&s.repo, &[]);
    has(&v, "compose.yaml", "DC001", "web");
}

#[test]
fn ignore_files_cannot_hide_tracked_files() {
    let s = Sandbox::new();
    s.write(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
    );
    s.write("deep/er/Dockerfile", "FROM alpine:3.20\nUSER root\n");
    s.write("vendor/Dockerfile", "FROM alpine:3.20\nUSER root\n");
    s.write("dockward.toml", "exclude = [\"vendor\"]\n");
    s.track();
    s.write(".ignore", "*\n");
    s.write(".gitignore", "compose.yaml\ndeep/\n");
    s.write("deep/er/.gitignore", "*\n");
    // Untracked and ignored: not walked.
    s.write("deep/untracked/Dockerfile", "FROM alpine:3.20\nUSER root\n");
    let cfg = s.repo.join("dockward.toml");
    let v = check_all_formats(&s.repo, &["--config", cfg.to_str().unwrap()]);
    has(&v, "compose.yaml", "DC001", "web");
    has(&v, "deep/er/Dockerfile", "DF002", "root");
    // `exclude` in the configuration still excludes a tracked file.
    assert!(diags(&v, "vendor/Dockerfile").is_empty());
    assert!(diags(&v, "deep/untracked/Dockerfile").is_empty());
    // A subdirectory named directly: the same.
    let o = run_in(&s.repo, &["check", "--format", "json", "deep"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    has(&v, "deep/er/Dockerfile", "DF002", "root");
}

#[test]
fn unresolvable_extends_and_include_cycles_are_not_clean() {
    let s = Sandbox::new();
    s.write(
        "compose.yaml",
        "include:\n  - compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n    extends:\n      service: ${UNSET}\n",
    );
    s.write(
        "a/compose.yaml",
        "include:\n  - b.yaml\nservices:\n  a:\n    image: nginx:1.27\n",
    );
    s.write(
        "a/b.yaml",
        "include:\n  - compose.yaml\nservices:\n  b:\n    image: nginx:1.27\n",
    );
    s.track();
    let v = check_all_formats(&s.repo, &[]);
    has(&v, "compose.yaml", "DC025", "leads back");
    has(
        &v,
        "compose.yaml",
        "DC026",
        "`extends` of service `web` cannot be resolved",
    );
    has(&v, "a/b.yaml", "DC025", "leads back");
}

#[test]
fn a_path_too_long_for_the_system_is_an_error() {
    let s = Sandbox::new();
    s.write("Dockerfile", "FROM alpine:3.20\nUSER app\n");
    // Directories whose full path is longer than PATH_MAX, made one level
    // at a time from inside.
    let name = "d".repeat(200);
    let script = format!(
        "set -e; cd '{}'; for i in $(seq 30); do mkdir {name}; cd {name}; done; printf 'FROM alpine\\nUSER root\\n' > Dockerfile",
        s.repo.display()
    );
    let ok = Command::new("bash").args(["-c", &script]).status().unwrap();
    assert!(ok.success());
    let o = run_in(&s.repo, &["check", "--format", "concise", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("name too long"), "{err}");
    let _ = Command::new("bash")
        .args(["-c", &format!("cd '{}' && rm -rf {name}", s.repo.display())])
        .status();
}

/// A sandbox with a `Dockerfile` at the top and one in `locked/`.
fn sandbox_with_locked_dir() -> Sandbox {
    let s = Sandbox::new();
    s.write("Dockerfile", "FROM alpine:3.20\nUSER app\n");
    s.write("locked/Dockerfile", "FROM alpine:3.20\nUSER root\n");
    s
}

/// Runs dockward in the sandbox's repository with `locked/` unreadable:
/// as `nobody` when the tests run as root (root reads any directory), so
/// the permissions apply.
fn run_with_locked_dir(s: &Sandbox, args: &[&str]) -> Output {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        s.repo.join("locked"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    // SAFETY: getuid has no preconditions.
    let o = if unsafe { libc::getuid() } == 0 {
        // dockward runs as `nobody` (setpriv, util-linux). Its binary is
        // linked into the sandbox, which `nobody` can enter, wherever the
        // checkout is.
        std::fs::set_permissions(&s.base, std::fs::Permissions::from_mode(0o755)).unwrap();
        let exe = s.base.join("dockward");
        std::fs::hard_link(common::dockward(), &exe)
            .or_else(|_| std::fs::copy(common::dockward(), &exe).map(drop))
            .unwrap();
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&exe)
            .args(args)
            .current_dir(&s.repo)
            .env("NO_COLOR", "1")
            .env("HOME", &s.base)
            .env_remove("GITHUB_STEP_SUMMARY")
            .env_remove("GITHUB_OUTPUT")
            .output()
            .expect("setpriv (util-linux) runs")
    } else {
        run_in(&s.repo, args)
    };
    std::fs::set_permissions(
        s.repo.join("locked"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    o
}

#[test]
fn an_unreadable_directory_is_an_error() {
    let s = sandbox_with_locked_dir();
    let o = run_with_locked_dir(&s, &["check", "--format", "concise", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("locked") && err.contains("permission denied"),
        "{err}"
    );
}

#[test]
fn an_unreadable_directory_that_is_excluded_is_no_error() {
    // The walk reads a directory before it asks whether the directory is
    // excluded (a configuration inside it may say so): an excluded one
    // that cannot be read is left out like any excluded one.
    let s = sandbox_with_locked_dir();
    s.write("dockward.toml", "exclude = [\"locked\"]\n");
    let o = run_with_locked_dir(&s, &["check", "--format", "concise", "."]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("locked"), "{err}");
}

#[test]
fn stdin_and_editors_stay_in_the_root_of_their_file() {
    let s = Sandbox::new();
    s.write("sub/.keep", "");
    s.track();
    let text = "include:\n  - ../../outside/compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n    env_file: ../../outside/secret.env\n";
    let mut child = Command::new(common::dockward())
        .current_dir(&s.repo)
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "sub/compose.yaml",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains(CANARY), "{out}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        codes(&v, "sub/compose.yaml")
            .iter()
            .filter(|c| *c == "DC029")
            .count(),
        2,
        "{v}"
    );
}

/// `n` services, each a few lines: about 20 bytes a service.
fn services(n: usize, prefix: &str) -> String {
    let mut s = String::from("services:\n");
    for i in 0..n {
        s.push_str(&format!("  {prefix}{i}:\n    image: x\n"));
    }
    s
}

#[test]
fn include_is_linear_and_bounded() {
    let s = Sandbox::new();
    // One include of 100,000 services (about 2.4 MB).
    s.write("one/big.yaml", services(100_000, "s"));
    s.write("one/compose.yaml", "include:\n  - big.yaml\n");
    // Forty includes of one 1 MB file.
    s.write("forty/big.yaml", services(40_000, "t"));
    let list: String = (0..40).map(|_| "  - big.yaml\n").collect();
    s.write("forty/compose.yaml", format!("include:\n{list}"));
    s.write(
        "dockward.toml",
        "select = [\"privileged-service\", \"reference-outside-repository\", \"missing-referenced-file\", \"compose-syntax-error\"]\n",
    );
    s.track();
    for dir in ["one", "forty"] {
        // Quadratic imports took minutes of CPU.
        let args = ["check", "--format", "concise", dir];
        let c = measured::run_cpu_bounded(&s.repo, &args, Duration::from_secs(60));
        assert!(c.code.is_some_and(|c| c < 2), "{}", c.stderr());
        assert!(c.rss_mib < 3000, "{dir}: {} MiB", c.rss_mib);
    }
}

#[test]
fn a_project_reads_at_most_256_files_and_a_bounded_number_of_bytes() {
    let s = Sandbox::new();
    // 300 includes: reads stop at the file limit.
    let mut list = String::from("include:\n");
    for i in 0..300 {
        s.write(
            &format!("many/f{i}.yaml"),
            format!("services:\n  s{i}:\n    image: x\n"),
        );
        list.push_str(&format!("  - f{i}.yaml\n"));
    }
    s.write("many/compose.yaml", list);
    // Twelve includes of 900 KB with a 1 MB file limit: the project's
    // budget (eight files at the limit) stops the reads.
    let mut list = String::from("include:\n");
    for i in 0..12 {
        s.write(
            &format!("bytes/b{i}.yaml"),
            services(36_000, &format!("b{i}x")),
        );
        list.push_str(&format!("  - b{i}.yaml\n"));
    }
    s.write("bytes/compose.yaml", list);
    s.write("dockward.toml", "[limits]\nfile-size = 1000000\n");
    s.track();
    let o = run_in(
        &s.repo,
        &[
            "check",
            "--format",
            "json",
            "many/compose.yaml",
            "bytes/compose.yaml",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let many = diags(&v, "many/compose.yaml");
    let limited = many
        .iter()
        .filter(|d| d.contains("the project already reads 256 files"))
        .count();
    assert!(limited >= 40, "{many:#?}");
    let bytes = diags(&v, "bytes/compose.yaml");
    assert!(
        bytes
            .iter()
            .any(|d| d.contains("the project reads more than 8000000 bytes in all")),
        "{bytes:#?}"
    );
}

/// Two references under one missing directory: the second found the first
/// one's "not a directory" in the reader's cache while still holding the
/// cache's lock, and waited on it forever (`include: [/proc/s/l,
/// /proc/s/proc/x]`, found by the compose_project fuzzer). Each is a
/// missing file now, and the run ends.
#[test]
fn references_under_a_missing_directory_do_not_hang() {
    let s = Sandbox::new();
    s.write(
        "compose.yaml",
        "include:\n  - sub/nope/a.yaml\n  - sub/nope/b/c.yaml\n  - /proc/nope/a.yaml\n  - /proc/nope/b/c.yaml\nservices:\n  a:\n    image: x\n",
    );
    let m = measured::run_cpu_bounded(
        &s.repo,
        &["check", "--format", "json", "--fail-on", "never"],
        Duration::from_secs(3),
    );
    assert_eq!(m.code, Some(0), "{}", m.stderr());
    let v = m.json();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .filter(|c| matches!(*c, "DC024" | "DC029"))
        .collect();
    assert_eq!(codes, ["DC024", "DC024", "DC029", "DC029"], "{v}");
}
