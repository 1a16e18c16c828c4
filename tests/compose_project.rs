//! Compose projects on real files: every corpus Compose file loads as a
//! project with its problems inside its files, and merged or truncated
//! files load without a panic. (The expected-output cases of Compose
//! projects are `tests/spec/project-*`.)

mod common;

use std::path::{Path, PathBuf};

/// Compose files of the shared corpus with their text.
/// (The few that are not UTF-8 are left out; at least 200 remain.)
fn corpus() -> Vec<(PathBuf, String)> {
    let files: Vec<(PathBuf, String)> = common::corpus_files()
        .into_iter()
        .filter(|(_, k)| *k == dockward::source::FileKind::Compose)
        .filter_map(|(p, _)| Some((p.clone(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    assert!(files.len() >= 200, "{} Compose files", files.len());
    files
}

fn disk(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map_err(|e| e.to_string())
}

/// Every problem of a project lies inside one of its files.
fn check_spans(p: &dockward::compose::project::Project) {
    for pr in &p.compose.problems {
        let (i, local) = p.locate(pr.span);
        let text = &p.files[i].source.text;
        assert!(
            text.get(local.range()).is_some(),
            "{}: {} at {:?}",
            p.files[i].source.path.display(),
            pr.message,
            pr.span
        );
    }
}

/// Real files: every corpus Compose file loads as a project, problems point
/// inside the files, and the structure checks find nothing the corpus does
/// not really contain (it is valid Compose, except two malformed ports).
#[test]
fn corpus_projects_load_and_validate() {
    use dockward::compose::project::{Layer, load};
    let files = corpus();
    let limits = dockward::compose::Limits::default();
    let mut by_kind: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (path, text) in &files {
        let p = load(
            vec![Layer {
                path: path.clone(),
                text: text.clone(),
            }],
            &disk,
            &limits,
        );
        check_spans(&p);
        for pr in &p.compose.problems {
            by_kind
                .entry(format!("{:?}", pr.kind))
                .or_default()
                .push(format!("{}: {}", path.display(), pr.message));
        }
    }
    for (k, v) in &by_kind {
        eprintln!("{k}: {}", v.len());
    }
    for k in [
        "UnknownKey",
        "Type",
        "Value",
        "Cycle",
        "UndefinedService",
        "UndefinedResource",
    ] {
        assert!(
            !by_kind.contains_key(k),
            "unexpected {k} problems in the corpus:\n{}",
            by_kind[k].join("\n")
        );
    }
    let ports = by_kind.get("Port").map_or(0, Vec::len);
    assert_eq!(ports, 2, "{:?}", by_kind.get("Port"));
    // The hyperledger examples extend files the corpus does not include.
    assert!(by_kind.get("MissingFile").map_or(0, Vec::len) > 100);
}

/// Robustness: any two corpus files merged as base and override, and
/// truncated files, load without a panic and with problems in range.
#[test]
fn corpus_files_merge_and_truncate_without_panic() {
    use dockward::compose::project::{Layer, load};
    let files = corpus();
    let limits = dockward::compose::Limits::default();
    for pair in files.windows(2) {
        let layers = vec![
            Layer {
                path: pair[0].0.clone(),
                text: pair[0].1.clone(),
            },
            Layer {
                path: pair[1].0.clone(),
                text: pair[1].1.clone(),
            },
        ];
        check_spans(&load(layers, &disk, &limits));
    }
    for (path, text) in files.iter().step_by(7) {
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let layers = vec![Layer {
                    path: path.clone(),
                    text: text[..cut].to_string(),
                }];
                check_spans(&load(layers, &disk, &limits));
            }
            cut += 61;
        }
    }
}
