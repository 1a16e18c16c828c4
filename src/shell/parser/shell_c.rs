//! Scripts inside commands: the string of `sh -c '...'` and `su -c '...'`,
//! and a heredoc fed to a shell, re-parsed with their file offsets.

use super::super::lexer::{Ctx, PLAIN, class, find_byte, push_str_lossy, skip_balanced, utf8_len};
use super::super::{Dialect, MAX_DEPTH};
use super::{Closer, Parser};
use crate::source::{OffsetMap, Span};

impl Parser<'_, '_> {
    /// Re-parse the script of `sh -c '...'`, `su -c '...'`, or mark a heredoc
    /// fed to a shell as a script.
    pub(super) fn after_command(&mut self, idx: usize, base: usize) {
        let cmd = &self.out.commands[idx];
        // Cheap filter: a `-c` option (also `-xc`, `--command`) or a heredoc.
        let maybe = cmd.words.iter().skip(1).any(|w| {
            let t = w.text.as_bytes();
            t.len() > 1 && t[0] == b'-' && t.contains(&b'c')
        }) || cmd
            .redirects
            .iter()
            .any(|r| r.op.contains("<<") && !r.op.ends_with("<<<"));
        if !maybe {
            return;
        }
        let view = cmd.effective();
        let Some(name) = view.name_str() else {
            return;
        };
        let is_shell = matches!(
            name,
            "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "yash" | "posh"
        );
        let is_su = matches!(name, "su" | "runuser");
        if !is_shell && !is_su {
            return;
        }
        let words = &cmd.words;
        let mut i = words.len() - view.args.len();
        let mut script = None;
        if is_su {
            while i + 1 < words.len() {
                if matches!(words[i].text.as_str(), "-c" | "--command") {
                    script = Some(i + 1);
                    break;
                }
                i += 1;
            }
        } else {
            let mut dash_c = false;
            let mut dash_s = false;
            while i < words.len() {
                let t = words[i].text.as_str();
                if t == "--" || t == "-" {
                    i += 1;
                    break;
                }
                if t.starts_with("--") {
                    if matches!(t, "--rcfile" | "--init-file") {
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
                if (t.starts_with('-') || t.starts_with('+')) && t.len() > 1 {
                    let flags = &t[1..];
                    if t.starts_with('-') && flags.contains('c') {
                        dash_c = true;
                    }
                    dash_s |= t.starts_with('-') && flags.contains('s');
                    if flags.contains(['o', 'O']) {
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
                break;
            }
            if dash_c && i < words.len() {
                script = Some(i);
            } else if !dash_c && (dash_s || i >= words.len()) {
                // `bash <<EOF`, `sh -s -- arg <<EOF`: the heredoc is the script.
                for h in &mut self.pending {
                    if h.owner.is_some_and(|o| o.0 == idx) {
                        h.script = true;
                    }
                }
            }
        }
        if let Some(si) = script
            && let Some(&(a, b)) = self.word_spans.get(base + si)
        {
            // `su -c` runs the user's shell: the one of this script is the
            // best guess.
            let dialect = if is_shell {
                Dialect::of(name)
            } else {
                self.dialect
            };
            self.reparse_word(idx, a as usize, b as usize, dialect);
        }
    }

    /// Parse the string of a `sh -c` word at local range `a..b` as a script.
    fn reparse_word(&mut self, owner: usize, a: usize, b: usize, dialect: Dialect) {
        let raw = &self.src[a..b];
        let n = raw.len();
        let before = self.out.commands.len();
        if n < 2 {
            // A bare word: `sh -c true`.
            if n > 0 && raw.iter().all(|&c| class(c) == PLAIN) {
                self.parse_subrange(a, b, dialect);
            }
            return;
        }
        let inner = &raw[1..n - 1];
        let single = raw[0] == b'\'' && raw[n - 1] == b'\'' && !inner.contains(&b'\'');
        // Double-quoted without escapes: the text is the same as the raw one.
        let double = raw[0] == b'"'
            && raw[n - 1] == b'"'
            && !inner.iter().any(|&c| matches!(c, b'"' | b'\\' | b'`'));
        if single || double {
            self.parse_subrange(a + 1, b - 1, dialect);
        } else if raw.iter().all(|&c| class(c) == PLAIN) {
            self.parse_subrange(a, b, dialect);
        } else if let Some((text, segs)) = unquote_mapped(self.text, a, b) {
            if self.depth >= MAX_DEPTH {
                self.mark_too_deep(a);
                return;
            }
            let mut m = OffsetMap::default();
            for (i, o) in segs {
                m.push(i, o);
            }
            let map = self.map.compose(&m);
            let mut p = Parser::new(&text, &map, &mut *self.out);
            p.depth = self.depth + 1;
            p.level = self.level + 1;
            p.subst = self.subst;
            p.cond = self.cond;
            p.shell_c = true;
            p.dialect = dialect;
            p.parse_script(Closer::Eof);
        }
        self.dedupe(owner, before);
    }

    /// Drop the commands of substitutions that a re-parse found a second
    /// time (a double-quoted `sh -c "... $(cmd) ..."`).
    fn dedupe(&mut self, owner: usize, before: usize) {
        let len = self.out.commands.len();
        if owner + 1 >= before || before >= len {
            return;
        }
        let seen: Vec<Span> = self.out.commands[owner + 1..before]
            .iter()
            .filter(|c| c.in_substitution)
            .map(|c| c.span)
            .collect();
        if seen.is_empty() {
            return;
        }
        let keep: Vec<bool> = self
            .out
            .commands
            .iter()
            .enumerate()
            .map(|(i, c)| i < before || !(c.in_substitution && seen.contains(&c.span)))
            .collect();
        let mut k = keep.iter();
        self.out.commands.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        self.out.levels.retain(|_| *k.next().unwrap_or(&true));
    }

    /// Parse local range `a..b` of this text as a script of its own (the
    /// string of `sh -c`, a heredoc fed to a shell).
    pub(super) fn parse_subrange(&mut self, a: usize, b: usize, dialect: Dialect) {
        if !self.enter() {
            return;
        }
        let saved = (self.pos, self.end, self.err, self.shell_c, self.dialect);
        self.dialect = dialect;
        let pending = std::mem::take(&mut self.pending);
        self.pos = a;
        self.end = b.min(self.end);
        self.shell_c = true;
        self.level += 1;
        self.parse_script(Closer::Eof);
        self.level -= 1;
        self.pending = pending;
        (self.pos, self.end, self.err, self.shell_c, self.dialect) = saved;
        self.leave();
    }
}

/// Append `text[x..y]`, copied from local offset `x`, recording where it came
/// from.
fn push_mapped(text: &str, out: &mut String, segs: &mut Vec<(u32, u32)>, x: usize, y: usize) {
    if x >= y {
        return;
    }
    let i = out.len() as u32;
    let contiguous = segs
        .last()
        .is_some_and(|&(li, lo)| lo + (i - li) == x as u32);
    if !contiguous {
        segs.push((i, x as u32));
    }
    push_str_lossy(text, x, y, out);
}

/// Quote removal of the raw word at `a..b` for re-parsing it as a script,
/// with the local offset each piece of the result came from. Substitutions
/// are copied verbatim. `None` for words this does not handle (`$'...'`,
/// unterminated quotes).
fn unquote_mapped(text: &str, a: usize, b: usize) -> Option<(String, Vec<(u32, u32)>)> {
    let s = text.as_bytes();
    let b = b.min(s.len());
    let mut out = String::with_capacity(b - a);
    let mut segs = Vec::new();
    let mut p = a;
    let mut in_dq = false;
    let stops: &[u8] = b"'\"\\$`";
    while p < b {
        let c = s[p];
        let next = if p + 1 < b { Some(s[p + 1]) } else { None };
        let verbatim = |p: usize| -> Option<usize> {
            let (ctx, from) = match (s[p], next) {
                (b'`', _) => (Ctx::Backtick, p + 1),
                (b'$', Some(b'(')) => (Ctx::Paren, p + 2),
                (b'$', Some(b'{')) => (Ctx::Brace, p + 2),
                _ => return None,
            };
            match skip_balanced(s, from, b, ctx) {
                (e, true) => Some(e),
                _ => None,
            }
        };
        if in_dq {
            match (c, next) {
                (b'"', _) => {
                    in_dq = false;
                    p += 1;
                }
                (b'\\', Some(b'"' | b'\\' | b'$' | b'`')) => {
                    push_mapped(text, &mut out, &mut segs, p + 1, p + 2);
                    p += 2;
                }
                (b'\\', Some(b'\n')) => p += 2,
                (b'$', Some(b'(' | b'{')) | (b'`', _) => {
                    let e = verbatim(p)?;
                    push_mapped(text, &mut out, &mut segs, p, e);
                    p = e;
                }
                _ => {
                    let mut q = p + 1;
                    while q < b && !matches!(s[q], b'"' | b'\\' | b'$' | b'`') {
                        q += 1;
                    }
                    push_mapped(text, &mut out, &mut segs, p, q);
                    p = q;
                }
            }
            continue;
        }
        match (c, next) {
            (b'\'', _) => {
                let q = find_byte(s, p + 1, b, b'\'')?;
                push_mapped(text, &mut out, &mut segs, p + 1, q);
                p = q + 1;
            }
            (b'"', _) => {
                in_dq = true;
                p += 1;
            }
            (b'\\', Some(b'\n')) => p += 2,
            (b'\\', Some(n)) => {
                let q = (p + 1 + utf8_len(n)).min(b);
                push_mapped(text, &mut out, &mut segs, p + 1, q);
                p = q;
            }
            (b'$', Some(b'\'')) => return None,
            (b'$', Some(b'(' | b'{')) | (b'`', _) => {
                let e = verbatim(p)?;
                push_mapped(text, &mut out, &mut segs, p, e);
                p = e;
            }
            _ => {
                let mut q = p + 1;
                while q < b && !stops.contains(&s[q]) {
                    q += 1;
                }
                push_mapped(text, &mut out, &mut segs, p, q);
                p = q;
            }
        }
    }
    if in_dq {
        return None;
    }
    Some((out, segs))
}
