//! What an attacker who writes the linted files can make dockward print or
//! write: nothing that a CI log, a terminal or a markdown page would read
//! as anything but text. Each case here printed raw on the main branch
//! before the fix it guards.

#![cfg(unix)]

mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::measured::{self, Measured};

fn write(dir: &Path, rel: impl AsRef<OsStr>, text: impl AsRef<[u8]>) {
    let p = dir.join(rel.as_ref());
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A directory name from bytes.
fn name(bytes: &[u8]) -> PathBuf {
    PathBuf::from(OsStr::from_bytes(bytes))
}

/// A repository whose names and values carry line breaks, carriage
/// returns, escape sequences, bidirectional overrides and bytes that are
/// not UTF-8.
fn hostile_repo(d: &Path) {
    // A service name with a line break and a workflow command after it; a
    // value with a carriage return; a key with an escape sequence and a
    // line separator; an override that reverses text.
    write(
        d,
        "compose.yaml",
        "services:\n  \"w\\n::stop-commands::tok\":\n    image: \"nginx\\r::warning::cr\"\n    privileged: true\n  \"x\\e[31m\\L\\u202e\":\n    image: nginx:1\n    network_mode: host\n",
    );
    // A directory whose name has a line break and a command.
    let evil_dir = "d\n::error::from-dir";
    // And one that would start an Azure Pipelines logging command.
    write(
        d,
        "e\n##vso[task.setvariable variable=x]y/Dockerfile",
        "FROM alpine\n",
    );
    // And TeamCity service messages, in a name, a value and a line of text.
    write(
        d,
        "t ##teamcity[buildStatus text='ok']/Dockerfile",
        "FROM alpine\nRUN apt-get install ##teamcity[setParameter name='a' value='b']\n",
    );
    write(
        d,
        "tc/compose.yaml",
        "services:\n  \"##teamcity[buildStop]\":\n    image: \"##teamcity[i]\"\n    privileged: true\n",
    );
    write(
        d,
        format!("{evil_dir}/Dockerfile"),
        "FROM alpine\nRUN apk add openssh\n",
    );
    // Raw control characters inside a Dockerfile line: the human format's
    // snippet shows that line.
    write(
        d,
        "raw/Dockerfile",
        b"FROM alpine\nRUN apt-get install curl\r::stop-commands::raw \x1b[2J\xe2\x80\xa8x\nUSER 1\n",
    );
    // Two directories whose names differ only in bytes that are not UTF-8
    // and in the replacement character a lossy conversion would print.
    let mut a = name(b"caf\xe9");
    a.push("Dockerfile");
    write(d, &a, "FROM alpine\n");
    let mut b = name("caf\u{fffd}".as_bytes());
    b.push("Dockerfile");
    write(d, &b, "FROM alpine\n");
}

/// Every byte a text output may hold raw: printable text and `\n`; no
/// line starts a workflow or logging command but dockward's own.
fn assert_clean(what: &str, out: &str) {
    for (i, line) in out.lines().enumerate() {
        let bad: Vec<char> = line
            .chars()
            .filter(|&c| dockward::escape::is_special(c) && c != '\t')
            .collect();
        assert!(
            bad.is_empty(),
            "{what}: line {} holds {bad:?}: {line:?}",
            i + 1
        );
        let trimmed = line.trim_start();
        // The only workflow commands are dockward's own annotations.
        if trimmed.starts_with("::") {
            assert!(
                what.starts_with("github")
                    && [
                        "::error file=",
                        "::warning file=",
                        "::notice file=",
                        "::error title=dockward::",
                    ]
                    .iter()
                    .any(|p| trimmed.starts_with(p)),
                "{what}: a line starts a workflow command: {line:?}"
            );
        }
        // TeamCity reads a service message anywhere in a line.
        assert!(
            !line.contains("##teamcity["),
            "{what}: a TeamCity service message: {line:?}"
        );
        // Azure Pipelines runs `##vso[` anywhere in a line.
        if let Some(at) = line.find("##vso[") {
            assert!(
                what.starts_with("azure") && at == 0 && line.starts_with("##vso[task.logissue "),
                "{what}: a logging command: {line:?}"
            );
            assert_eq!(
                line.matches("##vso[").count(),
                1,
                "{what}: a second logging command: {line:?}"
            );
        }
    }
}

fn run(d: &Path, args: &[&str]) -> Measured {
    let mut cmd = Command::new(common::dockward());
    cmd.current_dir(d)
        .args(args)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_OUTPUT");
    measured::run_command(cmd, None, Duration::from_secs(120))
}

#[test]
fn values_from_the_input_are_escaped_in_every_format_and_on_stderr() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    hostile_repo(d);
    // A configuration error that names a hostile directory and quotes a
    // hostile rule name goes to stderr.
    write(
        d,
        "c\n::error::cfg/dockward.toml",
        "select = [\"x\\u001b[31m\\n::warning::rule ##vso[task.complete result=Succeeded]\"]\n",
    );
    write(d, "c\n::error::cfg/Dockerfile", "FROM alpine\n");
    // Every format there is, so a new one is covered the day it lands.
    let mut formats: Vec<Vec<&str>> = dockward::render::Format::ALL
        .iter()
        .map(|f| vec!["--format", f.as_str()])
        .collect();
    formats.push(vec!["--format", "human", "--no-show-source"]);
    formats.push(vec!["--format", "human", "--color", "always"]);
    formats.push(vec!["--format", "concise", "--statistics"]);
    for f in &formats {
        let mut args = vec!["check", "--fail-on", "never"];
        args.extend(f);
        let m = run(d, &args);
        let what = f[1..].join(" ");
        assert!(m.code.is_some(), "{what}: {}", m.stderr());
        let out = m.stdout();
        if f.contains(&"always") {
            // Color is dockward's own escape sequences: strip them, then
            // nothing else may remain.
            let plain = strip_sgr(&out);
            assert_clean(&what, &plain);
        } else {
            assert_clean(&what, &out);
        }
        assert_clean(&format!("{what} (stderr)"), &m.stderr());
        assert!(
            m.stderr()
                .contains("c\\n::error::cfg/dockward.toml\": unknown rule"),
            "{what}: {}",
            m.stderr()
        );
        // The escaped forms are what people read.
        if ["human", "concise", "github", "checkstyle", "junit", "gnu"].contains(&what.as_str()) {
            assert!(out.contains("w\\n::stop-commands::tok"), "{what}: {out}");
        }
        if ["human", "concise"].contains(&what.as_str()) {
            assert!(
                out.contains("\"d\\n::error::from-dir/Dockerfile\""),
                "{what}: {out}"
            );
        }
    }
    // The snippet of a line with raw control characters shows them escaped,
    // with the label still under the right characters.
    let human = run(d, &["check", "--fail-on", "never", "raw"]).stdout();
    assert!(
        human.contains("RUN apt-get install curl\\r::stop-commands::raw \\u{1b}[2J\\u{2028}x"),
        "{human}"
    );
    // JSON consumers get the escaped text too, and the same path.
    let v = run(d, &["check", "--fail-on", "never", "--format", "json"]).json();
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"\"caf\\xe9/Dockerfile\""), "{paths:?}");
    assert!(paths.contains(&"caf\u{fffd}/Dockerfile"), "{paths:?}");
    // SARIF keeps the real bytes in the URI.
    let sarif = run(d, &["check", "--fail-on", "never", "--format", "sarif"]).json();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"caf%E9/Dockerfile"), "{uris:?}");
    assert!(uris.contains(&"caf%EF%BF%BD/Dockerfile"), "{uris:?}");
}

/// Removes `ESC [ ... m` sequences.
fn strip_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\u{1b}') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after
            .strip_prefix('[')
            .and_then(|a| a.find(|c: char| c.is_ascii_alphabetic()).map(|e| (a, e)))
        {
            Some((a, e)) if a.as_bytes()[e] == b'm' => rest = &a[e + 1..],
            _ => {
                out.push('\u{1b}');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn two_names_that_differ_never_print_the_same() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // The byte 0xE9, its lossy rendering, an escape written literally, and
    // a name with a backslash.
    for n in [
        &b"caf\xe9"[..],
        "caf\u{fffd}".as_bytes(),
        b"caf\\xe9",
        b"\"caf\\xe9\"",
    ] {
        let mut p = name(n);
        p.push("Dockerfile");
        write(d, &p, "FROM alpine\n");
    }
    let out = run(d, &["check", "--fail-on", "never", "--format", "concise"]).stdout();
    let mut shown: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_once(":1:").map(|(p, _)| p))
        .collect();
    shown.sort_unstable();
    shown.dedup();
    assert_eq!(shown.len(), 4, "{out}");
}

#[test]
fn a_backtick_in_a_service_name_does_not_become_markdown_in_the_job_summary() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "compose.yaml",
        "services:\n  \"x` [click](https://evil.example) <img src=x onerror=alert(1)> `y\":\n    image: nginx\n    privileged: true\n",
    );
    let summary = d.join("summary.md");
    std::fs::write(&summary, "").unwrap();
    let mut cmd = Command::new(common::dockward());
    cmd.current_dir(d)
        .args(["check", "--format", "github", "--fail-on", "never"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env_remove("GITHUB_OUTPUT");
    let m = measured::run_command(cmd, None, Duration::from_secs(60));
    assert_eq!(m.code, Some(0), "{}", m.stderr());
    let md = std::fs::read_to_string(&summary).unwrap();
    let row = md
        .lines()
        .find(|l| l.starts_with("| ") && l.contains("click"))
        .unwrap_or_else(|| panic!("{md}"));
    // The message cell is one code span whose fence is longer than any run
    // of backticks inside: nothing in it is read as markdown or HTML.
    let cell = row
        .trim_end_matches('|')
        .rsplit(" | ")
        .next()
        .unwrap()
        .trim();
    let fence: String = cell.chars().take_while(|&c| c == '`').collect();
    assert!(fence.len() >= 2, "{row}");
    assert!(cell.ends_with(&fence), "{row}");
    let inner = &cell[fence.len()..cell.len() - fence.len()];
    let longest = inner.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    assert!(longest < fence.len(), "{row}");
    assert!(inner.contains("[click](https://evil.example)"), "{row}");
}

/// A committed link where a report goes: refused, and the file it points
/// to is untouched; the other reports are still written.
#[test]
fn reports_are_never_written_through_a_link() {
    let t = tempfile::tempdir().unwrap();
    let repo = t.path().join("repo");
    write(&repo, "Dockerfile", "FROM alpine\nRUN apk add openssh\n");
    let victim = t.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink("../victim.txt", repo.join("dockward.sarif")).unwrap();
    std::fs::create_dir(t.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", repo.join("reports")).unwrap();
    std::fs::create_dir(repo.join("out")).unwrap();
    let m = run(
        &repo,
        &[
            "check",
            "--format",
            "concise",
            "--output",
            "sarif=dockward.sarif",
            "--output",
            "junit=reports/junit.xml",
            "--output",
            "json=out/report.json",
        ],
    );
    assert_eq!(m.code, Some(2), "{}", m.stderr());
    assert!(
        m.stderr().contains(
            "cannot write the sarif report to dockward.sarif: dockward.sarif is a symbolic link"
        ),
        "{}",
        m.stderr()
    );
    assert!(
        m.stderr().contains("reports is a symbolic link"),
        "{}",
        m.stderr()
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(
        std::fs::read_dir(t.path().join("elsewhere"))
            .unwrap()
            .count(),
        0
    );
    // The link is still a link, and the plain report was written whole.
    assert!(
        std::fs::symlink_metadata(repo.join("dockward.sarif"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.join("out/report.json")).unwrap()).unwrap();
    assert!(!json["diagnostics"].as_array().unwrap().is_empty());
    // Nothing but the report is left in its directory.
    assert_eq!(std::fs::read_dir(repo.join("out")).unwrap().count(), 1);
}
