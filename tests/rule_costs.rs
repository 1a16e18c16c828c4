//! Per-rule cost on the corpus, single-threaded: parse every corpus
//! Dockerfile once, then time each Dockerfile rule over all of them.
//! Ignored by default; run with
//! `cargo test --release --test rule_costs -- --ignored --nocapture`.
//! (`scripts/test` leaves out tests named `measure_*`.)

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use dockward::diagnostic::Diagnostics;
use dockward::rules::{Check, DockerfileContext, NoOptions, ParsedDockerfile, RULES};
use dockward::source::{FileKind, SourceFile};

#[test]
#[ignore = "a measurement, not a test: run it in release with --ignored --nocapture"]
fn measure_rule_costs_on_the_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .to_ascii_lowercase()
                    .contains("dockerfile")
            }) && let Ok(text) = std::fs::read_to_string(&p)
            {
                files.push(ParsedDockerfile::new(Arc::new(SourceFile::new(
                    p,
                    FileKind::Dockerfile,
                    text,
                ))));
            }
        }
    }
    println!("{} Dockerfiles", files.len());
    let mut costs = Vec::new();
    for r in RULES {
        let Check::Dockerfile(check) = r.check else {
            continue;
        };
        let t = Instant::now();
        let mut n = 0;
        for f in &files {
            let cx = DockerfileContext {
                file: f,
                options: &NoOptions,
            };
            let mut out = Diagnostics::default();
            check(&cx, &mut out);
            n += out.len();
        }
        costs.push((t.elapsed(), r.meta.code, r.meta.name, n));
    }
    costs.sort();
    for (t, code, name, n) in costs.iter().rev() {
        println!(
            "{:>8.2} ms  {code} {name} ({n} diagnostics)",
            t.as_secs_f64() * 1000.0
        );
    }
}
