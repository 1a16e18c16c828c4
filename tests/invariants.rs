//! The properties the fuzzers check (`dockward::invariants`), on every file
//! of the shared corpus: each Dockerfile prints back to itself from its
//! parsed tree, every YAML node span nests in its parent's, and the whole
//! lint of each file (with every rule on) stays in bounds and renders.

use std::path::{Path, PathBuf};

use dockward::discover::classify;
use dockward::invariants;
use dockward::source::FileKind;

fn corpus() -> Option<Vec<(PathBuf, FileKind)>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !root.is_dir() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "the corpus is missing at {}",
            root.display()
        );
        eprintln!("skipping: no corpus at {}", root.display());
        return None;
    }
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Some(kind) = classify(&path.file_name().unwrap().to_string_lossy()) {
                files.push((path, kind));
            }
        }
    }
    files.sort();
    Some(files)
}

#[test]
fn corpus_files_keep_the_invariants() {
    let Some(files) = corpus() else { return };
    let config = invariants::all_rules_config();
    let (mut dockerfiles, mut compose) = (0, 0);
    let mut failures = Vec::new();
    for (path, kind) in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let checks = match kind {
            FileKind::Dockerfile => {
                dockerfiles += 1;
                invariants::dockerfile(&text)
            }
            FileKind::Compose => {
                compose += 1;
                invariants::yaml(&text).and_then(|()| invariants::compose(&text))
            }
        };
        if let Err(e) = checks.and_then(|()| invariants::lint(&text, *kind, &config)) {
            failures.push(format!("{}: {e}", path.display()));
        }
    }
    assert!(
        dockerfiles > 3000 && compose > 200,
        "{dockerfiles} {compose}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
