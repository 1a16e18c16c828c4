//! The pre-commit hooks, run by the real `pre-commit` (PyPI) with
//! `try-repo` against temporary git repositories.
//!
//! - the manifest loads with pre-commit's own schema, and its `files` /
//!   `exclude` patterns select exactly the names dockward's walker lints
//!   (checked with Python's `re`, as pre-commit applies them, on a list of
//!   tricky names and every file name of `../shared/corpus`);
//! - `dockward-system` fails on a bad Dockerfile and a bad Compose file with
//!   the expected diagnostics and passes once they are fixed; a commit that
//!   changes only the Dockerfile a Compose service builds also lints that
//!   Compose file (`--compose-context`);
//! - `dockward-source` (`language: rust`) builds the hook from this
//!   repository's committed source with cargo and runs it.
//! - `dockward` (`language: python`, the wheel) is tested in tests/ship.rs,
//!   with the wheel that scripts/ship/build makes.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use common::*;

/// The hooks as pre-commit loads them (validated by its schema), as JSON.
fn manifest(python: &Path) -> serde_json::Value {
    let script = "import json, sys\nfrom pre_commit.clientlib import load_manifest\nprint(json.dumps(load_manifest(sys.argv[1])))\n";
    let o = Command::new(python)
        .args(["-c", script])
        .arg(root().join(".pre-commit-hooks.yaml"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
#[ignore = "needs `pre-commit` (scripts/install/pre-commit.sh); scripts/test runs it"]
fn manifest_selects_what_the_walker_lints() {
    let python = venv_python("pre_commit");
    let hooks = manifest(&python);
    let hooks = hooks.as_array().unwrap();
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["dockward", "dockward-source", "dockward-system"]);
    assert_eq!(hooks[0]["language"], "python");
    assert_eq!(hooks[1]["language"], "rust");
    // `system` is spelled `unsupported` since pre-commit 4.4, which
    // translates the old name; the manifest keeps `system` for older ones.
    assert!(
        ["system", "unsupported"].contains(&hooks[2]["language"].as_str().unwrap()),
        "{}",
        hooks[2]["language"]
    );
    for h in hooks {
        assert_eq!(h["entry"], "dockward check --compose-context");
        assert_eq!(h["require_serial"], true);
        assert_eq!(h["files"], hooks[0]["files"]);
        assert_eq!(h["exclude"], hooks[0]["exclude"]);
    }

    let mut names: BTreeSet<String> = [
        "Dockerfile",
        "dockerfile",
        "DOCKERFILE",
        "Dockerfile.dev",
        "Dockerfile-prod",
        "Dockerfile_ci",
        "Dockerfile.",
        "Dockerfile.x.template",
        "Dockerfile.j2",
        "Dockerfiles",
        "MyDockerfile",
        ".Dockerfile",
        "x.Dockerfile",
        "api.dockerfile",
        "Containerfile",
        "base.Containerfile",
        "Containerfile.in",
        "compose.yaml",
        "compose.yml",
        "Compose.YML",
        "compose.override.yaml",
        "compose-dev.yml",
        "compose_x.yaml",
        "compose.yaml.j2",
        "compose.yaml.orig",
        "compose.json",
        "composer.yml",
        "docker-compose.yml",
        "docker-compose.prod.yaml",
        "docker-compose-ci.yml",
        "docker-compose.yml~",
        "docker-compose.yml.bak",
        "docker-composer.yml",
        "notes.yml",
        "README.md",
        "Dockerfile.md",
        "Dockerfile.yml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Every file name of the corpus.
    let corpus = corpus_root();
    {
        let mut stack = vec![corpus];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let t = e.file_type().unwrap();
                if t.is_dir() {
                    stack.push(e.path());
                } else {
                    names.insert(e.file_name().to_string_lossy().into_owned());
                }
            }
        }
    }
    // pre-commit matches the path from the repository root.
    let paths: Vec<String> = names
        .iter()
        .filter(|n| !n.contains('\n'))
        .flat_map(|n| [n.clone(), format!("sub/dir.d/{n}")])
        .collect();
    let script = "import re, sys\nfiles = re.compile(sys.argv[1])\nexclude = re.compile(sys.argv[2])\nfor p in sys.stdin.read().split('\\n'):\n    if p and files.search(p) and not exclude.search(p):\n        print(p)\n";
    let mut child = Command::new(&python)
        .args(["-c", script])
        .arg(hooks[0]["files"].as_str().unwrap())
        .arg(hooks[0]["exclude"].as_str().unwrap())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(paths.join("\n").as_bytes()).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    let selected: BTreeSet<String> = stdout(&o).lines().map(str::to_string).collect();
    let walker: BTreeSet<String> = paths
        .iter()
        .filter(|p| {
            let name = p.rsplit('/').next().unwrap();
            dockward::discover::classify(name).is_some()
        })
        .cloned()
        .collect();
    let only_hook: Vec<_> = selected.difference(&walker).collect();
    let only_walker: Vec<_> = walker.difference(&selected).collect();
    assert!(
        only_hook.is_empty() && only_walker.is_empty(),
        "selected by the hook only: {only_hook:?}\nlinted by the walker only: {only_walker:?}"
    );
    assert!(selected.contains("sub/dir.d/docker-compose-ci.yml"));
    assert!(!selected.contains("Dockerfile.j2"));
    assert!(walker.len() > 20);
}

const BAD_DOCKERFILE: &str =
    "FROM debian:12\nRUN apt-get update && apt-get install -y openssh-server\n";
const GOOD_DOCKERFILE: &str = "FROM debian:12\nRUN useradd -r app\nUSER app\n";
const BAD_COMPOSE: &str = "services:\n  web:\n    build: ./app\n    privileged: true\n";
const GOOD_COMPOSE: &str = "services:\n  web:\n    build: ./app\n    read_only: true\n    mem_limit: 256m\n    cpus: 0.5\n    pids_limit: 100\n    cap_drop: [ALL]\n    security_opt: [no-new-privileges:true]\n";

/// A git repository with a bad Dockerfile and a bad Compose file, plus
/// files the hook must not pick.
fn bad_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("app/Dockerfile", BAD_DOCKERFILE),
            ("compose.yaml", BAD_COMPOSE),
            // Not selected: a template and an unrelated YAML file.
            ("app/Dockerfile.template", "FROM x\nEXPOSE 22\n"),
            ("notes.yml", "privileged: true\n"),
        ],
    );
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "init"]);
    dir
}

/// `pre-commit try-repo <this repository> HOOK ...` in `dir`.
fn try_repo(dir: &Path, hook: &str, extra: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Output {
    let mut c = Command::new(pre_commit());
    c.current_dir(dir)
        .arg("try-repo")
        .arg(root())
        .arg(hook)
        .args(extra)
        .arg("--verbose")
        .arg("--color=never")
        .env("PRE_COMMIT_HOME", dir.join(".pre-commit-home"))
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_OUTPUT");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("pre-commit runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// `PATH` with the dockward under test first.
fn path_with_dockward() -> std::ffi::OsString {
    let mut dirs = vec![dockward().parent().unwrap().to_path_buf()];
    dirs.extend(std::env::split_paths(&tool_path()));
    std::env::join_paths(dirs).unwrap()
}

/// The human report in `out` has a diagnostic whose header starts with
/// `header`, located at `location` (the first ` --> ` line after it: a
/// Compose service's diagnostics share one location line).
fn assert_reports(out: &str, header: &str, location: &str) {
    let mut lines = out.lines().skip_while(|l| !l.starts_with(header));
    assert!(lines.next().is_some(), "no {header:?} in:\n{out}");
    let at = lines.find_map(|l| l.strip_prefix(" --> "));
    assert_eq!(at, Some(location), "{header:?} in:\n{out}");
}

#[test]
#[ignore = "needs `pre-commit` (scripts/install/pre-commit.sh); scripts/test runs it"]
fn system_hook_fails_on_problems_and_passes_when_fixed() {
    venv_python("pre_commit");
    let repo = bad_repo();
    let path = path_with_dockward();
    let env = [("PATH", path.as_os_str())];

    let o = try_repo(repo.path(), "dockward-system", &["--all-files"], &env);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("Failed"), "{out}");
    assert_reports(
        &out,
        "error[DF003 sshd-installed]: `openssh-server` installs an SSH server in the image",
        "app/Dockerfile:2:42",
    );
    assert_reports(&out, "error[DC001 privileged-service]", "compose.yaml:4:17");
    assert_reports(
        &out,
        "warning[DC009 service-missing-user]",
        "compose.yaml:2:3",
    );
    assert!(!out.contains("notes.yml"), "{out}");
    assert!(!out.contains("Dockerfile.template"), "{out}");

    write_files(
        repo.path(),
        &[
            ("app/Dockerfile", GOOD_DOCKERFILE),
            ("compose.yaml", GOOD_COMPOSE),
        ],
    );
    git(repo.path(), &["add", "-A"]);
    let o = try_repo(repo.path(), "dockward-system", &["--all-files"], &env);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("Passed"), "{out}");
    git(repo.path(), &["commit", "-qm", "fixed"]);

    // Only the Dockerfile changes, back to root: pre-commit passes just
    // that file, and the Compose file that builds it is linted too.
    write_files(repo.path(), &[("app/Dockerfile", "FROM debian:12\n")]);
    git(repo.path(), &["add", "app/Dockerfile"]);
    let o = try_repo(repo.path(), "dockward-system", &[], &env);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert_reports(&out, "warning[DF001 missing-user]", "app/Dockerfile:1:1");
    // The Compose project that builds the Dockerfile is linted.
    assert_reports(
        &out,
        "warning[DC009 service-missing-user]",
        "compose.yaml:2:3",
    );
}

#[test]
#[ignore = "needs `pre-commit` (scripts/install/pre-commit.sh); scripts/test runs it"]
fn source_hook_builds_from_source() {
    venv_python("pre_commit");
    // pre-commit clones this repository at HEAD: what is committed is
    // what gets built.
    let repo = bad_repo();
    // A quick build that is kept between runs: no optimization, no LTO,
    // a target directory of its own under target/, no network.
    let target = root().join("target/pre-commit-hook");
    let path = tool_path();
    let env: Vec<(&str, &std::ffi::OsStr)> = vec![
        ("PATH", path.as_os_str()),
        ("CARGO_TARGET_DIR", target.as_os_str()),
        ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0".as_ref()),
        ("CARGO_PROFILE_RELEASE_LTO", "false".as_ref()),
        ("CARGO_PROFILE_RELEASE_DEBUG", "false".as_ref()),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16".as_ref()),
        ("CARGO_PROFILE_RELEASE_INCREMENTAL", "true".as_ref()),
        ("CARGO_NET_OFFLINE", "true".as_ref()),
        ("CARGO_TERM_COLOR", "never".as_ref()),
    ];
    let o = try_repo(repo.path(), "dockward-source", &["--all-files"], &env);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert_reports(&out, "error[DF003 sshd-installed]", "app/Dockerfile:2:42");
    assert_reports(&out, "error[DC001 privileged-service]", "compose.yaml:4:17");
    // cargo built it (pre-commit installed it into its own environment).
    assert!(target.join("release/dockward").is_file());
}

/// `--compose-context` on its own: the Compose files whose project uses a
/// named file are linted too, and only those.
#[test]
fn compose_context_adds_the_projects_that_use_a_file() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("app/Dockerfile", "FROM debian:12\n"),
            (
                "deploy/compose.yaml",
                "services:\n  web:\n    build: ../app\n",
            ),
            (
                "deploy/compose.override.yaml",
                "services:\n  web:\n    privileged: true\n",
            ),
            (
                "other/compose.yaml",
                "services:\n  db:\n    image: postgres\n",
            ),
            (
                "ext/docker-compose.yml",
                "services:\n  x:\n    extends:\n      file: ../deploy/compose.yaml\n      service: web\n",
            ),
        ],
    );
    // The files linted, as checkstyle lists them (clean ones included).
    let paths = |args: &[&str]| -> BTreeSet<String> {
        let mut all = vec!["check", "--format", "checkstyle"];
        all.extend_from_slice(args);
        let o = run_in(dir.path(), &all, &[]);
        stdout(&o)
            .lines()
            .filter_map(|l| l.trim().strip_prefix("<file name=\""))
            .map(|l| l.split('"').next().unwrap().to_string())
            .collect()
    };
    // Without the flag, only the named file.
    assert_eq!(
        paths(&["app/Dockerfile"]),
        BTreeSet::from(["app/Dockerfile".to_string()])
    );
    // The Dockerfile is built by deploy/compose.yaml.
    assert_eq!(
        paths(&["--compose-context", "app/Dockerfile"]),
        BTreeSet::from([
            "app/Dockerfile".to_string(),
            "deploy/compose.yaml".to_string()
        ])
    );
    // An override brings in its base; a file another one extends brings
    // in that one.
    let got = paths(&["--compose-context", "./deploy/compose.override.yaml"]);
    assert!(got.contains("deploy/compose.yaml"), "{got:?}");
    let got = paths(&["--compose-context", "deploy/compose.yaml"]);
    assert!(got.contains("ext/docker-compose.yml"), "{got:?}");
    assert!(!got.contains("other/compose.yaml"), "{got:?}");
}
