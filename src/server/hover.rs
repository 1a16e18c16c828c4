//! Hover: a rule named in a suppression comment shows the rule's page.

use crate::pragma::parse_comment;
use crate::rules::{RULES, Rule};
use crate::source::{LineIndex, Span};

/// The selector under `offset` in a suppression comment, with the pages of
/// the rules it names (or why it names none).
pub fn at(text: &str, index: &LineIndex, offset: u32) -> Option<(Span, String)> {
    let line = index.line_of(offset);
    let span = index.line_span(line, text);
    let line_text = text.get(span.range())?;
    let b = line_text.as_bytes();
    for (i, _) in line_text.match_indices('#') {
        if i > 0 && !b[i - 1].is_ascii_whitespace() {
            continue;
        }
        let Some(Ok(directive)) = parse_comment(&line_text[i..]) else {
            continue;
        };
        let base = span.start + i as u32;
        for (range, selector) in &directive.selectors {
            let sel = Span::new(base + range.start as u32, base + range.end as u32);
            if !(sel.start <= offset && offset <= sel.end) {
                continue;
            }
            let rules: Vec<&Rule> = RULES
                .iter()
                .filter(|r| match directive.tool {
                    None => r.meta.matches(selector),
                    Some(t) => r
                        .meta
                        .origin_ids(t)
                        .any(|id| id.eq_ignore_ascii_case(selector)),
                })
                .collect();
            let markdown = if rules.is_empty() {
                crate::rules::unknown_rule(selector)
            } else {
                rules
                    .iter()
                    .map(|r| r.meta.doc.trim_end())
                    .collect::<Vec<_>>()
                    .join("\n\n---\n\n")
            };
            return Some((sel, markdown));
        }
        // One comment per line.
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hover(text: &str, needle: &str) -> Option<(String, String)> {
        let index = LineIndex::new(text);
        let at_ = text.find(needle)? as u32 + 1;
        at(text, &index, at_).map(|(s, m)| (s.text(text).to_string(), m))
    }

    #[test]
    fn names_codes_and_other_tools_ids() {
        let t = "FROM a\n# dockward: ignore[missing-user, DF005] reason\nUSER x\n";
        let (sel, md) = hover(t, "missing-user").unwrap();
        assert_eq!(sel, "missing-user");
        assert!(md.starts_with("# missing-user (DF001)"), "{md}");
        let (sel, md) = hover(t, "DF005").unwrap();
        assert_eq!(sel, "DF005");
        assert!(md.contains("(DF005)"));
        assert!(hover(t, "reason").is_none());
        assert!(hover(t, "USER").is_none());
    }

    #[test]
    fn trailing_compose_comments_and_unknown_rules() {
        let t = "services:\n  web:\n    privileged: true # dockward: ignore[privileged-servic]\n";
        let (_, md) = hover(t, "privileged-servic]").unwrap();
        assert!(md.contains("did you mean `privileged-service`"), "{md}");
    }
}
