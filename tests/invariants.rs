//! The properties the fuzzers check (`dockward::invariants`), on every file
//! of the shared corpus: each Dockerfile prints back to itself from its
//! parsed tree, every YAML node span nests in its parent's, and the whole
//! lint of each file (with every rule on) stays in bounds and renders.

mod common;

use dockward::invariants;
use dockward::source::FileKind;

/// Every 8th file unless the tests run in full (`CI=true` or
/// `scripts/test`): the whole corpus takes minutes in a debug build.
#[test]
fn corpus_files_keep_the_invariants() {
    let all = common::corpus_files();
    let total = all.len();
    let files = common::sample(all, 8);
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
    let (min_df, min_compose) = if files.len() == total {
        (3000, 200)
    } else {
        (300, 20)
    };
    assert!(
        dockerfiles > min_df && compose > min_compose,
        "{dockerfiles} {compose}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
