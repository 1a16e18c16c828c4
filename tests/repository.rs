//! Repository hygiene: pointers in scripts and docs name files that exist,
//! the notes are indexed, and no fuzzer artifact is committed.

mod common;

use std::path::Path;

/// Every `tests/<name>.rs` that a script, the README, ARCHITECTURE.md or a
/// note names exists.
#[test]
fn named_test_files_exist() {
    let root = common::root();
    let mut texts = vec![
        "README.md".to_string(),
        "ARCHITECTURE.md".to_string(),
        "scripts/test".to_string(),
        ".ci/run".to_string(),
    ];
    for dir in ["scripts/install", "docs/notes", "bench"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                texts.push(
                    p.strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    let mut missing = Vec::new();
    for rel in texts {
        let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
            continue;
        };
        for (i, _) in text.match_indices("tests/") {
            let name: String = text[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '.' | '-'))
                .collect();
            let name = name.trim_end_matches('.');
            if name.ends_with(".rs") && !root.join(name).exists() {
                missing.push(format!("{rel} names {name}"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// `docs/notes/README.md` lists every note.
#[test]
fn notes_are_indexed() {
    let dir = common::root().join("docs/notes");
    let index = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for e in std::fs::read_dir(&dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && name != "README.md" {
            assert!(
                index.contains(&format!("]({name})")),
                "docs/notes/README.md does not list {name}"
            );
        }
    }
}

/// libFuzzer writes `crash-*`, `leak-*`, `timeout-*` and `oom-*` files
/// where it runs: they become named cases in `tests/fuzz_regressions.rs`,
/// never committed files.
#[test]
fn no_fuzzer_artifacts_are_tracked() {
    let root = common::root();
    let Ok(out) = std::process::Command::new("git")
        .args(["ls-files"])
        .current_dir(&root)
        .output()
    else {
        return;
    };
    let listed = String::from_utf8_lossy(&out.stdout);
    let artifacts: Vec<&str> = listed
        .lines()
        .filter(|p| {
            let name = Path::new(p).file_name().unwrap().to_string_lossy();
            ["crash-", "leak-", "timeout-", "oom-", "slow-unit-"]
                .iter()
                .any(|a| name.starts_with(a))
        })
        .collect();
    assert!(artifacts.is_empty(), "{artifacts:?}");
    let ignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    for pattern in ["crash-*", "leak-*", "timeout-*"] {
        assert!(
            ignore.lines().any(|l| l == pattern),
            ".gitignore lacks {pattern}"
        );
    }
}
