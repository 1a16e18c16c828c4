//! Byte classes and small scanners that need no parser state.

/// No special meaning inside a word.
pub(super) const PLAIN: u8 = 0;
/// Ends a word: blanks and the metacharacters `; & | ( ) < >` and newline.
pub(super) const BREAK: u8 = 1;
/// Starts quoting or an expansion: `' " \ $` and backquote.
pub(super) const SPECIAL: u8 = 2;

pub(super) static CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let breaks = b" \t\r\n;&|()<>";
    let mut i = 0;
    while i < breaks.len() {
        t[breaks[i] as usize] = BREAK;
        i += 1;
    }
    let specials = b"'\"\\$`";
    let mut i = 0;
    while i < specials.len() {
        t[specials[i] as usize] = SPECIAL;
        i += 1;
    }
    t
};

#[inline]
pub(super) fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

#[inline]
pub(super) fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r')
}

#[inline]
pub(super) fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

#[inline]
pub(super) fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A shell variable name: `[A-Za-z_][A-Za-z0-9_]*`.
pub(super) fn is_name(s: &[u8]) -> bool {
    !s.is_empty() && is_name_start(s[0]) && s.iter().all(|&b| is_name_char(b))
}

/// The length of the UTF-8 sequence that starts with byte `b` (1 for a stray
/// continuation byte, so that callers always make progress).
#[inline]
pub(super) fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// The first index `>= from` and `< end` holding `needle`.
#[inline]
pub(super) fn find_byte(s: &[u8], from: usize, end: usize, needle: u8) -> Option<usize> {
    let end = end.min(s.len());
    if from >= end {
        return None;
    }
    s[from..end]
        .iter()
        .position(|&b| b == needle)
        .map(|i| from + i)
}

/// A context of an opaque, balanced construct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ctx {
    /// `(` ... `)`: command text, arithmetic, array values.
    Paren,
    /// `${` ... `}`
    Brace,
    /// `"` ... `"`
    DQuote,
    /// backquote ... backquote
    Backtick,
}

/// From `pos`, just after the opener of `first`, find the position just after
/// its closer, following quotes and nested constructs without recursion.
/// Returns that position and whether the construct was closed (if not, the
/// position is `end`).
pub(super) fn skip_balanced(s: &[u8], mut pos: usize, end: usize, first: Ctx) -> (usize, bool) {
    let end = end.min(s.len());
    let mut stack: Vec<Ctx> = Vec::new();
    let mut top = first;
    while pos < end {
        let b = s[pos];
        let mut close = false;
        match top {
            Ctx::DQuote => match b {
                b'\\' => pos += 1,
                b'"' => close = true,
                b'$' => {
                    if let Some(c) = dollar_opener(s, pos, end) {
                        stack.push(top);
                        top = c;
                        pos += 1;
                    }
                }
                b'`' => {
                    stack.push(top);
                    top = Ctx::Backtick;
                }
                _ => {}
            },
            Ctx::Backtick => match b {
                b'\\' => pos += 1,
                b'`' => close = true,
                _ => {}
            },
            Ctx::Paren | Ctx::Brace => match b {
                b'\\' => pos += 1,
                b'\'' => match find_byte(s, pos + 1, end, b'\'') {
                    Some(q) => pos = q,
                    None => return (end, false),
                },
                b'"' => {
                    stack.push(top);
                    top = Ctx::DQuote;
                }
                b'`' => {
                    stack.push(top);
                    top = Ctx::Backtick;
                }
                b'$' => {
                    if s.get(pos + 1) == Some(&b'\'') && pos + 1 < end {
                        match skip_ansi_c(s, pos + 2, end) {
                            (q, true) => pos = q - 1,
                            (_, false) => return (end, false),
                        }
                    } else if let Some(c) = dollar_opener(s, pos, end) {
                        stack.push(top);
                        top = c;
                        pos += 1;
                    }
                }
                b'(' if top == Ctx::Paren => {
                    stack.push(top);
                }
                b')' if top == Ctx::Paren => close = true,
                b'}' if top == Ctx::Brace => close = true,
                _ => {}
            },
        }
        pos += 1;
        if close {
            match stack.pop() {
                Some(t) => top = t,
                None => return (pos.min(end), true),
            }
        }
    }
    (end, false)
}

/// The context opened by a `$` at `pos`: `${` or `$(`.
#[inline]
fn dollar_opener(s: &[u8], pos: usize, end: usize) -> Option<Ctx> {
    if pos + 1 >= end {
        return None;
    }
    match s[pos + 1] {
        b'{' => Some(Ctx::Brace),
        b'(' => Some(Ctx::Paren),
        _ => None,
    }
}

/// From just after `$'`, the position just after the closing quote.
pub(super) fn skip_ansi_c(s: &[u8], mut pos: usize, end: usize) -> (usize, bool) {
    let end = end.min(s.len());
    while pos < end {
        match s[pos] {
            b'\\' => pos += 2,
            b'\'' => return (pos + 1, true),
            _ => pos += 1,
        }
    }
    (end, false)
}

/// Decode the body of an ANSI-C quoted string `$'...'` starting just after
/// the opening quote into `out`. Returns the position just after the closing
/// quote and whether it was found.
pub(super) fn decode_ansi_c(
    text: &str,
    mut pos: usize,
    end: usize,
    out: &mut String,
) -> (usize, bool) {
    let s = text.as_bytes();
    let end = end.min(s.len());
    while pos < end {
        let b = s[pos];
        if b == b'\'' {
            return (pos + 1, true);
        }
        if b != b'\\' {
            let mut q = pos + 1;
            while q < end && s[q] != b'\'' && s[q] != b'\\' {
                q += 1;
            }
            push_str_lossy(text, pos, q, out);
            pos = q;
            continue;
        }
        // An escape.
        let Some(&e) = s.get(pos + 1).filter(|_| pos + 1 < end) else {
            out.push('\\');
            return (end, false);
        };
        pos += 2;
        let simple = match e {
            b'a' => Some('\x07'),
            b'b' => Some('\x08'),
            b'e' | b'E' => Some('\x1b'),
            b'f' => Some('\x0c'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            b'v' => Some('\x0b'),
            b'\\' => Some('\\'),
            b'\'' => Some('\''),
            b'"' => Some('"'),
            b'?' => Some('?'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            continue;
        }
        match e {
            b'0'..=b'7' => {
                let mut v: u32 = u32::from(e - b'0');
                let mut n = 1;
                while n < 3 && pos < end && (b'0'..=b'7').contains(&s[pos]) {
                    v = v * 8 + u32::from(s[pos] - b'0');
                    pos += 1;
                    n += 1;
                }
                out.push(char::from_u32(v & 0xff).unwrap_or('\u{fffd}'));
            }
            b'x' | b'u' | b'U' => {
                let max = match e {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let mut v: u32 = 0;
                let mut n = 0;
                while n < max && pos < end && s[pos].is_ascii_hexdigit() {
                    v = v * 16 + (s[pos] as char).to_digit(16).unwrap_or(0);
                    pos += 1;
                    n += 1;
                }
                if n == 0 {
                    out.push('\\');
                    out.push(e as char);
                } else {
                    out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                }
            }
            b'c' => {
                if pos < end && s[pos] < 0x80 {
                    out.push(char::from(s[pos] & 0x1f));
                    pos += 1;
                }
            }
            _ => {
                // Unknown escape: kept as written.
                out.push('\\');
                let n = utf8_len(e);
                push_str_lossy(text, pos - 1, (pos - 1 + n).min(end), out);
                pos = (pos - 1 + n).min(end);
            }
        }
    }
    (end, false)
}

/// Push `text[a..b]`, tolerating offsets that are not on char boundaries
/// (they cannot be, given how callers find them, but never panic).
#[inline]
pub(super) fn push_str_lossy(text: &str, a: usize, b: usize, out: &mut String) {
    match text.get(a..b) {
        Some(s) => out.push_str(s),
        None => out.push_str(&String::from_utf8_lossy(
            &text.as_bytes()[a.min(text.len())..b.min(text.len())],
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balanced_follows_quotes_and_nesting() {
        let s = b"a $(b \")\" ') ' ${c} (d)) e) tail";
        let (p, ok) = skip_balanced(s, 0, s.len(), Ctx::Paren);
        assert!(ok);
        assert_eq!(&s[p..], b" tail");
        let s = b"x:-\"}\"} rest";
        let (p, ok) = skip_balanced(s, 0, s.len(), Ctx::Brace);
        assert!(ok);
        assert_eq!(&s[p..], b" rest");
        let s = b"((((";
        assert_eq!(skip_balanced(s, 0, s.len(), Ctx::Paren), (4, false));
    }

    #[test]
    fn ansi_c_decoding() {
        let t = r"a\tb\x41\101\u00e9\'\q' after";
        let mut out = String::new();
        let (p, ok) = decode_ansi_c(t, 0, t.len(), &mut out);
        assert!(ok);
        assert_eq!(out, "a\tbAAé'\\q");
        assert_eq!(&t[p..], " after");
        let mut out = String::new();
        assert_eq!(decode_ansi_c("abc\\", 0, 4, &mut out), (4, false));
    }
}
