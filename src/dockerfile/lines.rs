//! Physical lines to logical instructions: parser directives, comments, line
//! continuations with the escape character, and heredoc bodies.

use super::{Comment, Directive, Heredoc, SyntaxError};
use crate::source::{OffsetMap, Span, Spanned, TrimLead};

/// One physical line: its span without the line terminator.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: u32,
    end: u32,
}

/// An instruction's logical line before its arguments are parsed.
#[derive(Debug)]
pub(super) struct RawInstruction {
    /// Logical text from the keyword on, continuations removed.
    pub text: String,
    pub map: OffsetMap,
    /// From the keyword to the end of the last line (heredocs included).
    pub span: Span,
    pub heredocs: Vec<Heredoc>,
    /// The escape characters that continued its lines.
    pub escapes: Vec<Span>,
}

pub(super) struct Lexed {
    pub directives: Vec<Directive>,
    pub escape: char,
    pub comments: Vec<Comment>,
    pub instructions: Vec<RawInstruction>,
    pub errors: Vec<SyntaxError>,
    pub empty_continuation_lines: Vec<Span>,
}

pub(super) fn lex(src: &str) -> Lexed {
    let lines = split_lines(src);
    let mut out = Lexed {
        directives: Vec::new(),
        escape: '\\',
        comments: Vec::new(),
        instructions: Vec::new(),
        errors: Vec::new(),
        empty_continuation_lines: Vec::new(),
    };
    let mut i = read_directives(src, &lines, &mut out);
    let escape = out.escape;
    while i < lines.len() {
        let line = lines[i];
        let text = &src[line.start as usize..line.end as usize];
        let trimmed = text.trim_lead();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        let lead = (text.len() - trimmed.len()) as u32;
        if trimmed.starts_with('#') {
            out.comments
                .push(comment(line.start + lead, line.end, trimmed, false));
            i += 1;
            continue;
        }
        // An instruction: gather its continued lines.
        let start = line.start + lead;
        let mut logical = String::with_capacity(text.len());
        let mut map = OffsetMap::default();
        let mut escapes = Vec::new();
        let (content, continued) = strip_continuation(trimmed, escape);
        map.push(0, start);
        logical.push_str(content);
        if continued {
            escapes.push(escape_span(start, content, escape));
        }
        let mut end = line.end;
        let mut cont = continued;
        i += 1;
        while cont && i < lines.len() {
            let l = lines[i];
            let t = &src[l.start as usize..l.end as usize];
            let tt = t.trim_lead();
            i += 1;
            if tt.starts_with('#') {
                let lead = (t.len() - tt.len()) as u32;
                out.comments.push(comment(l.start + lead, l.end, tt, true));
                continue;
            }
            if tt.is_empty() {
                out.empty_continuation_lines.push(Span::new(l.start, l.end));
                continue;
            }
            let (content, c) = strip_continuation(t, escape);
            map.push(logical.len() as u32, l.start);
            logical.push_str(content);
            if c {
                escapes.push(escape_span(l.start, content, escape));
            }
            end = l.end;
            cont = c;
        }
        let mut raw = RawInstruction {
            text: logical,
            map,
            span: Span::new(start, end),
            heredocs: Vec::new(),
            escapes,
        };
        if heredoc_keyword(&raw.text) {
            let markers = heredoc_markers(&raw.text);
            for m in markers {
                let marker = raw.map.span_to_file(m.span);
                let (doc, next) = read_heredoc(src, &lines, i, m, marker);
                if doc.terminator.is_none() {
                    out.errors.push(SyntaxError {
                        span: marker,
                        message: format!("heredoc `{}` is never terminated", doc.delimiter),
                        help: Some(format!(
                            "end the heredoc with a line that holds only `{}`",
                            doc.delimiter
                        )),
                    });
                }
                if let Some(t) = doc.terminator {
                    raw.span.end = t.end;
                } else if doc.body_span.end > raw.span.end {
                    raw.span.end = doc.body_span.end;
                }
                raw.heredocs.push(doc);
                i = next;
            }
        }
        out.instructions.push(raw);
    }
    out
}

fn split_lines(src: &str) -> Vec<Line> {
    let b = src.as_bytes();
    let first = if src.starts_with('\u{feff}') { 3 } else { 0 };
    // One memchr pass for the line ends: it took 1.5% off a run's
    // instructions against a byte-by-byte search per line.
    let mut lines = Vec::with_capacity(src.len() / 32 + 1);
    let mut start = first;
    let mut push = |start: usize, end: usize| {
        let end = if end > start && b[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        lines.push(Line {
            start: start as u32,
            end: end as u32,
        });
    };
    for nl in memchr::memchr_iter(b'\n', &b[first..]).map(|i| first + i) {
        push(start, nl);
        start = nl + 1;
    }
    if start < b.len() {
        push(start, b.len());
    }
    lines
}

/// A comment line; `trimmed` is its text from `#` (at `start`) to `end`.
fn comment(start: u32, end: u32, trimmed: &str, inside: bool) -> Comment {
    let after = &trimmed[1..];
    let text = after.trim();
    let text_start = start + 1 + (after.len() - after.trim_lead().len()) as u32;
    Comment {
        span: Span::new(start, end),
        text: text.to_string(),
        text_span: Span::new(text_start, text_start + text.len() as u32),
        inside_instruction: inside,
    }
}

/// Reads the parser directives at the top; returns the first line after them.
fn read_directives(src: &str, lines: &[Line], out: &mut Lexed) -> usize {
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        let text = &src[l.start as usize..l.end as usize];
        let Some(d) = parse_directive(text, l.start) else {
            break;
        };
        let name = d.name.value.to_ascii_lowercase();
        if out
            .directives
            .iter()
            .any(|e| e.name.value.eq_ignore_ascii_case(&name))
        {
            out.errors.push(SyntaxError {
                span: d.span,
                message: format!("the `{name}` parser directive is given twice"),
                help: Some("keep one of them".into()),
            });
        }
        if name == "escape" {
            match d.value.value.as_str() {
                "\\" => out.escape = '\\',
                "`" => out.escape = '`',
                v => out.errors.push(SyntaxError {
                    span: d.value.span,
                    message: format!("invalid escape character `{v}`"),
                    help: Some("use `\\` or `` ` ``".into()),
                }),
            }
        }
        out.comments
            .push(comment(d.span.start, d.span.end, text.trim_lead(), false));
        out.directives.push(d);
        i += 1;
    }
    i
}

/// `# name=value` with a known directive name.
fn parse_directive(text: &str, start: u32) -> Option<Directive> {
    let lead = text.len() - text.trim_lead().len();
    let rest = text[lead..].strip_prefix('#')?;
    let after_hash = lead + 1;
    let name_lead = rest.len() - rest.trim_lead().len();
    let rest2 = &rest[name_lead..];
    let name_len = rest2
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || !rest2.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let name = &rest2[..name_len];
    if !["syntax", "escape", "check"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(name))
    {
        return None;
    }
    let after_name = &rest2[name_len..];
    let eq_lead = after_name.len() - after_name.trim_lead().len();
    let after_eq = after_name[eq_lead..].strip_prefix('=')?;
    let v_lead = after_eq.len() - after_eq.trim_lead().len();
    let value = after_eq.trim();
    if value.is_empty() {
        return None;
    }
    let name_start = start + (after_hash + name_lead) as u32;
    let value_start = name_start + (name_len + eq_lead + 1 + v_lead) as u32;
    Some(Directive {
        name: Spanned::new(
            name.to_string(),
            Span::new(name_start, name_start + name_len as u32),
        ),
        value: Spanned::new(
            value.to_string(),
            Span::new(value_start, value_start + value.len() as u32),
        ),
        span: Span::new(start + lead as u32, start + text.len() as u32),
    })
}

/// Removes a trailing escape character (and whitespace after it). As in
/// BuildKit, an escape character right after another one is escaped, not a
/// continuation (`echo a\\` ends the instruction); an escape alone on its
/// line continues.
fn strip_continuation(line: &str, escape: char) -> (&str, bool) {
    let t = line.trim_end_matches([' ', '\t']);
    match t.strip_suffix(escape) {
        Some(rest) if !rest.ends_with(escape) => (rest, true),
        _ => (line, false),
    }
}

/// The name of a parser directive written as a comment line (`# syntax=...`,
/// `#check = skip=X`), matched the way BuildKit matches directives: the
/// known names only, each with a non-empty value.
pub fn directive_name(comment_line: &str) -> Option<&str> {
    parse_directive(comment_line, 0).map(|d| {
        let t = comment_line.trim_lead().trim_start_matches('#').trim_lead();
        &t[..d.name.value.len()]
    })
}

/// The escape character right after a line's content (`content` starts at
/// file offset `start`).
fn escape_span(start: u32, content: &str, escape: char) -> Span {
    let at = start + content.len() as u32;
    Span::new(at, at + escape.len_utf8() as u32)
}

fn heredoc_keyword(logical: &str) -> bool {
    let kw = logical.split_ascii_whitespace().next().unwrap_or("");
    ["RUN", "COPY", "ADD"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(kw))
}

pub(super) struct Marker {
    span: Span,
    name: String,
    strip_tabs: bool,
    quoted: bool,
}

/// `<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<EOF`: whole whitespace-separated words
/// of the logical line, the way BuildKit finds them.
fn heredoc_markers(logical: &str) -> Vec<Marker> {
    let mut out = Vec::new();
    // memchr for `<`: most instructions have none, and a substring search
    // costs more to set up on these short texts.
    let b = logical.as_bytes();
    if !memchr::memchr_iter(b'<', b).any(|i| b.get(i + 1) == Some(&b'<')) {
        return out;
    }
    for (start, word) in shell_words(logical) {
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        let Some(rest) = word[digits..].strip_prefix("<<") else {
            continue;
        };
        let (strip_tabs, rest) = match rest.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        let quoted = rest.contains(['"', '\'']);
        let name: String = rest.chars().filter(|c| !matches!(c, '"' | '\'')).collect();
        if name.is_empty() {
            continue;
        }
        out.push(Marker {
            span: Span::new(start as u32, (start + word.len()) as u32),
            name,
            strip_tabs,
            quoted,
        });
    }
    out
}

/// Whitespace-separated words, keeping quoted whitespace inside a word.
fn shell_words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        let mut quote = 0u8;
        while i < b.len() {
            let c = b[i];
            if quote != 0 {
                if c == quote {
                    quote = 0;
                } else if c == b'\\' && quote == b'"' {
                    i += 1;
                }
            } else if c == b'"' || c == b'\'' {
                quote = c;
            } else if c == b'\\' {
                i += 1;
            } else if c.is_ascii_whitespace() {
                break;
            }
            i += 1;
        }
        let end = i.min(b.len());
        out.push((start, &s[start..end]));
    }
    out
}

fn read_heredoc(
    src: &str,
    lines: &[Line],
    mut i: usize,
    m: Marker,
    marker: Span,
) -> (Heredoc, usize) {
    let body_start = lines.get(i).map_or(src.len() as u32, |l| l.start);
    let mut body = String::new();
    let mut body_map = OffsetMap::default();
    let mut body_end = body_start;
    let mut terminator = None;
    while i < lines.len() {
        let l = lines[i];
        i += 1;
        let text = &src[l.start as usize..l.end as usize];
        let cmp = if m.strip_tabs {
            text.trim_start_matches('\t')
        } else {
            text
        };
        if cmp == m.name {
            terminator = Some(Span::new(l.start, l.end));
            break;
        }
        let (content, skipped) = if m.strip_tabs {
            let c = text.trim_start_matches('\t');
            (c, (text.len() - c.len()) as u32)
        } else {
            (text, 0)
        };
        body_map.push(body.len() as u32, l.start + skipped);
        body.push_str(content);
        // Keep the file's own line ending so the body span stays exact.
        let next = lines.get(i).map_or(src.len() as u32, |n| n.start);
        let eol = &src[l.end as usize..next as usize];
        body.push_str(eol);
        body_end = next;
    }
    if body_map == OffsetMap::default() {
        body_map = OffsetMap::contiguous(body_start);
    }
    let doc = Heredoc {
        delimiter: m.name,
        strip_tabs: m.strip_tabs,
        quoted: m.quoted,
        marker,
        body_span: Span::new(body_start, body_end.max(body_start)),
        body,
        body_map,
        terminator,
    };
    (doc, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_then_instructions() {
        let src = "# syntax=docker/dockerfile:1\n# escape=`\nFROM x\nRUN a `\n  b\n";
        let l = lex(src);
        assert_eq!(l.directives.len(), 2);
        assert_eq!(l.escape, '`');
        assert_eq!(l.instructions.len(), 2);
        assert_eq!(l.instructions[1].text, "RUN a   b");
    }

    #[test]
    fn directive_after_comment_is_a_comment() {
        let l = lex("# hello\n# escape=`\nFROM x\n");
        assert!(l.directives.is_empty());
        assert_eq!(l.escape, '\\');
        assert_eq!(l.comments.len(), 2);
    }

    #[test]
    fn continuation_skips_comments_and_blank_lines() {
        let src = "RUN a \\\n  # note\n\n  && b\nUSER x\n";
        let l = lex(src);
        assert_eq!(l.instructions.len(), 2);
        let run = &l.instructions[0];
        assert_eq!(run.text, "RUN a   && b");
        let b = run.text.find('b').unwrap() as u32;
        assert_eq!(&src[run.map.to_file(b) as usize..][..1], "b");
        assert_eq!(l.comments.len(), 1);
        assert!(l.comments[0].inside_instruction);
        assert_eq!(l.empty_continuation_lines.len(), 1);
    }

    #[test]
    fn heredocs_several_and_tab_stripped() {
        let src = "RUN <<A cat /dev/stdin - <<-\"B\"\none\nA\n\ttwo\n\tB\nUSER x\n";
        let l = lex(src);
        assert_eq!(l.instructions.len(), 2);
        let h = &l.instructions[0].heredocs;
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].body, "one\n");
        assert_eq!(h[1].body, "two\n");
        assert!(h[1].quoted && h[1].strip_tabs);
        let t = h[1].body.find('t').unwrap() as u32;
        assert_eq!(&src[h[1].body_map.to_file(t) as usize..][..3], "two");
        assert_eq!(&src[h[0].marker.range()], "<<A");
    }

    #[test]
    fn unterminated_heredoc_is_an_error() {
        let l = lex("RUN <<EOF\necho hi\n");
        assert_eq!(l.errors.len(), 1);
        assert_eq!(l.instructions[0].heredocs[0].body, "echo hi\n");
    }

    #[test]
    fn crlf_and_bom() {
        let src = "\u{feff}FROM x\r\nRUN a \\\r\n b\r\n";
        let l = lex(src);
        assert_eq!(l.instructions[0].span.start, 3);
        assert_eq!(l.instructions[1].text, "RUN a  b");
    }

    #[test]
    fn here_string_is_not_a_heredoc() {
        let l = lex("RUN cat <<<x\n");
        assert!(l.instructions[0].heredocs.is_empty());
    }
}
