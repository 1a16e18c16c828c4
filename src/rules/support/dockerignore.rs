//! `.dockerignore` files, matched the way the builder matches them.
//!
//! Each non-comment line is a pattern, cleaned like a path (`./a/` is `a`, a
//! leading `/` is dropped); `!` makes it an exception. `*` and `?` do not
//! cross `/`, `**` spans any number of directories. A path is excluded when
//! the last pattern that matches it, or one of its parent directories, is not
//! an exception.

use foldhash::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use globset::{GlobBuilder, GlobMatcher};

use crate::reader::{ReadError, Reader, Root, SMALL_FILE_LIMIT};
use crate::rules::ParsedDockerfile;

/// One pattern of a `.dockerignore`.
#[derive(Debug)]
struct Pattern {
    text: String,
    line: usize,
    exception: bool,
    glob: GlobMatcher,
}

/// The patterns of one ignore file.
#[derive(Debug, Default)]
pub struct DockerIgnore {
    /// The file they were read from.
    pub path: PathBuf,
    patterns: Vec<Pattern>,
}

/// The pattern that excludes a path.
#[derive(Debug, PartialEq, Eq)]
pub struct Excluded<'a> {
    pub pattern: &'a str,
    /// 1-based line in the ignore file.
    pub line: usize,
}

/// Cleans a path the way Go's `filepath.Clean` does, for relative paths:
/// no `.` components, `..` resolved lexically, no doubled or trailing `/`.
pub fn clean(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            c => parts.push(c),
        }
    }
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// A Go `filepath.Match` pattern as a globset glob.
fn to_glob(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 4);
    let mut chars = p.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('\\');
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('!');
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '{' | '}' if !in_class => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            c => out.push(c),
        }
    }
    out
}

impl DockerIgnore {
    /// Parses the text of an ignore file. Patterns that cannot be compiled
    /// are skipped (the builder rejects the file; that is not this
    /// module's business).
    pub fn parse(path: PathBuf, text: &str) -> DockerIgnore {
        let mut patterns = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let (exception, rest) = match t.strip_prefix('!') {
                Some(r) => (true, r.trim()),
                None => (false, t),
            };
            if rest.is_empty() {
                continue;
            }
            let mut cleaned = clean(&rest.replace('\\', "/").replace("//", "/"));
            if rest.contains('\\') && !cfg!(windows) {
                // On Unix a backslash escapes; keep the pattern as written.
                cleaned = clean(rest);
            }
            let cleaned = cleaned.trim_start_matches('/').to_string();
            let Ok(glob) = GlobBuilder::new(&to_glob(&cleaned))
                .literal_separator(true)
                .build()
            else {
                continue;
            };
            patterns.push(Pattern {
                text: t.to_string(),
                line: n + 1,
                exception,
                glob: glob.compile_matcher(),
            });
        }
        DockerIgnore { path, patterns }
    }

    /// Whether a path of the build context (relative, `/`-separated) is
    /// excluded, and by which pattern.
    pub fn excluded(&self, path: &str) -> Option<Excluded<'_>> {
        let path = clean(path.trim_start_matches('/'));
        if path.starts_with("..") {
            return None;
        }
        if path == "." {
            // The whole context: excluded when a pattern matches `.` itself
            // (`*` does, as in BuildKit's matcher) and no exception brings
            // anything back.
            if self.patterns.iter().any(|p| p.exception) {
                return None;
            }
            return self
                .patterns
                .iter()
                .rev()
                .find(|p| p.glob.is_match("."))
                .map(|p| Excluded {
                    pattern: &p.text,
                    line: p.line,
                });
        }
        let parents: Vec<&str> = path.match_indices('/').map(|(i, _)| &path[..i]).collect();
        let mut result = None;
        for p in &self.patterns {
            let hit = p.glob.is_match(&path) || parents.iter().any(|d| p.glob.is_match(d));
            if hit {
                result = (!p.exception).then_some(Excluded {
                    pattern: &p.text,
                    line: p.line,
                });
            }
        }
        result
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

/// What the ignore-file lookup of a Dockerfile found.
#[derive(Debug)]
pub enum Lookup {
    /// No ignore file, or the Dockerfile has no place on disk.
    Absent,
    Found(Arc<DockerIgnore>),
    /// The ignore file (named here) is a link out of the repository: it was
    /// not read.
    Outside(String),
}

/// The ignore file that applies to a Dockerfile built with its own
/// directory as context: `<name>.dockerignore` beside it, else
/// `.dockerignore` in the directory, read through the Dockerfile's reader
/// (inside the repository, bounded). Cached per file, refreshed when the
/// file changes.
pub fn for_dockerfile(file: &ParsedDockerfile) -> Option<Arc<DockerIgnore>> {
    match lookup(file) {
        Lookup::Found(d) => Some(d.clone()),
        _ => None,
    }
}

/// [`for_dockerfile`], saying when the ignore file is outside the
/// repository. Looked up once per parse.
pub fn lookup(file: &ParsedDockerfile) -> &Lookup {
    file.ignore.get_or_init(|| look_up(file))
}

fn look_up(file: &ParsedDockerfile) -> Lookup {
    let Some(access) = &file.files else {
        return Lookup::Absent;
    };
    let (reader, root) = (&*access.reader, &*access.root);
    let dockerfile = &file.source.path;
    let Some((dir, name)) = crate::paths::parent_and_name(dockerfile) else {
        return Lookup::Absent;
    };
    let own = format!("{}.dockerignore", name.to_string_lossy());
    // The directory's listing holds every `*.dockerignore` name in it: one
    // listing per directory, not a look-up per Dockerfile.
    let listed = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Some(listing) = reader.listing(root, listed) else {
        return Lookup::Absent;
    };
    for n in [own.as_str(), ".dockerignore"] {
        if !listing.names().any(|p| p.to_string_lossy() == n) {
            continue;
        }
        match load_cached(reader, root, &dir.join(n)) {
            Ok(d) => return Lookup::Found(d),
            Err(ReadError::Outside) => return Lookup::Outside(n.to_string()),
            Err(_) => {}
        }
    }
    Lookup::Absent
}

type Cache = Mutex<HashMap<OsString, (Option<SystemTime>, Arc<DockerIgnore>)>>;

fn load_cached(reader: &Reader, root: &Root, path: &Path) -> Result<Arc<DockerIgnore>, ReadError> {
    // Resolved first, whatever the cache holds: a path outside the root is
    // refused before anything is looked at.
    reader.resolve(root, path)?;
    let stamp = reader.modified(root, path);
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some((m, d)) = cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(path.as_os_str())
        && *m == stamp
        && stamp.is_some()
    {
        return Ok(d.clone());
    }
    let text = reader.read_string(root, path, SMALL_FILE_LIMIT)?;
    let parsed = Arc::new(DockerIgnore::parse(path.to_path_buf(), &text));
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(path.as_os_str().to_owned(), (stamp, parsed.clone()));
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn di(s: &str) -> DockerIgnore {
        DockerIgnore::parse(PathBuf::from(".dockerignore"), s)
    }

    #[test]
    fn docker_semantics() {
        let d =
            di("# comment\n*.md\n!README.md\nnode_modules\n/build/\n**/*.log\ntmp/*\ndocs/[^a]*\n");
        assert!(d.excluded("CHANGES.md").is_some());
        assert!(d.excluded("README.md").is_none());
        // `*` does not cross directories and patterns are anchored.
        assert!(d.excluded("sub/CHANGES.md").is_none());
        assert!(d.excluded("node_modules/x/y.js").is_some());
        assert!(d.excluded("src/node_modules").is_none());
        assert!(d.excluded("build/out.bin").is_some());
        assert!(d.excluded("a/b/c.log").is_some());
        assert!(d.excluded("c.log").is_some());
        assert!(d.excluded("tmp/x").is_some());
        assert!(d.excluded("./tmp/x/y").is_some());
        assert!(d.excluded("docs/bx").is_some());
        assert!(d.excluded("docs/ax").is_none());
        assert!(d.excluded(".").is_none());
        assert_eq!(d.excluded("CHANGES.md").unwrap().line, 2);
    }

    #[test]
    fn the_whole_context() {
        assert!(di("*\n").excluded(".").is_some());
        assert!(di("*\n").excluded("./").is_some());
        assert!(di("*\n!src\n").excluded(".").is_none());
        assert!(di("node_modules\n").excluded(".").is_none());
    }

    #[test]
    fn exceptions_apply_in_order() {
        let d = di("*\n!src\n!package.json\nsrc/secret.txt\n");
        assert!(d.excluded("src/main.rs").is_none());
        assert!(d.excluded("package.json").is_none());
        assert!(d.excluded("other").is_some());
        assert!(d.excluded("src/secret.txt").is_some());
    }

    #[test]
    fn cleans_paths() {
        assert_eq!(clean("./a//b/../c/"), "a/c");
        assert_eq!(clean("/"), ".");
    }
}
