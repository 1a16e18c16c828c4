//! `--fix`, `--unsafe-fixes` and `--diff` on the command line: what is
//! written, what is printed, exit codes, and what is refused.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dockward"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dockward")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const DOCKERFILE: &str = "FROM alpine:3.20\nMAINTAINER ops\nRUN apk add curl\nUSER 10001\n";
const FIXED: &str = "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"ops\"\nRUN apk add --no-cache curl\nUSER 10001\n";

#[test]
fn diff_writes_nothing_and_exits_1_when_something_is_fixable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), DOCKERFILE).unwrap();
    let o = run_in(dir.path(), &["check", "--diff", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,4 +1,4 @@\n FROM alpine:3.20\n-MAINTAINER ops\n-RUN apk add curl\n+LABEL org.opencontainers.image.authors=\"ops\"\n+RUN apk add --no-cache curl\n USER 10001\n"
    );
    assert_eq!(text(&o.stderr), "would fix 2 in 1 file, 0 remaining\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        DOCKERFILE
    );
    // Nothing to fix: exit 0, no diff.
    std::fs::write(dir.path().join("Dockerfile"), FIXED).unwrap();
    let o = run_in(dir.path(), &["check", "--diff", "."]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o.stdout), "");
}

#[test]
fn fix_writes_and_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), DOCKERFILE).unwrap();
    let o = run_in(dir.path(), &["check", "--fix", "--format", "concise", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        FIXED
    );
    assert!(
        text(&o.stdout).ends_with("fixed 2, 0 remaining\n"),
        "{}",
        text(&o.stdout)
    );
    // Machine formats keep standard output to themselves.
    std::fs::write(
        dir.path().join("Dockerfile"),
        DOCKERFILE.replace("USER 10001\n", ""),
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", "--fix", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    assert_eq!(json["diagnostics"][0]["rule"], "missing-user");
    assert_eq!(
        json["diagnostics"][0]["fix"]["applicability"], "unsafe",
        "{json}"
    );
    assert_eq!(text(&o.stderr), "fixed 2, 1 remaining\n");
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let compose = "services:\n  web:\n    image: nginx:1.27\n    read_only: false\n";
    std::fs::write(dir.path().join("compose.yaml"), compose).unwrap();
    let o = run_in(dir.path(), &["check", "--fix", "-q", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap(),
        compose
    );
    let o = run_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "-q", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    let fixed = std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap();
    assert!(fixed.contains("    read_only: true\n"), "{fixed}");
    assert!(fixed.contains("    cap_drop:\n      - ALL\n"), "{fixed}");
}

#[test]
fn a_rule_fix_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), DOCKERFILE).unwrap();
    std::fs::write(
        dir.path().join("dockward.toml"),
        "[rules.maintainer-instruction]\nfix = false\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--fix",
            "--fail-on",
            "info",
            "--format",
            "concise",
            ".",
        ],
    );
    // What remains still counts for the exit code.
    assert_eq!(o.status.code(), Some(1));
    let after = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(after.contains("MAINTAINER ops"), "{after}");
    assert!(after.contains("apk add --no-cache curl"), "{after}");
    assert!(text(&o.stdout).contains("DF217 maintainer-instruction"));
}

#[cfg(unix)]
#[test]
fn never_writes_through_a_symbolic_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.Dockerfile");
    std::fs::write(&real, DOCKERFILE).unwrap();
    std::os::unix::fs::symlink(&real, dir.path().join("Dockerfile")).unwrap();
    let o = run_in(dir.path(), &["check", "--fix", "-q", "Dockerfile"]);
    assert_eq!(std::fs::read_to_string(&real).unwrap(), DOCKERFILE);
    assert!(
        text(&o.stderr)
            .contains("was not applied: it would edit `Dockerfile`: it is a symbolic link"),
        "{}",
        text(&o.stderr)
    );
    assert!(
        std::fs::symlink_metadata(dir.path().join("Dockerfile"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // Nor through a linked directory on the way, as for report files.
    std::fs::create_dir(dir.path().join("real")).unwrap();
    std::fs::write(dir.path().join("real/Dockerfile"), DOCKERFILE).unwrap();
    std::os::unix::fs::symlink("real", dir.path().join("linked")).unwrap();
    let o = run_in(dir.path(), &["check", "--fix", "-q", "linked/Dockerfile"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real/Dockerfile")).unwrap(),
        DOCKERFILE
    );
    assert!(
        text(&o.stderr).contains(
            "was not applied: it would edit `linked/Dockerfile`: linked is a symbolic link"
        ),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn standard_input_is_fixed_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dockward"))
        .current_dir(dir.path())
        .args(["check", "--fix", "--stdin-filename", "Dockerfile", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(DOCKERFILE.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(text(&o.stdout), FIXED);
    assert_eq!(text(&o.stderr), "fixed 2, 0 remaining\n");
    assert_eq!(o.status.code(), Some(0));
}
