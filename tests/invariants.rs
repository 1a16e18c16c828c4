//! The properties the fuzzers check (`dockward::invariants`), on every file
//! of the shared corpus: each Dockerfile prints back to itself from its
//! parsed tree, every YAML node span nests in its parent's, and the whole
//! lint of each file (with every rule on) stays in bounds and renders.
//! ShellCheck, which runs once per `RUN` and costs more than all the other
//! rules together, is on for every 4th file.

mod common;

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use dockward::config::Config;
use dockward::invariants::{self, Rendering};
use dockward::source::FileKind;

/// The checks of one corpus file.
fn check(path: &PathBuf, kind: FileKind, config: &Config) -> Option<Result<(), String>> {
    let text = std::fs::read_to_string(path).ok()?;
    let checks = match kind {
        FileKind::Dockerfile => invariants::dockerfile(&text),
        FileKind::Compose => invariants::yaml(&text).and_then(|()| invariants::compose(&text)),
    };
    // SARIF's rule table is the same for every file: it is rendered whole
    // once, in `the_sarif_rule_table_renders`, not once per file.
    Some(
        checks.and_then(|()| {
            invariants::lint_rendering(&text, kind, config, Rendering::InputDependent)
        }),
    )
}

/// Every 8th file unless the tests run in full (`CI=true` or
/// `scripts/test`): the whole corpus takes minutes in a debug build. The
/// files are shared out to one thread per core.
#[test]
fn corpus_files_keep_the_invariants() {
    let all = common::corpus_files();
    let total = all.len();
    let files = common::sample(all, 8);
    let with_shellcheck = invariants::all_rules_config();
    let without = invariants::fuzz_config();
    let next = AtomicUsize::new(0);
    let counts = [AtomicUsize::new(0), AtomicUsize::new(0)];
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((path, kind)) = files.get(i) else {
                        break;
                    };
                    let config = if i.is_multiple_of(4) {
                        &with_shellcheck
                    } else {
                        &without
                    };
                    let Some(result) = check(path, *kind, config) else {
                        continue;
                    };
                    counts[usize::from(*kind == FileKind::Compose)].fetch_add(1, Ordering::Relaxed);
                    if let Err(e) = result {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{}: {e}", path.display()));
                    }
                }
            });
        }
    });
    let [dockerfiles, compose] = counts.map(AtomicUsize::into_inner);
    let (min_df, min_compose) = if files.len() == total {
        (3000, 200)
    } else {
        (300, 20)
    };
    assert!(
        dockerfiles > min_df && compose > min_compose,
        "{dockerfiles} {compose}"
    );
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The part of the output the corpus test leaves out: every format whole,
/// SARIF with its rule table, with every rule on.
#[test]
fn the_sarif_rule_table_renders() {
    let config = invariants::all_rules_config();
    for (text, kind) in [
        ("FROM alpine\nRUN apt-get install x\n", FileKind::Dockerfile),
        (
            "services:\n  a:\n    image: x\n    privileged: true\n",
            FileKind::Compose,
        ),
    ] {
        invariants::lint(text, kind, &config).unwrap();
    }
}
