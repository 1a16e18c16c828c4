//! Spec cases: each directory under `tests/spec/` holds input files, an
//! optional `dockward.toml`, an optional `args.txt` (paths to lint, one per
//! line, relative to the case; default: the directory itself) and
//! `expected.txt`, the diagnostics dockward must report for them in the
//! format of `tests/common/expected.rs`:
//!
//! ```text
//! compose.override.yaml:9:11-9:15 DC008 service-root-user «root» service `worker` ...
//!   help set `user` to an unprivileged user
//! ```
//!
//! Cases named `project-*` cover Compose project semantics (overrides,
//! `extends`, `include`, `.env`, anchors, profiles, the old formats).
//!
//! After a deliberate change, re-bless with
//! `BLESS=1 cargo test --test spec`, then read the diff.

mod common;

use std::path::{Path, PathBuf};

use dockward::config::{ConfigResolver, Overrides};
use dockward::lint::{RunOptions, lint_paths};

fn cases() -> Vec<PathBuf> {
    let root = common::root().join("tests/spec");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/spec exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
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
    common::expected::render(&report, dir)
}

#[test]
fn spec_cases() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let dirs = cases();
    assert!(dirs.len() >= 20, "spec cases missing");
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
    assert!(
        failures.is_empty(),
        "{}\n(after a deliberate change: BLESS=1 cargo test --test spec)",
        failures.join("\n")
    );
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

/// Cases live in one place: `tests/compose/` was the second harness's
/// directory; a case added there would never run.
#[test]
fn no_cases_outside_tests_spec() {
    let old = common::root().join("tests/compose");
    assert!(
        !old.exists(),
        "move the cases in tests/compose/ to tests/spec/project-<name>/"
    );
}
