//! Suppression comments as written: dockward's own (`# dockward:
//! ignore[...]`, `ignore-file[...]`) and the other tools' syntaxes it
//! honours (hadolint, dclint, KICS, Trivy, Checkov, BuildKit's
//! `check=skip`). This is syntax only: which rules a selector names and what
//! a comment covers in a file is `crate::suppress`'s business.

use crate::meta::Tool;
use crate::source::TrimLead;

/// Where a directive applies, before it is anchored to the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The next instruction or key (or, for a comment at the end of a
    /// Compose line, that line's key).
    Next,
    File,
    /// The rest of the current Dockerfile stage (`# hadolint stage ignore`).
    Stage,
    /// The whole file, for a comment at its head (before any instruction or
    /// key); elsewhere the directive has no effect and is reported. Other
    /// tools' file-level comments (`# dclint disable`, `# kics-scan
    /// disable=...`) work only there.
    Head,
}

/// The selector that stands for every rule mapped to the directive's tool
/// (`# dclint disable-line` without rule names).
pub const ALL_OF_TOOL: &str = "*";

/// A suppression comment, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub target: Target,
    /// Rule selectors with spans relative to the comment's `#`.
    pub selectors: Vec<(std::ops::Range<usize>, String)>,
    /// The tool whose syntax this is; `None` for dockward's own.
    pub tool: Option<Tool>,
}

/// A recognizer for one tool's comment syntax: `None` when the comment is not
/// in that syntax.
type Recognizer = fn(&str) -> Option<Result<Directive, String>>;

/// Every comment syntax dockward honours, tried in order.
const RECOGNIZERS: &[Recognizer] = &[
    dockward_comment,
    hadolint_comment,
    dclint_comment,
    kics_comment,
    trivy_comment,
    checkov_comment,
];

/// The word each syntax starts with, after the `#` and blanks. Compared
/// in any case, so that this list accepts whatever a recognizer accepts.
const LEADS: &[&str] = &[
    "dockward",
    "hadolint",
    "dclint",
    "kics-scan",
    "trivy:ignore:",
    "checkov:skip=",
];

/// Whether the text after a `#` may be a directive: it starts, after
/// whitespace, with the word of one of the syntaxes. Most comments fail
/// here, before any recognizer runs.
fn may_be_directive(after_hash: &str) -> bool {
    let body = after_hash.trim_lead();
    LEADS.iter().any(|l| strip_prefix_ci(body, l).is_some())
}

/// Parses a comment (starting at `#`) as a suppression directive. `None`
/// when it is not one; `Some(Err)` when it looks like one but is malformed.
pub fn parse_comment(comment: &str) -> Option<Result<Directive, String>> {
    if !may_be_directive(comment.strip_prefix('#')?) {
        return None;
    }
    RECOGNIZERS.iter().find_map(|r| r(comment))
}

/// Whether some `#` in `text` may start a directive: when none does, the
/// text has no suppression comments (nor malformed ones), and its lines
/// need not be looked at.
pub fn may_hold_directives(text: &str) -> bool {
    memchr::memchr_iter(b'#', text.as_bytes()).any(|i| may_be_directive(&text[i + 1..]))
}

/// `# dockward: ignore[a, b] reason` and `# dockward: ignore-file[a]`.
fn dockward_comment(comment: &str) -> Option<Result<Directive, String>> {
    let body = comment.strip_prefix('#')?.trim_lead();
    let rest = strip_prefix_ci(body, "dockward")?;
    let rest = rest.trim_lead().strip_prefix(':')?;
    let after_colon = comment.len() - rest.len();
    let r = rest.trim_lead();
    let off = after_colon + (rest.len() - r.len());
    let (target, r, off) = if let Some(x) = r.strip_prefix("ignore-file") {
        (Target::File, x, off + "ignore-file".len())
    } else if let Some(x) = r.strip_prefix("ignore") {
        (Target::Next, x, off + "ignore".len())
    } else {
        return Some(Err(
            "unknown directive: expected `ignore[...]` or `ignore-file[...]`".into(),
        ));
    };
    let Some(inner) = r.strip_prefix('[') else {
        return Some(Err(
            "a suppression names its rules in brackets, such as `ignore[missing-user]`".into(),
        ));
    };
    let Some(close) = inner.find(']') else {
        return Some(Err("the rule list has no closing `]`".into()));
    };
    let selectors = split_list(&inner[..close], off + 1, ',');
    if selectors.is_empty() {
        return Some(Err("the suppression names no rule".into()));
    }
    Some(Ok(Directive {
        target,
        selectors,
        tool: None,
    }))
}

/// `# hadolint ignore=DL3008,DL3009`, `# hadolint global ignore=...`,
/// `# hadolint stage ignore=...`, parsed with hadolint's own grammar:
/// lowercase `hadolint` and at least one space or tab after it, `ignore`,
/// optional blanks around `=` and the commas, codes made of `D`, `L`, `S`,
/// `C` and digits, then optionally a `# comment`. Anything else after the
/// list makes hadolint drop the pragma silently; dockward reports it instead
/// (as a malformed suppression) and does not apply it either.
fn hadolint_comment(comment: &str) -> Option<Result<Directive, String>> {
    let body = comment.strip_prefix('#')?;
    let blank = |c: char| c == ' ' || c == '\t';
    let r = body.trim_start_matches(blank);
    let after = strip_prefix_ci(r, "hadolint")?;
    if !after.starts_with(blank) {
        return None;
    }
    let r = after.trim_start_matches(blank);
    let (target, r) = if let Some(x) = r.strip_prefix("global").filter(|x| x.starts_with(blank)) {
        (Target::File, x.trim_start_matches(blank))
    } else if let Some(x) = r.strip_prefix("stage").filter(|x| x.starts_with(blank)) {
        (Target::Stage, x.trim_start_matches(blank))
    } else {
        (Target::Next, r)
    };
    let list = r.strip_prefix("ignore")?.trim_start_matches(blank);
    let Some(list) = list.strip_prefix('=') else {
        return Some(Err(
            "hadolint expects `ignore=` followed by rule codes".into()
        ));
    };
    if !r.starts_with("ignore") || !body.trim_start_matches(blank).starts_with("hadolint") {
        return Some(Err(
            "hadolint reads only a lowercase `hadolint ignore=` pragma and ignores this one".into(),
        ));
    }
    let base = comment.len() - list.len();
    let bytes = list.as_bytes();
    let mut i = 0;
    let mut selectors = Vec::new();
    let skip_blank = |mut i: usize| {
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        i
    };
    loop {
        i = skip_blank(i);
        let start = i;
        while i < bytes.len() && matches!(bytes[i], b'D' | b'L' | b'S' | b'C' | b'0'..=b'9') {
            i += 1;
        }
        if i == start {
            return Some(Err(
                "hadolint expects rule codes such as `DL3008` separated by commas, and ignores this pragma".into(),
            ));
        }
        selectors.push((base + start..base + i, list[start..i].to_string()));
        let j = skip_blank(i);
        if bytes.get(j) == Some(&b',') {
            i = j + 1;
            continue;
        }
        if j == bytes.len() || bytes[j] == b'#' {
            break;
        }
        return Some(Err(format!(
            "hadolint ignores this pragma: `{}` after the rule list is not a `# comment`",
            list[j..].trim_end()
        )));
    }
    Some(Ok(Directive {
        target,
        selectors,
        tool: Some(Tool::Hadolint),
    }))
}

/// dclint's comments: `# dclint disable-line [rule ...]` (the key on that
/// line, or on the next line for a comment on its own line),
/// `# dclint disable-next-line [rule ...]`, `# dclint disable [rule ...]`
/// and `# dclint disable-file` (the whole file, at its head). Rule names are
/// separated by spaces (commas are accepted too); none means every rule
/// mapped to dclint.
fn dclint_comment(comment: &str) -> Option<Result<Directive, String>> {
    let body = comment.strip_prefix('#')?.trim_lead();
    let rest = strip_prefix_ci(body, "dclint")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let r = rest.trim_lead();
    let word_end = r.find(char::is_whitespace).unwrap_or(r.len());
    let word = &r[..word_end];
    let target = match word {
        "disable-line" | "disable-next-line" => Target::Next,
        "disable" | "disable-file" => Target::Head,
        _ => return None,
    };
    let word_at = comment.len() - r.len();
    let list = &r[word_end..];
    let mut selectors = if word == "disable-file" {
        Vec::new()
    } else {
        split_words(list, comment.len() - list.len())
    };
    if selectors.is_empty() {
        selectors.push((word_at..word_at + word.len(), ALL_OF_TOOL.to_string()));
    }
    Some(Ok(Directive {
        target,
        selectors,
        tool: Some(Tool::Dclint),
    }))
}

/// KICS's comments: `# kics-scan ignore-line` (the key on the next line),
/// `# kics-scan ignore-block` (the next key and everything under it),
/// `# kics-scan ignore` (the whole file) and `# kics-scan disable=<id>,...`
/// (the listed queries in the whole file), the last two at the file's head.
/// `enable=` is not supported.
fn kics_comment(comment: &str) -> Option<Result<Directive, String>> {
    let body = comment.strip_prefix('#')?.trim_lead();
    let rest = strip_prefix_ci(body, "kics-scan")?;
    let r = rest.trim_lead();
    let at = comment.len() - r.len();
    let word_end = r
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(r.len());
    let word = &r[..word_end];
    let all = |target| {
        Some(Ok(Directive {
            target,
            selectors: vec![(at..at + word.len(), ALL_OF_TOOL.to_string())],
            tool: Some(Tool::Kics),
        }))
    };
    match word {
        "ignore-line" | "ignore-block" => all(Target::Next),
        "ignore" => all(Target::Head),
        "disable" => {
            let list = r[word_end..].trim_lead().strip_prefix('=')?;
            let off = comment.len() - list.len();
            let end = list.find(char::is_whitespace).unwrap_or(list.len());
            let selectors = split_list(&list[..end], off, ',');
            if selectors.is_empty() {
                return Some(Err("`kics-scan disable=` names no query".into()));
            }
            Some(Ok(Directive {
                target: Target::Head,
                selectors,
                tool: Some(Tool::Kics),
            }))
        }
        _ => None,
    }
}

/// Splits `a b, c` at whitespace and commas, with ranges offset by `base`.
fn split_words(list: &str, base: usize) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in list
        .char_indices()
        .chain(std::iter::once((list.len(), ' ')))
    {
        let sep = c.is_whitespace() || c == ',';
        match (start, sep) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((base + s..base + i, list[s..i].to_string()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// `# trivy:ignore:DS-0002` on the line before an instruction.
fn trivy_comment(comment: &str) -> Option<Result<Directive, String>> {
    let body = comment.strip_prefix('#')?.trim_lead();
    let id = body.strip_prefix("trivy:ignore:")?;
    let id = id
        .split(|c: char| c.is_whitespace() || c == '[')
        .next()
        .unwrap_or("");
    if id.is_empty() {
        return Some(Err("trivy expects `# trivy:ignore:<id>`".into()));
    }
    let start = comment.len() - body.len() + "trivy:ignore:".len();
    Some(Ok(Directive {
        target: Target::Next,
        selectors: vec![(start..start + id.len(), id.to_string())],
        tool: Some(Tool::Trivy),
    }))
}

/// `# checkov:skip=CKV_DOCKER_2: reason`, anywhere: the whole file.
fn checkov_comment(comment: &str) -> Option<Result<Directive, String>> {
    let body = comment.strip_prefix('#')?.trim_lead();
    let rest = body.strip_prefix("checkov:skip=")?;
    let id = rest.split([':', ' ', '\t']).next().unwrap_or("");
    if id.is_empty() {
        return Some(Err("checkov expects `# checkov:skip=<id>: reason`".into()));
    }
    let start = comment.len() - rest.len();
    Some(Ok(Directive {
        target: Target::File,
        selectors: vec![(start..start + id.len(), id.to_string())],
        tool: Some(Tool::Checkov),
    }))
}

/// BuildKit's `# check=skip=JSONArgsRecommended,StageNameCasing;error=true`
/// parser directive (or `skip=all`): the named checks are off for the file.
/// Returns the selectors with ranges relative to the directive's value.
pub fn buildkit_skip(value: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut off = 0;
    for part in value.split(';') {
        let lead = part.len() - part.trim_lead().len();
        let t = part.trim();
        if let Some((k, v)) = t.split_once('=')
            && k.trim().eq_ignore_ascii_case("skip")
        {
            let vstart = off + lead + t.len() - v.len();
            out.extend(split_list(v, vstart, ','));
        }
        off += part.len() + 1;
    }
    out
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Splits `a, b,c` into trimmed items with ranges offset by `base`.
fn split_list(list: &str, base: usize, sep: char) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    for part in list.split(sep) {
        let lead = part.len() - part.trim_lead().len();
        let t = part.trim();
        if !t.is_empty() {
            let s = base + start + lead;
            out.push((s..s + t.len(), t.to_string()));
        }
        start += part.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_may_hold_directives_only_where_a_comment_starts_with_a_tool() {
        assert!(!may_hold_directives("a: 1 # plain\n# b: 2\nc: \"#tag\"\n#"));
        assert!(!may_hold_directives("no comment at all"));
        for lead in [
            "#dockward: ignore[x]",
            "#  DockWard: ignore",
            "#\thadolint ignore=DL3008",
            "# DCLINT disable",
            "# kics-scan ignore",
            "# trivy:ignore:AVD-DS-0002",
            "# checkov:skip=CKV_DOCKER_3",
        ] {
            let text = format!("x: 1\ny: 2 {lead}\n");
            assert!(may_hold_directives(&text), "{lead}");
            assert!(parse_comment(lead).is_some(), "{lead}");
        }
        // What every recognizer turns down is turned down before them.
        assert!(parse_comment("# docker: ignore[x]").is_none());
        assert!(parse_comment("#").is_none());
    }

    #[test]
    fn parses_dockward_directives() {
        let d = parse_comment("# dockward: ignore[missing-user, DF002] base sets USER")
            .unwrap()
            .unwrap();
        assert_eq!(d.target, Target::Next);
        let c = "# dockward: ignore[missing-user, DF002] base sets USER";
        assert_eq!(&c[d.selectors[0].0.clone()], "missing-user");
        assert_eq!(&c[d.selectors[1].0.clone()], "DF002");
        let f = parse_comment("#dockward:ignore-file[writable-rootfs]")
            .unwrap()
            .unwrap();
        assert_eq!(f.target, Target::File);
        assert!(
            parse_comment("# dockward: ignore missing-user")
                .unwrap()
                .is_err()
        );
        assert!(parse_comment("# just a comment").is_none());
    }

    #[test]
    fn non_ascii_comments_are_not_directives() {
        assert!(parse_comment("# 不修改 app/config").is_none());
        assert!(parse_comment("#dockwär").is_none());
    }

    #[test]
    fn parses_hadolint_directives() {
        let c = "# hadolint ignore=DL3008,DL3009";
        let d = parse_comment(c).unwrap().unwrap();
        assert_eq!(d.tool, Some(Tool::Hadolint));
        assert_eq!(&c[d.selectors[1].0.clone()], "DL3009");
        let g = parse_comment("# hadolint global ignore=DL3002")
            .unwrap()
            .unwrap();
        assert_eq!(g.target, Target::File);
    }

    fn hadolint(c: &str) -> Option<Result<Directive, String>> {
        hadolint_comment(c)
    }

    fn codes(c: &str) -> Vec<String> {
        hadolint(c)
            .unwrap()
            .unwrap()
            .selectors
            .into_iter()
            .map(|(r, v)| {
                assert_eq!(&c[r], v);
                v
            })
            .collect()
    }

    #[test]
    fn hadolint_grammar_matches_hadolint() {
        // Accepted by hadolint 2.15.1 (checked against the binary).
        assert_eq!(codes("# hadolint ignore=DL3007"), ["DL3007"]);
        assert_eq!(codes("#hadolint ignore=DL3007"), ["DL3007"]);
        assert_eq!(
            codes("# hadolint ignore = DL3006 , DL3007"),
            ["DL3006", "DL3007"]
        );
        assert_eq!(codes("# hadolint ignore=DL3007 # reason"), ["DL3007"]);
        assert_eq!(codes("# hadolint ignore=DL3007 "), ["DL3007"]);
        assert_eq!(
            codes("#\thadolint\tignore=SC2086,DL3008"),
            ["SC2086", "DL3008"]
        );
        assert_eq!(codes("# hadolint global  ignore=DL3007 # why"), ["DL3007"]);
        let g = hadolint("# hadolint global ignore=DL3007")
            .unwrap()
            .unwrap();
        assert_eq!(g.target, Target::File);
        let st = hadolint("# hadolint stage ignore=DL3059").unwrap().unwrap();
        assert_eq!(st.target, Target::Stage);
        // Rejected by hadolint: reported as malformed, never applied.
        for bad in [
            "# hadolint ignore=DL3007 because",
            "# hadolint ignore=DL3007,",
            "# hadolint ignore=DL3007 DL3006",
            "# hadolint ignore=dl3007",
            "# Hadolint ignore=DL3007",
            "# hadolint ignore DL3007",
        ] {
            assert!(matches!(hadolint(bad), Some(Err(_))), "{bad}");
        }
        // Not pragmas at all.
        for none in [
            "# hadolint is great",
            "# hadolint shell=powershell",
            "# hadolintignore=DL3007",
        ] {
            assert!(hadolint(none).is_none(), "{none}");
        }
    }

    #[test]
    fn trivy_and_checkov_comments() {
        let t = parse_comment("# trivy:ignore:DS-0002").unwrap().unwrap();
        assert_eq!(t.tool, Some(Tool::Trivy));
        assert_eq!(t.selectors[0].1, "DS-0002");
        let c = parse_comment("#checkov:skip=CKV_DOCKER_2: no healthcheck needed")
            .unwrap()
            .unwrap();
        assert_eq!(c.target, Target::File);
        assert_eq!(c.selectors[0].1, "CKV_DOCKER_2");
    }

    #[test]
    fn parses_dclint_directives() {
        let c = "# dclint disable-line no-unbound-port-interfaces service-keys-order";
        let d = parse_comment(c).unwrap().unwrap();
        assert_eq!((d.target, d.tool), (Target::Next, Some(Tool::Dclint)));
        assert_eq!(&c[d.selectors[1].0.clone()], "service-keys-order");
        let d = parse_comment("# dclint disable-line").unwrap().unwrap();
        assert_eq!(d.selectors[0].1, ALL_OF_TOOL);
        assert_eq!(
            &"# dclint disable-line"[d.selectors[0].0.clone()],
            "disable-line"
        );
        let d = parse_comment("# dclint disable-next-line a")
            .unwrap()
            .unwrap();
        assert_eq!(d.target, Target::Next);
        let d = parse_comment("# dclint disable a b").unwrap().unwrap();
        assert_eq!((d.target, d.selectors.len()), (Target::Head, 2));
        let d = parse_comment("# dclint disable-file").unwrap().unwrap();
        assert_eq!(
            (d.target, d.selectors[0].1.as_str()),
            (Target::Head, ALL_OF_TOOL)
        );
        assert!(parse_comment("# dclint is used here").is_none());
        assert!(parse_comment("# dclintdisable").is_none());
    }

    #[test]
    fn parses_kics_directives() {
        for (c, t) in [
            ("# kics-scan ignore-line", Target::Next),
            ("# kics-scan ignore-block: one-shot job", Target::Next),
            ("# kics-scan ignore", Target::Head),
        ] {
            let d = parse_comment(c).unwrap().unwrap();
            assert_eq!(
                (d.target, d.tool, d.selectors[0].1.as_str()),
                (t, Some(Tool::Kics), ALL_OF_TOOL),
                "{c}"
            );
        }
        let c = "# kics-scan disable=ce76b7d0-9e77-464d-b86f-c5c48e03e22d,4f31dd9f-2cc3-4751-9b53-67e4af83dac0";
        let d = parse_comment(c).unwrap().unwrap();
        assert_eq!(d.target, Target::Head);
        assert_eq!(
            &c[d.selectors[1].0.clone()],
            "4f31dd9f-2cc3-4751-9b53-67e4af83dac0"
        );
        assert!(parse_comment("# kics-scan disable=").unwrap().is_err());
        assert!(parse_comment("# kics-scan enable=x").is_none());
    }
}
