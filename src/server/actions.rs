//! Code actions: a rule's fix, and suppressing a diagnostic for its
//! instruction or key, or for the whole file.
//!
//! A suppression edit is checked before it is offered: the edited text is
//! linted again, and the edit is kept only if the diagnostic is gone and no
//! new syntax error or unused-suppression report appeared. That makes the
//! placement rules simple and safe — a comment that would land inside a YAML
//! block scalar, say, fails the check and the next place up is tried.

use std::collections::HashMap;
use std::path::Path;
#[cfg(test)]
use std::sync::Arc;

use lsp_types as lsp;

use crate::config::Config;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::lint::{self, DockerfileCache, FileReport};
use crate::pragma::{Target, parse_comment};
use crate::rules::{RuleMeta, syntax_rule, unused_suppression_rule};
use crate::source::{FileKind, SourceFile, Span};

use super::convert::{self, Encoding, Text};

/// The kind of the action that applies every safe fix in the file.
pub const FIX_ALL: &str = "source.fixAll.dockward";

/// Ancestor keys tried, at most, when placing a Compose suppression.
const MAX_PLACES: usize = 8;

/// What the actions of one document are computed from.
pub struct Context<'a> {
    pub uri: &'a lsp::Uri,
    /// The path it is linted under.
    pub path: &'a Path,
    /// Its last lint, of its current text.
    pub report: &'a FileReport,
    pub config: &'a Config,
    /// The Dockerfiles a Compose file builds, for checking edits.
    pub cache: &'a DockerfileCache,
    pub enc: Encoding,
}

impl Context<'_> {
    fn source(&self) -> &SourceFile {
        &self.report.source
    }

    fn text(&self) -> &str {
        &self.report.source.text
    }

    fn kind(&self) -> FileKind {
        self.report.source.kind
    }

    fn lsp_edit(&self, e: &Edit) -> lsp::TextEdit {
        let file = e.file.as_deref().unwrap_or(self.source());
        lsp::TextEdit {
            range: Text::of(file).range(e.span, self.enc),
            new_text: e.content.clone(),
        }
    }

    /// The edits by document: this one's, and those of other files a
    /// Compose fix edits (where an anchor or a base service is written).
    /// `None` when another file has no URI.
    // `lsp::Uri` hashes by its text; its interior cache does not change that.
    #[allow(clippy::mutable_key_type)]
    fn workspace_edit(&self, edits: &[Edit]) -> Option<lsp::WorkspaceEdit> {
        let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for e in edits {
            let uri = match &e.file {
                None => self.uri.clone(),
                Some(f) => super::uri::from_path(&f.path)?,
            };
            changes.entry(uri).or_default().push(self.lsp_edit(e));
        }
        Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        })
    }

    /// The edit removes this diagnostic and adds no syntax error or
    /// unused-suppression report.
    fn removes(&self, d: &Diagnostic, edit: &Edit) -> bool {
        let text = self.text();
        let Some(before) = text.get(..edit.span.start as usize) else {
            return false;
        };
        let Some(after) = text.get(edit.span.end as usize..) else {
            return false;
        };
        let edited = format!("{before}{}{after}", edit.content);
        let report = lint::lint_text_with(self.path, self.kind(), edited, self.config, self.cache);
        let same = |x: &&Diagnostic| std::ptr::eq(x.rule, d.rule) && x.message == d.message;
        let noise = |x: &&Diagnostic| {
            std::ptr::eq(x.rule, syntax_rule(self.kind()))
                || std::ptr::eq(x.rule, unused_suppression_rule(self.kind()))
        };
        let old = &self.report.diagnostics;
        let new = &report.diagnostics;
        new.iter().filter(same).count() < old.iter().filter(same).count()
            && new.iter().filter(noise).count() <= old.iter().filter(noise).count()
    }
}

fn is_builtin(rule: &'static RuleMeta, kind: FileKind) -> bool {
    std::ptr::eq(rule, syntax_rule(kind)) || std::ptr::eq(rule, unused_suppression_rule(kind))
}

fn wanted(kind: &str, only: Option<&[lsp::CodeActionKind]>) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            let o = o.as_str();
            kind == o || kind.strip_prefix(o).is_some_and(|r| r.starts_with('.'))
        })
    })
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The actions for the diagnostics that touch `range`.
pub fn code_actions(
    cx: &Context,
    range: Span,
    only: Option<&[lsp::CodeActionKind]>,
) -> Vec<lsp::CodeActionOrCommand> {
    let mut out = Vec::new();
    let quickfix = wanted(lsp::CodeActionKind::QUICKFIX.as_str(), only);
    let kind = cx.kind();
    let touching = cx
        .report
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= range.end && range.start <= d.span.end);
    for d in touching.filter(|_| quickfix) {
        let lsp_diag = convert::diagnostic(d, cx.source(), cx.uri, cx.enc);
        let mut action = |title: String, edits: &[Edit], preferred: bool| {
            let Some(edit) = cx.workspace_edit(edits) else {
                return;
            };
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diag.clone()]),
                edit: Some(edit),
                is_preferred: preferred.then_some(true),
                ..Default::default()
            }));
        };
        // A safe fix is the preferred action; an unsafe one is offered,
        // marked, for a person to choose; a display-only one is not an
        // edit to apply.
        if let Some(fix) = &d.fix {
            match fix.applicability {
                Applicability::Safe => action(capitalized(&fix.message), &fix.edits, true),
                Applicability::Unsafe => action(
                    format!("{} (unsafe fix)", capitalized(&fix.message)),
                    &fix.edits,
                    false,
                ),
                Applicability::DisplayOnly => {}
            }
        }
        if is_builtin(d.rule, kind) {
            continue;
        }
        let name = d.rule.name;
        if let Some(edit) = suppress_here(cx, d) {
            let what = match kind {
                FileKind::Dockerfile => "instruction",
                FileKind::Compose => "key",
            };
            action(format!("Suppress `{name}` for this {what}"), &[edit], false);
        }
        if let Some(edit) = suppress_file(cx, d) {
            action(format!("Suppress `{name}` in this file"), &[edit], false);
        }
    }
    if wanted(FIX_ALL, only)
        && let Some(edit) = fix_all(cx)
        && let Some(edit) = cx.workspace_edit(&[edit])
    {
        out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: "Fix all safely fixable dockward problems".into(),
            kind: Some(lsp::CodeActionKind::new(FIX_ALL)),
            edit: Some(edit),
            ..Default::default()
        }));
    }
    out
}

/// Every safe fix of the document, applied the way `--fix` applies them:
/// pass after pass until nothing is left to fix, each pass checked for
/// syntax errors, with the rules' `fix = false` honoured. Fixes that edit
/// other files are left out. One edit from the first changed byte to the
/// last; `None` when nothing changes.
fn fix_all(cx: &Context) -> Option<Edit> {
    let text = cx.text();
    let (fixed, _) = crate::fix::fix_text(
        cx.kind(),
        text,
        crate::fix::FixOptions::default(),
        &|r| cx.config.fix_enabled(crate::config::rule_index(r)),
        &|t: &str| {
            lint::lint_text_with(cx.path, cx.kind(), t.to_string(), cx.config, cx.cache).diagnostics
        },
    );
    if fixed == text {
        return None;
    }
    let prefix = text
        .bytes()
        .zip(fixed.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let mut prefix = prefix;
    while !text.is_char_boundary(prefix) || !fixed.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = text.len().min(fixed.len()) - prefix;
    let mut suffix = text
        .bytes()
        .rev()
        .zip(fixed.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !text.is_char_boundary(text.len() - suffix)
        || !fixed.is_char_boundary(fixed.len() - suffix)
    {
        suffix -= 1;
    }
    Some(Edit::replace(
        Span::new(prefix as u32, (text.len() - suffix) as u32),
        &fixed[prefix..fixed.len() - suffix],
    ))
}

/// The line ending the file uses.
fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// The leading blanks of the line that starts at `start`.
fn indentation(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..n]
}

/// A suppression for the instruction or key that holds the diagnostic.
fn suppress_here(cx: &Context, d: &Diagnostic) -> Option<Edit> {
    let text = cx.text();
    let index = &cx.source().index;
    let lines: Vec<usize> = match cx.kind() {
        FileKind::Dockerfile => {
            let df = crate::dockerfile::parse(text);
            let ins = df
                .instructions
                .iter()
                .find(|i| i.span.start <= d.span.start && d.span.start <= i.span.end)?;
            vec![index.line_of(ins.span.start)]
        }
        FileKind::Compose => key_lines(text, index, d.span.start),
    };
    for line in lines {
        let start = index.line_start(line) as usize;
        let edit = merge_into_previous(cx, line, d.rule.name).unwrap_or_else(|| {
            Edit::insert(
                start as u32,
                format!(
                    "{}# dockward: ignore[{}]{}",
                    indentation(text, start),
                    d.rule.name,
                    newline(text)
                ),
            )
        });
        if cx.removes(d, &edit) {
            return Some(edit);
        }
    }
    None
}

/// The line of the diagnostic, then the lines of the keys it is nested in,
/// innermost first.
fn key_lines(text: &str, index: &crate::source::LineIndex, offset: u32) -> Vec<usize> {
    let first = index.line_of(offset);
    let indent_of = |line: usize| -> Option<usize> {
        let s = index.line_span(line, text).text(text);
        let t = s.trim_start_matches(' ');
        (!t.is_empty() && !t.starts_with('#')).then(|| s.len() - t.len())
    };
    let mut out = vec![first];
    let mut indent = indent_of(first).unwrap_or(usize::MAX);
    let mut line = first;
    while line > 0 && indent > 0 && out.len() < MAX_PLACES {
        line -= 1;
        if let Some(i) = indent_of(line)
            && i < indent
        {
            out.push(line);
            indent = i;
        }
    }
    out
}

/// Adds the rule to a `# dockward: ignore[...]` comment alone on the line
/// before `line`, if there is one.
fn merge_into_previous(cx: &Context, line: usize, name: &str) -> Option<Edit> {
    let prev = line.checked_sub(1)?;
    let text = cx.text();
    let span = cx.source().index.line_span(prev, text);
    let line_text = span.text(text);
    let lead = line_text.len() - line_text.trim_start().len();
    let d = parse_comment(&line_text[lead..])?.ok()?;
    if d.target != Target::Next || d.tool.is_some() {
        return None;
    }
    append_selector(span.start + lead as u32, &d.selectors, name)
}

/// An edit adding `name` after the last selector of a comment at `base`.
fn append_selector(
    base: u32,
    selectors: &[(std::ops::Range<usize>, String)],
    name: &str,
) -> Option<Edit> {
    if selectors.iter().any(|(_, s)| s == name) {
        return None;
    }
    let (last, _) = selectors.last()?;
    Some(Edit::insert(base + last.end as u32, format!(", {name}")))
}

/// A file-wide suppression: added to an existing `ignore-file` comment, or
/// a new one at the top (after a Dockerfile's parser directives).
fn suppress_file(cx: &Context, d: &Diagnostic) -> Option<Edit> {
    let text = cx.text();
    let index = &cx.source().index;
    let name = d.rule.name;
    let mut existing = None;
    for line in 0..index.line_count() {
        let span = index.line_span(line, text);
        let t = span.text(text);
        let lead = t.len() - t.trim_start().len();
        if !t[lead..].starts_with('#') {
            continue;
        }
        if let Some(Ok(dir)) = parse_comment(&t[lead..])
            && dir.target == Target::File
            && dir.tool.is_none()
        {
            existing = Some((span.start + lead as u32, dir.selectors));
            break;
        }
    }
    let edit = match existing {
        Some((base, selectors)) => append_selector(base, &selectors, name)?,
        None => {
            let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
            if cx.kind() == FileKind::Dockerfile {
                let df = crate::dockerfile::parse(text);
                if let Some(last) = df.directives.last() {
                    let line = index.line_of(last.span.start);
                    at = index.line_start(line + 1);
                    if at as usize == text.len() && !text.ends_with('\n') {
                        // The directive is the last line: start a new one.
                        return check(
                            cx,
                            d,
                            Edit::insert(
                                at,
                                format!("{}# dockward: ignore-file[{name}]", newline(text)),
                            ),
                        );
                    }
                }
            }
            Edit::insert(
                at,
                format!("# dockward: ignore-file[{name}]{}", newline(text)),
            )
        }
    };
    check(cx, d, edit)
}

fn check(cx: &Context, d: &Diagnostic, edit: Edit) -> Option<Edit> {
    cx.removes(d, &edit).then_some(edit)
}

/// For tests: the actions of a text linted with default configuration.
#[cfg(test)]
fn actions_for(name: &str, text: &str, needle: &str) -> Vec<(String, String)> {
    let path = Path::new("/nonexistent-dockward-test").join(name);
    let kind = crate::discover::classify(name).unwrap();
    let config = Config::defaults(&crate::config::Overrides::default()).unwrap();
    let cache =
        DockerfileCache::with_overlay(Arc::new(foldhash::HashMap::<_, Arc<str>>::default()));
    let report = lint::lint_text_with(&path, kind, text.to_string(), &config, &cache);
    let uri: lsp::Uri = "file:///nonexistent-dockward-test/x".parse().unwrap();
    let cx = Context {
        uri: &uri,
        path: &path,
        report: &report,
        config: &config,
        cache: &cache,
        enc: Encoding::Utf16,
    };
    let at = text.find(needle).unwrap() as u32;
    let mut out = Vec::new();
    for a in code_actions(&cx, Span::empty(at), None) {
        let lsp::CodeActionOrCommand::CodeAction(a) = a else {
            continue;
        };
        // Apply the edits to show the result.
        let edits = &a.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri];
        let t = Text::of(&report.source);
        let mut spans: Vec<(Span, &str)> = edits
            .iter()
            .map(|e| (t.span(e.range, Encoding::Utf16), e.new_text.as_str()))
            .collect();
        spans.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
        let mut result = text.to_string();
        for (s, new) in spans {
            result.replace_range(s.range(), new);
        }
        out.push((a.title, result));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(actions: &'a [(String, String)], title: &str) -> &'a str {
        &actions
            .iter()
            .find(|(t, _)| t == title)
            .unwrap_or_else(|| panic!("no action {title:?} in {actions:#?}"))
            .1
    }

    #[test]
    fn dockerfile_suppressions_keep_indentation_and_directives() {
        let text = "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n  EXPOSE 22\n";
        let a = actions_for("Dockerfile", text, "22");
        assert_eq!(
            find(&a, "Suppress `ssh-port-exposed` for this instruction"),
            "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n  # dockward: ignore[ssh-port-exposed]\n  EXPOSE 22\n"
        );
        assert_eq!(
            find(&a, "Suppress `ssh-port-exposed` in this file"),
            "# syntax=docker/dockerfile:1\n# dockward: ignore-file[ssh-port-exposed]\nFROM alpine:3.20\n  EXPOSE 22\n"
        );
    }

    #[test]
    fn suppressions_merge_into_existing_comments() {
        let text = "FROM alpine:3.20\n# dockward: ignore[DF005] reason\nEXPOSE 22\n";
        let a = actions_for("Dockerfile", text, "22");
        assert_eq!(
            find(&a, "Suppress `ssh-port-exposed` for this instruction"),
            "FROM alpine:3.20\n# dockward: ignore[DF005, ssh-port-exposed] reason\nEXPOSE 22\n"
        );
    }

    #[test]
    fn compose_suppressions_use_the_key_indentation() {
        let text = "services:\n  web:\n    image: nginx\n    privileged: true\n";
        let a = actions_for("compose.yaml", text, "true");
        assert_eq!(
            find(&a, "Suppress `privileged-service` for this key"),
            "services:\n  web:\n    image: nginx\n    # dockward: ignore[privileged-service]\n    privileged: true\n"
        );
        assert!(
            find(&a, "Suppress `privileged-service` in this file")
                .starts_with("# dockward: ignore-file[privileged-service]\nservices:")
        );
    }

    #[test]
    fn compose_suppressions_climb_out_of_block_scalars() {
        let text = "services:\n  web:\n    image: docker:dind\n    command: |\n      dockerd -H tcp://0.0.0.0:2375\n";
        let a = actions_for("compose.yaml", text, "tcp://");
        let titles: Vec<&str> = a.iter().map(|(t, _)| t.as_str()).collect();
        let Some((_, edited)) = a
            .iter()
            .find(|(t, _)| t.contains("service-docker-daemon-tcp") && t.ends_with("this key"))
        else {
            panic!("no key suppression in {titles:?}");
        };
        assert!(
            edited.contains("    # dockward: ignore[service-docker-daemon-tcp]\n    command: |"),
            "{edited}"
        );
    }

    #[test]
    fn unused_suppressions_are_fixed() {
        let text = "FROM alpine:3.20\n# dockward: ignore[root-user]\nRUN true\nUSER app\n";
        let a = actions_for("Dockerfile", text, "root-user");
        assert_eq!(
            find(&a, "Remove the unused suppression comment"),
            "FROM alpine:3.20\nRUN true\nUSER app\n"
        );
        // No suppression of the suppression report.
        assert!(a.iter().all(|(t, _)| !t.starts_with("Suppress")), "{a:#?}");
        let text = "FROM alpine:3.20\n# dockward: ignore[root-user, DF004]\nEXPOSE 22\nUSER app\n";
        let a = actions_for("Dockerfile", text, "root-user");
        assert_eq!(
            find(&a, "Remove the unused rule from the suppression"),
            "FROM alpine:3.20\n# dockward: ignore[DF004]\nEXPOSE 22\nUSER app\n"
        );
        assert_eq!(
            find(&a, "Fix all safely fixable dockward problems"),
            "FROM alpine:3.20\n# dockward: ignore[DF004]\nEXPOSE 22\nUSER app\n"
        );
    }
}
