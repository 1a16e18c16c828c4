//! Words: quoting, escapes and expansions, with the command substitutions in
//! them parsed on the spot.

use super::super::Word;
use super::super::lexer::{
    BREAK, Ctx, PLAIN, SPECIAL, class, decode_ansi_c, find_byte, is_name, is_name_char,
    is_name_start, push_str_lossy, skip_ansi_c, skip_balanced, utf8_len,
};
use super::{Closer, Parser};

impl Parser<'_, '_> {
    /// Scan a word at the current position, parsing the substitutions in it.
    /// `cond` is for `[[ ]]`, where `( ) < > |` are part of words.
    pub(super) fn scan_word(&mut self, cond: bool) -> Option<Word> {
        let start = self.pos;
        let s = self.src;
        let end = self.end;
        let i = plain_run(s, start, end);
        let simple = i >= end || {
            let b = s[i];
            class(b) == BREAK
                && b != b'('
                && !(i == start && (b == b'<' || b == b'>'))
                && !(cond && is_cond_char(b))
        };
        if simple {
            if i == start {
                return None;
            }
            self.pos = i;
            let text = match self.text.get(start..i) {
                Some(t) => t.to_owned(),
                None => String::from_utf8_lossy(&self.src[start..i]).into_owned(),
            };
            return Some(Word {
                text,
                span: self.file_span(start, i),
                quoted: false,
                dynamic: false,
            });
        }
        let mut text = String::with_capacity(i - start + 16);
        push_str_lossy(self.text, start, i, &mut text);
        self.pos = i;
        let mut quoted = false;
        let mut dynamic = false;
        let mut in_dq = false;
        loop {
            let p = self.pos;
            let Some(b) = self.at(p) else {
                if in_dq {
                    self.err = true;
                }
                break;
            };
            if in_dq {
                match b {
                    b'"' => {
                        in_dq = false;
                        self.pos += 1;
                    }
                    b'\\' => match self.at(p + 1) {
                        Some(c @ (b'"' | b'\\' | b'$' | b'`')) => {
                            text.push(c as char);
                            self.pos += 2;
                        }
                        Some(b'\n') => self.pos += 2,
                        _ => {
                            text.push('\\');
                            self.pos += 1;
                        }
                    },
                    b'$' => dynamic |= self.scan_dollar(&mut text),
                    b'`' => {
                        self.scan_backtick(Some(&mut text));
                        dynamic = true;
                    }
                    _ => {
                        let mut q = p + 1;
                        while q < end && !matches!(s[q], b'"' | b'\\' | b'$' | b'`') {
                            q += 1;
                        }
                        push_str_lossy(self.text, p, q, &mut text);
                        self.pos = q;
                    }
                }
                continue;
            }
            match class(b) {
                PLAIN => {
                    let q = plain_run(s, p + 1, end);
                    push_str_lossy(self.text, p, q, &mut text);
                    self.pos = q;
                }
                SPECIAL => match b {
                    b'\'' => {
                        quoted = true;
                        match find_byte(s, p + 1, end, b'\'') {
                            Some(q) => {
                                push_str_lossy(self.text, p + 1, q, &mut text);
                                self.pos = q + 1;
                            }
                            None => {
                                self.err = true;
                                push_str_lossy(self.text, p + 1, end, &mut text);
                                self.pos = end;
                            }
                        }
                    }
                    b'"' => {
                        quoted = true;
                        in_dq = true;
                        self.pos += 1;
                    }
                    b'\\' => match self.at(p + 1) {
                        None => {
                            text.push('\\');
                            self.pos += 1;
                        }
                        Some(b'\n') => self.pos += 2,
                        Some(c) => {
                            let q = (p + 1 + utf8_len(c)).min(end);
                            push_str_lossy(self.text, p + 1, q, &mut text);
                            self.pos = q;
                        }
                    },
                    b'$' => match self.at(p + 1) {
                        Some(b'\'') => {
                            quoted = true;
                            let (e, ok) = decode_ansi_c(self.text, p + 2, end, &mut text);
                            self.err |= !ok;
                            self.pos = e;
                        }
                        Some(b'"') => {
                            quoted = true;
                            in_dq = true;
                            self.pos += 2;
                        }
                        _ => dynamic |= self.scan_dollar(&mut text),
                    },
                    _ => {
                        self.scan_backtick(Some(&mut text));
                        dynamic = true;
                    }
                },
                _ => {
                    if (b == b'<' || b == b'>')
                        && p == start
                        && !cond
                        && self.at(p + 1) == Some(b'(')
                    {
                        // Process substitution.
                        self.pos = p + 2;
                        self.parse_subst_paren();
                        push_str_lossy(self.text, p, self.pos, &mut text);
                        dynamic = true;
                    } else if cond && is_cond_char(b) {
                        text.push(b as char);
                        self.pos += 1;
                    } else if b == b'(' && self.array_start(start, p) {
                        self.pos = p + 1;
                        let ok = self.skip_nested(Ctx::Paren);
                        self.err |= !ok;
                        push_str_lossy(self.text, p, self.pos, &mut text);
                        dynamic |= text.contains(['$', '`']);
                    } else {
                        break;
                    }
                }
            }
        }
        if self.pos == start {
            return None;
        }
        Some(Word {
            text,
            span: self.file_span(start, self.pos),
            quoted,
            dynamic,
        })
    }

    /// Does the `(` at `p` open an array value (`NAME=(` or `NAME+=(`)?
    fn array_start(&self, start: usize, p: usize) -> bool {
        if p <= start + 1 || self.src[p - 1] != b'=' {
            return false;
        }
        let name = &self.src[start..p - 1];
        is_name(name.strip_suffix(b"+").unwrap_or(name))
    }

    /// An expansion starting with `$` at the current position, pushed verbatim
    /// to `text`. Returns whether it was an expansion (a lone `$` is not).
    fn scan_dollar(&mut self, text: &mut String) -> bool {
        let p = self.pos;
        let dynamic = match self.at(p + 1) {
            Some(b'{') => {
                let mut q = p + 2;
                while self.at(q).is_some_and(is_name_char) {
                    q += 1;
                }
                if q > p + 2 && self.at(q) == Some(b'}') {
                    self.pos = q + 1;
                } else {
                    self.pos = p + 2;
                    let ok = self.skip_nested(Ctx::Brace);
                    self.err |= !ok;
                }
                true
            }
            Some(b'(') => {
                if self.at(p + 2) == Some(b'(')
                    && let (e, true) = skip_balanced(self.src, p + 3, self.end, Ctx::Paren)
                    && self.at(e) == Some(b')')
                {
                    // $(( arithmetic ))
                    self.arith_substitutions(p + 3, e);
                    self.pos = e + 1;
                } else {
                    self.pos = p + 2;
                    self.parse_subst_paren();
                }
                true
            }
            Some(c) if is_name_start(c) => {
                let mut q = p + 2;
                while self.at(q).is_some_and(is_name_char) {
                    q += 1;
                }
                self.pos = q;
                true
            }
            Some(c)
                if c.is_ascii_digit()
                    || matches!(c, b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-') =>
            {
                self.pos = p + 2;
                true
            }
            _ => {
                self.pos = p + 1;
                false
            }
        };
        push_str_lossy(self.text, p, self.pos, text);
        dynamic
    }

    /// A backquoted command substitution at the current position; its inside
    /// is parsed as a script. The raw text is pushed to `text`.
    pub(super) fn scan_backtick(&mut self, text: Option<&mut String>) {
        let p = self.pos;
        let mut q = p + 1;
        while q < self.end {
            match self.src[q] {
                b'\\' => q += 2,
                b'`' => break,
                _ => q += 1,
            }
        }
        let closed = q < self.end;
        let close = q.min(self.end);
        if !closed {
            self.err = true;
        }
        if self.enter() {
            let saved_end = self.end;
            self.end = close;
            self.pos = p + 1;
            self.level += 1;
            self.subst += 1;
            self.parse_script(Closer::Eof);
            self.level -= 1;
            self.subst -= 1;
            self.end = saved_end;
            self.leave();
        }
        self.pos = if closed { close + 1 } else { close };
        if let Some(text) = text {
            push_str_lossy(self.text, p, self.pos, text);
        }
    }

    /// `$(...)`, `<(...)` or `>(...)` from just after the `(`: parse the
    /// inside as a script, up to and including the `)`.
    pub(super) fn parse_subst_paren(&mut self) {
        if !self.enter() {
            let (e, ok) = skip_balanced(self.src, self.pos, self.end, Ctx::Paren);
            self.err |= !ok;
            self.pos = e;
            return;
        }
        self.level += 1;
        self.subst += 1;
        self.parse_script(Closer::RParen);
        self.level -= 1;
        self.subst -= 1;
        self.leave();
    }

    /// Like [`skip_balanced`] from the current position, but the command
    /// substitutions met on the way are parsed. Returns whether the
    /// construct was closed.
    pub(super) fn skip_nested(&mut self, first: Ctx) -> bool {
        let mut stack: Vec<Ctx> = Vec::new();
        let mut top = first;
        while self.pos < self.end {
            let p = self.pos;
            let b = self.src[p];
            if top != Ctx::Backtick {
                if b == b'$' && self.at(p + 1) == Some(b'(') && self.at(p + 2) != Some(b'(') {
                    self.pos = p + 2;
                    self.parse_subst_paren();
                    continue;
                }
                if b == b'`' {
                    self.scan_backtick(None);
                    continue;
                }
            }
            let mut step = 1;
            let mut close = false;
            match top {
                Ctx::DQuote => match b {
                    b'\\' => step = 2,
                    b'"' => close = true,
                    b'$' => match self.at(p + 1) {
                        Some(b'{') => {
                            stack.push(top);
                            top = Ctx::Brace;
                            step = 2;
                        }
                        Some(b'(') => {
                            stack.push(top);
                            top = Ctx::Paren;
                            step = 2;
                        }
                        _ => {}
                    },
                    _ => {}
                },
                Ctx::Backtick => match b {
                    b'\\' => step = 2,
                    b'`' => close = true,
                    _ => {}
                },
                Ctx::Paren | Ctx::Brace => match b {
                    b'\\' => step = 2,
                    b'\'' => match find_byte(self.src, p + 1, self.end, b'\'') {
                        Some(q) => step = q + 1 - p,
                        None => {
                            self.pos = self.end;
                            return false;
                        }
                    },
                    b'"' => {
                        stack.push(top);
                        top = Ctx::DQuote;
                    }
                    b'$' => match self.at(p + 1) {
                        Some(b'\'') => {
                            let (q, ok) = skip_ansi_c(self.src, p + 2, self.end);
                            if !ok {
                                self.pos = self.end;
                                return false;
                            }
                            step = q - p;
                        }
                        Some(b'{') => {
                            stack.push(top);
                            top = Ctx::Brace;
                            step = 2;
                        }
                        Some(b'(') => {
                            stack.push(top);
                            top = Ctx::Paren;
                            step = 2;
                        }
                        _ => {}
                    },
                    b'(' if top == Ctx::Paren => stack.push(top),
                    b')' if top == Ctx::Paren => close = true,
                    b'}' if top == Ctx::Brace => close = true,
                    _ => {}
                },
            }
            self.pos = (p + step).min(self.end);
            if close {
                match stack.pop() {
                    Some(t) => top = t,
                    None => return true,
                }
            }
        }
        false
    }
}

/// The end of the run of plain bytes from `from`. Words are most of a
/// script's bytes: a slice's iterator checks its bounds once, not per byte.
#[inline]
fn plain_run(s: &[u8], from: usize, end: usize) -> usize {
    match s.get(from..end) {
        Some(run) => run
            .iter()
            .position(|&b| class(b) != PLAIN)
            .map_or(end, |n| from + n),
        None => from,
    }
}

#[inline]
fn is_cond_char(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'|')
}
