//! Fix cases: each directory under `tests/fix/` holds `before/` (the
//! files as written), `after/` (every file that `--fix` changes, as it
//! must be after the run) and `output.txt` (what the run prints). The run
//! is `dockward check --fix --unsafe-fixes --format concise .` in a copy of
//! `before/`, or the arguments in the case's `args` file (one per line).
//! Files of `before/` that are not in `after/` must come out unchanged,
//! and a second run must change nothing.
//!
//! Run with `BLESS=1` to rewrite `after/` and `output.txt` after a
//! deliberate change.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cases() -> Vec<PathBuf> {
    let root = common::root().join("tests/fix");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fix exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("before").is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn run(dir: &Path, args: &[String]) -> String {
    let out = Command::new(common::dockward())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("DOCKWARD_CONFIG")
        .output()
        .unwrap();
    format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn fix_cases() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 10, "fix cases missing: {}", all.len());
    for case in all {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let args: Vec<String> = match std::fs::read_to_string(case.join("args")) {
            Ok(a) => a
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            Err(_) => [
                "check",
                "--fix",
                "--unsafe-fixes",
                "--format",
                "concise",
                ".",
            ]
            .map(String::from)
            .to_vec(),
        };
        let before = common::read_tree(&case.join("before"));
        let tmp = tempfile::tempdir().unwrap();
        // The project is one level down, so a case can keep files outside
        // its repository (`before/../outside`) in `outside/`.
        let work = tmp.path().join("repo");
        common::write_tree(&work, &before);
        if case.join("outside").is_dir() {
            common::write_tree(
                &tmp.path().join("outside"),
                &common::read_tree(&case.join("outside")),
            );
        }
        let output = run(&work, &args);
        let result = common::read_tree(&work);
        let changed: BTreeMap<String, Vec<u8>> = result
            .iter()
            .filter(|(k, v)| before.get(*k) != Some(*v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if bless {
            let after = case.join("after");
            let _ = std::fs::remove_dir_all(&after);
            common::write_tree(&after, &changed);
            std::fs::write(case.join("output.txt"), &output).unwrap();
            continue;
        }
        let expected_output = std::fs::read_to_string(case.join("output.txt")).unwrap_or_default();
        if output != expected_output {
            failures.push(format!(
                "{name}: output differs\n--- expected\n{expected_output}--- actual\n{output}"
            ));
        }
        let expected = if case.join("after").is_dir() {
            common::read_tree(&case.join("after"))
        } else {
            BTreeMap::new()
        };
        for (rel, bytes) in &expected {
            match changed.get(rel) {
                Some(b) if b == bytes => {}
                Some(b) => failures.push(format!(
                    "{name}: {rel} differs\n--- expected\n{}--- actual\n{}",
                    String::from_utf8_lossy(bytes),
                    String::from_utf8_lossy(b)
                )),
                None => failures.push(format!("{name}: {rel} was not changed")),
            }
        }
        for rel in changed.keys() {
            if !expected.contains_key(rel) {
                failures.push(format!("{name}: {rel} changed but should not have"));
            }
        }
        // Idempotent: a second run finds nothing more to fix.
        if args.iter().any(|a| a == "--fix") {
            let again = run(&work, &args);
            if common::read_tree(&work) != result {
                failures.push(format!("{name}: a second run changed files\n{again}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
