//! Baselines: the findings a repository had when it adopted dockward, so
//! that only new ones are reported and fail a build.
//!
//! An entry names a file (relative to the baseline file's directory, with
//! `/`), a rule code, and a fingerprint of the offending text in its
//! context: for a Compose file the keys above it (`services/web/ports`),
//! for a Dockerfile the line it starts on, whitespace collapsed, plus the
//! text under the span. No line numbers, so lines added or removed above a
//! finding, and reformatting elsewhere, keep it matched.
//!
//! What users of other tools' baselines ran into, and what this does
//! instead:
//! - counts per file and rule (ESLint's bulk suppressions, PHPStan's
//!   `count`) let a fixed finding and a new one of the same rule cancel out
//!   unseen: here every finding has its own entry, and identical findings
//!   are repeated entries, so a third one is new;
//! - signatures that change when unrelated code is reformatted (detekt) or
//!   when a message carries a computed number: the fingerprint uses the
//!   offending text and its structural context, never the message;
//! - absolute paths that make a baseline useless on another machine: paths
//!   are relative to the baseline file;
//! - "unmatched" entries mixed into the report, or failing the build:
//!   stale entries are one line at the end, and `--write-baseline` prunes
//!   them;
//! - a regenerated file that differs when nothing changed: entries are
//!   sorted, one per line, and carry no line numbers or dates;
//! - rewriting the baseline from a partial run dropping the other files'
//!   entries: entries of files this run did not lint are kept.

use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::lint::RunReport;
use crate::outline::ComposeOutline;
use crate::source::{FileKind, SourceFile, display_path, floor_char_boundary};

/// The version of the file format and of the fingerprint scheme.
pub const VERSION: u32 = 1;

/// One recorded finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    /// The rule's code (codes are never reused; names may be renamed).
    pub rule: String,
    pub fingerprint: String,
    /// For people reading the file; not used for matching.
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    version: u32,
    entries: Vec<Entry>,
}

/// A loaded baseline.
#[derive(Debug, Default)]
pub struct Baseline {
    /// The directory entry paths are relative to.
    pub dir: PathBuf,
    pub entries: Vec<Entry>,
}

/// What applying a baseline did to a run.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings matched by an entry and removed from the report.
    pub matched: usize,
    /// Entries that match nothing in the files this run linted (or whose
    /// file is gone).
    pub stale: Vec<Entry>,
}

/// Where a baseline file's entries are relative to.
pub fn dir_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl Baseline {
    /// Parses a baseline file's text. `file` is where it was read from.
    pub fn parse(file: &Path, text: &str) -> Result<Baseline, String> {
        let f: FileFormat = serde_json::from_str(text).map_err(|e| {
            format!(
                "not a dockward baseline: {e} (line {}, column {})",
                e.line(),
                e.column()
            )
        })?;
        if f.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (this dockward writes version {VERSION}); rewrite it with `--write-baseline`",
                f.version
            ));
        }
        Ok(Baseline {
            dir: dir_of(file),
            entries: f.entries,
        })
    }

    /// The baseline's text: sorted, one entry per line, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut entries = self.entries.clone();
        entries.sort();
        let mut s = format!("{{\n  \"version\": {VERSION},\n  \"entries\": [");
        for (i, e) in entries.iter().enumerate() {
            s.push_str(if i == 0 { "\n    " } else { ",\n    " });
            s.push_str(&serde_json::to_string(e).expect("strings serialize"));
        }
        if !entries.is_empty() {
            s.push_str("\n  ");
        }
        s.push_str("]\n}\n");
        s
    }

    /// The entries for a run's findings, keeping the entries of files this
    /// run did not lint that still exist (a run over part of the repository
    /// must not forget the rest). Stale entries are dropped. `present`
    /// says whether a file exists (the caller's reader: an entry naming a
    /// path out of the repository is never looked at).
    pub fn record(
        report: &RunReport,
        cwd: &Path,
        previous: Option<&Baseline>,
        dir: &Path,
        present: &dyn Fn(&Path) -> bool,
    ) -> Baseline {
        let mut entries = Vec::new();
        let mut linted = foldhash::HashSet::default();
        for f in &report.files {
            let path = relative_path(&f.source, cwd, dir);
            for (d, fp) in f
                .diagnostics
                .iter()
                .zip(fingerprints(&f.source, &f.diagnostics))
            {
                entries.push(Entry {
                    path: path.clone(),
                    rule: d.rule.code.to_string(),
                    fingerprint: fp,
                    message: d.message.clone(),
                });
            }
            linted.insert(path);
        }
        if let Some(prev) = previous {
            for e in &prev.entries {
                if !linted.contains(&e.path) && present(&prev.dir.join(&e.path)) {
                    entries.push(e.clone());
                }
            }
        }
        entries.sort();
        Baseline {
            dir: dir.to_path_buf(),
            entries,
        }
    }

    /// Removes the findings the baseline records from `report` and returns
    /// what matched and what is stale (`present` as for
    /// [`Baseline::record`]).
    pub fn apply(
        &self,
        report: &mut RunReport,
        cwd: &Path,
        present: &dyn Fn(&Path) -> bool,
    ) -> Applied {
        // (path, rule, fingerprint) -> entries left to match.
        let key = |path: &str, rule: &str, fp: &str| format!("{path}\0{rule}\0{fp}");
        let mut left: HashMap<String, Vec<&Entry>> = HashMap::new();
        for e in &self.entries {
            left.entry(key(&e.path, &e.rule, &e.fingerprint))
                .or_default()
                .push(e);
        }
        let mut linted = foldhash::HashSet::default();
        let mut matched = 0;
        for f in &mut report.files {
            let path = relative_path(&f.source, cwd, &self.dir);
            let prints = fingerprints(&f.source, &f.diagnostics);
            let mut keep = Vec::with_capacity(f.diagnostics.len());
            for (d, fp) in std::mem::take(&mut f.diagnostics).into_iter().zip(prints) {
                let hit = left
                    .get_mut(&key(&path, d.rule.code, &fp))
                    .and_then(|v| v.pop());
                if hit.is_some() {
                    matched += 1;
                } else {
                    keep.push(d);
                }
            }
            f.diagnostics = keep;
            linted.insert(path);
        }
        let mut stale: Vec<Entry> = left
            .into_values()
            .flatten()
            .filter(|e| linted.contains(&e.path) || !present(&self.dir.join(&e.path)))
            .cloned()
            .collect();
        stale.sort();
        Applied { matched, stale }
    }
}

/// A file's path relative to the baseline's directory, with `/`; the path
/// as displayed when the file is not under it.
pub fn relative_path(source: &SourceFile, cwd: &Path, dir: &Path) -> String {
    let abs = |p: &Path| {
        if p.is_absolute() {
            crate::paths::normalize(p)
        } else {
            crate::paths::normalize(&cwd.join(p))
        }
    };
    let file = abs(&source.path);
    match file.strip_prefix(abs(dir)) {
        Ok(rel) => display_path(rel),
        Err(_) => source.display_path(),
    }
}

/// Longest span text that goes into a fingerprint.
const MAX_SPAN_TEXT: usize = 256;

/// The fingerprints of one file's diagnostics, in order. Identical
/// findings get identical fingerprints; the baseline counts them by
/// repeating entries.
pub fn fingerprints(source: &SourceFile, diagnostics: &[Diagnostic]) -> Vec<String> {
    let outline = match source.kind {
        FileKind::Compose if !diagnostics.is_empty() => ComposeOutline::parse(&source.text),
        _ => None,
    };
    let mut cache: BTreeMap<u32, String> = BTreeMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let text = &source.text;
            let context = cache
                .entry(d.span.start)
                .or_insert_with(|| match &outline {
                    Some(o) => o.key_path(d.span.start).join("/"),
                    None => {
                        let line = source.index.line_of(d.span.start);
                        collapse(source.index.line_span(line, text).text(text))
                    }
                })
                .clone();
            let span_text = d.span.text(text);
            let span_text =
                &span_text[..floor_char_boundary(span_text, span_text.len().min(MAX_SPAN_TEXT))];
            let h = fnv64(&[
                d.rule.code.as_bytes(),
                context.as_bytes(),
                collapse(span_text).as_bytes(),
            ]);
            format!("{h:016x}")
        })
        .collect()
}

/// Runs of whitespace as one space, ends trimmed: re-indenting or
/// re-wrapping keeps a fingerprint.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a, 64 bits, with a separator after each part, written here so the
/// value never changes with a toolchain.
fn fnv64(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for &b in p.iter().chain(std::iter::once(&0xffu8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    fn is_file(p: &Path) -> bool {
        p.is_file()
    }

    use super::*;
    use crate::config::Config;
    use crate::lint::{FileReport, lint_text};

    fn run(name: &str, kind: FileKind, text: &str) -> RunReport {
        let config = Config::default();
        let f: FileReport = lint_text(Path::new(name), kind, text.to_string(), &config);
        RunReport {
            files: vec![f],
            ..RunReport::default()
        }
    }

    /// The baseline of one file's findings, recorded from `/r`.
    fn recorded(name: &str, kind: FileKind, text: &str) -> Baseline {
        let cwd = Path::new("/r");
        Baseline::record(&run(name, kind, text), cwd, None, cwd, &is_file)
    }

    fn codes(r: &RunReport) -> Vec<&'static str> {
        r.files[0].diagnostics.iter().map(|d| d.rule.code).collect()
    }

    const COMPOSE: &str = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n  db:\n    image: postgres:16\n    privileged: true\n";

    #[test]
    fn survives_edits_above_and_reformatting_elsewhere() {
        let cwd = Path::new("/r");
        let before = run("compose.yaml", FileKind::Compose, COMPOSE);
        let b = Baseline::record(&before, cwd, None, cwd, &is_file);
        assert_eq!(b.entries.len(), before.files[0].diagnostics.len());
        // Lines added above, a service reformatted in flow style, another
        // added: only the new service's findings are new.
        let edited = "# adopted\n\nservices:\n  web: {image: \"nginx:1.27\", privileged: true}\n  db:\n    image: postgres:16\n\n    privileged:   true\n  cache:\n    image: redis:7\n    privileged: true\n";
        let mut after = run("compose.yaml", FileKind::Compose, edited);
        let applied = b.apply(&mut after, cwd, &is_file);
        assert!(applied.stale.is_empty(), "{:?}", applied.stale);
        let rest = &after.files[0].diagnostics;
        assert!(!rest.is_empty());
        for d in rest {
            let o = ComposeOutline::parse(edited).unwrap();
            assert_eq!(o.service(d.span.start), Some("cache"), "{}", d.message);
        }
    }

    #[test]
    fn a_swap_is_one_new_and_one_stale() {
        let cwd = Path::new("/r");
        let b = recorded("compose.yaml", FileKind::Compose, COMPOSE);
        let swapped = COMPOSE.replace(
            "  db:\n    image: postgres:16\n    privileged: true\n",
            "  db:\n    image: postgres:16\n    pid: host\n",
        );
        let mut after = run("compose.yaml", FileKind::Compose, &swapped);
        let applied = b.apply(&mut after, cwd, &is_file);
        assert_eq!(codes(&after), ["DC100"]);
        assert_eq!(applied.stale.len(), 1);
        assert_eq!(applied.stale[0].rule, "DC001");
    }

    #[test]
    fn identical_findings_are_counted() {
        let cwd = Path::new("/r");
        let df = "FROM alpine:3.20\nRUN chmod 4755 /a\nRUN chmod 4755 /a\nUSER 1000\n";
        let b = recorded("Dockerfile", FileKind::Dockerfile, df);
        assert_eq!(b.entries.iter().filter(|e| e.rule == "DF007").count(), 2);
        let three = "FROM alpine:3.20\nRUN chmod 4755 /a\nRUN chmod 4755 /a\nRUN chmod 4755 /a\nUSER 1000\n";
        let mut after = run("Dockerfile", FileKind::Dockerfile, three);
        b.apply(&mut after, cwd, &is_file);
        assert_eq!(codes(&after), ["DF007"]);
    }

    #[test]
    fn the_file_is_sorted_and_round_trips() {
        let b = recorded("compose.yaml", FileKind::Compose, COMPOSE);
        let json = b.to_json();
        assert!(json.starts_with(
            "{\n  \"version\": 1,\n  \"entries\": [\n    {\"path\":\"compose.yaml\",\"rule\":\"DC"
        ));
        let again = Baseline::parse(Path::new("/r/b.json"), &json).unwrap();
        assert_eq!(again.entries, b.entries);
        assert_eq!(again.to_json(), json);
        assert!(Baseline::parse(Path::new("b.json"), "{\"version\": 9, \"entries\": []}").is_err());
        let e = Baseline::parse(Path::new("b.json"), "{\n\"version\": 1,\n\"entries\": [x]}")
            .unwrap_err();
        assert!(e.contains("line 3"), "{e}");
        assert_eq!(
            Baseline::default().to_json(),
            "{\n  \"version\": 1,\n  \"entries\": []\n}\n"
        );
    }
}
