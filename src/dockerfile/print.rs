//! Printing a parsed Dockerfile back to its text, to prove the parse is
//! lossless.
//!
//! [`Dockerfile::pieces`] lists what the tree holds, each piece with the
//! text the tree itself keeps (a comment's text, the runs of an
//! instruction's joined line placed by its offset map, the escape characters
//! that continued it, heredoc bodies and terminators) and the span it claims.
//! [`Dockerfile::print`] lays the pieces out in file order and fills the
//! gaps between them from the source, where only whitespace (and a byte order
//! mark at the start) may stand. If the result equals the source, every
//! non-blank character of the file is accounted for by exactly one piece,
//! at the offset the tree says.

use super::{Dockerfile, LogicalLine};
use crate::source::{OffsetMap, Span};

/// A piece of text the parsed tree accounts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece<'a> {
    /// Where the tree says the text is.
    pub span: Span,
    /// The text, as the tree holds it.
    pub text: &'a str,
}

/// Why a tree does not print back to its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintError {
    pub at: u32,
    pub message: String,
}

impl std::fmt::Display for PrintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.message, self.at)
    }
}

impl Dockerfile {
    /// Every piece of text the tree accounts for, in no particular order.
    pub fn pieces(&self) -> Vec<Piece<'_>> {
        let mut out = Vec::new();
        for c in &self.comments {
            out.push(Piece {
                span: Span::new(c.span.start, c.span.start + 1),
                text: "#",
            });
            out.push(Piece {
                span: c.text_span,
                text: &c.text,
            });
        }
        let escape = if self.escape == '`' { "`" } else { "\\" };
        for line in &self.logical_lines {
            mapped(&line.text, &line.map, &mut out);
            out.extend(
                line.escapes
                    .iter()
                    .map(|&span| Piece { span, text: escape }),
            );
            for h in line_heredocs(self, line) {
                mapped(&h.body, &h.body_map, &mut out);
                if let Some(t) = h.terminator {
                    let len = h.delimiter.len() as u32;
                    out.push(Piece {
                        span: Span::new(t.end.saturating_sub(len), t.end),
                        text: &h.delimiter,
                    });
                }
            }
        }
        out
    }

    /// The source text rebuilt from [`Dockerfile::pieces`], with the
    /// whitespace between them taken from `src`. An error says where a piece
    /// overlaps another, lies outside the file, or leaves something other
    /// than whitespace unaccounted for. `print(src) == Ok(src)` is the
    /// lossless round trip.
    pub fn print(&self, src: &str) -> Result<String, PrintError> {
        let mut pieces = self.pieces();
        pieces.retain(|p| !p.text.is_empty() || !p.span.is_empty());
        pieces.sort_by_key(|p| (p.span.start, p.span.end));
        let mut out = String::with_capacity(src.len());
        let mut pos = 0usize;
        for p in pieces {
            let err = |message: String| PrintError {
                at: p.span.start,
                message,
            };
            if p.span.start > p.span.end || p.text.len() != p.span.len() as usize {
                return Err(err(format!(
                    "piece {:?} claims {} bytes at {:?}",
                    p.text,
                    p.span.end.wrapping_sub(p.span.start),
                    p.span
                )));
            }
            let start = p.span.start as usize;
            if start < pos {
                return Err(err(format!(
                    "piece {:?} overlaps the previous one, which ends at {pos}",
                    p.text
                )));
            }
            out.push_str(trivia(src, pos, start)?);
            out.push_str(p.text);
            pos = p.span.end as usize;
        }
        out.push_str(trivia(src, pos, src.len())?);
        Ok(out)
    }
}

/// The heredocs read after a logical line.
fn line_heredocs<'a>(df: &'a Dockerfile, line: &LogicalLine) -> &'a [super::Heredoc] {
    line.instruction
        .and_then(|i| df.instructions.get(i))
        .map_or(&[], |ins| &ins.heredocs)
}

/// The runs of a joined text, each at the file offset its map gives.
fn mapped<'a>(text: &'a str, map: &OffsetMap, out: &mut Vec<Piece<'a>>) {
    let segs = map.segments();
    for (i, &(local, file)) in segs.iter().enumerate() {
        let end = segs.get(i + 1).map_or(text.len(), |s| s.0 as usize);
        let Some(run) = text.get(local as usize..end) else {
            out.push(Piece {
                span: Span::new(file, file.wrapping_sub(1)),
                text: "",
            });
            continue;
        };
        out.push(Piece {
            span: Span::new(file, file + run.len() as u32),
            text: run,
        });
    }
}

/// The source between two pieces, which must be blank.
fn trivia(src: &str, from: usize, to: usize) -> Result<&str, PrintError> {
    let at = from as u32;
    let gap = src.get(from..to).ok_or_else(|| PrintError {
        at,
        message: format!("a piece ends at {to}, outside the file or inside a character"),
    })?;
    let body = if from == 0 {
        gap.strip_prefix('\u{feff}').unwrap_or(gap)
    } else {
        gap
    };
    match body.char_indices().find(|(_, c)| !c.is_whitespace()) {
        None => Ok(gap),
        Some((i, c)) => Err(PrintError {
            at: (to - body.len() + i) as u32,
            message: format!("{c:?} is not accounted for by any piece"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    fn round_trip(src: &str) {
        let df = parse(src);
        assert_eq!(df.print(src).as_deref(), Ok(src), "{src:?}");
    }

    #[test]
    fn prints_back_what_it_parsed() {
        round_trip("");
        round_trip("\u{feff}# syntax=docker/dockerfile:1\r\nFROM x AS y\r\n");
        round_trip("# escape=`\nFROM x\nRUN a `\n  # inside\n\n  b `\n`\n\tc\n");
        round_trip("FROM x\nRUN <<A cat - <<-\"B\"\none\nA\n\ttwo\n\tB\nNOPE x\n  #  c  \n");
        round_trip("FROM x\nRUN <<EOF\nunterminated\n");
        round_trip("FROM x\nRUN a \\");
        round_trip("\\\n\tRUN true\nONBUILD RUN x \\\n y\n");
    }

    #[test]
    fn reports_what_the_tree_misses() {
        let src = "FROM x\nRUN y\n";
        let mut df = parse(src);
        df.logical_lines.pop();
        let e = df.print(src).unwrap_err();
        assert_eq!(e.at, 7);
        let mut df = parse(src);
        let again = df.logical_lines[1].clone();
        df.logical_lines.push(again);
        let e = df.print(src).unwrap_err();
        assert!(e.message.contains("overlaps"), "{e}");
        // A comment placed one byte off prints something else.
        let src = "FROM x\n# note\n";
        let mut df = parse(src);
        df.comments[0].text_span.start += 1;
        df.comments[0].text_span.end += 1;
        assert_ne!(df.print(src).as_deref(), Ok(src));
    }
}
