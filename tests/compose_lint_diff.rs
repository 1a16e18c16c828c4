//! Differential test against compose-lint (PyPI `compose-lint`): both tools
//! lint the corpus's Compose files and their findings on mapped rules are
//! compared, per compose-lint rule.
//!
//! A compose-lint finding is matched by a dockward diagnostic of a rule that
//! declares that compose-lint id as an origin, in the same file and the same
//! service (on the same line when there are several candidates). The test
//! requires dockward to find over 95% of what compose-lint finds, with every
//! remaining difference in a known, explained class, and requires dockward to
//! lint the files compose-lint skips (the legacy format).
//!
//! Run `cargo test --test compose_lint_diff -- --nocapture` for the table.
//! Ignored by plain `cargo test` (it needs compose-lint); `scripts/test` runs it.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use dockward::compose::{Limits, parse_file};
use dockward::config::{ConfigResolver, Overrides};
use dockward::discover::classify;
use dockward::lint::{RunOptions, lint_paths};
use dockward::rules::Tool;
use dockward::source::FileKind;

/// Compose files of the corpus, relative to it, sorted.
fn compose_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let t = e.file_type().unwrap();
            let p = e.path();
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file()
                && classify(&e.file_name().to_string_lossy()) == Some(FileKind::Compose)
            {
                out.push(
                    p.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

#[derive(Debug)]
struct ClFinding {
    file: String,
    rule: String,
    service: String,
    line: u32,
}

struct DwFinding {
    /// compose-lint ids the rule maps to.
    cl_ids: Vec<&'static str>,
    code: &'static str,
    service: String,
    line: u32,
    used: bool,
}

/// Services compose-lint graded without their inherited base (its
/// `coverage_gap` warnings name them).
fn gap_services(warnings: &[serde_json::Value]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for w in warnings {
        if w["kind"] != "coverage_gap" {
            continue;
        }
        let file = w["file"].as_str().unwrap_or("").to_string();
        let msg = w["message"].as_str().unwrap_or("");
        let Some(start) = msg.find(", so ") else {
            continue;
        };
        let Some(end) = msg.find(" graded without") else {
            continue;
        };
        let names = &msg[start..end];
        for (i, part) in names.split('\'').enumerate() {
            if i % 2 == 1 {
                out.push((file.clone(), part.to_string()));
            }
        }
    }
    out
}

/// Why a compose-lint finding has no dockward counterpart, for the
/// differences the rule pages explain; `None` for an unexplained miss.
fn explain(f: &ClFinding, svc: Option<&dockward::compose::model::Service>) -> Option<&'static str> {
    let svc = svc?;
    let extends = svc.extends.is_some();
    match f.rule.as_str() {
        // Absence rules: a service that `extends` another may inherit the
        // setting; dockward does not report what the base may supply.
        "CL-0003" | "CL-0006" | "CL-0007" | "CL-0026" if extends => {
            Some("service extends another: the base may set it")
        }
        // The `image` of a service that builds names the image it builds
        // (unpinned-image-tag, image-without-digest).
        "CL-0004" | "CL-0019" if svc.build.is_some() => {
            Some("service builds its image: `image` names what it builds")
        }
        // An image whose tag is an unset variable (`app:${TAG}`):
        // compose-lint grades the empty tag, dockward does not guess.
        "CL-0004" | "CL-0019" if svc.image.as_ref().is_some_and(|i| i.is_unknown()) => {
            Some("image depends on a variable without a default")
        }
        _ => None,
    }
}

#[test]
#[ignore = "needs `compose-lint` (scripts/install/compose-lint.sh); scripts/test runs it"]
fn dockward_finds_what_compose_lint_finds() {
    let root = common::corpus_root().canonicalize().unwrap();
    let cl = common::tool("compose-lint");
    let files = compose_files(&root);
    assert!(
        files.len() > 100,
        "only {} Compose files found",
        files.len()
    );

    // compose-lint, each file on its own as dockward lints it today (no
    // override merging, no .env).
    let output = Command::new(&cl)
        .current_dir(&root)
        .args([
            "check",
            "--format",
            "json",
            "--no-merge-overrides",
            "--no-env",
            "--allow-partial-coverage",
        ])
        .args(&files)
        .output()
        .expect("run compose-lint");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("compose-lint JSON output");
    let mut cl_findings: Vec<ClFinding> = Vec::new();
    let mut duplicates = 0;
    for f in report["findings"].as_array().expect("findings") {
        let key = |c: &ClFinding| (c.file.clone(), c.rule.clone(), c.service.clone(), c.line);
        let finding = ClFinding {
            file: f["file"]
                .as_str()
                .unwrap()
                .trim_start_matches("./")
                .to_string(),
            rule: f["rule_id"].as_str().unwrap().to_string(),
            service: f["service"].as_str().unwrap_or("").to_string(),
            line: f["line"].as_u64().unwrap_or(0) as u32,
        };
        // compose-lint reports a finding of a base file once for every file
        // that `extends` it; count it once.
        if cl_findings.iter().any(|c| key(c) == key(&finding)) {
            duplicates += 1;
            continue;
        }
        cl_findings.push(finding);
    }
    let gaps = gap_services(report["warnings"].as_array().map_or(&[][..], |v| v));
    let skipped: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains("Skipped:"))
        .filter_map(|l| l.split(": Skipped:").next())
        .map(|p| p.trim_start_matches("./").to_string())
        .collect();

    // dockward, every rule enabled.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("dockward.toml");
    std::fs::write(&cfg, "select = [\"all\"]\n").unwrap();
    let resolver = ConfigResolver::new(Some(&cfg), Overrides::default()).unwrap();
    let paths: Vec<PathBuf> = files.iter().map(|f| root.join(f)).collect();
    let run = lint_paths(&paths, &resolver, &RunOptions::default());

    let no_env = |_: &str| -> Option<String> { None };
    let mut models = HashMap::new();
    let mut dw: HashMap<String, Vec<DwFinding>> = HashMap::new();
    let mut dw_files = 0;
    let mut env_findings = 0;
    for fr in &run.files {
        // A committed `.env` is reported at its own lines (a credential
        // that interpolation takes from it); compose-lint runs `--no-env`.
        let name = fr.source.path.file_name().map(|n| n.to_string_lossy());
        if name.as_deref().and_then(classify) != Some(FileKind::Compose) {
            env_findings += fr.diagnostics.len();
            continue;
        }
        let rel = fr
            .source
            .path
            .strip_prefix(&root)
            .unwrap_or(&fr.source.path)
            .to_string_lossy()
            .replace('\\', "/");
        let rel = rel.trim_start_matches("./").to_string();
        dw_files += 1;
        let Ok(model) = parse_file(&fr.source.text, &Limits::default(), &no_env) else {
            continue;
        };
        let mut list = Vec::new();
        for d in &fr.diagnostics {
            let cl_ids: Vec<&'static str> = d.rule.origin_ids(Tool::ComposeLint).collect();
            if cl_ids.is_empty() {
                continue;
            }
            let service = model
                .services
                .iter()
                .find(|s| {
                    let start = s.name.span.start;
                    let end = s.span.end.max(s.name.span.end);
                    start <= d.span.start && d.span.start <= end
                })
                .map(|s| s.name.value.clone())
                .unwrap_or_default();
            list.push(DwFinding {
                cl_ids,
                code: d.rule.code,
                service,
                line: fr.source.line_col(d.span.start).line,
                used: false,
            });
        }
        dw.insert(rel.clone(), list);
        models.insert(rel, (model, fr.source.text.clone()));
    }
    assert_eq!(dw_files, files.len(), "dockward linted every Compose file");

    // Match.
    #[derive(Default)]
    struct Row {
        total: usize,
        matched: usize,
        gap: usize,
        explained: usize,
        missed: usize,
        extra: usize,
    }
    let mut table: BTreeMap<String, Row> = BTreeMap::new();
    let mut explained_classes: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for f in &cl_findings {
        let row = table.entry(f.rule.clone()).or_default();
        row.total += 1;
        let list = dw.entry(f.file.clone()).or_default();
        let candidates: Vec<usize> = list
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                !d.used && d.service == f.service && d.cl_ids.contains(&f.rule.as_str())
            })
            .map(|(i, _)| i)
            .collect();
        let pick = candidates
            .iter()
            .copied()
            .find(|&i| list[i].line == f.line)
            .or_else(|| candidates.first().copied());
        if let Some(i) = pick {
            list[i].used = true;
            row.matched += 1;
            continue;
        }
        if gaps
            .iter()
            .any(|(gf, gs)| gf.trim_start_matches("./") == f.file && *gs == f.service)
        {
            row.gap += 1;
            continue;
        }
        let (model, _) = &models[&f.file];
        let svc = model.services.iter().find(|s| s.name.value == f.service);
        match explain(f, svc) {
            Some(why) => {
                row.explained += 1;
                *explained_classes.entry(why).or_default() += 1;
            }
            None => {
                row.missed += 1;
                unexplained.push(f);
            }
        }
    }
    // Diagnostics of mapped rules that compose-lint did not report. A
    // diagnostic of a rule mapped to CL-0026 (memory and CPU, one finding)
    // pairs with the other half's; count only those on a service without a
    // matched counterpart.
    let mut extras = Vec::new();
    let mut legacy_extra = 0;
    let mut dw_sorted: Vec<_> = dw.iter().collect();
    dw_sorted.sort_by(|a, b| a.0.cmp(b.0));
    for (file, list) in dw_sorted {
        let legacy = skipped.contains(file);
        for d in list.iter().filter(|d| !d.used) {
            if legacy {
                legacy_extra += 1;
                continue;
            }
            let paired = list.iter().any(|o| {
                o.used && o.service == d.service && o.cl_ids == d.cl_ids && o.code != d.code
            });
            if !paired {
                extras.push(format!(
                    "{} {} service `{}` line {}",
                    d.code,
                    d.cl_ids.join("/"),
                    d.service,
                    d.line
                ));
                for id in &d.cl_ids {
                    table.entry(id.to_string()).or_default().extra += 1;
                }
            }
        }
    }

    let mut total = Row::default();
    eprintln!(
        "\n| compose-lint rule | compose-lint findings | matched by dockward | coverage gap | explained | missed | dockward only |"
    );
    eprintln!("|---|---|---|---|---|---|---|");
    for (rule, r) in &table {
        eprintln!(
            "| {rule} | {} | {} | {} | {} | {} | {} |",
            r.total, r.matched, r.gap, r.explained, r.missed, r.extra
        );
        total.total += r.total;
        total.matched += r.matched;
        total.gap += r.gap;
        total.explained += r.explained;
        total.missed += r.missed;
        total.extra += r.extra;
    }
    eprintln!(
        "| total | {} | {} | {} | {} | {} | {} |",
        total.total, total.matched, total.gap, total.explained, total.missed, total.extra
    );
    let judged = total.total - total.gap;
    let ratio = total.matched as f64 / judged.max(1) as f64;
    eprintln!(
        "\n{} Compose files; dockward matches {} of the {judged} findings compose-lint makes on services it could grade fully ({:.1}%); {} more are on services compose-lint graded without their missing `extends` base",
        files.len(),
        total.matched,
        ratio * 100.0,
        total.gap
    );
    eprintln!(
        "compose-lint repeated {duplicates} findings of base files once per extending file; counted once"
    );
    for (why, n) in &explained_classes {
        eprintln!("explained: {n} × {why}");
    }
    eprintln!(
        "dockward only: {legacy_extra} diagnostics of mapped rules in the legacy files compose-lint skips"
    );
    eprintln!(
        "dockward only: {env_findings} diagnostics at `.env` lines (compose-lint runs with `--no-env`)"
    );
    for e in &extras {
        eprintln!("dockward only: {e}");
    }
    for f in &unexplained {
        eprintln!(
            "missed: {}:{} {} service `{}`",
            f.file, f.line, f.rule, f.service
        );
    }

    // Files compose-lint skips are linted by dockward.
    eprintln!("compose-lint skipped {} files:", skipped.len());
    for s in &skipped {
        let (model, _) = models
            .get(s)
            .unwrap_or_else(|| panic!("dockward did not lint {s}"));
        let n = dw.get(s).map_or(0, Vec::len);
        eprintln!(
            "  {s}: legacy = {}, {} services, {n} dockward diagnostics on mapped rules",
            model.legacy,
            model.services.len()
        );
        assert!(
            !model.services.is_empty(),
            "dockward found no service in {s}"
        );
        assert!(n > 0, "dockward reported nothing in {s}");
    }
    assert!(
        !skipped.is_empty(),
        "compose-lint skipped no legacy file: the corpus changed?"
    );

    // The coverage gap holds only findings of absent settings, which the
    // missing base may supply; anything else must be matched or explained.
    for (rule, r) in &table {
        assert!(
            r.gap == 0 || ["CL-0003", "CL-0006", "CL-0007", "CL-0026"].contains(&rule.as_str()),
            "{rule}: {} findings on coverage-gap services are not absence findings",
            r.gap
        );
    }
    assert!(
        ratio > 0.95,
        "dockward matches only {:.1}% of compose-lint's findings",
        ratio * 100.0
    );
    assert!(
        unexplained.is_empty(),
        "{} compose-lint findings have no dockward counterpart and no explanation (listed above)",
        unexplained.len()
    );
}
