//! The recursive-descent parser: lists, pipelines, compound and simple
//! commands. Word scanning is in [`words`] (a word may hold a command
//! substitution whose commands are parsed on the spot), the re-parsing of
//! `sh -c` strings in [`shell_c`].
//!
//! Recursion happens only on entering a nested construct (substitution,
//! compound command, subshell, `sh -c` string) and is bounded by
//! [`MAX_DEPTH`]; deeper constructs are skipped with the iterative
//! [`skip_balanced`].

mod offsets;
mod shell_c;
mod words;

use super::lexer::{
    BREAK, Ctx, PLAIN, class, find_byte, is_blank, is_name_char, is_name_start, push_str_lossy,
    skip_balanced, utf8_len,
};
use super::{
    Assignment, Command, Connector, Dialect, MAX_DEPTH, PipelinePos, Redirect, Script, Word,
};
use crate::source::{OffsetMap, Span};
use offsets::FastMap;

pub(super) fn parse_script(text: &str, map: &OffsetMap, dialect: Dialect) -> Script {
    let mut scratch = SCRATCH.with(|s| s.take());
    scratch.levels.clear();
    let mut out = Out {
        commands: Vec::with_capacity(text.len() / 32 + 2),
        levels: scratch.levels,
        next_pipeline: 0,
        too_deep: None,
    };
    let mut p = Parser::new(text, map, &mut out);
    p.dialect = dialect;
    scratch.word_buf.clear();
    scratch.word_spans.clear();
    p.word_buf = scratch.word_buf;
    p.word_spans = scratch.word_spans;
    p.parse_script(Closer::Eof);
    let has_error = p.err;
    let (word_buf, word_spans) = (p.word_buf, p.word_spans);
    if word_spans.capacity() <= SCRATCH_KEEP {
        SCRATCH.with(|s| {
            s.replace(Scratch {
                levels: out.levels,
                word_buf,
                word_spans,
            })
        });
    }
    let mut commands = out.commands;
    Command::index_effective(&mut commands);
    Script {
        commands,
        has_error,
        too_deep: out.too_deep,
    }
}

/// Buffers kept between the parses of one thread, so that a parse allocates
/// little more than what it returns.
#[derive(Default)]
struct Scratch {
    levels: Vec<u32>,
    word_buf: Vec<Word>,
    word_spans: Vec<(u32, u32)>,
}

/// Scratch buffers larger than this are dropped rather than kept.
const SCRATCH_KEEP: usize = 1 << 14;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// What the parsers of all nesting levels share.
struct Out {
    commands: Vec<Command>,
    /// Per command, the substitution level it was parsed at: commands of one
    /// list have the same level, commands of its substitutions a higher one.
    levels: Vec<u32>,
    next_pipeline: u32,
    /// Where the first construct nested deeper than [`MAX_DEPTH`] starts.
    too_deep: Option<Span>,
}

/// A here-document whose body starts after the next newline.
struct Heredoc {
    delim: String,
    strip_tabs: bool,
    /// The command and redirect index it belongs to.
    owner: Option<(usize, usize)>,
    /// The command is a shell that reads its script from the heredoc.
    script: bool,
}

/// Where a list stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    Eof,
    RParen,
    /// `;;`, `;&` or `;;&`, with its length.
    DSemi(usize),
    Kw(Kw),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Closer {
    Eof,
    RParen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kw {
    If,
    Then,
    Elif,
    Else,
    Fi,
    Do,
    Done,
    Case,
    Esac,
    While,
    Until,
    For,
    Select,
    LBrace,
    RBrace,
    Function,
    DLBracket,
    Bang,
    In,
}

impl Kw {
    fn is_closer(self) -> bool {
        matches!(
            self,
            Kw::Then | Kw::Elif | Kw::Else | Kw::Fi | Kw::Do | Kw::Done | Kw::Esac | Kw::RBrace
        )
    }

    fn len(self) -> usize {
        match self {
            Kw::If | Kw::Fi | Kw::Do | Kw::In | Kw::DLBracket => 2,
            Kw::LBrace | Kw::RBrace | Kw::Bang => 1,
            Kw::For => 3,
            Kw::Then | Kw::Elif | Kw::Else | Kw::Done | Kw::Case | Kw::Esac => 4,
            Kw::While | Kw::Until => 5,
            Kw::Select => 6,
            Kw::Function => 8,
        }
    }
}

struct Parser<'s, 'o> {
    text: &'s str,
    src: &'s [u8],
    map: &'s OffsetMap,
    fast: FastMap<'s>,
    out: &'o mut Out,
    pos: usize,
    /// Scanning stops here (the end of a backquoted range or a `sh -c` string).
    end: usize,
    depth: u32,
    level: u32,
    /// Number of enclosing substitutions.
    subst: u32,
    /// Number of enclosing condition lists.
    cond: u32,
    shell_c: bool,
    /// Decides what `((` opens.
    dialect: Dialect,
    err: bool,
    pending: Vec<Heredoc>,
    /// Local spans of the words of the simple commands being built, as a
    /// stack: each command uses the part from where it started.
    word_spans: Vec<(u32, u32)>,
    /// The words of the simple commands being built, parallel to
    /// `word_spans`.
    word_buf: Vec<Word>,
}

/// What a redirection operator at some position looks like.
struct RedirOp {
    /// Length of the leading file descriptor (or `&`).
    len: usize,
    heredoc: bool,
    strip_tabs: bool,
}

impl<'s, 'o> Parser<'s, 'o> {
    fn new(text: &'s str, map: &'s OffsetMap, out: &'o mut Out) -> Parser<'s, 'o> {
        Parser {
            text,
            src: text.as_bytes(),
            map,
            fast: FastMap::new(map, text.len()),
            out,
            pos: 0,
            end: text.len(),
            depth: 0,
            level: 0,
            subst: 0,
            cond: 0,
            shell_c: false,
            dialect: Dialect::Sh,
            err: false,
            pending: Vec::new(),
            word_spans: Vec::new(),
            word_buf: Vec::new(),
        }
    }

    // ----- small helpers -------------------------------------------------

    #[inline]
    fn at(&self, i: usize) -> Option<u8> {
        if i < self.end {
            Some(self.src[i])
        } else {
            None
        }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.at(self.pos)
    }

    #[inline]
    fn file_span(&self, a: usize, b: usize) -> Span {
        self.fast.span(a as u32, b as u32)
    }

    fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            self.mark_too_deep(self.pos);
            false
        } else {
            self.depth += 1;
            true
        }
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Records that the construct at local offset `at` is skipped for its
    /// depth: the script is then not wholly checked, which is reported.
    fn mark_too_deep(&mut self, at: usize) {
        if self.out.too_deep.is_none() {
            let at = at.min(self.end);
            let next = (at + self.at(at).map_or(0, utf8_len)).min(self.end);
            self.out.too_deep = Some(self.file_span(at, next));
        }
    }

    /// Move past one character (at least one byte) as a last resort.
    fn bump_char(&mut self) {
        let n = self.peek().map_or(1, utf8_len);
        self.pos = (self.pos + n).min(self.end).max(self.pos + 1);
    }

    /// Skip blanks, line continuations and a comment; stop at a newline.
    #[inline]
    fn skip_blanks(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\\' => match self.at(self.pos + 1) {
                    Some(b'\n') => self.pos += 2,
                    Some(b'\r') if self.at(self.pos + 2) == Some(b'\n') => self.pos += 3,
                    _ => return,
                },
                b'#' => {
                    self.pos = find_byte(self.src, self.pos, self.end, b'\n').unwrap_or(self.end);
                }
                _ => return,
            }
        }
    }

    /// Skip blanks, comments and newlines (with any heredoc bodies).
    fn skip_ws_nl(&mut self) {
        loop {
            self.skip_blanks();
            if self.peek() == Some(b'\n') {
                self.eat_newline();
            } else {
                return;
            }
        }
    }

    /// Is the byte at `i` one that ends a reserved word?
    fn ends_word(&self, i: usize) -> bool {
        match self.at(i) {
            None => true,
            Some(b) => class(b) == BREAK,
        }
    }

    /// The reserved word at the current position, if any.
    #[inline]
    fn peek_keyword(&self) -> Option<Kw> {
        let b0 = self.peek()?;
        if !matches!(
            b0,
            b'i' | b't'
                | b'e'
                | b'f'
                | b'd'
                | b'c'
                | b'w'
                | b'u'
                | b's'
                | b'{'
                | b'}'
                | b'['
                | b'!'
        ) {
            return None;
        }
        self.keyword_here()
    }

    fn keyword_here(&self) -> Option<Kw> {
        let p = self.pos;
        let mut q = p;
        while q < self.end && q - p <= 8 && class(self.src[q]) == PLAIN {
            q += 1;
        }
        if !self.ends_word(q) {
            return None;
        }
        Some(match &self.src[p..q] {
            b"if" => Kw::If,
            b"then" => Kw::Then,
            b"elif" => Kw::Elif,
            b"else" => Kw::Else,
            b"fi" => Kw::Fi,
            b"do" => Kw::Do,
            b"done" => Kw::Done,
            b"case" => Kw::Case,
            b"esac" => Kw::Esac,
            b"while" => Kw::While,
            b"until" => Kw::Until,
            b"for" => Kw::For,
            b"select" => Kw::Select,
            b"{" => Kw::LBrace,
            b"}" => Kw::RBrace,
            b"function" => Kw::Function,
            b"[[" => Kw::DLBracket,
            b"!" => Kw::Bang,
            b"in" => Kw::In,
            _ => return None,
        })
    }

    /// Consume a newline and the bodies of the heredocs started on its line.
    fn eat_newline(&mut self) {
        self.pos += 1;
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        for h in pending {
            let body_start = self.pos;
            let mut line = self.pos;
            let mut body_end = self.end;
            let mut after = self.end;
            while line < self.end {
                let nl = find_byte(self.src, line, self.end, b'\n').unwrap_or(self.end);
                let mut l = &self.src[line..nl];
                if let Some(x) = l.strip_suffix(b"\r") {
                    l = x;
                }
                if h.strip_tabs {
                    while let Some(x) = l.strip_prefix(b"\t") {
                        l = x;
                    }
                }
                if l == h.delim.as_bytes() {
                    body_end = line;
                    after = (nl + 1).min(self.end);
                    break;
                }
                line = nl + 1;
            }
            self.pos = after;
            if let Some((ci, ri)) = h.owner {
                let span = self.file_span(body_start, body_end);
                if let Some(r) = self
                    .out
                    .commands
                    .get_mut(ci)
                    .and_then(|c| c.redirects.get_mut(ri))
                {
                    r.body = Some(span);
                }
            }
            if h.script && body_start < body_end {
                self.parse_subrange(body_start, body_end, self.dialect);
            }
        }
    }

    // ----- lists -----------------------------------------------------------

    /// Parse lists until `closer`, consuming stray closers of other kinds.
    fn parse_script(&mut self, closer: Closer) {
        loop {
            match self.parse_list() {
                Stop::Eof => {
                    if closer == Closer::RParen {
                        self.err = true;
                    }
                    return;
                }
                Stop::RParen => {
                    self.pos += 1;
                    if closer == Closer::RParen {
                        return;
                    }
                    self.err = true;
                }
                Stop::DSemi(n) => {
                    self.err = true;
                    self.pos += n;
                }
                Stop::Kw(k) => {
                    self.err = true;
                    self.pos += k.len();
                }
            }
        }
    }

    /// Parse and-or lists separated by `;`, `&` or newlines until something
    /// that ends the list, which is not consumed.
    fn parse_list(&mut self) -> Stop {
        loop {
            self.skip_ws_nl();
            let Some(b) = self.peek() else {
                return Stop::Eof;
            };
            match b {
                b')' => return Stop::RParen,
                b';' => {
                    if let Some(n) = self.dsemi_len() {
                        return Stop::DSemi(n);
                    }
                    self.err = true;
                    self.pos += 1;
                    continue;
                }
                b'|' => {
                    self.err = true;
                    self.pos += if self.at(self.pos + 1) == Some(b'|') {
                        2
                    } else {
                        1
                    };
                    continue;
                }
                b'&' if self.at(self.pos + 1) != Some(b'>') => {
                    self.err = true;
                    self.pos += if self.at(self.pos + 1) == Some(b'&') {
                        2
                    } else {
                        1
                    };
                    continue;
                }
                _ => {}
            }
            if let Some(k) = self.peek_keyword()
                && k.is_closer()
            {
                return Stop::Kw(k);
            }
            let start = self.pos;
            let first = self.out.commands.len();
            self.parse_and_or();
            self.skip_blanks();
            match self.peek() {
                None => {}
                Some(b';') => {
                    self.set_next(first, Connector::Seq);
                    if self.dsemi_len().is_none() {
                        self.pos += 1;
                    }
                }
                Some(b'&') => {
                    self.set_next(first, Connector::Background);
                    self.pos += 1;
                }
                Some(b'\n') => {
                    self.set_next(first, Connector::Seq);
                    self.eat_newline();
                }
                Some(b')') => {}
                // Something that cannot follow a command (`fi x`, `a (b)`).
                Some(_) if !matches!(self.peek_keyword(), Some(k) if k.is_closer()) => {
                    self.err = true;
                }
                Some(_) => {}
            }
            if self.pos == start {
                self.err = true;
                self.bump_char();
            }
        }
    }

    /// The length of `;;`, `;&` or `;;&` at the current position.
    fn dsemi_len(&self) -> Option<usize> {
        match (self.at(self.pos + 1), self.at(self.pos + 2)) {
            (Some(b';'), Some(b'&')) => Some(3),
            (Some(b';'), _) | (Some(b'&'), _) => Some(2),
            _ => None,
        }
    }

    /// The last command of this level from index `first` on.
    fn last_direct(&self, first: usize) -> Option<usize> {
        (first..self.out.commands.len())
            .rev()
            .find(|&i| self.out.levels[i] == self.level)
    }

    fn set_next(&mut self, first: usize, c: Connector) {
        if let Some(i) = self.last_direct(first) {
            self.out.commands[i].next = Some(c);
        }
    }

    fn parse_and_or(&mut self) {
        let first = self.out.commands.len();
        let mut tolerated_until = first;
        loop {
            let elem = self.out.commands.len();
            if !self.parse_pipeline() {
                self.err = true;
                break;
            }
            self.skip_blanks();
            let two = (self.peek(), self.at(self.pos + 1));
            match two {
                (Some(b'&'), Some(b'&')) => self.set_next(elem, Connector::And),
                (Some(b'|'), Some(b'|')) => {
                    self.set_next(elem, Connector::Or);
                    tolerated_until = self.out.commands.len();
                }
                _ => break,
            }
            self.pos += 2;
            self.skip_ws_nl();
        }
        for c in &mut self.out.commands[first..tolerated_until] {
            c.condition = true;
        }
    }

    fn parse_pipeline(&mut self) -> bool {
        let first = self.out.commands.len();
        let start = self.pos;
        self.skip_blanks();
        let mut negated = false;
        while self.peek() == Some(b'!') && self.peek_keyword() == Some(Kw::Bang) {
            negated = !negated;
            self.pos += 1;
            self.skip_blanks();
        }
        let mut index = 0u32;
        let mut id = None;
        loop {
            let elem = self.out.commands.len();
            if !self.parse_command() {
                if index > 0 {
                    self.err = true;
                }
                break;
            }
            self.skip_blanks();
            let pipe = match (self.peek(), self.at(self.pos + 1)) {
                (Some(b'|'), Some(b'|')) => 0,
                (Some(b'|'), Some(b'&')) => 2,
                (Some(b'|'), _) => 1,
                _ => 0,
            };
            if pipe == 0 {
                if let Some(id) = id {
                    self.set_pipeline(elem, id, index);
                    index += 1;
                }
                break;
            }
            let pid = *id.get_or_insert_with(|| {
                let i = self.out.next_pipeline;
                self.out.next_pipeline += 1;
                i
            });
            self.set_pipeline(elem, pid, index);
            self.set_next(elem, Connector::Pipe);
            index += 1;
            self.pos += pipe;
            self.skip_ws_nl();
        }
        if let Some(id) = id {
            for c in &mut self.out.commands[first..] {
                if let Some(p) = &mut c.pipeline
                    && p.id == id
                {
                    if index < 2 {
                        c.pipeline = None;
                    } else {
                        p.len = index;
                    }
                }
            }
        }
        if negated {
            for i in first..self.out.commands.len() {
                if self.out.levels[i] == self.level {
                    self.out.commands[i].negated = true;
                }
            }
        }
        self.pos > start
    }

    fn set_pipeline(&mut self, first: usize, id: u32, index: u32) {
        for i in first..self.out.commands.len() {
            if self.out.levels[i] == self.level && self.out.commands[i].pipeline.is_none() {
                self.out.commands[i].pipeline = Some(PipelinePos { id, index, len: 0 });
            }
        }
    }

    // ----- commands --------------------------------------------------------

    /// Parse one pipeline element. Returns false when there is none here.
    fn parse_command(&mut self) -> bool {
        self.skip_blanks();
        let Some(b) = self.peek() else {
            return false;
        };
        match b {
            b'(' => {
                self.parse_paren_command();
                self.trailing_redirects();
                return true;
            }
            b')' | b';' | b'|' | b'\n' => return false,
            b'&' if self.at(self.pos + 1) != Some(b'>') => return false,
            _ => {}
        }
        let Some(kw) = self.peek_keyword() else {
            return self.parse_simple(false);
        };
        if kw.is_closer() {
            return false;
        }
        if matches!(kw, Kw::In | Kw::Bang) {
            return self.parse_simple(false);
        }
        if kw == Kw::DLBracket {
            return self.parse_simple(true);
        }
        if !self.enter() {
            // Too deep: the keyword is an ordinary word.
            return self.parse_simple(false);
        }
        match kw {
            Kw::If => self.parse_if(),
            Kw::While | Kw::Until => self.parse_while(kw),
            Kw::For | Kw::Select => self.parse_for(kw),
            Kw::Case => self.parse_case(),
            Kw::LBrace => {
                self.pos += 1;
                self.parse_body(Kw::RBrace);
            }
            Kw::Function => self.parse_function(),
            _ => {}
        }
        self.leave();
        self.trailing_redirects();
        true
    }

    /// Parse a list that must end with keyword `kw`, and consume it.
    fn parse_body(&mut self, kw: Kw) -> bool {
        match self.parse_list() {
            Stop::Kw(k) if k == kw => {
                self.pos += k.len();
                true
            }
            _ => {
                self.err = true;
                false
            }
        }
    }

    /// Parse the command substitutions in an arithmetic expression, which is
    /// otherwise opaque: `from..to` is its inside after `((`, up to and
    /// including the first of the two closing parentheses. Leaves `pos`
    /// anywhere: callers set it.
    fn arith_substitutions(&mut self, from: usize, to: usize) {
        let inner = &self.src[from..to.min(self.end)];
        if !inner.contains(&b'`') && !inner.windows(2).any(|w| w == b"$(") {
            return;
        }
        let saved_end = self.end;
        self.pos = from;
        self.end = to.min(self.end);
        self.skip_nested(Ctx::Paren);
        self.end = saved_end;
    }

    /// `(( arithmetic ))` (bash) or `( subshell )`: in sh, `((cmd))` runs
    /// `cmd` in two subshells, so its commands are parsed like any other.
    fn parse_paren_command(&mut self) {
        let p = self.pos;
        if self.dialect == Dialect::Bash
            && self.at(p + 1) == Some(b'(')
            && let (e, true) = skip_balanced(self.src, p + 2, self.end, Ctx::Paren)
            && self.at(e) == Some(b')')
        {
            self.arith_substitutions(p + 2, e);
            self.pos = e + 1;
            return;
        }
        if !self.enter() {
            let (e, ok) = skip_balanced(self.src, p + 1, self.end, Ctx::Paren);
            self.err |= !ok;
            self.pos = e;
            return;
        }
        self.pos = p + 1;
        self.parse_script(Closer::RParen);
        self.leave();
    }

    fn parse_if(&mut self) {
        self.pos += 2;
        loop {
            self.cond += 1;
            let ok = self.parse_body(Kw::Then);
            self.cond -= 1;
            if !ok {
                return;
            }
            match self.parse_list() {
                Stop::Kw(Kw::Elif) => {
                    self.pos += 4;
                }
                Stop::Kw(Kw::Else) => {
                    self.pos += 4;
                    self.parse_body(Kw::Fi);
                    return;
                }
                Stop::Kw(Kw::Fi) => {
                    self.pos += 2;
                    return;
                }
                _ => {
                    self.err = true;
                    return;
                }
            }
        }
    }

    fn parse_while(&mut self, kw: Kw) {
        self.pos += kw.len();
        self.cond += 1;
        let ok = self.parse_body(Kw::Do);
        self.cond -= 1;
        if ok {
            self.parse_body(Kw::Done);
        }
    }

    fn parse_for(&mut self, kw: Kw) {
        self.pos += kw.len();
        self.skip_blanks();
        if self.peek() == Some(b'(') && self.at(self.pos + 1) == Some(b'(') {
            // for (( init; test; step ))
            let (e, ok) = skip_balanced(self.src, self.pos + 2, self.end, Ctx::Paren);
            let closed = ok && self.at(e) == Some(b')');
            self.err |= !closed;
            if closed {
                self.arith_substitutions(self.pos + 2, e);
            }
            self.pos = if closed { e + 1 } else { e };
        } else if self.scan_word(false).is_none() {
            self.err = true;
        }
        self.skip_blanks();
        // `in words` may follow on the next line.
        let save = self.pos;
        self.skip_ws_nl();
        if self.peek_keyword() == Some(Kw::In) {
            self.pos += 2;
            loop {
                self.skip_blanks();
                match self.peek() {
                    None | Some(b';' | b'\n' | b'&') => break,
                    Some(b) if class(b) == BREAK => {
                        self.err = true;
                        break;
                    }
                    _ => {
                        if self.scan_word(false).is_none() {
                            self.err = true;
                            break;
                        }
                    }
                }
            }
        } else if self.pos != save && self.peek_keyword() != Some(Kw::Do) {
            self.err = true;
        }
        self.skip_blanks();
        if self.peek() == Some(b';') && self.dsemi_len().is_none() {
            self.pos += 1;
        }
        self.skip_ws_nl();
        match self.peek_keyword() {
            Some(Kw::Do) => {
                self.pos += 2;
                self.parse_body(Kw::Done);
            }
            Some(Kw::LBrace) => {
                self.pos += 1;
                self.parse_body(Kw::RBrace);
            }
            _ => self.err = true,
        }
    }

    fn parse_case(&mut self) {
        self.pos += 4;
        self.skip_blanks();
        if self.scan_word(false).is_none() {
            self.err = true;
        }
        self.skip_ws_nl();
        if self.peek_keyword() != Some(Kw::In) {
            self.err = true;
            return;
        }
        self.pos += 2;
        loop {
            self.skip_ws_nl();
            if self.peek().is_none() {
                self.err = true;
                return;
            }
            if self.peek_keyword() == Some(Kw::Esac) {
                self.pos += 4;
                return;
            }
            if self.peek() == Some(b'(') {
                self.pos += 1;
            }
            // Patterns, separated by `|`, up to `)`.
            loop {
                self.skip_blanks();
                match self.peek() {
                    Some(b')') => {
                        self.pos += 1;
                        break;
                    }
                    Some(b'|') => self.pos += 1,
                    Some(b) if class(b) != BREAK => {
                        if self.scan_word(false).is_none() {
                            self.bump_char();
                        }
                    }
                    _ => {
                        self.err = true;
                        break;
                    }
                }
            }
            match self.parse_list() {
                Stop::DSemi(n) => self.pos += n,
                Stop::Kw(Kw::Esac) => {
                    self.pos += 4;
                    return;
                }
                _ => {
                    self.err = true;
                    return;
                }
            }
        }
    }

    fn parse_function(&mut self) {
        self.pos += Kw::Function.len();
        self.skip_blanks();
        if self.scan_word(false).is_none() {
            self.err = true;
            return;
        }
        self.skip_blanks();
        if self.peek() == Some(b'(') {
            let mut q = self.pos + 1;
            while self.at(q).is_some_and(is_blank) {
                q += 1;
            }
            if self.at(q) == Some(b')') {
                self.pos = q + 1;
            }
        }
        self.skip_ws_nl();
        if !self.parse_command() {
            self.err = true;
        }
    }

    /// Redirections after a compound command: their targets are scanned (for
    /// substitutions and heredocs) but not recorded.
    fn trailing_redirects(&mut self) {
        loop {
            self.skip_blanks();
            let Some(op) = self.redirect_at(self.pos) else {
                return;
            };
            let _ = self.parse_redirect(op, None);
        }
    }

    /// The redirection operator at `p`, if any.
    #[inline]
    fn redirect_at(&self, p: usize) -> Option<RedirOp> {
        match self.at(p)? {
            b'<' | b'>' | b'&' | b'0'..=b'9' => self.redirect_here(p),
            _ => None,
        }
    }

    fn redirect_here(&self, p: usize) -> Option<RedirOp> {
        let mut q = p;
        while self.at(q).is_some_and(|b| b.is_ascii_digit()) {
            q += 1;
        }
        let fd = q - p;
        let b = self.at(q)?;
        let next = self.at(q + 1);
        let op_len = match b {
            b'<' | b'>' if next == Some(b'(') => return None,
            b'<' => match (next, self.at(q + 2)) {
                (Some(b'<'), Some(b'<')) => 3,
                (Some(b'<'), Some(b'-')) => {
                    return Some(RedirOp {
                        len: fd + 3,
                        heredoc: true,
                        strip_tabs: true,
                    });
                }
                (Some(b'<'), _) => {
                    return Some(RedirOp {
                        len: fd + 2,
                        heredoc: true,
                        strip_tabs: false,
                    });
                }
                (Some(b'>' | b'&'), _) => 2,
                _ => 1,
            },
            b'>' => match next {
                Some(b'>' | b'|' | b'&') => 2,
                _ => 1,
            },
            b'&' if fd == 0 && next == Some(b'>') => {
                if self.at(q + 2) == Some(b'>') {
                    3
                } else {
                    2
                }
            }
            _ => return None,
        };
        Some(RedirOp {
            len: fd + op_len,
            heredoc: false,
            strip_tabs: false,
        })
    }

    /// Parse a redirection at the current position.
    fn parse_redirect(&mut self, op: RedirOp, owner: Option<(usize, usize)>) -> Redirect {
        let p = self.pos;
        let op_text = self.text.get(p..p + op.len).unwrap_or("").to_owned();
        self.pos = p + op.len;
        self.skip_blanks();
        let target = self.scan_word(false);
        match &target {
            None => self.err = true,
            Some(w) if op.heredoc => self.pending.push(Heredoc {
                delim: w.text.clone(),
                strip_tabs: op.strip_tabs,
                owner,
                script: false,
            }),
            Some(_) => {}
        }
        Redirect {
            op: op_text,
            target,
            body: None,
        }
    }

    /// A `NAME=value` (or `NAME+=value`, `NAME[i]=value`) at the current
    /// position.
    fn try_assignment(&mut self) -> Option<Assignment> {
        let p = self.pos;
        if !is_name_start(self.peek()?) {
            return None;
        }
        let mut q = p + 1;
        while self.at(q).is_some_and(is_name_char) {
            q += 1;
        }
        let name_end = q;
        if self.at(q) == Some(b'[') {
            let (e, ok) = skip_balanced_bracket(self.src, q + 1, self.end);
            if !ok {
                return None;
            }
            q = e;
        }
        if self.at(q) == Some(b'+') {
            q += 1;
        }
        if self.at(q) != Some(b'=') {
            return None;
        }
        let name = self.text[p..name_end].to_owned();
        self.pos = q + 1;
        let value = if self.peek() == Some(b'(') {
            // Array value: opaque, but its substitutions are parsed.
            let vs = self.pos;
            self.pos += 1;
            let ok = self.skip_nested(Ctx::Paren);
            self.err |= !ok;
            let mut text = String::new();
            push_str_lossy(self.text, vs, self.pos, &mut text);
            Word {
                dynamic: text.contains(['$', '`']),
                quoted: text.contains(['\'', '"']),
                text,
                span: self.file_span(vs, self.pos),
            }
        } else {
            self.scan_word(false).unwrap_or_else(|| Word {
                span: self.file_span(self.pos, self.pos),
                ..Word::default()
            })
        };
        Some(Assignment {
            name,
            value,
            span: self.file_span(p, self.pos),
        })
    }

    /// Parse a simple command (or `[[ ... ]]` when `dbracket`).
    fn parse_simple(&mut self, dbracket: bool) -> bool {
        let idx = self.out.commands.len();
        self.out.commands.push(Command::default());
        self.out.levels.push(self.level);
        let base = self.word_spans.len();
        let wbase = self.word_buf.len();
        let start = self.pos;
        let mut last_end = start;
        // The file span of the tokens so far.
        let mut cspan: Option<Span> = None;
        let mut cover = |s: Span| cspan = Some(cspan.map_or(s, |c| c.cover(s)));
        let mut assignments: Vec<Assignment> = Vec::new();
        let mut redirects: Vec<Redirect> = Vec::new();
        let mut in_dbr = dbracket;
        loop {
            self.skip_blanks();
            let p = self.pos;
            let Some(b) = self.peek() else {
                break;
            };
            if in_dbr {
                match b {
                    b'\n' => {
                        let after_op = self.word_buf[wbase..].last().is_some_and(|w| {
                            !w.quoted && matches!(w.text.as_str(), "&&" | "||" | "(" | "!" | "[[")
                        });
                        if after_op {
                            self.eat_newline();
                            continue;
                        }
                        break;
                    }
                    b';' => break,
                    b'&' | b'|' if self.at(p + 1) == Some(b) => {
                        self.pos = p + 2;
                        let span = self.file_span(p, p + 2);
                        cover(span);
                        self.word_buf.push(Word {
                            text: if b == b'&' { "&&" } else { "||" }.to_owned(),
                            span,
                            quoted: false,
                            dynamic: false,
                        });
                        self.word_spans.push((p as u32, self.pos as u32));
                        last_end = self.pos;
                        continue;
                    }
                    b'&' => break,
                    _ => {}
                }
            } else if let Some(op) = self.redirect_at(p) {
                let r = self.parse_redirect(op, Some((idx, redirects.len())));
                redirects.push(r);
                cover(self.file_span(p, self.pos));
                last_end = self.pos;
                continue;
            } else if class(b) == BREAK && b != b'<' && b != b'>' {
                // `<(` and `>(` fall through: process substitution words.
                if b == b'('
                    && self.word_buf.len() == wbase + 1
                    && assignments.is_empty()
                    && redirects.is_empty()
                {
                    let mut q = p + 1;
                    while self.at(q).is_some_and(is_blank) {
                        q += 1;
                    }
                    if self.at(q) == Some(b')') {
                        self.remove_command(idx);
                        self.word_spans.truncate(base);
                        self.word_buf.truncate(wbase);
                        self.function_body(q + 1);
                        return true;
                    }
                }
                break;
            }
            if !in_dbr
                && self.word_buf.len() == wbase
                && let Some(a) = self.try_assignment()
            {
                cover(a.span);
                assignments.push(a);
                last_end = self.pos;
                continue;
            }
            let ws = self.pos;
            match self.scan_word(in_dbr) {
                Some(w) => {
                    if in_dbr && self.word_buf.len() > wbase && !w.quoted && w.text == "]]" {
                        in_dbr = false;
                    }
                    cover(w.span);
                    self.word_buf.push(w);
                    self.word_spans.push((ws as u32, self.pos as u32));
                    last_end = self.pos;
                }
                None => {
                    if self.pos == ws {
                        break;
                    }
                }
            }
        }
        if in_dbr {
            // `]]` never came.
            self.err = true;
        }
        if self.word_buf.len() == wbase && assignments.is_empty() && redirects.is_empty() {
            self.remove_command(idx);
            self.word_spans.truncate(base);
            self.word_buf.truncate(wbase);
            return self.pos > start;
        }
        let words: Vec<Word> = self.word_buf.drain(wbase..).collect();
        self.out.commands[idx] = Command {
            words,
            assignments,
            redirects,
            span: cspan.unwrap_or_else(|| self.file_span(start, last_end)),
            pipeline: None,
            next: None,
            in_substitution: self.subst > 0,
            via_shell_c: self.shell_c,
            negated: false,
            condition: self.cond > 0,
            effective_at: None,
            name_at: 0,
        };
        self.after_command(idx, base);
        self.word_spans.truncate(base);
        true
    }

    fn remove_command(&mut self, idx: usize) {
        if idx < self.out.commands.len() {
            self.out.commands.remove(idx);
            self.out.levels.remove(idx);
        }
    }

    /// The body of `name() body`, from just after the `)`.
    fn function_body(&mut self, after: usize) {
        self.pos = after;
        self.skip_ws_nl();
        if !self.enter() {
            return;
        }
        if !self.parse_command() {
            self.err = true;
        }
        self.leave();
    }
}

/// `NAME[` ... `]` of an array element assignment.
fn skip_balanced_bracket(s: &[u8], mut pos: usize, end: usize) -> (usize, bool) {
    let end = end.min(s.len());
    while pos < end {
        match s[pos] {
            b']' => return (pos + 1, true),
            b'\n' | b' ' | b'\t' => return (pos, false),
            _ => pos += 1,
        }
    }
    (end, false)
}
