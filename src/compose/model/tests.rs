use super::*;

fn no_env(_: &str) -> Option<String> {
    None
}

#[test]
fn corpus_compose_files_load() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !root.is_dir() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "the corpus is missing at {}",
            root.display()
        );
        eprintln!("skipping: no corpus at {}", root.display());
        return;
    }
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().to_lowercase();
            if name.contains("compose") && (name.ends_with(".yml") || name.ends_with(".yaml")) {
                files.push(path);
            }
        }
    }
    files.sort();
    let (mut ok, mut failed, mut problems) = (0, Vec::new(), 0);
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        match parse_file(&text, &Limits::default(), &no_env) {
            Ok(f) => {
                ok += 1;
                for p in &f.problems {
                    problems += 1;
                    eprintln!("problem: {}: {} ({:?})", path.display(), p.message, p.kind);
                    assert!(text.get(p.span.range()).is_some());
                }
            }
            Err(e) => failed.push(format!("{}: {}", path.display(), e)),
        }
    }
    for f in &failed {
        eprintln!("failed: {f}");
    }
    eprintln!(
        "corpus: {} compose files, {ok} loaded, {} failed, {problems} problems",
        files.len(),
        failed.len()
    );
    assert!(ok > 0);
}
