//! The parser against RUN instructions of the real-world corpus in
//! `../shared/corpus` (skipped when absent, except when `CI=true`).

use super::assemble;
use crate::shell::{Script, parse};
use crate::source::OffsetMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One RUN script: the file's text, the script and its offset map.
pub(crate) struct RunScript {
    pub path: PathBuf,
    pub file: std::rc::Rc<str>,
    pub text: String,
    pub map: OffsetMap,
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    // The tests need it: without it they fail rather than pass unchecked.
    assert!(
        dir.is_dir(),
        "the shared corpus is missing at {}",
        dir.display()
    );
    Some(dir)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.contains("Dockerfile") && !n.ends_with(".template"))
        {
            out.push(p);
        }
    }
}

/// Crudely extract the shell-form RUN instructions of every Dockerfile.
pub(crate) fn run_scripts() -> Option<Vec<RunScript>> {
    let dir = corpus_dir()?;
    let mut files = Vec::new();
    walk(&dir, &mut files);
    let mut out = Vec::new();
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let file: std::rc::Rc<str> = String::from_utf8_lossy(&bytes).into();
        if file.contains("# escape=") {
            continue;
        }
        let mut line_start = 0;
        while line_start < file.len() {
            let line_end = file[line_start..]
                .find('\n')
                .map_or(file.len(), |e| line_start + e);
            let line = &file[line_start..line_end];
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if trimmed.len() > 4
                && trimmed.is_char_boundary(3)
                && trimmed[..3].eq_ignore_ascii_case("run")
                && trimmed.as_bytes()[3].is_ascii_whitespace()
            {
                let mut at = line_start + indent + 3;
                // Skip blanks and `--mount=...`-style flags.
                loop {
                    while at < line_end && matches!(file.as_bytes()[at], b' ' | b'\t') {
                        at += 1;
                    }
                    if file[at..line_end].starts_with("--") {
                        while at < line_end && !file.as_bytes()[at].is_ascii_whitespace() {
                            at += 1;
                        }
                    } else {
                        break;
                    }
                }
                if !file[at..].starts_with('[') {
                    let (text, map) = assemble(&file, at);
                    out.push(RunScript {
                        path: path.clone(),
                        file: file.clone(),
                        text,
                        map,
                    });
                }
            }
            line_start = line_end + 1;
        }
    }
    Some(out)
}

/// Words whose raw text needs no unquoting must map to exactly their text.
fn check(r: &RunScript, s: &Script) -> usize {
    let mut bad = 0;
    for c in &s.commands {
        assert!(c.span.start <= c.span.end && (c.span.end as usize) <= r.file.len());
        for w in &c.words {
            let raw = r.file.get(w.span.range());
            assert!(
                raw.is_some(),
                "{}: span {:?} off char boundary",
                r.path.display(),
                w.span
            );
            let raw = raw.unwrap_or_default();
            if !c.via_shell_c && !w.quoted && !raw.contains('\\') && raw != w.text {
                bad += 1;
                eprintln!("{}: word {:?} maps to {raw:?}", r.path.display(), w.text);
            }
        }
    }
    bad
}

#[test]
fn corpus_runs_parse_without_panic() {
    let Some(scripts) = run_scripts() else {
        return;
    };
    assert!(
        scripts.len() > 1000,
        "only {} RUN scripts found",
        scripts.len()
    );
    let mut bad = 0;
    let mut errors = 0;
    let mut commands = 0;
    for r in &scripts {
        let s = parse(&r.text, &r.map);
        errors += usize::from(s.has_error);
        if s.has_error && std::env::var_os("SHOW_SHELL_ERRORS").is_some() {
            eprintln!("--- {}\n{}", r.path.display(), r.text);
        }
        commands += s.commands.len();
        bad += check(r, &s);
    }
    eprintln!(
        "{} RUN scripts, {commands} commands, {errors} with has_error",
        scripts.len()
    );
    assert_eq!(bad, 0);
    // Broken files exist in the corpus, but syntax errors stay rare.
    assert!(errors * 50 < scripts.len(), "{errors} scripts with errors");
}

/// `cargo test --release --lib measure_shell_parse_speed -- --ignored --nocapture`
#[test]
#[ignore = "a measurement, not a test: run it in release with --ignored --nocapture"]
fn measure_shell_parse_speed() {
    let Some(scripts) = run_scripts() else {
        return;
    };
    let bytes: usize = scripts.iter().map(|r| r.text.len()).sum();
    // Warm up, then take the best of several rounds.
    let mut best = f64::MAX;
    let mut sink = 0usize;
    for _ in 0..12 {
        let t = Instant::now();
        for r in &scripts {
            sink += parse(&r.text, &r.map).commands.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mbs = bytes as f64 / best / 1e6;
    eprintln!(
        "bench_corpus: {} RUN scripts, {:.2} MB, best round {:.2} ms: {mbs:.1} MB/s, {:.2} us per script ({sink} commands)",
        scripts.len(),
        bytes as f64 / 1e6,
        best * 1e3,
        best * 1e6 / scripts.len() as f64,
    );
}
