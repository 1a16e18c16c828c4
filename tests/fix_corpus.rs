//! `--fix --unsafe-fixes` on a copy of `../shared/corpus` (copied to a
//! temporary directory; the corpus itself is never written):
//!
//! - every remaining diagnostic of a fixable rule is one its rule leaves
//!   without a fix (the unfixable cases its page documents), or one whose
//!   fix was refused and reported;
//! - no file gains a `DF000`/`DC000` or a Compose specification error
//!   (DC020-DC023);
//! - a second run changes nothing;
//! - every fixed Compose file passes dclint's schema validation where the
//!   original did, and every fixed Dockerfile parses with hadolint where the
//!   original did (no new `DL1000`).
//!
//! The figures the note reports (findings removed, safe only and with
//! unsafe fixes; time against `check` in the same run) are printed.
//! hadolint is slow (about 0.1 s a file): without `FIX_CORPUS_FULL=1` it
//! checks a fixed sample of one changed Dockerfile in 8, and says so.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

struct Run {
    json: Value,
    stderr: String,
    time: Duration,
}

fn dockward(dir: &Path, args: &[&str]) -> Run {
    let t = Instant::now();
    let o = common::run_in(dir, args, &[]);
    let time = t.elapsed();
    let json = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: no JSON ({e}): {}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    Run {
        json,
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        time,
    }
}

fn diagnostics(run: &Run) -> &[Value] {
    run.json["diagnostics"].as_array().unwrap()
}

/// Diagnostics per (path, code).
fn counts(run: &Run, codes: &[&str]) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    for d in diagnostics(run) {
        let code = d["code"].as_str().unwrap();
        if codes.contains(&code) {
            *out.entry((d["path"].as_str().unwrap().to_string(), code.to_string()))
                .or_default() += 1;
        }
    }
    out
}

fn per_rule(run: &Run) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for d in diagnostics(run) {
        *out.entry(d["rule"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    out
}

/// Runs a validator on files (relative to `dir`) in batches, returning
/// its findings per file as `(file, message)`.
fn batches(files: &[PathBuf], size: usize) -> impl Iterator<Item = &[PathBuf]> {
    files.chunks(size.max(1))
}

/// dclint's `invalid-schema` messages, per file.
fn dclint_schema(dclint: &Path, dir: &Path, files: &[PathBuf]) -> HashMap<PathBuf, Vec<String>> {
    let mut out: HashMap<PathBuf, Vec<String>> = HashMap::new();
    // The report goes to a file: Node cuts long output to a pipe short
    // when dclint exits.
    let out_dir = tempfile::tempdir().unwrap();
    let report_file = out_dir.path().join("dclint.json");
    for chunk in batches(files, 200) {
        let _ = std::fs::remove_file(&report_file);
        let o = Command::new(dclint)
            .current_dir(dir)
            .args(["-f", "json", "--color", "false", "-o"])
            .arg(&report_file)
            .args(chunk)
            .output()
            .expect("dclint runs");
        let text = std::fs::read_to_string(&report_file).unwrap_or_else(|e| {
            panic!(
                "dclint wrote no report ({e}): {}",
                String::from_utf8_lossy(&o.stderr)
            )
        });
        let start = text
            .find('[')
            .unwrap_or_else(|| panic!("dclint: {text}{}", String::from_utf8_lossy(&o.stderr)));
        let report: Value = serde_json::from_str(&text[start..]).expect("dclint JSON");
        for f in report.as_array().unwrap() {
            let path = PathBuf::from(f["filePath"].as_str().unwrap());
            let path = path
                .strip_prefix(dir)
                .map(Path::to_path_buf)
                .unwrap_or(path);
            for m in f["messages"].as_array().unwrap() {
                if m["rule"] == "invalid-schema" {
                    out.entry(path.clone())
                        .or_default()
                        .push(m["message"].as_str().unwrap_or("").to_string());
                }
            }
        }
    }
    out
}

/// The files hadolint cannot parse (`DL1000`).
fn hadolint_unparsed(hadolint: &Path, dir: &Path, files: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for chunk in batches(files, 100) {
        let o = Command::new(hadolint)
            .current_dir(dir)
            .args(["--no-fail", "--no-color", "--format", "json"])
            .args(chunk)
            .output()
            .expect("hadolint runs");
        let report: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
            panic!("hadolint JSON: {e}: {}", String::from_utf8_lossy(&o.stderr))
        });
        for f in report.as_array().unwrap() {
            if f["code"] == "DL1000" {
                out.push(PathBuf::from(f["file"].as_str().unwrap()));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
#[ignore = "needs `dclint` and `hadolint` (scripts/install/dclint.sh, scripts/install/hadolint.sh); scripts/test runs it"]
fn fixing_the_corpus_keeps_every_file_valid_and_settles() {
    let corpus = common::corpus_root();
    let dclint = &common::tool("dclint");
    let hadolint = &common::tool("hadolint");
    let tmp = tempfile::tempdir().unwrap();
    let orig = tmp.path().join("orig");
    let safe = tmp.path().join("safe");
    let all = tmp.path().join("all");
    for d in [&orig, &safe, &all] {
        common::copy_tree(&corpus, d);
    }
    let before_files = common::read_tree(&orig);
    let json = ["check", "--format", "json", "."];

    let check = dockward(&orig, &json);
    let safe_run = dockward(&safe, &["check", "--fix", "--format", "json", "."]);
    let fix = dockward(
        &all,
        &["check", "--fix", "--unsafe-fixes", "--format", "json", "."],
    );
    let before_n = diagnostics(&check).len();
    let safe_n = diagnostics(&safe_run).len();
    let after_n = diagnostics(&fix).len();

    // 1. What remains of a fixable rule has no fix to apply, unless the
    //    fix was refused (and reported on stderr).
    let refused: Vec<&str> = fix
        .stderr
        .lines()
        .filter(|l| l.contains("was not applied"))
        .collect();
    // The report of `--fix` leaves out the fixes it could not apply, so a
    // plain check of the fixed tree shows them.
    let rechecked = dockward(&all, &json);
    assert_eq!(diagnostics(&rechecked).len(), after_n);
    let mut leftover = Vec::new();
    for d in diagnostics(&rechecked) {
        let applicability = d["fix"]["applicability"].as_str().unwrap_or("");
        if matches!(applicability, "safe" | "unsafe") {
            let path = d["path"].as_str().unwrap();
            let rule = d["rule"].as_str().unwrap();
            if !refused.iter().any(|r| r.contains(path) && r.contains(rule)) {
                leftover.push(format!("{path}: {rule}: {}", d["message"]));
            }
        }
    }
    assert!(
        leftover.is_empty(),
        "{} diagnostics still have a fix after --fix --unsafe-fixes:\n{}",
        leftover.len(),
        leftover[..leftover.len().min(30)].join("\n")
    );

    // 2. No new syntax or specification error in any file.
    let invalid = ["DF000", "DC000", "DC020", "DC021", "DC022", "DC023"];
    let old = counts(&check, &invalid);
    let mut new_errors = Vec::new();
    for (key, n) in counts(&fix, &invalid) {
        if n > old.get(&key).copied().unwrap_or(0) {
            new_errors.push(format!(
                "{} {}: {} -> {n}",
                key.0,
                key.1,
                old.get(&key).copied().unwrap_or(0)
            ));
        }
    }
    for (key, n) in counts(&safe_run, &invalid) {
        if n > old.get(&key).copied().unwrap_or(0) {
            new_errors.push(format!("(safe) {} {}", key.0, key.1));
        }
    }
    new_errors.sort();
    assert!(
        new_errors.is_empty(),
        "new errors:\n{}",
        new_errors.join("\n")
    );

    // 3. Idempotent: a second run has nothing left to do.
    let fixed_files = common::read_tree(&all);
    let again = common::run_in(
        &all,
        &["check", "--fix", "--unsafe-fixes", "--format", "json", "."],
        &[],
    );
    assert_eq!(
        String::from_utf8_lossy(&again.stderr)
            .lines()
            .filter(|l| l.starts_with("fixed "))
            .collect::<Vec<_>>(),
        vec!["fixed 0, ".to_string() + &after_n.to_string() + " remaining"]
    );
    assert!(
        common::read_tree(&all) == fixed_files,
        "a second run changed files"
    );

    let changed: Vec<PathBuf> = fixed_files
        .iter()
        .filter(|(p, bytes)| before_files.get(*p) != Some(*bytes))
        .map(|(p, _)| PathBuf::from(p))
        .collect();
    let kind = |p: &Path| dockward::discover::classify(&p.file_name().unwrap().to_string_lossy());
    let compose: Vec<PathBuf> = changed
        .iter()
        .filter(|p| kind(p) == Some(dockward::source::FileKind::Compose))
        .cloned()
        .collect();
    let dockerfiles: Vec<PathBuf> = changed
        .iter()
        .filter(|p| kind(p) == Some(dockward::source::FileKind::Dockerfile))
        .cloned()
        .collect();

    // 4. dclint's schema validation: no fixed Compose file fails where the
    //    original passed, and none gains a message.
    let mut schema_passing = 0;
    {
        let before = dclint_schema(dclint, &orig, &compose);
        let after = dclint_schema(dclint, &all, &compose);
        let mut worse = Vec::new();
        for f in &compose {
            let (b, a) = (
                before.get(f).map_or(0, Vec::len),
                after.get(f).map_or(0, Vec::len),
            );
            if a > b {
                worse.push(format!("{}: {:?}", f.display(), after.get(f)));
            }
            if a == 0 {
                schema_passing += 1;
            }
        }
        assert!(
            worse.is_empty(),
            "dclint schema errors after fixing:\n{}",
            worse.join("\n")
        );
    }

    // 5. hadolint parses every fixed Dockerfile whose original it parsed.
    // Always a sample: all of them would add about ten minutes to CI.
    let full = std::env::var_os("FIX_CORPUS_FULL").is_some();
    let sample: Vec<PathBuf> = if full {
        dockerfiles.clone()
    } else {
        dockerfiles.iter().step_by(8).cloned().collect()
    };
    {
        let before = hadolint_unparsed(hadolint, &orig, &sample);
        let after = hadolint_unparsed(hadolint, &all, &sample);
        let new: Vec<&PathBuf> = after.iter().filter(|p| !before.contains(p)).collect();
        assert!(
            new.is_empty(),
            "hadolint cannot parse these fixed Dockerfiles: {new:?}"
        );
    }

    // The figures.
    let removed = |n: usize| 100.0 * (before_n as f64 - n as f64) / before_n as f64;
    eprintln!(
        "corpus fix: {} files changed ({} Dockerfiles, {} Compose files)",
        changed.len(),
        dockerfiles.len(),
        compose.len()
    );
    eprintln!(
        "corpus fix: default findings {before_n}; after --fix {safe_n} ({:.1}% removed); after --fix --unsafe-fixes {after_n} ({:.1}% removed)",
        removed(safe_n),
        removed(after_n)
    );
    eprintln!(
        "corpus fix: check {:.2?}, --fix {:.2?} ({:.1}x), --fix --unsafe-fixes {:.2?} ({:.1}x)",
        check.time,
        safe_run.time,
        safe_run.time.as_secs_f64() / check.time.as_secs_f64(),
        fix.time,
        fix.time.as_secs_f64() / check.time.as_secs_f64()
    );
    eprintln!("corpus fix: {} refused fixes", refused.len());
    for r in &refused {
        eprintln!("  {r}");
    }
    eprintln!(
        "corpus fix: dclint schema: {} fixed Compose files checked, {schema_passing} pass",
        compose.len()
    );
    eprintln!(
        "corpus fix: hadolint: {} of {} changed Dockerfiles checked{}",
        sample.len(),
        dockerfiles.len(),
        if full {
            ""
        } else {
            " (one in 8; FIX_CORPUS_FULL=1 checks all)"
        }
    );
    let (b, a) = (per_rule(&check), per_rule(&fix));
    let mut rows: Vec<(&String, usize, usize)> = b
        .iter()
        .map(|(r, n)| (r, *n, a.get(r).copied().unwrap_or(0)))
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (rule, n, m) in rows.iter().filter(|r| r.1 != r.2) {
        eprintln!("  {rule}: {n} -> {m}");
    }
    for (rule, m) in a.iter().filter(|(r, _)| !b.contains_key(*r)) {
        eprintln!("  {rule}: 0 -> {m} (new)");
    }
}
