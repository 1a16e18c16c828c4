//! The properties the fuzzers check (`dockward::invariants`), on every file
//! of the shared corpus: each Dockerfile prints back to itself from its
//! parsed tree, every YAML node span nests in its parent's, and the whole
//! lint of each file (with every rule on) stays in bounds and renders.

mod common;

use dockward::invariants;
use dockward::source::FileKind;

#[test]
fn corpus_files_keep_the_invariants() {
    let Some(files) = common::corpus_files() else {
        return;
    };
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
