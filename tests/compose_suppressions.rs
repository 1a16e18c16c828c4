//! Other tools' suppression comments in Compose files: dclint's and KICS's
//! comments silence the dockward rules that map to the checks they name.

use std::path::Path;

use dockward::config::{Config, Overrides};
use dockward::lint::lint_text;
use dockward::source::FileKind;

/// Codes of the diagnostics for `text`, with the rules of `select` enabled.
fn codes(text: &str, select: &[&str]) -> Vec<&'static str> {
    let overrides = Overrides {
        select: select.iter().map(|s| s.to_string()).collect(),
        ..Overrides::default()
    };
    let config = Config::defaults(&overrides).unwrap();
    let report = lint_text(
        Path::new("compose.yaml"),
        FileKind::Compose,
        text.to_string(),
        &config,
    );
    let mut out: Vec<&'static str> = report.diagnostics.iter().map(|d| d.rule.code).collect();
    out.sort();
    out
}

const DB: &str = "services:\n  db:\n    image: example/db:15\n    read_only: true\n    mem_limit: 1g\n    cpus: 1\n    pids_limit: 100\n    cap_drop: [ALL]\n    security_opt: [no-new-privileges:true]\n";

#[test]
fn baseline_is_clean() {
    assert!(codes(DB, &[]).is_empty(), "{:?}", codes(DB, &[]));
}

#[test]
fn dclint_disable_line_trailing_and_on_the_line_before() {
    let trailing = format!(
        "{DB}    ports:\n      - \"8080:80\" # dclint disable-line no-unbound-port-interfaces\n"
    );
    assert_eq!(codes(&trailing, &[]), Vec::<&str>::new());
    let before = format!(
        "{DB}    ports:\n      # dclint disable-line no-unbound-port-interfaces\n      - \"8080:80\"\n"
    );
    assert_eq!(codes(&before, &[]), Vec::<&str>::new());
    // dclint reports some findings on the parent key's line.
    let parent = format!("{DB}    ports: # dclint disable-line\n      - \"8080:80\"\n");
    assert_eq!(codes(&parent, &[]), Vec::<&str>::new());
    // Only the line (and what is nested under its key) is covered.
    let other = format!(
        "{DB}    ports:\n      - \"8080:80\" # dclint disable-line\n      - \"8443:443\"\n"
    );
    assert_eq!(codes(&other, &[]), vec!["DC119"]);
}

#[test]
fn dclint_disable_next_line() {
    let text = format!(
        "{DB}    ports:\n      # dclint disable-next-line no-unbound-port-interfaces\n      - \"8080:80\"\n"
    );
    assert_eq!(codes(&text, &[]), Vec::<&str>::new());
}

#[test]
fn dclint_names_only_the_rules_it_lists() {
    // Naming another dclint rule does not silence this one.
    let text =
        format!("{DB}    ports:\n      - \"8080:80\" # dclint disable-line no-quotes-in-volumes\n");
    assert_eq!(codes(&text, &[]), vec!["DC119"]);
    // A dclint comment does not silence rules dclint has no equivalent of.
    let text = format!("{DB}    privileged: true # dclint disable-line\n");
    assert_eq!(codes(&text, &[]), vec!["DC001"]);
}

#[test]
fn dclint_file_comments_at_the_head_only() {
    let text = format!(
        "# dclint disable no-unbound-port-interfaces\n{DB}    ports:\n      - \"8080:80\"\n"
    );
    assert_eq!(codes(&text, &[]), Vec::<&str>::new());
    let text = format!("---\n# dclint disable-file\n{DB}    ports:\n      - \"8080:80\"\n");
    assert_eq!(codes(&text, &[]), Vec::<&str>::new());
    // Below a key it does nothing, and says so.
    let text = format!("{DB}    ports:\n      - \"8080:80\"\n# dclint disable\n");
    assert_eq!(codes(&text, &[]), vec!["DC119", "DC900"]);
}

#[test]
fn kics_ignore_line_and_block() {
    let line = format!("{DB}    # kics-scan ignore-line\n    pid: host\n");
    assert_eq!(codes(&line, &[]), Vec::<&str>::new());
    let block =
        "services:\n  # kics-scan ignore-block\n  db:\n    image: example/db:15\n    pid: host\n";
    // The block covers the whole service: every KICS-mapped rule is silent,
    // the others still report.
    let got = codes(block, &[]);
    assert!(
        !got.contains(&"DC100") && !got.contains(&"DC004"),
        "{got:?}"
    );
    assert!(
        got.contains(&"DC007"),
        "writable-rootfs has no KICS equivalent: {got:?}"
    );
}

#[test]
fn kics_disable_by_query_id_and_ignore_file() {
    let text = format!(
        "# kics-scan disable=4f31dd9f-2cc3-4751-9b53-67e4af83dac0\n{DB}    pid: host\n    ipc: host\n"
    );
    assert_eq!(codes(&text, &[]), vec!["DC101"]);
    let text = format!("# kics-scan ignore\n{DB}    pid: host\n    privileged: true\n");
    assert_eq!(codes(&text, &[]), Vec::<&str>::new());
}

#[test]
fn unused_named_suppressions_are_reported() {
    // A named dclint rule that maps to a dockward rule but matches nothing.
    let text = format!("{DB}    hostname: db # dclint disable-line no-unbound-port-interfaces\n");
    assert_eq!(codes(&text, &[]), vec!["DC900"]);
    // A comment without names covers rules dockward may not have: quiet.
    let text = format!("{DB}    restart: always # dclint disable-line\n");
    assert_eq!(codes(&text, &[]), Vec::<&str>::new());
}
