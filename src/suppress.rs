//! Inline suppressions: `# dockward: ignore[rule, ...] reason` on the line
//! before an instruction or a Compose key, `# dockward: ignore-file[...]`,
//! and other tools' comments for the rules that map to theirs.

use crate::diagnostic::{Diagnostic, Fix};
use crate::dockerfile::Dockerfile;
use crate::pragma::{
    ALL_OF_TOOL, Directive, Target, buildkit_skip, may_hold_directives, parse_comment,
};
use crate::rules::{RULES, RuleMeta, Tool};
use crate::source::{FileKind, Span, Spanned};

/// What a suppression covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    File,
    /// Diagnostics that start inside this span.
    Region(Span),
}

/// One suppression in a file.
#[derive(Clone, Debug)]
pub struct Suppression {
    /// The comment that holds it.
    pub comment: Span,
    pub scope: Scope,
    pub selectors: Vec<Spanned<String>>,
    pub tool: Option<Tool>,
    used: Vec<bool>,
}

impl Suppression {
    fn new(comment: Span, scope: Scope, d: Directive) -> Suppression {
        let selectors: Vec<Spanned<String>> = d
            .selectors
            .into_iter()
            .map(|(r, s)| {
                Spanned::new(
                    s,
                    Span::new(comment.start + r.start as u32, comment.start + r.end as u32),
                )
            })
            .collect();
        Suppression {
            comment,
            scope,
            used: vec![false; selectors.len()],
            selectors,
            tool: d.tool,
        }
    }

    fn covers(&self, d: &Diagnostic) -> Option<usize> {
        match self.scope {
            Scope::File => {}
            Scope::Region(r) => {
                if !(r.start <= d.span.start && d.span.start <= r.end) {
                    return None;
                }
            }
        }
        self.selectors
            .iter()
            .position(|s| selector_matches(d.rule, &s.value, self.tool))
    }
}

fn selector_matches(rule: &RuleMeta, selector: &str, tool: Option<Tool>) -> bool {
    match tool {
        None => rule.matches(selector),
        Some(Tool::Buildkit) if selector.eq_ignore_ascii_case("all") => {
            rule.origin_ids(Tool::Buildkit).next().is_some()
        }
        Some(t) if selector == ALL_OF_TOOL => rule.origin_ids(t).next().is_some(),
        Some(t) => rule
            .origin_ids(t)
            .any(|id| id.eq_ignore_ascii_case(selector)),
    }
}

/// The message for a head-only directive found after the file's start.
const NOT_AT_HEAD: &str =
    "this comment applies to the whole file only at its top, before any instruction or key";

/// Suppressions of a Dockerfile, anchored to its instructions.
///
/// - dockward's `ignore[...]` applies to the instruction the comment is
///   inside, or else the next instruction, wherever it is;
/// - hadolint's `ignore=` applies, as in hadolint, only to an instruction
///   that starts on the very next line; dockward also accepts a stack of
///   suppression comment lines right above the instruction (hadolint keeps
///   only the last of them, its issue #370). A pragma with a blank line or
///   another comment before its instruction is reported, not applied;
/// - `stage ignore=` applies from the next instruction to the end of its
///   stage (the whole stage when placed before `FROM`);
/// - BuildKit's `# check=skip=...` directive applies to the whole file at
///   its top, and to the next instruction (a `FROM`: its stage) elsewhere.
pub fn dockerfile_suppressions(
    df: &Dockerfile,
    model: &crate::dockerfile::Model,
    text: &str,
    bad: &mut Vec<(Span, String)>,
) -> Vec<Suppression> {
    let mut out = Vec::new();
    // The instruction a comment is inside, or else the next one.
    let at_or_after = |c: Span| {
        let i = df.instructions.partition_point(|i| i.span.end < c.end);
        (i < df.instructions.len()).then_some(i)
    };
    for c in &df.comments {
        let ctext = &text[c.span.range()];
        let Some(parsed) = parse_comment(ctext) else {
            continue;
        };
        let d = match parsed {
            Ok(d) => d,
            Err(e) => {
                bad.push((c.span, e));
                continue;
            }
        };
        let nowhere = Scope::Region(Span::empty(text.len() as u32 + 1));
        let scope = match d.target {
            Target::File => Scope::File,
            Target::Head => {
                if df.instructions.iter().any(|i| i.span.start < c.span.start) {
                    bad.push((c.span, NOT_AT_HEAD.into()));
                    continue;
                }
                Scope::File
            }
            Target::Next => match at_or_after(c.span) {
                Some(i) => {
                    let ins = &df.instructions[i];
                    if d.tool == Some(Tool::Hadolint)
                        && !directly_above(text, c.span, ins.span.start)
                    {
                        bad.push((
                            c.span,
                            "hadolint applies `ignore=` only to an instruction on the very next line, so this pragma suppresses nothing".into(),
                        ));
                        continue;
                    }
                    Scope::Region(ins.span)
                }
                None => nowhere,
            },
            Target::Stage => {
                match at_or_after(c.span).and_then(|i| model.stage_of(i).map(|s| (i, s))) {
                    Some((i, s)) => {
                        let start = df.instructions[i].span.start;
                        let end = df.instructions[s.end - 1].span.end;
                        Scope::Region(Span::new(start, end.max(start)))
                    }
                    None => Scope::File,
                }
            }
        };
        out.push(Suppression::new(c.span, scope, d));
    }
    // BuildKit also reads `# check=skip=...` among the comments right
    // before an instruction (since the previous one): it applies to that
    // instruction, or to the whole stage when the instruction is `FROM`.
    for c in &df.comments {
        if c.inside_instruction || df.directives.iter().any(|d| d.span == c.span) {
            continue;
        }
        let line = &text[c.span.range()];
        if !crate::dockerfile::directive_name(line).is_some_and(|n| n.eq_ignore_ascii_case("check"))
        {
            continue;
        }
        let Some((_, value)) = line.split_once('=') else {
            continue;
        };
        let selectors = buildkit_skip(value);
        if selectors.is_empty() {
            continue;
        }
        let shift = line.len() - value.len();
        let d = Directive {
            target: Target::Next,
            selectors: selectors
                .into_iter()
                .map(|(r, v)| (r.start + shift..r.end + shift, v))
                .collect(),
            tool: Some(Tool::Buildkit),
        };
        let scope = match at_or_after(c.span) {
            Some(i) => {
                let ins = &df.instructions[i];
                match model.stage_of(i) {
                    Some(st) if ins.keyword == crate::dockerfile::Keyword::From => {
                        let end = df.instructions[st.end - 1].span.end;
                        Scope::Region(Span::new(ins.span.start, end.max(ins.span.start)))
                    }
                    _ => Scope::Region(ins.span),
                }
            }
            None => Scope::Region(Span::empty(text.len() as u32 + 1)),
        };
        out.push(Suppression::new(c.span, scope, d));
    }
    for dir in &df.directives {
        if !dir.name.value.eq_ignore_ascii_case("check") {
            continue;
        }
        let raw = &text[dir.value.span.range()];
        let selectors = buildkit_skip(raw);
        if selectors.is_empty() {
            continue;
        }
        // Selector ranges are relative to the value; make them relative to
        // the directive line, as `Suppression::new` expects.
        let shift = (dir.value.span.start - dir.span.start) as usize;
        let d = Directive {
            target: Target::File,
            selectors: selectors
                .into_iter()
                .map(|(r, v)| (r.start + shift..r.end + shift, v))
                .collect(),
            tool: Some(Tool::Buildkit),
        };
        out.push(Suppression::new(dir.span, Scope::File, d));
    }
    out
}

/// Whether the comment is on the line right above `start`, or only
/// suppression comments stand between them.
fn directly_above(text: &str, comment: Span, start: u32) -> bool {
    if start <= comment.start {
        return false; // inside a continued instruction
    }
    let between = text.get(comment.end as usize..start as usize).unwrap_or("");
    let mut lines = between.split('\n');
    // The rest of the comment's own line.
    lines.next();
    let mut lines: Vec<&str> = lines.collect();
    // The instruction's own line (its indentation).
    lines.pop();
    lines.iter().all(|l| {
        let t = l.trim();
        t.starts_with('#') && matches!(parse_comment(t), Some(Ok(_)))
    })
}

/// Suppressions of a Compose file: comments on their own line apply to the
/// next key and everything nested under it; a comment at the end of a line
/// applies to that line's key and what is nested under it.
pub fn compose_suppressions(text: &str, bad: &mut Vec<(Span, String)>) -> Vec<Suppression> {
    let mut out = Vec::new();
    if !may_hold_directives(text) {
        return out;
    }
    let lines = yaml_lines(text);
    for (n, line) in lines.iter().enumerate() {
        let Some(cstart) = line.comment else {
            continue;
        };
        let cspan = Span::new(cstart, line.end);
        let Some(parsed) = parse_comment(&text[cspan.range()]) else {
            continue;
        };
        let d = match parsed {
            Ok(d) => d,
            Err(e) => {
                bad.push((cspan, e));
                continue;
            }
        };
        let scope = match d.target {
            Target::File => Scope::File,
            Target::Head => {
                // Only comments, blank lines and `---` may come before.
                let after_content = line.content
                    || lines[..n].iter().any(|l| {
                        l.content && text[l.start as usize..l.end as usize].trim() != "---"
                    });
                if after_content {
                    bad.push((cspan, NOT_AT_HEAD.into()));
                    continue;
                }
                Scope::File
            }
            Target::Next | Target::Stage => {
                let anchor = if line.content {
                    Some(n)
                } else {
                    (n + 1..lines.len()).find(|&k| lines[k].content)
                };
                match anchor {
                    Some(a) => {
                        let indent = lines[a].indent;
                        let mut end = lines[a].extent_end;
                        for l in &lines[a + 1..] {
                            if l.content && l.indent <= indent {
                                break;
                            }
                            if l.content {
                                end = l.extent_end;
                            }
                        }
                        Scope::Region(Span::new(lines[a].start + lines[a].indent, end))
                    }
                    None => Scope::Region(Span::empty(text.len() as u32 + 1)),
                }
            }
        };
        out.push(Suppression::new(cspan, scope, d));
    }
    out
}

struct YamlLine {
    start: u32,
    end: u32,
    /// Leading spaces (a `- ` sequence marker counts as indentation).
    indent: u32,
    /// The line holds YAML content (not only a comment or blanks).
    content: bool,
    /// Offset of a comment's `#`.
    comment: Option<u32>,
    /// Where what the line holds ends: past the body of a block scalar
    /// (`|`, `>`) that it starts, else `end`.
    extent_end: u32,
}

/// Lines with their indentation and comments, skipping block scalar bodies.
fn yaml_lines(text: &str) -> Vec<YamlLine> {
    let mut out: Vec<YamlLine> = Vec::new();
    let mut start = 0usize;
    let mut block_parent: Option<u32> = None;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let s = start as u32;
        start += raw.len();
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let trimmed = &line[spaces..];
        if let Some(parent) = block_parent {
            if trimmed.is_empty() || spaces as u32 > parent {
                if !trimmed.is_empty()
                    && let Some(last) = out.last_mut()
                {
                    last.extent_end = s + line.len() as u32;
                }
                continue;
            }
            block_parent = None;
        }
        let mut indent = spaces;
        let mut rest = trimmed;
        while let Some(r) = rest.strip_prefix("- ") {
            let r2 = r.trim_start_matches(' ');
            indent += rest.len() - r2.len();
            rest = r2;
        }
        let comment = find_comment(line).map(|c| s + c as u32);
        let code = match comment {
            Some(c) => &line[..(c - s) as usize],
            None => line,
        };
        let content = !code.trim().is_empty();
        if content {
            let t = code.trim_end();
            let ends_block = t.rsplit([' ', ':']).next().is_some_and(|w| {
                (w.starts_with('|') || w.starts_with('>'))
                    && w[1..].chars().all(|c| matches!(c, '-' | '+' | '0'..='9'))
            });
            if ends_block && (t.contains(": ") || t.starts_with("- ") || t.len() <= 3) {
                block_parent = Some(spaces as u32);
            }
        }
        out.push(YamlLine {
            start: s,
            end: s + line.len() as u32,
            indent: indent as u32,
            content,
            comment,
            extent_end: s + line.len() as u32,
        });
    }
    out
}

/// The offset of a comment's `#` in a YAML line, outside quotes.
fn find_comment(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut quote = 0u8;
    for (i, &c) in b.iter().enumerate() {
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
            continue;
        }
        match c {
            b'"' | b'\''
                if i == 0 || matches!(b[i - 1], b' ' | b':' | b'[' | b'{' | b',' | b'-') =>
            {
                quote = c
            }
            b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Drops suppressed diagnostics and records which suppressions were used.
///
/// Each diagnostic is checked against the file-wide suppressions and the
/// regions that can hold its start (found by binary search over regions
/// sorted by start, walking back while the running maximum of their ends
/// reaches it), not against every suppression: a file of 50,000
/// suppression comments took minutes when each of its unused-suppression
/// reports was tested against all of them.
pub fn apply(diags: &mut Vec<Diagnostic>, sups: &mut [Suppression]) {
    if sups.is_empty() {
        return;
    }
    let mut files = Vec::new();
    let mut regions: Vec<(u32, u32, usize)> = Vec::new();
    for (i, s) in sups.iter().enumerate() {
        match s.scope {
            Scope::File => files.push(i),
            Scope::Region(r) => regions.push((r.start, r.end, i)),
        }
    }
    regions.sort_unstable();
    let mut reach = Vec::with_capacity(regions.len());
    let mut max_end = 0;
    for r in &regions {
        max_end = max_end.max(r.1);
        reach.push(max_end);
    }
    diags.retain(|d| {
        let at = d.span.start;
        let mut suppressed = false;
        let mut test = |s: &mut Suppression| {
            if let Some(i) = s.covers(d) {
                s.used[i] = true;
                suppressed = true;
            }
        };
        for &i in &files {
            test(&mut sups[i]);
        }
        let before = regions.partition_point(|r| r.0 <= at);
        for j in (0..before).rev() {
            if reach[j] < at {
                break;
            }
            if regions[j].1 >= at {
                test(&mut sups[regions[j].2]);
            }
        }
        !suppressed
    });
}

/// Diagnostics for suppressions that matched nothing and for malformed or
/// unknown ones. Selectors naming only rules that did not run are skipped:
/// they could not have matched.
///
/// A selector that matches nothing gets a safe fix: remove it from the list,
/// or remove the whole comment when none of its selectors is used.
pub fn unused(
    kind: FileKind,
    sups: &[Suppression],
    bad: &[(Span, String)],
    enabled: &[bool],
    text: &str,
) -> Vec<Diagnostic> {
    let rule = crate::rules::unused_suppression_rule(kind);
    let mut out = Vec::new();
    for (span, msg) in bad {
        let mut d = Diagnostic::new(rule, *span, format!("malformed suppression: {msg}"));
        if msg.starts_with("hadolint") {
            d.help("write `# hadolint ignore=DL3006,DL3008` on the line right above the instruction; a `# reason` may follow");
        } else {
            d.help("write `# dockward: ignore[rule-name] reason`");
        }
        out.push(d);
    }
    for s in sups {
        let first = out.len();
        let mut stale = Vec::new();
        for (i, sel) in s.selectors.iter().enumerate() {
            // Another tool's comment without rule names covers rules
            // dockward may not map; it is not reported when unused.
            if s.used[i] || (s.tool.is_some() && sel.value == ALL_OF_TOOL) {
                continue;
            }
            // `# check=skip=all` says nothing about dockward's own rules.
            if s.tool == Some(Tool::Buildkit) && sel.value.eq_ignore_ascii_case("all") {
                continue;
            }
            let named: Vec<usize> = RULES
                .iter()
                .enumerate()
                .filter(|(_, r)| selector_matches(r.meta, &sel.value, s.tool))
                .map(|(i, _)| i)
                .collect();
            if named.is_empty() {
                if s.tool.is_none() {
                    let mut d = Diagnostic::new(
                        rule,
                        sel.span,
                        format!("suppression names unknown rule `{}`", sel.value),
                    );
                    d.help(
                        crate::rules::unknown_rule(&sel.value)
                            .replace("unknown rule", "there is no rule"),
                    );
                    out.push(d);
                }
                continue;
            }
            if !named
                .iter()
                .any(|&i| enabled[i] && RULES[i].meta.kind == kind)
            {
                continue;
            }
            let what = match s.scope {
                Scope::File => "this file",
                Scope::Region(_) => "the code it covers",
            };
            let mut d = Diagnostic::new(
                rule,
                sel.span,
                format!(
                    "suppression of `{}` matches no diagnostic in {what}",
                    sel.value
                ),
            );
            d.help(
                "remove it, or move it to the line before the instruction or key it is meant for",
            );
            out.push(d);
            stale.push(i);
        }
        if !stale.is_empty()
            && let Some(fix) = removal_fix(s, &stale, text)
        {
            for d in &mut out[first..] {
                if d.message.starts_with("suppression of") {
                    d.fix = Some(Box::new(fix.clone()));
                }
            }
        }
    }
    out
}

/// The edit that drops the `stale` selectors of a suppression: the whole
/// comment (with its line when the comment stands alone) when nothing else
/// in it is used, otherwise the rule list rewritten without them.
fn removal_fix(s: &Suppression, stale: &[usize], text: &str) -> Option<Fix> {
    use crate::diagnostic::{Applicability, Edit};
    let keep: Vec<&str> = s
        .selectors
        .iter()
        .enumerate()
        .filter(|(i, _)| !stale.contains(i))
        .map(|(_, sel)| sel.value.as_str())
        .collect();
    let (span, content, message) = if keep.is_empty() {
        let start = s.comment.start as usize;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let before = text.get(line_start..start)?;
        let span = if before.trim().is_empty() {
            let end = text[s.comment.end as usize..]
                .find('\n')
                .map_or(text.len(), |i| s.comment.end as usize + i + 1);
            Span::new(line_start as u32, end as u32)
        } else {
            let code_end = line_start + before.trim_end().len();
            Span::new(code_end as u32, s.comment.end)
        };
        (span, String::new(), "remove the unused suppression comment")
    } else {
        let first = s.selectors.first()?.span.start;
        let last = s.selectors.last()?.span.end;
        let sep = if s.tool.is_some() { "," } else { ", " };
        (
            Span::new(first, last),
            keep.join(sep),
            "remove the unused rule from the suppression",
        )
    };
    text.get(span.range())?;
    Some(Fix {
        message: message.into(),
        edits: vec![Edit::replace(span, content)],
        applicability: Applicability::Safe,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suppressed(src: &str) -> (Vec<Suppression>, Vec<(Span, String)>) {
        let df = crate::dockerfile::parse(src);
        let m = crate::dockerfile::Model::new(&df);
        let mut bad = Vec::new();
        let s = dockerfile_suppressions(&df, &m, src, &mut bad);
        (s, bad)
    }

    fn region(src: &str, s: &Suppression) -> String {
        match s.scope {
            Scope::Region(r) => src.get(r.range()).unwrap_or("<nothing>").to_string(),
            Scope::File => "<file>".into(),
        }
    }

    #[test]
    fn hadolint_placement() {
        let src = "FROM a\n# hadolint ignore=DL3007\nFROM b:latest\n";
        let (s, bad) = suppressed(src);
        assert!(bad.is_empty());
        assert_eq!(region(src, &s[0]), "FROM b:latest");
        // A blank line or another comment in between: hadolint drops it.
        for src in [
            "FROM a\n# hadolint ignore=DL3007\n\nFROM b:latest\n",
            "FROM a\n# hadolint ignore=DL3007\n# other\nFROM b:latest\n",
            "RUN a \\\n# hadolint ignore=DL3007\n  b\nFROM b:latest\n",
        ] {
            let (s, bad) = suppressed(src);
            assert!(s.is_empty(), "{src}");
            assert_eq!(bad.len(), 1, "{src}");
        }
        // Stacked pragmas all apply (hadolint keeps only the last).
        let src = "FROM a\n# hadolint ignore=DL3006\n# hadolint ignore=DL3007\nFROM b:latest\n";
        let (s, _) = suppressed(src);
        assert_eq!(s.len(), 2);
        assert_eq!(region(src, &s[0]), "FROM b:latest");
        // dockward's own comment reaches the next instruction regardless.
        let src = "FROM a\n# dockward: ignore[DF201]\n\n# note\nFROM b:latest\n";
        let (s, _) = suppressed(src);
        assert_eq!(region(src, &s[0]), "FROM b:latest");
    }

    #[test]
    fn stage_and_check_directive() {
        let src = "# check=skip=StageNameCasing, JSONArgsRecommended;error=true\nFROM a AS x\n# hadolint stage ignore=DL3007\nFROM b:latest AS y\nRUN c\nFROM d\n";
        let (s, bad) = suppressed(src);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(region(src, &s[0]), "FROM b:latest AS y\nRUN c");
        let check = s.iter().find(|s| s.tool == Some(Tool::Buildkit)).unwrap();
        assert_eq!(check.scope, Scope::File);
        let names: Vec<&str> = check
            .selectors
            .iter()
            .map(|v| {
                assert_eq!(&src[v.span.range()], v.value);
                v.value.as_str()
            })
            .collect();
        assert_eq!(names, ["StageNameCasing", "JSONArgsRecommended"]);
        let all = buildkit_skip("skip=all");
        assert_eq!(all[0].1, "all");
        assert!(buildkit_skip("error=true").is_empty());
    }

    #[test]
    fn compose_regions_follow_indentation() {
        let text = "services:\n  # dockward: ignore[privileged-service]\n  web:\n    privileged: true\n  db:\n    image: x # dockward: ignore[DC001]\n";
        let mut bad = Vec::new();
        let s = compose_suppressions(text, &mut bad);
        assert_eq!(s.len(), 2);
        let Scope::Region(r) = s[0].scope else {
            panic!()
        };
        assert_eq!(&text[r.range()], "web:\n    privileged: true");
        let Scope::Region(r) = s[1].scope else {
            panic!()
        };
        assert_eq!(&text[r.range()], "image: x # dockward: ignore[DC001]");
    }

    #[test]
    fn regions_cover_block_scalar_bodies() {
        let text = "services:\n  web:\n    # dockward: ignore[x]\n    command: |\n      dockerd -H tcp://0.0.0.0:2375\n\n      echo\n    image: y\n";
        let mut bad = Vec::new();
        let s = compose_suppressions(text, &mut bad);
        let Scope::Region(r) = s[0].scope else {
            panic!()
        };
        assert_eq!(
            &text[r.range()],
            "command: |\n      dockerd -H tcp://0.0.0.0:2375\n\n      echo"
        );
    }

    #[test]
    fn block_scalars_are_not_comments() {
        let text = "x:\n  command: |\n    # dockward: ignore[a]\n    echo\n";
        let mut bad = Vec::new();
        assert!(compose_suppressions(text, &mut bad).is_empty());
    }

    fn fixes(kind: FileKind, text: &str, sups: &[Suppression]) -> Vec<String> {
        let enabled = vec![true; RULES.len()];
        unused(kind, sups, &[], &enabled, text)
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .map(|f| {
                let e = &f.edits[0];
                let mut t = text.to_string();
                t.replace_range(e.span.range(), &e.content);
                t
            })
            .collect()
    }

    #[test]
    fn unused_suppressions_are_removed_safely() {
        // A trailing Compose comment goes with the blanks before it.
        let text = "services:\n  db:\n    image: x   # dockward: ignore[DC001]\n";
        let sups = compose_suppressions(text, &mut Vec::new());
        assert_eq!(
            fixes(FileKind::Compose, text, &sups),
            ["services:\n  db:\n    image: x\n"]
        );
        // Two stale rules of three: one edit keeps the third, for both.
        let text =
            "services:\n  # dockward: ignore[DC001, bogus-rule, DC011]\n  db:\n    image: x\n";
        let sups = compose_suppressions(text, &mut Vec::new());
        let f = fixes(FileKind::Compose, text, &sups);
        assert_eq!(f.len(), 2);
        assert!(
            f.iter()
                .all(|t| t.contains("# dockward: ignore[bogus-rule]\n")),
            "{f:?}"
        );
        // Hadolint's list keeps its own separator.
        let text = "FROM a\n# hadolint ignore=DL3002,DL3008\nRUN x\n";
        let df = crate::dockerfile::parse(text);
        let model = crate::dockerfile::Model::new(&df);
        let mut sups = dockerfile_suppressions(&df, &model, text, &mut Vec::new());
        // DL3002 maps to a dockward rule; pretend DL3008's rule was used.
        for s in &mut sups {
            for (i, sel) in s.selectors.iter().enumerate() {
                s.used[i] = sel.value != "DL3002";
            }
        }
        let f = fixes(FileKind::Dockerfile, text, &sups);
        assert_eq!(f, ["FROM a\n# hadolint ignore=DL3008\nRUN x\n"]);
    }
}
