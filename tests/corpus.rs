//! Corpus smoke test: every Dockerfile and Compose file of `../shared/corpus`
//! is discovered, classified and linted without a crash, and syntax errors
//! appear only on files that really are invalid.
//!
//! Needs `../shared/corpus`: without it the tests fail, saying so.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use dockward::config::{ConfigResolver, Overrides};
use dockward::lint::{RunOptions, lint_paths};
use dockward::source::FileKind;

fn corpus() -> PathBuf {
    dockward::paths::normalize(&common::corpus_root())
}

/// Files that fail to parse, and why: each is invalid for Docker too.
const KNOWN_INVALID: &[(&str, &str)] = &[
    (
        "STAR-RG__shipwright/0ffeefd584bff0b4e59021463af523426d7c699d.Dockerfile",
        "a comment after the image on a FROM line (`FROM ubuntu:16 # check ...`): BuildKit rejects the extra words",
    ),
    (
        "STAR-RG__shipwright/1642f2b6582fa5cbc06e274050a945b77089ad3f.Dockerfile",
        "two instructions on one line (`FROM node:12-buster as build RUN yarn ...`)",
    ),
    (
        "STAR-RG__shipwright/4b7907d4662b5e90a3f50c70730fc7d21ce0be07.Dockerfile",
        "an unrendered ERB template (`FROM amberframework/amber:<%= Amber::VERSION %>`)",
    ),
    (
        "STAR-RG__shipwright/46d7644208b12f3b14fbcfe924334b39eccd57e9.Dockerfile",
        "`LABEL \"text\"` without `=value`",
    ),
    (
        "STAR-RG__shipwright/7a21741fa72f4cdec1be1b036095cb50f821bc9c.Dockerfile",
        "`LABEL \"text\"` without `=value`",
    ),
    (
        "ruanbekker__awesome-docker-compose/socks5-proxy/docker-compose.yaml",
        "port `1080=1080` (a typo for `1080:1080`)",
    ),
    (
        "yeasy__docker-compose-files/elk_netflow/docker-compose.yml",
        "port `2055/udp:2055/udp` (the protocol belongs after the container port only)",
    ),
];

#[test]
fn whole_corpus_lints_cleanly() {
    let root = corpus();
    let resolver = ConfigResolver::new(None, Overrides::default()).unwrap();
    let report = lint_paths(
        std::slice::from_ref(&root),
        &resolver,
        &RunOptions::default(),
    );
    assert!(report.walk_errors.is_empty());
    let mut kinds: BTreeMap<FileKind, usize> = BTreeMap::new();
    let mut invalid = Vec::new();
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut empty = 0;
    let mut env_files = 0;
    for f in &report.files {
        // A committed `.env` gets a report of its own when a credential
        // that interpolation takes from it is reported at its line.
        let name = f.source.path.file_name().map(|n| n.to_string_lossy());
        if name
            .as_deref()
            .and_then(dockward::discover::classify)
            .is_none()
        {
            env_files += 1;
        } else {
            *kinds.entry(f.source.kind).or_default() += 1;
        }
        let rel = f
            .source
            .path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for d in &f.diagnostics {
            assert!(
                !d.message.contains("internal error"),
                "{rel}: {}",
                d.message
            );
            assert!(
                d.span.end as usize <= f.source.text.len(),
                "{rel}: span out of bounds"
            );
            assert!(f.source.text.is_char_boundary(d.span.start as usize));
            assert!(f.source.text.is_char_boundary(d.span.end as usize));
            *by_rule.entry(d.rule.name).or_default() += 1;
            // Files without instructions (empty, or comments only) are invalid
            // for `docker build` too; they are counted apart from the list.
            // Syntax errors, and Compose structure errors (unknown keys,
            // wrong types, invalid values).
            let invalidity = matches!(d.rule.code, "DF000" | "DC000" | "DC020" | "DC021" | "DC022");
            if invalidity && !invalid.contains(&rel) {
                if d.message.contains("no instructions") {
                    let only_comments = f
                        .source
                        .text
                        .lines()
                        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
                    assert!(only_comments, "{rel}");
                    empty += 1;
                } else {
                    invalid.push(rel.clone());
                }
            }
        }
    }
    eprintln!("files by kind: {kinds:?}, and {env_files} `.env` files with findings");
    eprintln!("diagnostics by rule: {by_rule:#?}");
    assert_eq!(kinds.get(&FileKind::Dockerfile), Some(&3174));
    assert_eq!(kinds.get(&FileKind::Compose), Some(&269));
    eprintln!("files without instructions: {empty}");
    assert_eq!(empty, 10, "Dockerfiles without instructions in the corpus");
    invalid.sort();
    let mut known: Vec<String> = KNOWN_INVALID.iter().map(|(p, _)| p.to_string()).collect();
    known.sort();
    assert_eq!(invalid, known, "files with syntax errors changed");
}

#[test]
fn templates_named_explicitly_give_a_clean_syntax_diagnostic() {
    let root = corpus();
    let mut templates = Vec::new();
    for lib in [
        "docker-library__golang",
        "docker-library__php",
        "docker-library__postgres",
        "docker-library__python",
    ] {
        for e in std::fs::read_dir(root.join(lib)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "template") {
                templates.push(p);
            }
        }
    }
    assert!(templates.len() >= 6);
    let resolver = ConfigResolver::new(None, Overrides::default()).unwrap();
    let report = lint_paths(&templates, &resolver, &RunOptions::default());
    assert_eq!(report.files.len(), templates.len());
    for f in &report.files {
        let syntax: Vec<_> = f
            .diagnostics
            .iter()
            .filter(|d| d.rule.code == "DF000")
            .collect();
        assert!(!syntax.is_empty(), "{}", f.source.path.display());
        assert!(
            syntax.len() <= 10,
            "{}: {} syntax errors",
            f.source.path.display(),
            syntax.len()
        );
        assert!(
            f.diagnostics
                .iter()
                .all(|d| !d.message.contains("internal error"))
        );
    }
}
