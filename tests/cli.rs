//! The command line: exit codes, formats, stdin, discovery, configuration.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dockward() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dockward"));
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    dockward()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run dockward")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

const BAD_DOCKERFILE: &str = "FROM alpine:3.20\nRUN apk add --no-cache openssh\n";
const CLEAN_DOCKERFILE: &str = "FROM alpine:3.20\nUSER 10001\n";
const WARNING_ONLY: &str = "FROM alpine:3.20\n";

#[test]
fn exit_codes() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "clean/Dockerfile", CLEAN_DOCKERFILE);
    write(t.path(), "warn/Dockerfile", WARNING_ONLY);
    let clean = run_in(t.path(), &["check", "clean"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    let warn = run_in(t.path(), &["check", "warn"]);
    assert_eq!(warn.status.code(), Some(1));
    let errors_only = run_in(t.path(), &["check", "--fail-on", "error", "warn"]);
    assert_eq!(errors_only.status.code(), Some(0));
    let never = run_in(t.path(), &["check", "--fail-on", "never", "warn"]);
    assert_eq!(never.status.code(), Some(0));
    let missing = run_in(t.path(), &["check", "nope"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("nope: no such file or directory"),
        "{}",
        stderr(&missing)
    );
    let bad_arg = run_in(t.path(), &["check", "--format", "xml"]);
    assert_eq!(bad_arg.status.code(), Some(2));
    let bad_rule = run_in(t.path(), &["check", "--select", "missing-usr", "clean"]);
    assert_eq!(bad_rule.status.code(), Some(2));
    assert!(
        stderr(&bad_rule).contains("did you mean `missing-user`"),
        "{}",
        stderr(&bad_rule)
    );
}

#[test]
fn bad_configuration_is_exit_2_with_a_suggestion() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "Dockerfile", CLEAN_DOCKERFILE);
    write(t.path(), "dockward.toml", "fial-on = \"error\"\n");
    std::fs::create_dir(t.path().join(".git")).unwrap();
    let o = run_in(t.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `fail-on`"),
        "{}",
        stderr(&o)
    );
    let explicit = run_in(
        t.path(),
        &["check", "--config", "dockward.toml", "Dockerfile"],
    );
    assert_eq!(explicit.status.code(), Some(2));
    write(
        t.path(),
        "other.toml",
        "[rules.no-such-rule]\nseverity = \"error\"\n",
    );
    let o = run_in(t.path(), &["check", "--config", "other.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown rule `no-such-rule`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn concise_lines() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "Dockerfile", BAD_DOCKERFILE);
    let o = run_in(t.path(), &["check", "--format", "concise", "-q"]);
    assert_eq!(
        stdout(&o),
        "Dockerfile:1:1: warning[DF001 missing-user] the final stage never sets `USER`, so the container runs as root\n\
         Dockerfile:2:24: error[DF003 sshd-installed] `openssh` installs an SSH server in the image\n"
    );
    let with_summary = run_in(t.path(), &["check", "--format", "concise"]);
    assert!(
        stdout(&with_summary)
            .ends_with("found 2 diagnostics (1 error, 1 warning) in 1 of 1 file; 1 fixable with `dockward check --fix --unsafe-fixes`\n")
    );
}

#[test]
fn json_contract() {
    let t = tempfile::tempdir().unwrap();
    // A non-ASCII comment line before the finding: columns count scalars.
    write(
        t.path(),
        "Dockerfile",
        "# é😀\nFROM alpine:3.20\nEXPOSE 22\nUSER 1\n",
    );
    write(
        t.path(),
        "compose.yaml",
        "services:\n  web:\n    image: nginx\n    privileged: true\n",
    );
    let o = run_in(t.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let obj = v.as_object().unwrap();
    let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    assert_eq!(keys, ["version", "tool", "files", "diagnostics"]);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "dockward");
    assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["files"], 2);
    let diags = v["diagnostics"].as_array().unwrap();
    let first = &diags[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "path", "code", "rule", "severity", "message", "help", "url", "range", "labels", "fix"
        ]
    );
    assert_eq!(first["path"], "Dockerfile");
    assert_eq!(first["code"], "DF004");
    assert_eq!(first["rule"], "ssh-port-exposed");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["range"]["start"]["line"], 3);
    assert_eq!(first["range"]["start"]["column"], 8);
    assert_eq!(first["range"]["end"]["column"], 10);
    assert!(
        first["url"]
            .as_str()
            .unwrap()
            .ends_with("lints/DF004-ssh-port-exposed.md")
    );
    assert!(first["fix"].is_null());
    assert!(first["labels"].as_array().unwrap().is_empty());
    // Sorted by path, then position: the Compose file comes after.
    let paths: Vec<&str> = diags.iter().map(|d| d["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(diags.iter().any(|d| d["rule"] == "privileged-service"
        && d["range"]["start"]["line"] == 4
        && d["range"]["start"]["column"] == 17));
}

#[test]
fn stdin_with_a_file_name() {
    let t = tempfile::tempdir().unwrap();
    let run = |args: &[&str], input: &str| {
        let mut child = dockward()
            .current_dir(t.path())
            .args(args)
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
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let compose = "services:\n  a:\n    image: x\n    network_mode: host\n";
    let o = run(
        &[
            "check",
            "--format",
            "concise",
            "-q",
            "--stdin-filename",
            "deploy/compose.yaml",
            "-",
        ],
        compose,
    );
    assert!(
        stdout(&o).contains("deploy/compose.yaml:4:19: error[DC011 host-network-mode]"),
        "{}",
        stdout(&o)
    );
    let o = run(&["check", "--format", "concise", "-q", "-"], BAD_DOCKERFILE);
    assert!(
        stdout(&o).contains("-:2:24: error[DF003 sshd-installed]"),
        "{}",
        stdout(&o)
    );
    assert_eq!(o.status.code(), Some(1));
    let o = run(
        &[
            "check",
            "-q",
            "-",
            "--stdin-filename",
            "Dockerfile",
            "--format",
            "json",
        ],
        "FROM a\n\u{0}",
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "DF000");
}

#[test]
fn explicit_files_are_linted_whatever_their_name() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "build.txt", BAD_DOCKERFILE);
    write(
        t.path(),
        "stack.yml",
        "services:\n  a:\n    image: x\n    privileged: true\n",
    );
    let walked = run_in(t.path(), &["check", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&walked.stdout).unwrap();
    assert_eq!(v["files"], 0);
    assert_eq!(walked.status.code(), Some(0));
    let named = run_in(
        t.path(),
        &[
            "check",
            "--format",
            "concise",
            "-q",
            "build.txt",
            "stack.yml",
        ],
    );
    let out = stdout(&named);
    assert!(out.contains("build.txt:2:24: error[DF003"), "{out}");
    assert!(out.contains("stack.yml:4:17: error[DC001"), "{out}");
}

/// A file reached by several of the paths named, however they spell it,
/// is linted once.
#[test]
fn a_file_named_several_ways_is_linted_once() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "a/Dockerfile", BAD_DOCKERFILE);
    let o = run_in(
        t.path(),
        &[
            "check",
            "--format",
            "concise",
            "a",
            "a/Dockerfile",
            "a//Dockerfile",
            "a/",
            "a/./Dockerfile",
        ],
    );
    let out = stdout(&o);
    assert_eq!(
        out.matches("a/Dockerfile:2:24: error[DF003").count(),
        1,
        "{out}"
    );
    assert!(out.contains("in 1 of 1 file"), "{out}");
}

#[test]
fn discovery_respects_ignores_and_keeps_hidden_directories() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, ".git/Dockerfile", BAD_DOCKERFILE);
    write(d, ".devcontainer/Dockerfile", BAD_DOCKERFILE);
    write(d, ".gitignore", "generated/\n");
    write(d, "generated/Dockerfile", BAD_DOCKERFILE);
    write(d, "sub/.ignore", "skipme.Dockerfile\n");
    write(d, "sub/skipme.Dockerfile", BAD_DOCKERFILE);
    write(d, "sub/Dockerfile-prod", BAD_DOCKERFILE);
    write(d, "sub/Dockerfile-alpine.template", BAD_DOCKERFILE);
    write(d, "dockward.toml", "exclude = [\"third_party\"]\n");
    write(
        d,
        "third_party/x/compose.yml",
        "services: {a: {image: x, privileged: true}}\n",
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
        let fifo = d.join("sub/fifo/Dockerfile");
        std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
        let ok = Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "mkfifo (coreutils) failed");
    }
    let o = run_in(d, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut paths: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    assert_eq!(paths, [".devcontainer/Dockerfile", "sub/Dockerfile-prod"]);
    assert_eq!(v["files"], 2);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_explicitly_is_a_diagnostic_not_a_hang() {
    let t = tempfile::tempdir().unwrap();
    let fifo = t.path().join("Dockerfile");
    let ok = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo (coreutils) failed");
    write(t.path(), "other/Dockerfile", BAD_DOCKERFILE);
    let o = run_in(
        t.path(),
        &[
            "check",
            "--format",
            "concise",
            "-q",
            "Dockerfile",
            "other/Dockerfile",
        ],
    );
    let out = stdout(&o);
    assert!(out.contains("Dockerfile:1:1: error[DF000 dockerfile-syntax-error] cannot read this file: it is not a regular file"), "{out}");
    assert!(out.contains("other/Dockerfile:2:24: error[DF003"), "{out}");
}

#[test]
fn unreadable_content_is_a_diagnostic_and_the_run_goes_on() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("Dockerfile"),
        b"FROM alpine\nRUN echo \xff\xfe\n",
    )
    .unwrap();
    std::fs::write(t.path().join("Dockerfile.utf16"), b"\xff\xfeF\0R\0O\0M\0").unwrap();
    write(
        t.path(),
        "big/Dockerfile",
        &format!("FROM alpine\n{}", "# padding\n".repeat(200)),
    );
    write(
        t.path(),
        "big/dockward.toml",
        "[limits]\nfile-size = 1000\n",
    );
    write(t.path(), "ok/Dockerfile", BAD_DOCKERFILE);
    let o = run_in(t.path(), &["check", "--format", "concise", "-q"]);
    let out = stdout(&o);
    assert!(out.contains("Dockerfile:2:10: error[DF000 dockerfile-syntax-error] file is not valid UTF-8 (invalid byte at offset 21)"), "{out}");
    assert!(
        out.contains(
            "Dockerfile.utf16:1:1: error[DF000 dockerfile-syntax-error] file is encoded as UTF-16"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "big/Dockerfile:1:1: error[DF000 dockerfile-syntax-error] file is too large to lint"
        ),
        "{out}"
    );
    assert!(out.contains("ok/Dockerfile:2:24: error[DF003"), "{out}");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn nearest_configuration_applies() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(d, "dockward.toml", "ignore = [\"missing-user\"]\n");
    write(d, "a/Dockerfile", WARNING_ONLY);
    write(
        d,
        "b/.dockward.toml",
        "[rules.missing-user]\nseverity = \"error\"\n",
    );
    write(d, "b/Dockerfile", WARNING_ONLY);
    let o = run_in(d, &["check", "--format", "concise", "-q"]);
    assert_eq!(
        stdout(&o),
        "b/Dockerfile:1:1: error[DF001 missing-user] the final stage never sets `USER`, so the container runs as root\n"
    );
    let o = run_in(
        d,
        &[
            "check",
            "--format",
            "concise",
            "-q",
            "--config",
            "dockward.toml",
        ],
    );
    assert_eq!(stdout(&o), "");
    let o = run_in(
        d,
        &["check", "--format", "concise", "-q", "--ignore", "DF001"],
    );
    assert_eq!(stdout(&o), "");
}

#[test]
fn output_is_deterministic_across_thread_counts() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let run = |threads: &str| {
        dockward()
            .env("RAYON_NUM_THREADS", threads)
            .args(["check", "--format", "json"])
            .arg(&examples)
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    for _ in 0..3 {
        assert_eq!(run("4"), one);
    }
}

#[test]
fn color_and_quiet() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "Dockerfile", WARNING_ONLY);
    let colored = run_in(t.path(), &["check", "--color", "always"]);
    assert!(stdout(&colored).contains('\u{1b}'));
    let no_color = dockward()
        .current_dir(t.path())
        .env("NO_COLOR", "1")
        .args(["check", "--color", "always"])
        .output()
        .unwrap();
    assert!(!stdout(&no_color).contains('\u{1b}'));
    let flag = run_in(t.path(), &["check", "--color", "always", "--no-color"]);
    assert!(!stdout(&flag).contains('\u{1b}'));
    let human = stdout(&flag);
    assert!(human.contains("warning[DF001 missing-user]"), "{human}");
    assert!(
        human.contains("help: create an unprivileged user"),
        "{human}"
    );
    assert!(human.contains("lints/DF001-missing-user.md"), "{human}");
    assert!(
        human
            .trim_end()
            .ends_with("found 1 diagnostic (1 warning) in 1 of 1 file; 1 fixable with `dockward check --fix --unsafe-fixes`"),
        "{human}"
    );
    let quiet = run_in(t.path(), &["check", "-q", "--no-color"]);
    assert!(!stdout(&quiet).contains("found 1 diagnostic"));
    let clean = tempfile::tempdir().unwrap();
    write(clean.path(), "Dockerfile", CLEAN_DOCKERFILE);
    assert_eq!(
        stdout(&run_in(clean.path(), &["check", "--no-color"])),
        "no problems found in 1 file\n"
    );
}

#[test]
fn rules_and_explain() {
    let o = dockward()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = v.as_array().unwrap();
    assert!(rules.len() >= 27);
    for r in rules {
        for key in [
            "code", "name", "kind", "severity", "summary", "origins", "fixable", "status",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
        let origins = r["origins"].as_object().unwrap();
        for tool in [
            "hadolint",
            "buildkit",
            "trivy",
            "checkov",
            "kics",
            "compose-lint",
            "dclint",
        ] {
            assert!(origins[tool].is_array(), "{tool} missing");
        }
        assert!(matches!(r["kind"].as_str(), Some("dockerfile" | "compose")));
    }
    let text = dockward().arg("rules").output().unwrap();
    assert!(stdout(&text).contains("DF001  missing-user"));
    for sel in ["DF002", "root-user", "DL3002"] {
        let o = dockward().args(["explain", sel]).output().unwrap();
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).starts_with("root-user (DF002)\n"), "{sel}");
    }
    let o = dockward().args(["explain", "root-usr"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `root-user`"));
}

#[test]
fn rule_index_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = dockward()
        .args(["rules", "--format", "markdown"])
        .output()
        .unwrap();
    let index_path = root.join("lints/README.md");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&index_path, &generated.stdout).unwrap();
    }
    let index = std::fs::read_to_string(&index_path).unwrap();
    assert_eq!(
        index,
        stdout(&generated),
        "lints/README.md is stale: run `dockward rules --format markdown > lints/README.md`"
    );
    for r in dockward::rules::RULES {
        assert!(index.contains(&format!("| {} | [{}]", r.meta.code, r.meta.name)));
    }
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("lints/README.md"));
}

/// Renamed rules keep their former names: configuration (`ignore`, a rule
/// table), `--select`/`--ignore`, suppression comments and `explain`.
#[test]
fn former_rule_names_are_accepted() {
    let compose = "services:\n  web:\n    image: nginx:1.25\n";
    let codes = |o: &Output| -> Vec<String> {
        stdout(o)
            .lines()
            .filter_map(|l| Some(l.split_once('[')?.1.split(' ').next()?.to_string()))
            .collect()
    };
    let plain = tempfile::tempdir().unwrap();
    write(plain.path(), "compose.yaml", compose);
    let all = codes(&run_in(plain.path(), &["check", "--format", "concise"]));
    for code in ["DC004", "DC005", "DC006", "DC113", "DC114"] {
        assert!(all.iter().any(|c| c == code), "{code} in {all:?}");
    }
    assert!(!all.iter().any(|c| c == "DC133"), "{all:?}");

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "dockward.toml",
        "ignore = [\"no-cpu-limit\"]\n[rules.no-memory-limit]\nseverity = \"off\"\n",
    );
    write(
        dir.path(),
        "compose.yaml",
        &format!("# dockward: ignore-file[no-pids-limit]\n{compose}"),
    );
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--extend-select",
            "no-healthcheck",
            "--ignore",
            "no-cap-drop",
        ],
    );
    assert_eq!(stderr(&o), "");
    let got = codes(&o);
    for code in ["DC004", "DC005", "DC006", "DC113", "DC900"] {
        assert!(!got.iter().any(|c| c == code), "{code} in {got:?}");
    }
    for code in ["DC114", "DC133"] {
        assert!(got.iter().any(|c| c == code), "{code} missing in {got:?}");
    }
    let o = dockward()
        .args(["explain", "no-new-privileges-unset"])
        .output()
        .unwrap();
    assert!(stdout(&o).starts_with("missing-no-new-privileges (DC114)\n"));
}

/// `--version` names the package version and, built from this work tree,
/// the commit of HEAD (build.rs).
#[test]
fn version_names_the_commit() {
    let o = dockward().arg("--version").output().unwrap();
    assert!(o.status.success());
    let line = stdout(&o);
    let prefix = concat!("dockward ", env!("CARGO_PKG_VERSION"));
    assert!(line.starts_with(prefix), "{line}");
    let head = Command::new("git")
        .args(["rev-parse", "--short=9", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    match head {
        Ok(h) if h.status.success() => {
            let hash = String::from_utf8_lossy(&h.stdout).trim().to_string();
            let rest = line.trim_end().strip_prefix(prefix).unwrap();
            assert!(rest.starts_with(&format!(" ({hash} ")), "{line}");
            assert!(rest.ends_with(')'), "{line}");
        }
        _ => assert_eq!(line.trim_end(), prefix),
    }
}

/// The formats printed file by file as the run goes (human, concise, GNU)
/// print what they print from the whole report (`--output` makes a run
/// keep it): the same bytes, errors and exit code. More Dockerfiles than
/// one batch, with Compose files among them whose reports wait for their
/// turn, and a Dockerfile that a service builds.
#[test]
fn streamed_output_is_the_whole_report_output() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    for i in 0..1100 {
        let df = if i % 3 == 0 {
            BAD_DOCKERFILE
        } else {
            CLEAN_DOCKERFILE
        };
        write(dir.path(), &format!("d{i:04}/Dockerfile"), df);
        if i % 250 == 0 {
            write(
                dir.path(),
                &format!("d{i:04}/compose.yaml"),
                "services:\n  web:\n    build: .\n    privileged: true\n    ports: [\"80:80\"]\n",
            );
        }
    }
    write(
        dir.path(),
        "d0500/compose.override.yaml",
        "services:\n  web:\n    user: root\n",
    );
    for format in ["concise", "human", "gnu"] {
        let out = elsewhere.path().join(format);
        let whole_output = format!("json={}", out.display());
        let streamed = run_in(dir.path(), &["check", "--format", format, "."]);
        let whole = run_in(
            dir.path(),
            &["check", "--format", format, "--output", &whole_output, "."],
        );
        assert!(out.is_file(), "{format}: the whole report was written");
        assert_eq!(stdout(&streamed), stdout(&whole), "{format}");
        assert_eq!(stderr(&streamed), stderr(&whole), "{format}");
        assert_eq!(streamed.status.code(), Some(1), "{format}");
        assert_eq!(whole.status.code(), Some(1), "{format}");
    }
    // In path order across the batches, Compose files among Dockerfiles.
    let concise = stdout(&run_in(dir.path(), &["check", "--format", "concise", "."]));
    let paths: Vec<PathBuf> = concise
        .lines()
        .filter_map(|l| l.split_once(':').map(|(p, _)| PathBuf::from(p)))
        .filter(|p| p.to_string_lossy().starts_with('d'))
        .collect();
    assert!(paths.is_sorted(), "{concise}");
    for p in [
        "d0000/Dockerfile",
        "d0000/compose.yaml",
        "d0500/compose.override.yaml",
        "d1098/Dockerfile",
    ] {
        assert!(
            paths.iter().any(|x| x.as_path() == Path::new(p)),
            "{p}:\n{concise}"
        );
    }
    assert!(
        concise.lines().last().unwrap().starts_with("found "),
        "{concise}"
    );
}
