//! SARIF 2.1.0, as GitHub code scanning ingests it.
//!
//! - `tool.driver.rules` lists every registered rule, so `ruleIndex` is the
//!   registry index: short description (the summary), full description (the
//!   first paragraph of "What it does"), help (the rule page, as text and
//!   markdown), `helpUri`, the default level, tags and, for security rules,
//!   GitHub's `security-severity`.
//! - Regions are 1-based lines and columns in UTF-16 code units, the SARIF
//!   default `columnKind`, which the run states explicitly.
//! - Relative paths are URIs relative to `%SRCROOT%`, the working directory,
//!   given in `originalUriBaseIds`.
//! - Labels in the diagnostic's own file and in other files (the Dockerfile
//!   a Compose service builds) become `relatedLocations`.
//! - `partialFingerprints` carries [`fingerprint`](super::fingerprint)s.
//! - A diagnostic's fix becomes a SARIF `fix`: one artifact change per
//!   file it edits, its applicability (`safe`, `unsafe`, `display-only`)
//!   in the fix's `properties`.

use std::io::{self, Write};
use std::path::Path;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

use super::Style;
use super::fingerprint::{self, SARIF_KEY};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::RunReport;
use crate::paths::normalize;
use crate::rules::{Check, RULES, RuleMeta, Tool};
use crate::source::{FileKind, SourceFile, Span, display_path, path_bytes};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

pub fn render(report: &RunReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    crate::escape::write_json(&mut *out, &Log { report, style }, true)?;
    out.write_all(b"\n")
}

/// Only the `results` array of the log: the input-dependent part (regions,
/// fingerprints, fixes), without the rule table every log repeats. The
/// fuzzers check it on every input; the whole log costs a thousand times
/// more to write.
pub fn render_results(report: &RunReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let base = Base::of(style);
    crate::escape::write_json(
        &mut *out,
        &Results {
            report,
            base: &base,
        },
        false,
    )?;
    Ok(())
}

/// The SARIF log, serialized as it is written: results are built one at a
/// time, so memory does not grow with the number of diagnostics.
struct Log<'a> {
    report: &'a RunReport,
    style: &'a Style,
}

impl Serialize for Log<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("$schema", SCHEMA)?;
        m.serialize_entry("version", "2.1.0")?;
        m.serialize_entry("runs", &[Run(self)])?;
        m.end()
    }
}

struct Run<'a>(&'a Log<'a>);

impl Serialize for Run<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (report, style) = (self.0.report, self.0.style);
        let base = Base::of(style);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("tool", &json!({"driver": driver()}))?;
        m.serialize_entry("invocations", &[invocation(report)])?;
        m.serialize_entry("columnKind", "utf16CodeUnits")?;
        if let Some(root) = base.root {
            m.serialize_entry(
                "originalUriBaseIds",
                &json!({SRCROOT: {"uri": dir_uri(root)}}),
            )?;
        }
        if let Some(vcs) = &style.vcs {
            let mut v = json!({
                "repositoryUri": vcs.repository,
                "revisionId": vcs.revision,
            });
            if let Some(b) = &vcs.branch {
                v["branch"] = json!(b);
            }
            if base.root.is_some() {
                v["mappedTo"] = json!({"uriBaseId": SRCROOT});
            }
            m.serialize_entry("versionControlProvenance", &[v])?;
        }
        m.serialize_entry(
            "results",
            &Results {
                report,
                base: &base,
            },
        )?;
        m.end()
    }
}

struct Results<'a> {
    report: &'a RunReport,
    base: &'a Base<'a>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.report.files.iter().map(|f| f.diagnostics.len()).sum();
        let mut seq = s.serialize_seq(Some(n))?;
        for f in &self.report.files {
            let path = f.source.display_path();
            let prints = fingerprint::fingerprints(&f.source, &path, &f.diagnostics);
            for (d, print) in f.diagnostics.iter().zip(prints) {
                let mut r = result(self.base, &f.source, d, print);
                // With a baseline, every result left is one it does not hold.
                if self.report.baseline.is_some() {
                    r["baselineState"] = json!("new");
                }
                seq.serialize_element(&r)?;
            }
        }
        seq.end()
    }
}

/// Walk and configuration errors, as notifications of the invocation.
fn invocation(report: &RunReport) -> Value {
    let mut notifications = Vec::new();
    for e in &report.walk_errors {
        notifications.push(json!({
            "level": "error",
            "message": {"text": crate::escape::text(&format!("{}: {}", display_path(&e.path), e.message))},
        }));
    }
    for e in &report.config_errors {
        notifications.push(json!({
            "level": "error",
            "message": {"text": crate::escape::text(&e.to_string())},
        }));
    }
    let mut invocation = json!({"executionSuccessful": notifications.is_empty()});
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    invocation
}

fn driver() -> Value {
    let rules: Vec<Value> = RULES.iter().map(|r| rule(r.meta, r.check)).collect();
    json!({
        "name": "dockward",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": env!("CARGO_PKG_REPOSITORY"),
        "rules": rules,
    })
}

/// GitHub's `security-severity` (0.1 to 10: low below 4, medium below 7,
/// high below 9) for rules about security, from their default severity.
/// The linter's own rules (syntax errors, unused suppressions) and style
/// rules are not about security.
pub fn security_severity(meta: &RuleMeta, check: Check) -> Option<&'static str> {
    if matches!(check, Check::Builtin) {
        return None;
    }
    match meta.severity {
        Severity::Error => Some("8.0"),
        Severity::Warning => Some("5.0"),
        Severity::Info => Some("2.0"),
        Severity::Style => None,
    }
}

fn rule(meta: &'static RuleMeta, check: Check) -> Value {
    let mut tags = Vec::new();
    let security = security_severity(meta, check);
    if security.is_some() {
        tags.push("security");
    }
    tags.push(match meta.kind {
        FileKind::Dockerfile => "dockerfile",
        FileKind::Compose => "compose",
    });
    if matches!(check, Check::Builtin) {
        tags.push("correctness");
    }
    if meta.severity == Severity::Style {
        tags.push("style");
    }
    let mut properties = json!({"tags": tags});
    if let Some(s) = security {
        properties["security-severity"] = json!(s);
    }
    let mut origins = Map::new();
    for t in Tool::ALL {
        let ids: Vec<&str> = meta.origin_ids(t).collect();
        if !ids.is_empty() {
            origins.insert(t.as_str().to_string(), json!(ids));
        }
    }
    if !origins.is_empty() {
        properties["equivalents"] = Value::Object(origins);
    }
    let mut r = json!({
        "id": meta.code,
        "name": pascal_case(meta.name),
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": full_description(meta)},
        "helpUri": meta.url(),
        "help": {"text": meta.doc, "markdown": meta.doc},
        "defaultConfiguration": {
            "level": level(meta.severity),
            "enabled": meta.default_enabled,
        },
        "properties": properties,
    });
    if meta.name != pascal_case(meta.name) {
        r["properties"]["name"] = json!(meta.name);
    }
    r
}

/// `missing-user` -> `MissingUser`: SARIF rule names are identifiers.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// The first paragraph of the page's "What it does", joined into one
/// line; the summary when the page has no such section.
pub fn full_description(meta: &RuleMeta) -> String {
    let mut lines = meta
        .doc
        .lines()
        .skip_while(|l| l.trim() != "## What it does");
    if lines.next().is_none() {
        return sentence(meta.summary);
    }
    let para: Vec<&str> = lines
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::trim)
        .collect();
    if para.is_empty() {
        sentence(meta.summary)
    } else {
        para.join(" ")
    }
}

fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str()),
        None => String::new(),
    }
}

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn result(base: &Base, source: &SourceFile, d: &Diagnostic, fingerprint: String) -> Value {
    let rule_index = crate::config::rule_index(d.rule);
    // A code reported under a rule (ShellCheck's) is a sub-rule of it:
    // SARIF's hierarchical id `DF199/SC2086`, whose first part is the id
    // of the rule at `ruleIndex`.
    let rule_id = match d.rule.parent {
        Some(p) => format!("{}/{}", p.code, d.rule.code),
        None => d.rule.code.to_string(),
    };
    let mut r = json!({
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": {"text": d.message},
        "locations": [{"physicalLocation": physical(base, source, d.span)}],
        "partialFingerprints": {SARIF_KEY: fingerprint},
    });
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let s = l.file.as_deref().unwrap_or(source);
                json!({
                    "id": i + 1,
                    "physicalLocation": physical(base, s, l.span),
                    "message": {"text": l.message},
                })
            })
            .collect();
        r["relatedLocations"] = Value::Array(related);
    }
    if let Some(fix) = &d.fix {
        // One artifact change per file the fix edits (a Compose fix may
        // edit the file where an anchor or a base service is written).
        let mut changes: Vec<(&SourceFile, Vec<Value>)> = Vec::new();
        for e in &fix.edits {
            let file = e.file.as_deref().unwrap_or(source);
            let replacement = json!({
                "deletedRegion": region(file, e.span),
                "insertedContent": {"text": e.content},
            });
            match changes.iter_mut().find(|(f, _)| f.path == file.path) {
                Some((_, list)) => list.push(replacement),
                None => changes.push((file, vec![replacement])),
            }
        }
        let changes: Vec<Value> = changes
            .into_iter()
            .map(|(file, replacements)| {
                json!({
                    "artifactLocation": base.artifact(file),
                    "replacements": replacements,
                })
            })
            .collect();
        r["fixes"] = json!([{
            "description": {"text": fix.message},
            "artifactChanges": changes,
            "properties": {"applicability": fix.applicability.as_str()},
        }]);
    }
    r
}

/// Regions longer than this carry no snippet (a span over a whole file
/// would copy the file into the log).
const MAX_SNIPPET: u32 = 2048;

fn physical(base: &Base, source: &SourceFile, span: Span) -> Value {
    let mut region = region(source, span);
    let mut p = json!({"artifactLocation": base.artifact(source)});
    if span.len() <= MAX_SNIPPET {
        region["snippet"] = json!({"text": span.text(&source.text)});
        // The lines around the region, one before and one after.
        let idx = &source.index;
        let first = idx.line_of(span.start).saturating_sub(1);
        let last_line = idx.line_of(span.end.saturating_sub(u32::from(span.end > span.start)));
        let last = (last_line + 1).min(idx.line_count().saturating_sub(1));
        let context =
            Span::new(idx.line_start(first), idx.line_end(last, &source.text)).cover(span);
        // SARIF wants a proper superset of the region, or nothing.
        if context != span && context.len() <= 4 * MAX_SNIPPET {
            let mut c = self::region(source, context);
            c["snippet"] = json!({"text": context.text(&source.text)});
            p["contextRegion"] = c;
        }
    }
    p["region"] = region;
    p
}

/// Where artifact URIs are relative to: the repository root in CI, else
/// the working directory.
struct Base<'a> {
    cwd: Option<&'a Path>,
    root: Option<&'a Path>,
}

impl Base<'_> {
    fn of(style: &Style) -> Base<'_> {
        Base {
            cwd: style.cwd.as_deref(),
            root: style.workspace.as_deref().or(style.cwd.as_deref()),
        }
    }

    /// A relative URI with `%SRCROOT%` for a file under the root, an
    /// absolute `file:` URI for any other.
    fn artifact(&self, source: &SourceFile) -> Value {
        let absolute = if source.path.is_absolute() {
            Some(normalize(&source.path))
        } else {
            self.cwd.map(|c| normalize(&c.join(&source.path)))
        };
        match (absolute, self.root) {
            (Some(abs), Some(root)) => match abs.strip_prefix(root) {
                Ok(rel) => json!({"uri": encode(path_bytes(rel)), "uriBaseId": SRCROOT}),
                Err(_) => json!({"uri": file_uri(&path_bytes(&abs))}),
            },
            (Some(abs), None) => json!({"uri": file_uri(&path_bytes(&abs))}),
            (None, _) => json!({"uri": encode(path_bytes(&source.path)), "uriBaseId": SRCROOT}),
        }
    }
}

/// A 1-based SARIF region in UTF-16 code units.
fn region(source: &SourceFile, span: Span) -> Value {
    let (sl, sc) = utf16(source, span.start);
    let (el, ec) = utf16(source, span.end.max(span.start));
    json!({
        "startLine": sl,
        "startColumn": sc,
        "endLine": el,
        "endColumn": ec,
    })
}

/// 1-based line and UTF-16 column; a byte order mark is not a column.
pub fn utf16(source: &SourceFile, offset: u32) -> (u32, u32) {
    let (line, mut col) = source.index.line_col_utf16(&source.text, offset);
    if line == 0 && col > 0 && source.text.starts_with('\u{feff}') {
        col -= 1;
    }
    (line + 1, col + 1)
}

/// Percent-encodes a path for a URI, keeping `/` and unreserved characters.
/// Percent-encodes a path's bytes for a URI: every byte of a name that is
/// not UTF-8 is kept, so the URI names the file itself.
pub fn encode(path: impl AsRef<[u8]>) -> String {
    let path = path.as_ref();
    let mut out = String::with_capacity(path.len());
    for &b in path {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn file_uri(path: &[u8]) -> String {
    // `C:/x` on Windows: `file:///C:/x`.
    if path.starts_with(b"/") {
        format!("file://{}", encode(path))
    } else if path.get(1) == Some(&b':') {
        format!(
            "file:///{}{}",
            String::from_utf8_lossy(&path[..2]),
            encode(&path[2..])
        )
    } else {
        encode(path)
    }
}

fn dir_uri(dir: &Path) -> String {
    let mut s = file_uri(&path_bytes(dir));
    if !s.ends_with('/') {
        s.push('/');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_descriptions() {
        assert_eq!(pascal_case("missing-user"), "MissingUser");
        let meta = crate::rules::find("DF007").unwrap().meta;
        let d = full_description(meta);
        assert!(d.starts_with("Reports modes that set the setuid"), "{d}");
        assert!(!d.contains('\n'));
    }

    #[test]
    fn uris_are_encoded() {
        assert_eq!(encode("a b/Dockerfile"), "a%20b/Dockerfile");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(file_uri(b"/x y/z"), "file:///x%20y/z");
        assert_eq!(file_uri(b"C:/x"), "file:///C:/x");
        assert_eq!(encode(b"caf\xe9"), "caf%E9");
        assert_eq!(dir_uri(Path::new("/repo")), "file:///repo/");
    }

    #[test]
    fn columns_count_utf16_units_and_skip_the_bom() {
        let f = SourceFile::new(
            "Dockerfile",
            FileKind::Dockerfile,
            "\u{feff}FROM a\nRUN echo 😀 x\n".into(),
        );
        assert_eq!(utf16(&f, 3), (1, 1));
        let x = f.text.find(" x").unwrap() as u32 + 1;
        // `RUN echo ` is 9 units, the emoji 2, the space 1.
        assert_eq!(utf16(&f, x), (2, 13));
    }
}
