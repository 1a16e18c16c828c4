//! The CI owner can pin everything: `--config FILE` stops the repository's
//! `dockward.toml` and `.hadolint.yaml` from applying, and
//! `inline-suppressions = false` in it stops every suppression comment, of
//! every syntax, in Dockerfiles and Compose files.

mod common;

use std::path::Path;
use std::process::Command;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// One file per comment syntax: the comment suppresses `code` when inline
/// suppressions are on.
const CASES: &[(&str, &str, &str)] = &[
    (
        "dockward/Dockerfile",
        "FROM alpine:3\n# dockward: ignore[sshd-installed]\nRUN apk add openssh\nUSER 1\n",
        "DF003",
    ),
    (
        "dockward-file/Dockerfile",
        "# dockward: ignore-file[sshd-installed]\nFROM alpine:3\nRUN apk add openssh\nUSER 1\n",
        "DF003",
    ),
    (
        "hadolint/Dockerfile",
        "FROM alpine:3\n# hadolint ignore=DL3002\nUSER root\n",
        "DF002",
    ),
    (
        "hadolint-global/Dockerfile",
        "# hadolint global ignore=DL3002\nFROM alpine:3\nUSER root\n",
        "DF002",
    ),
    (
        "buildkit/Dockerfile",
        "# check=skip=JSONArgsRecommended\nFROM alpine:3\nUSER 1\nCMD echo hi\n",
        "DF216",
    ),
    (
        "trivy/Dockerfile",
        "FROM alpine:3\n# trivy:ignore:DS-0002\nUSER root\n",
        "DF002",
    ),
    (
        "checkov/Dockerfile",
        "# checkov:skip=CKV_DOCKER_8: reviewed\nFROM alpine:3\nUSER root\n",
        "DF002",
    ),
    (
        "c-dockward/compose.yaml",
        "services:\n  a:\n    image: nginx:1\n    # dockward: ignore[privileged-service]\n    privileged: true\n",
        "DC001",
    ),
    (
        "c-kics-file/compose.yaml",
        "# kics-scan ignore\nservices:\n  a:\n    image: nginx:1\n    privileged: true\n",
        "DC001",
    ),
    (
        "c-kics-line/compose.yaml",
        "services:\n  a:\n    image: nginx:1\n    privileged: true # kics-scan ignore-line\n",
        "DC001",
    ),
    (
        "c-kics-disable/compose.yaml",
        "# kics-scan disable=ae5b6871-7f45-42e0-bb4c-ab300c4d2026\nservices:\n  a:\n    image: nginx:1\n    privileged: true\n",
        "DC001",
    ),
    (
        "c-dclint-file/compose.yaml",
        "# dclint disable-file\nservices:\n  a:\n    image: nginx\n",
        "DC129",
    ),
    (
        "c-dclint-line/compose.yaml",
        "services:\n  a:\n    image: nginx # dclint disable-line service-image-require-explicit-tag\n",
        "DC129",
    ),
    // The combination the issue reported: two head comments hid a
    // privileged service, the Docker socket and the host network.
    (
        "c-combo/compose.yaml",
        "# kics-scan ignore\n# dclint disable-file\nservices:\n  a:\n    image: nginx:1\n    privileged: true\n    network_mode: host\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
        "DC001 DC010 DC011",
    ),
];

/// `(path, code)` of every diagnostic of a run with `config`.
fn findings(repo: &Path, config: &Path) -> Vec<(String, String)> {
    let out = Command::new(common::dockward())
        .current_dir(repo)
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--config",
        ])
        .arg(config)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn no_comment_suppresses_anything_when_inline_suppressions_are_off() {
    let t = tempfile::tempdir().unwrap();
    let repo = t.path().join("repo");
    for (path, text, _) in CASES {
        write(&repo, path, text);
    }
    let pinned = t.path().join("pinned");
    write(&pinned, "on.toml", "");
    write(&pinned, "off.toml", "inline-suppressions = false\n");
    let on = findings(&repo, &pinned.join("on.toml"));
    let off = findings(&repo, &pinned.join("off.toml"));
    for (path, _, codes) in CASES {
        for code in codes.split(' ') {
            let has = |f: &[(String, String)]| f.iter().any(|(p, c)| p == path && c == code);
            assert!(
                !has(&on),
                "{path}: the comment should suppress {code}: {on:?}"
            );
            assert!(
                has(&off),
                "{path}: {code} missing with inline-suppressions = false"
            );
        }
    }
    // The comments are not reported either: they are just comments.
    assert!(
        off.iter().all(|(_, c)| c != "DF900" && c != "DC900"),
        "{off:?}"
    );
}

#[test]
fn a_pinned_configuration_ignores_the_repository_configurations() {
    let t = tempfile::tempdir().unwrap();
    let repo = t.path().join("repo");
    // Files a pull request could add to switch rules off.
    write(
        &repo,
        "dockward.toml",
        "ignore = [\"privileged-service\", \"root-user\"]\n",
    );
    write(&repo, "app/.hadolint.yaml", "ignored:\n  - DL3002\n");
    write(
        &repo,
        "compose.yaml",
        "services:\n  a:\n    image: nginx:1\n    privileged: true\n",
    );
    write(&repo, "app/Dockerfile", "FROM alpine:3\nUSER root\n");
    write(&repo, "app/sub/dockward.toml", "ignore = [\"root-user\"]\n");
    write(&repo, "app/sub/Dockerfile", "FROM alpine:3\nUSER root\n");
    let pinned = t.path().join("pinned/dockward.toml");
    write(
        t.path(),
        "pinned/dockward.toml",
        "inline-suppressions = false\n",
    );
    let f = findings(&repo, &pinned);
    for (path, code) in [
        ("compose.yaml", "DC001"),
        ("app/Dockerfile", "DF002"),
        ("app/sub/Dockerfile", "DF002"),
    ] {
        assert!(
            f.iter().any(|(p, c)| p == path && c == code),
            "{path}: {code} missing: {f:?}"
        );
    }
}
