//! Repository hygiene: pointers in scripts and docs name files that exist,
//! the notes are indexed, and no fuzzer artifact is committed.

mod common;

use std::path::Path;

/// Every `tests/<name>.rs` and every `scripts/...` path that a script, a
/// test, the README, ARCHITECTURE.md, SECURITY.md, fuzz/README.md or a note
/// names exists.
#[test]
fn named_test_files_and_scripts_exist() {
    let root = common::root();
    let mut texts: Vec<String> = [
        "README.md",
        "ARCHITECTURE.md",
        "SECURITY.md",
        "fuzz/README.md",
        "scripts/test",
        ".ci/run",
    ]
    .map(String::from)
    .to_vec();
    for dir in [
        "scripts",
        "scripts/install",
        "scripts/lib",
        "docs/notes",
        "bench",
        "tests",
        "tests/common",
    ] {
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
    let mut checked = 0;
    for rel in texts {
        let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
            continue; // not text
        };
        for prefix in ["tests/", "scripts/"] {
            for (i, _) in text.match_indices(prefix) {
                // A path, not the end of one (`../tests/x` is elsewhere).
                let before = text[..i].chars().next_back();
                if before.is_some_and(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-')
                }) {
                    continue;
                }
                let name: String = text[i..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '.' | '-'))
                    .collect();
                let name = name.trim_end_matches(['.', '/']);
                let wanted = if prefix == "tests/" {
                    name.ends_with(".rs")
                } else {
                    name.len() > prefix.len()
                };
                if wanted {
                    checked += 1;
                    if !root.join(name).exists() {
                        missing.push(format!("{rel} names {name}"));
                    }
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} names found");
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

/// The files git tracks (the tests run in a clone: CI's is one).
fn tracked_files() -> Vec<String> {
    let out = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(common::root())
        .output()
        .expect("git runs");
    assert!(out.status.success(), "{}", common::stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .split('\0')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// libFuzzer writes `crash-*`, `leak-*`, `timeout-*` and `oom-*` files
/// where it runs: they become named cases in `tests/fuzz_regressions.rs`,
/// never committed files.
#[test]
fn no_fuzzer_artifacts_are_tracked() {
    let root = common::root();
    let tracked = tracked_files();
    assert!(tracked.len() > 100, "{} tracked files", tracked.len());
    let artifacts: Vec<&String> = tracked
        .iter()
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

/// The fuzz inputs in git are the seeds of each target of
/// `fuzz/Cargo.toml`, a few hundred small files in all (at most 100 picked
/// by `scripts/fuzz-seeds` per target, plus the hand-written ones); the
/// full corpus lives outside the repository (`scripts/fuzz-corpus`
/// rebuilds it), and no seed is a copy of a file of `../shared/corpus`.
#[test]
fn only_small_fuzz_seeds_are_tracked() {
    let root = common::root();
    let tracked = tracked_files();
    let corpus = tracked
        .iter()
        .filter(|p| p.starts_with("fuzz/corpus/"))
        .count();
    assert_eq!(corpus, 0, "the full fuzz corpus is tracked: {corpus} files");
    let seeds: Vec<&String> = tracked
        .iter()
        .filter(|p| p.starts_with("fuzz/seeds/"))
        .collect();
    assert!(seeds.len() <= 400, "{} fuzz seeds", seeds.len());
    let manifest = std::fs::read_to_string(root.join("fuzz/Cargo.toml")).unwrap();
    let targets: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .filter(|n| root.join(format!("fuzz/fuzz_targets/{n}.rs")).is_file())
        .collect();
    assert_eq!(targets.len(), 5, "{targets:?}");
    for t in &targets {
        let dir = format!("fuzz/seeds/{t}/");
        let n = seeds.iter().filter(|p| p.starts_with(&dir)).count();
        assert!(n > 0, "no seeds for the fuzz target {t}");
        let picked = seeds
            .iter()
            .filter(|p| p.starts_with(&dir))
            .filter(|p| {
                let name = &p[dir.len()..];
                name.len() == 40 && name.bytes().all(|b| b.is_ascii_hexdigit())
            })
            .count();
        assert!(picked <= 100, "{picked} picked seeds for {t}");
    }
    let shared: std::collections::HashSet<Vec<u8>> = common::corpus_files()
        .into_iter()
        .map(|(p, _)| std::fs::read(p).unwrap())
        .collect();
    for seed in seeds {
        let bytes = std::fs::read(root.join(seed)).unwrap();
        assert!(bytes.len() <= 2048, "{seed}: {} bytes", bytes.len());
        assert!(
            !shared.contains(&bytes),
            "{seed} is a copy of a corpus file"
        );
    }
}
