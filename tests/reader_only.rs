//! Every read of an input file goes through `src/reader.rs`: no other
//! module opens, stats or lists a path itself. This test reads the sources
//! and fails on any file-system read outside the reader (test code
//! excepted), so a new one cannot bypass the root and size checks by
//! accident.

use std::path::{Path, PathBuf};

/// Calls that read, stat or list the file system.
const FORBIDDEN: [&str; 14] = [
    "fs::read(",
    "fs::read_to_string(",
    "read_to_string(",
    "File::open(",
    "read_dir(",
    "read_link(",
    ".read(true)",
    "fs::metadata(",
    "symlink_metadata(",
    "canonicalize(",
    ".exists()",
    "try_exists(",
    "memmap",
    "Gitignore::new(",
];

/// Existence checks that read nothing and are not about input files: the
/// `shellcheck` executable looked up on `PATH`.
const ALLOWED: [(&str, &str); 1] = [("shellcheck.rs", ".is_file()")];

/// `x.is_file()`, `x.is_dir()` and `x.is_symlink()` are allowed on these
/// receivers only: file types and metadata the reader or the walk already
/// produced (no system call).
const TYPE_RECEIVERS: [&str; 4] = ["ft", "t", "m", "meta"];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            // Unit tests and the reader itself.
            if p.file_name().is_some_and(|n| n == "tests" || n == "reader") {
                continue;
            }
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            // `outfile` (reports, the baseline, fixed files) looks at where
            // it writes, to refuse a link or a path outside the repository
            // there, never at input.
            let writes = name == "outfile.rs";
            if !writes && !["tests.rs", "testutil.rs", "reader.rs"].contains(&name.as_str()) {
                out.push(p);
            }
        }
    }
}

/// The code before a file's `#[cfg(test)] mod tests` block.
fn non_test_code(text: &str) -> &str {
    let mut end = text.len();
    for marker in ["#[cfg(test)]\nmod tests {", "#[cfg(test)]\nmod tests;"] {
        if let Some(i) = text.find(marker) {
            end = end.min(i);
        }
    }
    &text[..end]
}

#[test]
fn only_the_reader_touches_the_file_system() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 50, "found {} source files", files.len());
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in non_test_code(&text).lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let rel = f.strip_prefix(&root).unwrap().display().to_string();
            let allowed = |pat: &str| ALLOWED.iter().any(|(f, p)| rel == *f && pat == *p);
            for pat in FORBIDDEN {
                if code.contains(pat) && !allowed(pat) {
                    found.push(format!("src/{rel}:{}: `{pat}`: {}", n + 1, line.trim()));
                }
            }
            for kind in [".is_file()", ".is_dir()", ".is_symlink()"] {
                let mut rest = code;
                while let Some(i) = rest.find(kind) {
                    let receiver: String = rest[..i]
                        .chars()
                        .rev()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    if !TYPE_RECEIVERS.contains(&receiver.as_str()) && !allowed(kind) {
                        found.push(format!(
                            "src/{rel}:{}: `{receiver}{kind}` stats a path: {}",
                            n + 1,
                            line.trim()
                        ));
                    }
                    rest = &rest[i + kind.len()..];
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "read the file system through `reader::Reader` instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_walk_lists_directories_through_the_reader() {
    // The `ignore` crate's walker read `.gitignore` and `.ignore` unbounded
    // and through links, and listed directories past the reader's root
    // check. The walk lists each directory through `Reader::entries`, and
    // `discover::ignores` reads the ignore files through the reader.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let discover = std::fs::read_to_string(src.join("discover.rs")).unwrap();
    assert!(discover.contains("self.reader.entries(self.root, &dir)"));
    let mut files = Vec::new();
    sources(&src, &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for walker in ["WalkBuilder", "WalkDir", "build_parallel"] {
            assert!(!text.contains(walker), "{} walks on its own", f.display());
        }
    }
}
