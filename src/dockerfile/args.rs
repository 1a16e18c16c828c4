//! Word splitting, quote removal and JSON arrays inside instruction arguments.

use std::ops::Range;

use crate::source::{TrimLead, ascii_space};

/// Whitespace-separated words with their local ranges and unquoted values.
/// Quotes group words; the escape character escapes the next character
/// outside single quotes.
pub(super) fn split_words(text: &str, escape: char) -> Vec<(Range<usize>, String)> {
    Words::new(text, escape).collect()
}

/// The lazy form of [`split_words`].
pub(super) struct Words<'a> {
    text: &'a str,
    pos: usize,
    escape: char,
}

impl<'a> Words<'a> {
    pub(super) fn new(text: &'a str, escape: char) -> Words<'a> {
        Words {
            text,
            pos: 0,
            escape,
        }
    }
}

impl<'a> Words<'a> {
    /// The text not split yet.
    pub(super) fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }
}

impl Iterator for Words<'_> {
    type Item = (Range<usize>, String);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = &self.text[self.pos..];
        let start = self.pos + (rest.len() - rest.trim_lead().len());
        if start >= self.text.len() {
            self.pos = self.text.len();
            return None;
        }
        let escape = self.escape;
        // Most words are plain ASCII with nothing quoted or escaped: their
        // value is their text.
        let plain_end = self.text.as_bytes()[start..]
            .iter()
            .position(|&b| !b.is_ascii() || ascii_space(b) || quotes_or_escapes(b, escape))
            .map_or(self.text.len(), |n| start + n);
        if escape.is_ascii()
            && self
                .text
                .as_bytes()
                .get(plain_end)
                .is_none_or(|&b| ascii_space(b))
        {
            self.pos = plain_end;
            return Some((start..plain_end, self.text[start..plain_end].to_string()));
        }
        // Char by char from the first byte that needs it, with the runs of
        // bytes that are copied as they are taken as slices.
        let text = self.text;
        let bytes = text.as_bytes();
        let mut value = String::with_capacity(plain_end - start + 16);
        value.push_str(&text[start..plain_end]);
        let mut quote: Option<char> = None;
        let (mut i, mut end) = (plain_end, plain_end);
        let char_at = |i: usize| text.get(i..).and_then(|t| t.chars().next());
        // The length of the run from `i` of bytes none of which `stops`.
        // Only ASCII bytes stop a run, so it ends on a char boundary.
        let run = |i: usize, stops: &dyn Fn(u8) -> bool| {
            bytes[i..]
                .iter()
                .position(|&b| stops(b))
                .unwrap_or(bytes.len() - i)
        };
        while let Some(c) = char_at(i) {
            if quote.is_none() && c.is_whitespace() {
                break;
            }
            i += c.len_utf8();
            end = i;
            match quote {
                Some(q) if c == q => quote = None,
                Some('"') if c == escape => {
                    if let Some(n) = char_at(i) {
                        if matches!(n, '"' | '$' | '`' | '\\') || n == escape {
                            value.push(n);
                        } else {
                            value.push(c);
                            value.push(n);
                        }
                        i += n.len_utf8();
                        end = i;
                    } else {
                        value.push(c);
                    }
                }
                Some(q) => {
                    value.push(c);
                    if escape.is_ascii() {
                        let n = run(i, &|b| b == q as u8 || (q == '"' && b == escape as u8));
                        value.push_str(&text[i..i + n]);
                        i += n;
                        end = i;
                    }
                }
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == escape => {
                    if let Some(n) = char_at(i) {
                        value.push(n);
                        i += n.len_utf8();
                        end = i;
                    } else {
                        value.push(c);
                    }
                }
                None => {
                    value.push(c);
                    if escape.is_ascii() {
                        let n = run(i, &|b| {
                            !b.is_ascii() || ascii_space(b) || quotes_or_escapes(b, escape)
                        });
                        value.push_str(&text[i..i + n]);
                        i += n;
                        end = i;
                    }
                }
            }
        }
        self.pos = end;
        Some((start..end, value))
    }
}

/// A byte that starts a quote or an escape (`escape` is ASCII).
fn quotes_or_escapes(b: u8, escape: char) -> bool {
    b == b'"' || b == b'\'' || b == escape as u8
}

/// Whether `text` has nothing that quotes or escapes: its words are then
/// the text as written.
fn plain(text: &str, escape: char) -> bool {
    escape.is_ascii() && !text.bytes().any(|b| quotes_or_escapes(b, escape))
}

/// Removes quotes and escapes from one word.
pub(super) fn unquote(text: &str, escape: char) -> String {
    if plain(text, escape) && text.trim_lead().len() == text.len() {
        // The words and the whitespace between them, as written.
        return text.trim_end().to_string();
    }
    let mut words = split_words(text, escape);
    match words.len() {
        0 => String::new(),
        1 => words.pop().map(|w| w.1).unwrap_or_default(),
        // Whitespace outside quotes is kept as written (WORKDIR /my dir).
        _ => {
            let mut s = String::new();
            let mut last = 0;
            for (r, v) in words {
                s.push_str(&text[last..r.start]);
                s.push_str(&v);
                last = r.end;
            }
            s
        }
    }
}

/// Parses a JSON array of strings. `None` when the text is not one, in which
/// case the instruction falls back to shell form, as BuildKit does.
pub(super) fn json_array(text: &str) -> Option<Vec<(Range<usize>, String)>> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'[') {
        return None;
    }
    i = skip_ws(b, i + 1);
    let mut out = Vec::new();
    if b.get(i) == Some(&b']') {
        i = skip_ws(b, i + 1);
        return (i == b.len()).then_some(out);
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let start = i;
        let (value, end) = json_string(text, i)?;
        out.push((start..end, value));
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b']') => {
                i = skip_ws(b, i + 1);
                return (i == b.len()).then_some(out);
            }
            _ => return None,
        }
    }
}

/// The first element of a JSON array that is not a string, with what it is,
/// when `text` starts with a valid JSON value that is an array (what
/// follows it is ignored, as Go's JSON decoder that BuildKit uses reads one
/// value). `None` for arrays of strings and for text that is not JSON.
pub(super) fn json_non_string(text: &str) -> Option<(Range<usize>, &'static str)> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'[') {
        return None;
    }
    i = skip_ws(b, i + 1);
    let mut first = None;
    if b.get(i) == Some(&b']') {
        return None;
    }
    loop {
        let start = i;
        let end = json_value_end(text, i, 0)?;
        if first.is_none() && b[start] != b'"' {
            let what = match b[start] {
                b'[' => "an array",
                b'{' => "an object",
                b't' | b'f' => "a boolean",
                b'n' => "null",
                _ => "a number",
            };
            first = Some((start..end, what));
        }
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b']') => return first,
            _ => return None,
        }
    }
}

/// Nesting deeper than this is not read (the text then counts as not JSON).
const MAX_JSON_DEPTH: usize = 64;

/// The end of the JSON value starting at `i`, if it is one.
fn json_value_end(text: &str, i: usize, depth: usize) -> Option<usize> {
    let b = text.as_bytes();
    match *b.get(i)? {
        b'"' => json_string(text, i).map(|(_, e)| e),
        open @ (b'[' | b'{') => {
            if depth >= MAX_JSON_DEPTH {
                return None;
            }
            let close = if open == b'[' { b']' } else { b'}' };
            let mut j = skip_ws(b, i + 1);
            if b.get(j) == Some(&close) {
                return Some(j + 1);
            }
            loop {
                if open == b'{' {
                    if b.get(j) != Some(&b'"') {
                        return None;
                    }
                    j = skip_ws(b, json_string(text, j)?.1);
                    if b.get(j) != Some(&b':') {
                        return None;
                    }
                    j = skip_ws(b, j + 1);
                }
                j = skip_ws(b, json_value_end(text, j, depth + 1)?);
                match b.get(j) {
                    Some(b',') => j = skip_ws(b, j + 1),
                    Some(c) if *c == close => return Some(j + 1),
                    _ => return None,
                }
            }
        }
        b't' => text[i..].starts_with("true").then_some(i + 4),
        b'f' => text[i..].starts_with("false").then_some(i + 5),
        b'n' => text[i..].starts_with("null").then_some(i + 4),
        b'-' | b'0'..=b'9' => {
            let n = b[i..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'))
                .count();
            Some(i + n)
        }
        _ => None,
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// A JSON string starting at the quote at `i`; returns the value and the
/// offset after the closing quote.
fn json_string(text: &str, i: usize) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = text[i + 1..].char_indices();
    while let Some((j, c)) = chars.next() {
        match c {
            '"' => return Some((value, i + 1 + j + 1)),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    '"' => value.push('"'),
                    '\\' => value.push('\\'),
                    '/' => value.push('/'),
                    'b' => value.push('\u{8}'),
                    'f' => value.push('\u{c}'),
                    'n' => value.push('\n'),
                    'r' => value.push('\r'),
                    't' => value.push('\t'),
                    'u' => {
                        let mut code = 0u32;
                        for _ in 0..4 {
                            let (_, h) = chars.next()?;
                            code = code * 16 + h.to_digit(16)?;
                        }
                        if (0xD800..0xDC00).contains(&code) {
                            // A surrogate pair: expect `\uDC00`-`\uDFFF` next.
                            let (_, bs) = chars.next()?;
                            let (_, u) = chars.next()?;
                            if bs != '\\' || u != 'u' {
                                return None;
                            }
                            let mut low = 0u32;
                            for _ in 0..4 {
                                let (_, h) = chars.next()?;
                                low = low * 16 + h.to_digit(16)?;
                            }
                            let c =
                                0x10000 + ((code - 0xD800) << 10) + (low.checked_sub(0xDC00)?);
                            value.push(char::from_u32(c)?);
                        } else {
                            value.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                    }
                    _ => return None,
                }
            }
            c if (c as u32) < 0x20 => return None,
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_quotes_and_escapes() {
        let w = split_words(r#"a "b c" 'd e'f g\ h "x\"y""#, '\\');
        let vals: Vec<_> = w.iter().map(|w| w.1.as_str()).collect();
        assert_eq!(vals, ["a", "b c", "d ef", "g h", "x\"y"]);
        assert_eq!(w[1].0, 2..7);
    }

    #[test]
    fn plain_words_split_where_quoted_ones_do() {
        // Vertical tab and no-break space are whitespace to both paths.
        let w = split_words("a\x0Bb c\u{a0}d  e", '\\');
        let vals: Vec<_> = w.iter().map(|w| w.1.as_str()).collect();
        assert_eq!(vals, ["a", "b", "c", "d", "e"]);
        assert_eq!(w[2].0, 4..5);
        assert_eq!(w[4].0, 10..11);
        // A word that turns quoted after a plain start is read whole.
        let w = split_words("ab\"c d\"e f", '\\');
        let vals: Vec<_> = w.iter().map(|w| w.1.as_str()).collect();
        assert_eq!(vals, ["abc de", "f"]);
    }

    #[test]
    fn unquoted_text_keeps_what_the_words_keep() {
        assert_eq!(unquote("/my dir ", '\\'), "/my dir");
        assert_eq!(unquote("  one ", '\\'), "one");
        // Before two words or more, leading whitespace stays.
        assert_eq!(unquote(" a b", '\\'), " a b");
        assert_eq!(unquote("", '\\'), "");
        assert_eq!(unquote("a\\ b", '\\'), "a b");
    }

    #[test]
    fn backtick_escape() {
        let w = split_words(r"C:\path `` x", '`');
        assert_eq!(w[0].1, r"C:\path");
        assert_eq!(w[1].1, "`");
    }

    #[test]
    fn json_arrays() {
        let a = json_array(r#" ["a", "b\"c", "\u00e9"] "#).unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(a[1].1, "b\"c");
        assert_eq!(a[2].1, "é");
        assert_eq!(&r#" ["a", "b\"c", "\u00e9"] "#[a[0].0.clone()], "\"a\"");
        assert!(json_array("['a']").is_none());
        assert!(json_array("[\"a\"] x").is_none());
        assert!(json_array("[\"a\",]").is_none());
        assert_eq!(json_array("[]").unwrap().len(), 0);
    }

    #[test]
    fn json_elements_that_are_not_strings() {
        let t = r#"["sh", ["-c", "x"]]"#;
        let (r, what) = json_non_string(t).unwrap();
        assert_eq!((&t[r], what), (r#"["-c", "x"]"#, "an array"));
        assert_eq!(json_non_string(r#"["a", 1]"#).unwrap().1, "a number");
        assert_eq!(
            json_non_string(r#"[{"a": [true]}] tail"#).unwrap().1,
            "an object"
        );
        assert!(json_non_string(r#"["a", "b"]"#).is_none());
        assert!(json_non_string("[a, [b]]").is_none());
        assert!(json_non_string("[]").is_none());
        assert!(json_non_string("echo [1]").is_none());
        let deep = format!("[{}{}", "[".repeat(10_000), "]".repeat(10_001));
        assert!(json_non_string(&deep).is_none());
    }

    #[test]
    fn unquote_keeps_inner_spaces() {
        assert_eq!(unquote("/my dir", '\\'), "/my dir");
        assert_eq!(unquote("\"/app\"", '\\'), "/app");
    }
}
