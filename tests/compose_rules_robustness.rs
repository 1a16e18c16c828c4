//! Every Compose rule survives odd input: each corpus Compose file cut short
//! at many points, and hand-written files with values of unexpected shapes,
//! are linted with every rule enabled without an internal error.
//! Needs `../shared/corpus` (tests/common).

mod common;

use std::path::{Path, PathBuf};

use dockward::config::{Config, Overrides};
use dockward::lint::lint_text;
use dockward::source::FileKind;

fn all_rules() -> Config {
    let overrides = Overrides {
        select: vec!["all".to_string()],
        ..Overrides::default()
    };
    Config::defaults(&overrides).unwrap()
}

fn assert_no_internal_error(config: &Config, name: &str, text: String) {
    let report = lint_text(
        Path::new("compose.yaml"),
        FileKind::Compose,
        text.clone(),
        config,
    );
    for d in &report.diagnostics {
        assert!(
            !d.message.starts_with("internal error"),
            "{name}: {}\n---\n{text}",
            d.message
        );
        assert!(
            text.get(d.span.range()).is_some(),
            "{name}: bad span {:?}",
            d.span
        );
    }
}

const ODD: &[&str] = &[
    "services:\n  a:\n    ports: {x: 1}\n    volumes: 3\n    cap_add: {a: b}\n    security_opt: [[1]]\n",
    "services:\n  a:\n    ports: [\"\", \":\", \"::\", \"[::]::80\", \"${P}:${Q}\", \"1-2:3-4/udp\"]\n",
    "services:\n  a:\n    volumes: [\":\", \"/:/:\", \"//./pipe/docker_engine://./pipe/x\", \"~:~\", {type: bind}]\n",
    "services:\n  a:\n    tmpfs: [\"/t:\", \"/t:exec,\", \":exec\"]\n    devices: [\"\", \"/dev/hd\", \"/dev/sd\", {source: null}]\n",
    "services:\n  a:\n    device_cgroup_rules: [\"\", \"a\", \"b *\", \"c 1:11\", \"c *:* r w\"]\n    sysctls: [\"=\", \"a\", \"kernel.=1\"]\n",
    "services:\n  a:\n    environment: [\"=x\", \"PASSWORD\", \"TOKEN=\", \"DSN=a://:@\", \"URL=://u:p@h\"]\n    command: \"mysql -p --password= KEY=\"\n",
    "services:\n  a:\n    healthcheck: {test: []}\n    post_start: [{command: [], user: 0, privileged: yes}]\n    ulimits: {nofile: {soft: -1}}\n",
    "services:\n  a:\n    image: \"@\"\n    container_name: \"\"\n  b:\n    image: \":\"\n    container_name: \"\"\n    ports: [\"80:80\", \"80:80\"]\n",
    "version: 2\nname: x\nservices:\n  b: {}\n  a: null\nx-a: 1\n",
    "services:\n  a: &a\n    image: x\n    cap_add: &c [SYS_ADMIN, CAP_ALL, cap_net_admin]\n  b:\n    <<: *a\n    cap_add: *c\n",
];

#[test]
fn odd_shapes_do_not_break_rules() {
    let config = all_rules();
    for (i, text) in ODD.iter().enumerate() {
        assert_no_internal_error(&config, &format!("odd #{i}"), text.to_string());
    }
}

fn corpus_compose_files() -> Vec<PathBuf> {
    common::corpus_files()
        .into_iter()
        .filter(|(_, k)| *k == FileKind::Compose)
        .map(|(p, _)| p)
        .collect()
}

#[test]
fn truncated_corpus_files_do_not_break_rules() {
    let files = corpus_compose_files();
    assert!(files.len() > 100);
    let config = all_rules();
    let mut cases = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        // Cut at eight points, on character boundaries.
        for k in 1..=8 {
            let mut cut = text.len() * k / 9;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            assert_no_internal_error(
                &config,
                &path.display().to_string(),
                text[..cut].to_string(),
            );
            cases += 1;
        }
    }
    eprintln!("{cases} truncated files linted");
}
