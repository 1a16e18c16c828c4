//! Stable fingerprints of diagnostics, for SARIF `partialFingerprints` and
//! GitLab Code Quality `fingerprint`.
//!
//! A fingerprint identifies "the same problem" across runs while the file
//! around it changes: it hashes the rule, the path, the text of the line the
//! diagnostic starts on (whitespace-collapsed) and the text under the span,
//! never line numbers, so inserting lines above a problem keeps its
//! fingerprint. Identical problems in one file are told apart by their order
//! of occurrence. The hash is FNV-1a, 128 bits, written here so that it never
//! changes with a compiler or crate version.

use foldhash::{HashMap, HashMapExt};

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// The version of the fingerprint scheme, part of the SARIF key.
pub const SARIF_KEY: &str = "dockward/v1";

const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
const PRIME: u128 = 0x0000000001000000000000000000013B;

/// FNV-1a over a sequence of byte strings, each followed by a separator so
/// that `("ab", "c")` and `("a", "bc")` differ.
#[derive(Clone, Copy)]
struct Fnv(u128);

impl Fnv {
    fn new() -> Fnv {
        Fnv(OFFSET)
    }

    fn bytes(mut self, b: &[u8]) -> Fnv {
        for &x in b {
            self.0 ^= u128::from(x);
            self.0 = self.0.wrapping_mul(PRIME);
        }
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(PRIME);
        self
    }

    /// Bytes with runs of whitespace collapsed to one space and the ends
    /// trimmed, so re-indenting a line keeps its fingerprint.
    fn collapsed(mut self, s: &str) -> Fnv {
        let mut pending_space = false;
        let mut any = false;
        for &x in s.as_bytes() {
            if x.is_ascii_whitespace() {
                pending_space = any;
                continue;
            }
            if pending_space {
                self.0 ^= u128::from(b' ');
                self.0 = self.0.wrapping_mul(PRIME);
                pending_space = false;
            }
            any = true;
            self.0 ^= u128::from(x);
            self.0 = self.0.wrapping_mul(PRIME);
        }
        self.bytes(&[])
    }
}

/// Longest span text that goes into the hash: enough to tell problems
/// apart, bounded so a span over a whole file costs little.
const MAX_SPAN_TEXT: usize = 256;

/// Longest part of the line that goes into the hash, from its start: every
/// line a person writes fits, and 10,000 diagnostics on one 400 KB line
/// (a fuzzer's find) no longer hash 4 GB.
const MAX_LINE_TEXT: usize = 4096;

/// The first `max` bytes of `s`, cut at a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    &s[..crate::source::floor_char_boundary(s, s.len().min(max))]
}

/// The fingerprints of one file's diagnostics, in order, as 32 hex digits.
/// `path` is the path as the output prints it.
pub fn fingerprints(source: &SourceFile, path: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: HashMap<u128, u32> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let text = &source.text;
            let line = source.index.line_of(d.span.start);
            let line_text = prefix(source.index.line_span(line, text).text(text), MAX_LINE_TEXT);
            let span_text = prefix(d.span.text(text), MAX_SPAN_TEXT);
            let key = Fnv::new()
                .bytes(d.rule.code.as_bytes())
                .bytes(path.as_bytes())
                .collapsed(line_text)
                .collapsed(span_text)
                .0;
            let n = seen.entry(key).or_insert(0);
            let h = Fnv(key).bytes(&n.to_le_bytes()).0;
            *n += 1;
            format!("{h:032x}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RULES;
    use crate::source::{FileKind, Span};

    fn diag(text: &str, needle: &str, nth: usize) -> Diagnostic {
        let start = text.match_indices(needle).nth(nth).unwrap().0 as u32;
        Diagnostic::new(
            RULES[5].meta,
            Span::new(start, start + needle.len() as u32),
            "m",
        )
    }

    #[test]
    fn stable_when_lines_move_and_unique_for_repeats() {
        let a = "FROM x\nEXPOSE 22\nEXPOSE 22\n";
        let b = "FROM x\n# moved\n\n  EXPOSE   22\nEXPOSE 22\n";
        let fa = SourceFile::new("Dockerfile", FileKind::Dockerfile, a.into());
        let fb = SourceFile::new("Dockerfile", FileKind::Dockerfile, b.into());
        let da = [diag(a, "22", 0), diag(a, "22", 1)];
        let db = [diag(b, "22", 0), diag(b, "22", 1)];
        let pa = fingerprints(&fa, "Dockerfile", &da);
        let pb = fingerprints(&fb, "Dockerfile", &db);
        assert_eq!(pa, pb);
        assert_ne!(pa[0], pa[1]);
        assert_eq!(pa[0].len(), 32);
        // Another path or another rule gives another fingerprint.
        let other = fingerprints(&fa, "app/Dockerfile", &da);
        assert_ne!(other[0], pa[0]);
        let mut d = diag(a, "22", 0);
        d.rule = RULES[6].meta;
        assert_ne!(fingerprints(&fa, "Dockerfile", &[d])[0], pa[0]);
    }

    #[test]
    fn separators_matter() {
        assert_ne!(
            Fnv::new().bytes(b"ab").bytes(b"c").0,
            Fnv::new().bytes(b"a").bytes(b"bc").0
        );
    }
}
