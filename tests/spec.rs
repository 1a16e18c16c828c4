//! Spec cases: each directory under `tests/spec/` holds input files and an
//! `expected.txt` with the diagnostics dockward must report for them, one per
//! line, with the exact text each range covers:
//!
//! ```text
//! compose.yaml:6:10-6:12 DC002 low-host-port «80» service `web` publishes ...
//! ```
//!
//! Run with `BLESS=1` to rewrite the expected files after a deliberate change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dockward::config::{ConfigResolver, Overrides};
use dockward::lint::{RunOptions, lint_paths};

fn spec_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/spec exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The diagnostics of a directory in the spec format.
fn render(dir: &Path) -> String {
    let resolver = ConfigResolver::new(None, Overrides::default()).expect("config");
    let report = lint_paths(&[dir.to_path_buf()], &resolver, &RunOptions::default());
    let mut out = String::new();
    for f in &report.files {
        let rel = f
            .source
            .path
            .strip_prefix(dir)
            .unwrap_or(&f.source.path)
            .to_string_lossy()
            .replace('\\', "/");
        for d in &f.diagnostics {
            let s = f.source.line_col(d.span.start);
            let e = f.source.line_col(d.span.end);
            let covered: String = f.source.text[d.span.range()]
                .replace("\r\n", "⏎")
                .replace('\n', "⏎")
                .chars()
                .take(60)
                .collect();
            let _ = writeln!(
                out,
                "{rel}:{}:{}-{}:{} {} {} «{covered}» {}",
                s.line, s.column, e.line, e.column, d.rule.code, d.rule.name, d.message
            );
            for l in &d.labels {
                let (src, path) = match &l.file {
                    Some(other) => (
                        other.as_ref(),
                        other
                            .path
                            .strip_prefix(dir)
                            .unwrap_or(&other.path)
                            .to_string_lossy()
                            .replace('\\', "/"),
                    ),
                    None => (f.source.as_ref(), rel.clone()),
                };
                let s = src.line_col(l.span.start);
                let _ = writeln!(out, "  label {path}:{}:{} {}", s.line, s.column, l.message);
            }
        }
    }
    out
}

#[test]
fn spec_cases() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let dirs = spec_dirs();
    assert!(dirs.len() >= 8, "spec cases missing");
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
