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
