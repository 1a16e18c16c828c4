//! Source text, byte spans and the conversions from byte offsets to the
//! line/column forms that each output needs.
//!
//! Everything inside dockward works in byte offsets (`u32`); line and column
//! numbers are computed only when a diagnostic is printed.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A half-open byte range `start..end` into one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    pub fn from_range(r: Range<usize>) -> Span {
        Span::new(r.start as u32, r.end as u32)
    }

    pub const fn empty(at: u32) -> Span {
        Span { start: at, end: at }
    }

    pub const fn len(self) -> u32 {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub const fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    pub const fn contains_span(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// A sub-span given relative offsets inside this one.
    pub fn slice(self, rel: Range<usize>) -> Span {
        Span::new(self.start + rel.start as u32, self.start + rel.end as u32)
    }

    /// The text this span covers.
    pub fn text(self, src: &str) -> &str {
        src.get(self.range()).unwrap_or("")
    }
}

/// A value with the span it was read from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub const fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }

    pub fn as_ref(&self) -> Spanned<&T> {
        Spanned::new(&self.value, self.span)
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned::new(f(self.value), self.span)
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A 1-based line and column. Columns count Unicode scalar values unless the
/// function that produced it says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Start offsets of every line, for offset -> line/column conversion.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
    len: u32,
    /// The text is pure ASCII: columns are byte distances.
    ascii: bool,
    /// The text starts with a UTF-8 byte order mark, which is not a column.
    bom: bool,
    /// For a text that is not ASCII, the characters and UTF-16 units before
    /// every [`MARK_STRIDE`]-th byte: a column on a line of any length then
    /// costs at most two strides of counting, not the whole line (10,000
    /// findings on one 684 KB line took 15 s to render).
    marks: Vec<Mark>,
}

/// Bytes between two [`Mark`]s.
const MARK_STRIDE: usize = 4096;

/// What comes before `byte` (a character boundary): `chars` characters,
/// `units` UTF-16 code units.
#[derive(Clone, Copy, Debug, Default)]
struct Mark {
    byte: u32,
    chars: u32,
    units: u32,
}

/// Characters and UTF-16 code units in `s`.
fn count(s: &str) -> (u32, u32) {
    s.chars()
        .fold((0, 0), |(c, u), ch| (c + 1, u + ch.len_utf16() as u32))
}

/// The [`Mark`] at every [`MARK_STRIDE`]-th byte (moved back to a
/// character boundary), in one pass.
fn marks(text: &str) -> Vec<Mark> {
    let mut out = Vec::with_capacity(text.len() / MARK_STRIDE + 1);
    let mut m = Mark::default();
    for k in 0..=text.len() / MARK_STRIDE {
        let b = floor_char_boundary(text, k * MARK_STRIDE);
        let (c, u) = count(&text[m.byte as usize..b]);
        m = Mark {
            byte: b as u32,
            chars: m.chars + c,
            units: m.units + u,
        };
        out.push(m);
    }
    out
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // Exact capacity: the index lives as long as the report.
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        let mut starts = Vec::with_capacity(lines + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
        let ascii = text.is_ascii();
        LineIndex {
            starts,
            len: text.len() as u32,
            ascii,
            bom: text.starts_with('\u{feff}'),
            marks: if ascii || text.len() <= MARK_STRIDE {
                Vec::new()
            } else {
                marks(text)
            },
        }
    }

    /// Characters and UTF-16 units in `text[from..to]` (character
    /// boundaries, `from <= to`).
    fn counts(&self, text: &str, from: usize, to: usize) -> (u32, u32) {
        if to - from <= 2 * MARK_STRIDE || self.marks.is_empty() {
            return count(&text[from..to]);
        }
        let (a, b) = (self.before(text, from), self.before(text, to));
        (b.0 - a.0, b.1 - a.1)
    }

    /// Characters and UTF-16 units in `text[..at]`.
    fn before(&self, text: &str, at: usize) -> (u32, u32) {
        let m = self.marks[(at / MARK_STRIDE).min(self.marks.len() - 1)];
        let (c, u) = count(&text[m.byte as usize..at]);
        (m.chars + c, m.units + u)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Whether the text is pure ASCII, so positions need no text.
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> u32 {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte offset where 0-based `line` ends, before its line terminator.
    pub fn line_end(&self, line: usize, text: &str) -> u32 {
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let mut end = next;
        let b = text.as_bytes();
        if end > self.line_start(line) && b.get(end as usize - 1) == Some(&b'\n') {
            end -= 1;
            if end > self.line_start(line) && b.get(end as usize - 1) == Some(&b'\r') {
                end -= 1;
            }
        }
        end
    }

    /// The 0-based line range of a span.
    pub fn line_span(&self, line: usize, text: &str) -> Span {
        Span::new(self.line_start(line), self.line_end(line, text))
    }

    /// 1-based line and column in Unicode scalar values.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = offset.min(self.len);
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let mut column = if self.ascii {
            offset - start
        } else {
            let s = floor_char_boundary(text, offset as usize);
            self.counts(text, start as usize, s).0
        };
        if line == 0 && self.bom && offset > 0 {
            column -= 1;
        }
        LineCol {
            line: line as u32 + 1,
            column: column + 1,
        }
    }

    /// 0-based line and column in UTF-16 code units (LSP and SARIF defaults).
    pub fn line_col_utf16(&self, text: &str, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.len);
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = if self.ascii {
            offset - start
        } else {
            let s = floor_char_boundary(text, offset as usize);
            self.counts(text, start as usize, s).1
        };
        (line as u32, col)
    }

    /// 0-based line and UTF-16 column back to a byte offset, clamped to the text.
    pub fn offset_utf16(&self, text: &str, line: u32, col: u32) -> u32 {
        let line = line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let start = self.line_start(line);
        let end = self.line_end(line, text);
        let mut units = 0;
        for (i, c) in text[start as usize..end as usize].char_indices() {
            if units >= col {
                return start + i as u32;
            }
            units += c.len_utf16() as u32;
        }
        end
    }

    /// 0-based line and UTF-8 column (bytes) back to a byte offset, clamped.
    pub fn offset_utf8(&self, text: &str, line: u32, col: u32) -> u32 {
        let line = line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let start = self.line_start(line);
        let end = self.line_end(line, text);
        floor_char_boundary(text, (start + col).min(end) as usize) as u32
    }
}

/// [`str::trim_start`] with the leading ASCII whitespace skipped byte by
/// byte. The Dockerfile parser trims over 400,000 short slices on the
/// corpus, most with no blank or one in front, and `trim_start` decodes
/// each character and looks it up. From the first non-ASCII byte on,
/// `trim_start` takes over, so the result is the same for every text.
pub trait TrimLead {
    fn trim_lead(&self) -> &str;
}

impl TrimLead for str {
    #[inline]
    fn trim_lead(&self) -> &str {
        let mut i = 0;
        while let Some(&b) = self.as_bytes().get(i) {
            match b {
                0x80.. => return self[i..].trim_start(),
                b if ascii_space(b) => i += 1,
                _ => break,
            }
        }
        &self[i..]
    }
}

/// The ASCII bytes `char::is_whitespace` accepts (with vertical tab, which
/// `u8::is_ascii_whitespace` leaves out).
#[inline]
pub fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The largest char boundary at or before `i`.
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// What a file is, for choosing the parser and the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Dockerfile,
    Compose,
}

/// One file's text, path and line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given or walked, used in output.
    pub path: PathBuf,
    pub kind: FileKind,
    pub text: String,
    pub index: LineIndex,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, kind: FileKind, text: String) -> SourceFile {
        let index = LineIndex::new(&text);
        SourceFile {
            path: path.into(),
            kind,
            text,
            index,
        }
    }

    /// The same file without its text: an ASCII file's line index still
    /// answers [`SourceFile::line_col`], which is all that the outputs made
    /// only of positions need (see `RunOptions::positions_only`).
    pub fn without_text(&self) -> SourceFile {
        debug_assert!(self.index.is_ascii());
        SourceFile {
            path: self.path.clone(),
            kind: self.kind,
            text: String::new(),
            index: self.index.clone(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn line_col(&self, offset: u32) -> LineCol {
        self.index.line_col(&self.text, offset)
    }

    /// The path with forward slashes, as printed in every output format.
    pub fn display_path(&self) -> String {
        display_path(&self.path)
    }
}

/// A path as printed: without a leading `./`, with `/` separators, quoted
/// with escapes when it holds control characters or bytes that are not
/// UTF-8 ([`crate::escape::path`]).
pub fn display_path(p: &Path) -> String {
    crate::escape::path(p)
}

pub use crate::escape::path_bytes;

/// Maps offsets in a text assembled from pieces of a file (a RUN script with
/// its line continuations removed, say) back to offsets in the file.
///
/// Each segment says: local offsets from `local` on come from file offsets
/// from `file` on, contiguously, until the next segment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// Most instructions sit on one line, so most maps have one or two
    /// segments: held inline, a map costs no allocation.
    segments: smallvec::SmallVec<[(u32, u32); 2]>,
}

impl OffsetMap {
    /// A map for text copied verbatim from the file, starting at `file_start`.
    pub fn contiguous(file_start: u32) -> OffsetMap {
        OffsetMap {
            segments: smallvec::smallvec![(0, file_start)],
        }
    }

    /// Record that local offset `local` onwards comes from file offset `file`.
    /// Segments must be pushed in increasing `local` order.
    pub fn push(&mut self, local: u32, file: u32) {
        if let Some(last) = self.segments.last_mut()
            && last.0 == local
        {
            last.1 = file;
            return;
        }
        self.segments.push((local, file));
    }

    /// The segments: `(local, file)` pairs in increasing `local` order.
    pub fn segments(&self) -> &[(u32, u32)] {
        &self.segments
    }

    /// The file offset of a local offset.
    pub fn to_file(&self, local: u32) -> u32 {
        let i = match self.segments.binary_search_by_key(&local, |s| s.0) {
            Ok(i) => i,
            Err(0) => return local,
            Err(i) => i - 1,
        };
        let (l, f) = self.segments[i];
        f + (local - l)
    }

    /// The file span of a local span. An end that falls on a segment start is
    /// mapped to the end of the previous segment so the span does not swallow
    /// the removed text (a line continuation) that follows it.
    pub fn span_to_file(&self, local: Span) -> Span {
        let start = self.to_file(local.start);
        let end = if local.end > local.start {
            self.to_file(local.end - 1) + 1
        } else {
            start
        };
        Span::new(start, end.max(start))
    }

    /// Shift every local offset by `by` and return the map for the sub-text
    /// that starts at local offset `by`.
    pub fn slice(&self, by: u32) -> OffsetMap {
        let mut out = OffsetMap::default();
        out.push(0, self.to_file(by));
        for &(l, f) in &self.segments {
            if l > by {
                out.push(l - by, f);
            }
        }
        out
    }

    /// Compose with an inner map: `inner` maps offsets of a text that was
    /// itself built from this map's local text.
    pub fn compose(&self, inner: &OffsetMap) -> OffsetMap {
        let mut out = OffsetMap::default();
        let mut bounds: Vec<u32> = inner.segments.iter().map(|s| s.0).collect();
        // Every boundary of the outer map, seen from the inner text: for
        // each inner segment, only the outer boundaries inside the range it
        // maps to (found by binary search; both lists are sorted), so nested
        // `sh -c` strings, each mapped through the one around it, compose in
        // linear time rather than in the product of their segment counts.
        for (i, &(il, ifile)) in inner.segments.iter().enumerate() {
            let next = inner.segments.get(i + 1).map(|s| s.0);
            let from = self.segments.partition_point(|s| s.0 <= ifile);
            for &(ol, _) in &self.segments[from..] {
                let candidate = il + (ol - ifile);
                if next.is_some_and(|n| candidate >= n) {
                    break;
                }
                bounds.push(candidate);
            }
        }
        bounds.sort_unstable();
        bounds.dedup();
        for b in bounds {
            out.push(b, self.to_file(inner.to_file(b)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `trim_lead` is `trim_start` on every text: each whitespace character
    /// Rust knows, ASCII and not, in front of and between other characters.
    #[test]
    fn trim_lead_is_trim_start() {
        let pieces = [
            "", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\u{85}", "\u{a0}", "\u{1680}", "\u{2003}",
            "\u{2028}", "\u{3000}", "\u{feff}", "\u{200b}", "\x1c", "\x1f", "a", "#", "é", "\\",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}x");
                    assert_eq!(s.trim_lead(), s.trim_start(), "{s:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, pieces.len().pow(3));
    }

    #[test]
    fn columns_on_long_lines_match_a_plain_count() {
        // Lines longer than two strides, with characters of 1 to 4 bytes
        // and 1 or 2 UTF-16 units across the stride boundaries.
        let mut text = String::from("\u{feff}");
        for i in 0..3 {
            text.push_str(&"aé€😀".repeat(1500 + i));
            text.push('\n');
        }
        let index = LineIndex::new(&text);
        assert!(!index.marks.is_empty());
        for offset in (0..text.len())
            .step_by(97)
            .filter(|&o| text.is_char_boundary(o))
        {
            let line = index.line_of(offset as u32);
            let start = index.line_start(line) as usize;
            let chars = text[start..offset].chars().count() as u32;
            let units: u32 = text[start..offset]
                .chars()
                .map(|c| c.len_utf16() as u32)
                .sum();
            let bom = u32::from(line == 0 && offset > 0);
            let lc = index.line_col(&text, offset as u32);
            assert_eq!(
                (lc.line, lc.column),
                (line as u32 + 1, chars - bom + 1),
                "{offset}"
            );
            assert_eq!(
                index.line_col_utf16(&text, offset as u32),
                (line as u32, units),
                "{offset}"
            );
        }
    }

    #[test]
    fn line_col_counts_scalars_and_skips_bom() {
        let t = "\u{feff}ab\nhé x\r\nz";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 3), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(t, 4), LineCol { line: 1, column: 2 });
        let x = t.find('x').unwrap() as u32;
        assert_eq!(idx.line_col(t, x), LineCol { line: 2, column: 4 });
        assert_eq!(idx.line_end(1, t), t.find('\r').unwrap() as u32);
        let z = t.find('z').unwrap() as u32;
        assert_eq!(idx.line_col(t, z), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn utf16_round_trip() {
        let t = "a😀b\nc";
        let idx = LineIndex::new(t);
        let b = t.find('b').unwrap() as u32;
        assert_eq!(idx.line_col_utf16(t, b), (0, 3));
        assert_eq!(idx.offset_utf16(t, 0, 3), b);
        assert_eq!(idx.offset_utf16(t, 1, 9), t.len() as u32);
    }

    #[test]
    fn offset_map_maps_across_removed_text() {
        // file: "ab\\\ncd" -> local "abcd"
        let mut m = OffsetMap::default();
        m.push(0, 10);
        m.push(2, 14);
        assert_eq!(m.to_file(1), 11);
        assert_eq!(m.to_file(2), 14);
        assert_eq!(m.span_to_file(Span::new(0, 2)), Span::new(10, 12));
        assert_eq!(m.span_to_file(Span::new(1, 4)), Span::new(11, 16));
        let s = m.slice(1);
        assert_eq!(s.to_file(0), 11);
        assert_eq!(s.to_file(1), 14);
        let inner = OffsetMap::contiguous(1);
        let c = m.compose(&inner);
        assert_eq!(c.to_file(0), 11);
        assert_eq!(c.to_file(1), 14);
    }
}
