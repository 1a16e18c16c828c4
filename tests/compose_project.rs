//! Compose project semantics: override files, `extends`, `include`, `.env`
//! interpolation, anchors, profiles, the old formats and structure checks.
//!
//! Each directory under `tests/compose/` is a case: its files, an optional
//! `dockward.toml`, an optional `args.txt` (paths to lint, one per line,
//! relative to the case; default: the directory itself) and `expected.txt`,
//! the diagnostics dockward must report, one per line with the exact text
//! each range covers and the help line:
//!
//! ```text
//! compose.override.yaml:9:11-9:15 DC008 service-root-user «root» service `worker` ...
//!   help set `user` to an unprivileged user
//! ```
//!
//! Run with `BLESS=1` to rewrite the expected files after a deliberate
//! change, then read the diff.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dockward::config::{ConfigResolver, Overrides};
use dockward::lint::{RunOptions, lint_paths};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compose");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/compose exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn rel(dir: &Path, p: &Path) -> String {
    p.strip_prefix(dir)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The diagnostics of a case, in the expected format.
fn render(dir: &Path) -> String {
    let paths: Vec<PathBuf> = match std::fs::read_to_string(dir.join("args.txt")) {
        Ok(args) => args
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| dir.join(l.trim()))
            .collect(),
        Err(_) => vec![dir.to_path_buf()],
    };
    let resolver = ConfigResolver::new(None, Overrides::default()).expect("config");
    let report = lint_paths(&paths, &resolver, &RunOptions::default());
    assert!(report.walk_errors.is_empty(), "{:?}", report.walk_errors);
    assert!(
        report.config_errors.is_empty(),
        "{:?}",
        report.config_errors
    );
    let mut out = String::new();
    for f in &report.files {
        let path = rel(dir, &f.source.path);
        for d in &f.diagnostics {
            let s = f.source.line_col(d.span.start);
            let e = f.source.line_col(d.span.end);
            let covered: String = f.source.text[d.span.range()]
                .replace('\n', "⏎")
                .chars()
                .take(60)
                .collect();
            let _ = writeln!(
                out,
                "{path}:{}:{}-{}:{} {} {} «{covered}» {}",
                s.line, s.column, e.line, e.column, d.rule.code, d.rule.name, d.message
            );
            if let Some(h) = &d.help {
                let _ = writeln!(out, "  help {h}");
            }
            for l in &d.labels {
                let (src, lpath) = match &l.file {
                    Some(other) => (other.as_ref(), rel(dir, &other.path)),
                    None => (f.source.as_ref(), path.clone()),
                };
                let s = src.line_col(l.span.start);
                let _ = writeln!(out, "  label {lpath}:{}:{} {}", s.line, s.column, l.message);
            }
        }
    }
    out
}

#[test]
fn compose_project_cases() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let dirs = cases();
    assert!(dirs.len() >= 10, "compose project cases missing");
    for dir in dirs {
        let actual = render(&dir);
        let expected_path = dir.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every case reports something: a case whose expected output is empty
/// would pass whatever dockward does.
#[test]
fn every_case_expects_diagnostics() {
    for dir in cases() {
        let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
        assert!(
            expected.lines().count() > 0,
            "{} expects nothing",
            dir.display()
        );
    }
}

/// Compose files of the shared corpus with their text.
fn corpus() -> Option<Vec<(PathBuf, String)>> {
    let files = common::corpus_files()?;
    let compose = files
        .into_iter()
        .filter(|(_, k)| *k == dockward::source::FileKind::Compose);
    Some(
        compose
            .filter_map(|(p, _)| Some((p.clone(), std::fs::read_to_string(&p).ok()?)))
            .collect(),
    )
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
    let Some(files) = corpus() else { return };
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
    let Some(files) = corpus() else { return };
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
