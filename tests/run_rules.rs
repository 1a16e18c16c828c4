//! Edge cases of the rules about what `RUN` does (DF100-DF199) that the rule
//! pages do not show: where hadolint is known to be wrong, and how the
//! shell and stage models feed the rules.

use std::path::Path;

use dockward::config::{Config, Overrides};
use dockward::lint::lint_text;
use dockward::source::FileKind;

/// The codes (with 1-based lines) that every rule reports for a Dockerfile.
fn lint(text: &str) -> Vec<(String, usize)> {
    let overrides = Overrides {
        select: vec!["all".into()],
        ..Overrides::default()
    };
    let config = Config::defaults(&overrides).unwrap();
    let report = lint_text(
        Path::new("Dockerfile"),
        FileKind::Dockerfile,
        text.to_string(),
        &config,
    );
    report
        .diagnostics
        .iter()
        .map(|d| {
            let line = text[..d.span.start as usize].matches('\n').count() + 1;
            (d.rule.code.to_string(), line)
        })
        .collect()
}

fn has(found: &[(String, usize)], code: &str, line: usize) -> bool {
    found.iter().any(|(c, l)| c == code && *l == line)
}

fn count(found: &[(String, usize)], code: &str) -> usize {
    found.iter().filter(|(c, _)| c == code).count()
}

#[test]
fn heredoc_scripts_are_checked() {
    let f = lint("FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install curl\nEOF\n");
    // apt-get install without -y inside the heredoc body, on line 5.
    assert!(has(&f, "DF112", 5), "{f:?}");
    assert!(has(&f, "DF111", 4), "{f:?}");
}

#[test]
fn sudo_and_sh_c_do_not_hide_commands() {
    let f =
        lint("FROM debian:12\nRUN sudo apt-get install -y curl\nRUN sh -c 'pip install flask'\n");
    assert!(has(&f, "DF100", 2), "{f:?}");
    assert!(has(&f, "DF113", 2), "{f:?}");
    assert!(has(&f, "DF126", 3), "{f:?}");
}

#[test]
fn variable_package_lists_are_not_judged() {
    let f =
        lint("FROM debian:12\nARG PKGS\nRUN apt-get install -y --no-install-recommends $PKGS\n");
    assert_eq!(count(&f, "DF110"), 0, "{f:?}");
    let f = lint("FROM alpine:3\nRUN apk add --no-cache curl\n");
    assert_eq!(count(&f, "DF115"), 1, "{f:?}");
}

#[test]
fn caches_in_build_only_stages_are_not_reported() {
    let src = "FROM python:3.12 AS build\nRUN pip install -r req.txt\nRUN apk add --update git\nFROM python:3.12-slim\nCOPY --from=build /x /x\n";
    let f = lint(src);
    assert_eq!(count(&f, "DF127"), 0, "{f:?}");
    assert_eq!(count(&f, "DF116"), 0, "{f:?}");
    // The same stage as the base of the final one is shipped.
    let src = "FROM python:3.12 AS base\nRUN pip install -r req.txt\nFROM base\nCMD [\"python\"]\n";
    assert!(has(&lint(src), "DF127", 2));
}

#[test]
fn pip_cache_settings_from_env_and_cleanup() {
    let f = lint(
        "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install -r r.txt\n",
    );
    assert_eq!(count(&f, "DF127"), 0, "inherited ENV: {f:?}");
    let f = lint("FROM python:3.12\nRUN pip install -r r.txt && rm -rf /root/.cache/pip\n");
    assert_eq!(count(&f, "DF127"), 0, "removed cache: {f:?}");
    let f = lint("FROM python:3.12\nRUN rm -rf /root/.cache/pip && pip install -r r.txt\n");
    assert_eq!(count(&f, "DF127"), 1, "removed before the install: {f:?}");
}

#[test]
fn pipefail_cases() {
    let f = lint("FROM debian:12\nRUN echo hi | tee /x\nRUN yes | apt-get install -y x\n");
    assert_eq!(count(&f, "DF136"), 0, "echo-like pipes: {f:?}");
    let f = lint("FROM debian:12\nRUN set -eo pipefail; curl -fsS x | tar -x\n");
    assert_eq!(count(&f, "DF136"), 0, "set -o pipefail: {f:?}");
    let f = lint(
        "FROM debian:12\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN curl x | tar -x\n",
    );
    assert_eq!(count(&f, "DF136"), 0, "SHELL with pipefail: {f:?}");
    let f = lint("FROM debian:12\nRUN [\"sh\", \"-c\", \"curl x | tar -x\"]\n");
    assert_eq!(
        count(&f, "DF136"),
        1,
        "exec form runs sh without pipefail: {f:?}"
    );
    let f = lint("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN type a | findstr b\n");
    assert_eq!(count(&f, "DF136"), 0, "cmd shell: {f:?}");
}

#[test]
fn remote_scripts() {
    let f = lint(
        "FROM debian:12\nRUN wget -qO- https://x/i.sh | sudo -E bash -s -- --yes\nRUN curl -o /tmp/i.sh https://x/i.sh | sh\nRUN bash <(curl -fsSL https://x/i.sh)\nRUN curl -fsSL https://x/a.json | python3 -c 'import json,sys; json.load(sys.stdin)'\n",
    );
    assert!(has(&f, "DF103", 2), "{f:?}");
    // curl writes to a file, so nothing reaches the shell.
    assert!(!has(&f, "DF103", 3), "{f:?}");
    assert!(has(&f, "DF103", 4), "{f:?}");
    assert!(!has(&f, "DF103", 5), "{f:?}");
}

#[test]
fn secrets_from_build_args_and_secret_mounts() {
    let f = lint(
        "FROM alpine:3\nARG GITHUB_TOKEN\nRUN git clone https://${GITHUB_TOKEN}@github.com/a/b.git\nRUN --mount=type=secret,id=gh,env=GITHUB_TOKEN git clone https://${GITHUB_TOKEN}@github.com/a/b.git\n",
    );
    assert!(has(&f, "DF106", 3), "{f:?}");
    assert!(!has(&f, "DF106", 4), "{f:?}");
    let f = lint(
        "FROM alpine:3\nRUN curl -u admin:changeme http://localhost/x && docker login -p hunter2hunter2 -u me\n",
    );
    // `changeme` is a placeholder; the docker password is real.
    assert_eq!(count(&f, "DF106"), 1, "{f:?}");
}

#[test]
fn tls_in_env_arg_and_config_files() {
    let f = lint(
        "FROM node:22\nARG GIT_SSL_NO_VERIFY=1\nENV NPM_CONFIG_STRICT_SSL=false\nRUN printf 'check_certificate = off\\n' >> /etc/wgetrc\nRUN curl -o k https://x\n",
    );
    assert!(has(&f, "DF104", 2), "{f:?}");
    assert!(has(&f, "DF104", 3), "{f:?}");
    assert!(has(&f, "DF104", 4), "{f:?}");
    // `-o k` is an output file named k, not `-k`.
    assert!(!has(&f, "DF104", 5), "{f:?}");
}

#[test]
fn useradd_uid_from_build_argument() {
    let f = lint("FROM debian:12\nARG UID=1000\nRUN useradd -u ${UID} app\n");
    assert_eq!(count(&f, "DF132"), 0, "{f:?}");
    let f = lint("FROM debian:12\nARG UID=1000000\nRUN useradd -u ${UID} app\n");
    assert_eq!(count(&f, "DF132"), 1, "{f:?}");
}

#[test]
fn consecutive_runs_with_heredocs_are_not_short() {
    let f = lint("FROM debian:12\nRUN <<EOF\na\nb\nEOF\nRUN c\nRUN d\n");
    assert_eq!(count(&f, "DF137"), 1, "{f:?}");
}

#[test]
fn hadolint_ignore_comments_suppress_mapped_rules() {
    let f = lint("FROM debian:12\n# hadolint ignore=DL3014,DL3015\nRUN apt-get install curl\n");
    assert_eq!(count(&f, "DF112") + count(&f, "DF113"), 0, "{f:?}");
}
