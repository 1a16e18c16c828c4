//! Helpers for the unit tests.

/// Compose files of the shared corpus. The tests need it: without it they
/// fail, saying so, rather than pass without checking anything.
pub(crate) fn corpus_compose_files() -> Vec<(std::path::PathBuf, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    assert!(
        root.is_dir(),
        "the shared corpus is missing at {}: the tests read it (see the README)",
        root.display()
    );
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
    files
}
