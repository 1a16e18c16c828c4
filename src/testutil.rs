//! Helpers for the unit tests.

/// Compose files of the shared corpus, or `None` when it is absent (which
/// fails under `CI=true`).
pub(crate) fn corpus_compose_files() -> Option<Vec<(std::path::PathBuf, String)>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !root.is_dir() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "the corpus is missing at {}",
            root.display()
        );
        eprintln!("skipping: no corpus at {}", root.display());
        return None;
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
            let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
            if name.contains("compose")
                && yaml
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                files.push((path, text));
            }
        }
    }
    files.sort();
    Some(files)
}
