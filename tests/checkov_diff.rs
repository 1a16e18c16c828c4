//! Differential test against Checkov on the corpus Dockerfiles.
//!
//! Runs Checkov (PyPI `checkov`, installed by `scripts/install/checkov.sh`)
//! with its Dockerfile framework and dockward on the corpus Dockerfiles, and
//! compares findings per mapped check: a Checkov finding `(file, lines,
//! CKV_DOCKER_n)` agrees when dockward reports a rule that maps to the same
//! check id in the same file, on a line inside Checkov's line range. Prints
//! a per-check table and asserts agreement on the checks the build maps.
//!
//! Checkov is slow (a Python process that loads every framework's checks)
//! and heavy to install, so:
//! - `CHECKOV_FINDINGS=path` reuses findings saved by an earlier run with
//!   `CHECKOV_SAVE=path` (a JSON array of `{check_id, file, start, end}`
//!   with absolute paths);
//! - `CHECKOV_SAMPLE=n` runs on every n-th corpus Dockerfile (sorted by
//!   path), a deterministic sample. Without it the test uses every file
//!   outside CI and every 4th under `CI=true`, to keep CI within its time
//!   (figures for the full corpus are in docs/notes/accuracy-df.md).
//!
//! Needs the corpus and Checkov: ignored with `needs `checkov``, so plain
//! `cargo test` lists it as ignored and scripts/test runs it (tests/common).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use dockward::config::{ConfigResolver, Overrides};
use dockward::lint::{RunOptions, lint_paths};
use dockward::rules::{RULES, Tool};
use dockward::source::FileKind;

#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
struct Finding {
    check_id: String,
    file: String,
    start: usize,
    end: usize,
}

/// Checkov's JSON output: one report object, or a list of them (one per
/// framework).
fn findings_of(report: &serde_json::Value, out: &mut Vec<Finding>) {
    if let Some(list) = report.as_array() {
        for r in list {
            findings_of(r, out);
        }
        return;
    }
    let Some(failed) = report
        .pointer("/results/failed_checks")
        .and_then(|v| v.as_array())
    else {
        return;
    };
    for f in failed {
        let id = f["check_id"].as_str().unwrap_or("").to_string();
        let file = f["file_abs_path"]
            .as_str()
            .or_else(|| f["file_path"].as_str())
            .unwrap_or("")
            .to_string();
        let range = f["file_line_range"].as_array();
        let line = |i: usize| {
            range
                .and_then(|r| r.get(i))
                .and_then(|v| v.as_u64())
                .unwrap_or(0) as usize
        };
        out.push(Finding {
            check_id: id,
            file,
            start: line(0),
            end: line(1),
        });
    }
}

fn run_checkov(exe: &Path, files: &[PathBuf]) -> Vec<Finding> {
    let dir = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    // Two processes, one per core; each gets half of the files.
    let half = files.len().div_ceil(2).max(1);
    let children: Vec<_> = files
        .chunks(half)
        .map(|chunk| {
            let mut c = Command::new(exe);
            c.args([
                "--framework",
                "dockerfile",
                "--output",
                "json",
                "--quiet",
                "--compact",
                "--skip-download",
                "--no-fail-on-crash",
            ]);
            for f in chunk {
                c.arg("--file").arg(f);
            }
            c.current_dir(dir.path())
                .env("BC_SKIP_MAPPING", "TRUE")
                .env("CHECKOV_RUN_SCA_PACKAGE_SCAN_V2", "false")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("start checkov")
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().expect("run checkov");
        let text = String::from_utf8_lossy(&o.stdout);
        // Checkov prints `[]`-less empty output when nothing was scanned.
        if text.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&text).expect("checkov JSON output");
        findings_of(&v, &mut out);
    }
    out
}

fn sample_every() -> usize {
    match std::env::var("CHECKOV_SAMPLE") {
        Ok(n) => n.parse().expect("CHECKOV_SAMPLE is a number"),
        Err(_) if common::in_ci() => 4,
        Err(_) => 1,
    }
}

#[test]
#[ignore = "needs `checkov` (scripts/install/checkov.sh); scripts/test runs it"]
fn agrees_with_checkov_on_the_corpus() {
    let root = std::fs::canonicalize(common::corpus_root()).unwrap();

    // The rules that map Checkov's Dockerfile checks.
    let mut mapped: BTreeSet<&str> = BTreeSet::new();
    let mut selected = Vec::new();
    for r in RULES {
        let ids: Vec<&str> = r
            .meta
            .origin_ids(Tool::Checkov)
            .filter(|id| id.starts_with("CKV_DOCKER_") || id.starts_with("CKV2_DOCKER_"))
            .collect();
        if !ids.is_empty() {
            mapped.extend(&ids);
            selected.push(r.meta.name.to_string());
        }
    }
    assert!(
        !mapped.is_empty(),
        "no rule maps a Checkov Dockerfile check"
    );

    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("dockward.toml");
    std::fs::write(
        &cfg,
        format!(
            "select = [{}]\n",
            selected
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
    .unwrap();
    let resolver = ConfigResolver::new(Some(&cfg), Overrides::default()).unwrap();
    let report = lint_paths(
        std::slice::from_ref(&root),
        &resolver,
        &RunOptions::default(),
    );
    let mut all_files = Vec::new();
    // (file) -> (line, checkov ids) of each dockward diagnostic.
    let mut ours: HashMap<PathBuf, Vec<(usize, Vec<&'static str>)>> = HashMap::new();
    for f in &report.files {
        if f.source.kind != FileKind::Dockerfile {
            continue;
        }
        let path = std::fs::canonicalize(&f.source.path).unwrap();
        all_files.push(path.clone());
        for d in &f.diagnostics {
            let ids: Vec<&'static str> = d.rule.origin_ids(Tool::Checkov).collect();
            if ids.is_empty() {
                continue;
            }
            let line = f.source.text[..d.span.start as usize].matches('\n').count() + 1;
            ours.entry(path.clone()).or_default().push((line, ids));
        }
    }
    all_files.sort();
    assert!(
        all_files.len() > 1000,
        "too few corpus Dockerfiles: {}",
        all_files.len()
    );
    let every = sample_every().max(1);
    let files: Vec<PathBuf> = all_files.iter().step_by(every).cloned().collect();
    let in_sample: BTreeSet<&PathBuf> = files.iter().collect();

    let theirs: Vec<Finding> = if let Ok(p) = std::env::var("CHECKOV_FINDINGS") {
        let text = std::fs::read_to_string(&p).expect("read CHECKOV_FINDINGS");
        serde_json::from_str(&text).expect("parse CHECKOV_FINDINGS")
    } else {
        let exe = common::tool("checkov");
        let t = std::time::Instant::now();
        let found = run_checkov(&exe, &files);
        println!(
            "checkov on {} files took {:.1} s",
            files.len(),
            t.elapsed().as_secs_f64()
        );
        if let Ok(p) = std::env::var("CHECKOV_SAVE") {
            std::fs::write(&p, serde_json::to_vec(&found).unwrap()).expect("write CHECKOV_SAVE");
        }
        found
    };
    let theirs: Vec<Finding> = theirs
        .into_iter()
        .filter(|f| in_sample.contains(&PathBuf::from(&f.file)))
        .collect();

    // Per check: Checkov findings, agreed, dockward findings, dockward only.
    let mut table: BTreeMap<&str, [usize; 4]> = mapped.iter().map(|c| (*c, [0; 4])).collect();
    let mut used: BTreeSet<(PathBuf, usize, &str)> = BTreeSet::new();
    let mut missed: Vec<String> = Vec::new();
    for f in &theirs {
        let Some(code) = mapped.get(f.check_id.as_str()).copied() else {
            continue;
        };
        let row = table.get_mut(code).unwrap();
        row[0] += 1;
        let file = PathBuf::from(&f.file);
        let hit = ours.get(&file).and_then(|diags| {
            diags.iter().find(|(line, ids)| {
                ids.contains(&code) && (f.start..=f.end.max(f.start)).contains(line)
            })
        });
        match hit {
            Some((line, _)) => {
                row[1] += 1;
                used.insert((file, *line, code));
            }
            None => missed.push(format!("{code} {}:{}-{}", f.file, f.start, f.end)),
        }
    }
    let mut extra: Vec<String> = Vec::new();
    for file in &files {
        for (line, ids) in ours.get(file).map(Vec::as_slice).unwrap_or(&[]) {
            // A rule mapping several checks counts under the one Checkov
            // reported there, or else under its first mapped check.
            let hit = ids
                .iter()
                .find(|id| used.contains(&(file.clone(), *line, **id)));
            let Some(id) = hit.or_else(|| ids.iter().find(|id| table.contains_key(**id))) else {
                continue;
            };
            let row = table.get_mut(id).unwrap();
            row[2] += 1;
            if hit.is_none() {
                row[3] += 1;
                extra.push(format!("{id} {}:{line}", file.display()));
            }
        }
    }

    println!(
        "{} of {} corpus Dockerfiles (every {every}); {} Checkov findings on mapped checks",
        files.len(),
        all_files.len(),
        table.values().map(|r| r[0]).sum::<usize>()
    );
    println!("| check | checkov | both | agreement | dockward | dockward only |");
    println!("|---|---:|---:|---:|---:|---:|");
    let (mut total, mut agreed) = (0, 0);
    for (code, [c, both, d, only]) in &table {
        total += c;
        agreed += both;
        let pct = if *c == 0 {
            "-".to_string()
        } else {
            format!("{:.1}%", 100.0 * *both as f64 / *c as f64)
        };
        println!("| {code} | {c} | {both} | {pct} | {d} | {only} |");
    }
    let rate = if total == 0 {
        1.0
    } else {
        agreed as f64 / total as f64
    };
    println!("| all | {total} | {agreed} | {:.1}% | | |", 100.0 * rate);
    if std::env::var_os("CHECKOV_DIFF_VERBOSE").is_some() {
        for m in &missed {
            println!("missed {m}");
        }
        for e in &extra {
            println!("extra {e}");
        }
    }
    assert!(total > 0, "Checkov reported nothing on the mapped checks");
    assert!(
        rate > CHECKOV_AGREEMENT,
        "dockward finds {agreed} of Checkov's {total} findings on mapped checks ({:.1}%), expected more than {:.0}%",
        100.0 * rate,
        100.0 * CHECKOV_AGREEMENT
    );
}

/// The agreement the test holds to (measured figures are in
/// docs/notes/accuracy-df.md).
const CHECKOV_AGREEMENT: f64 = 0.95;
