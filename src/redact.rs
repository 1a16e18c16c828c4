//! What may be shown of content that could not be parsed.
//!
//! A file that is not text, not a Dockerfile or not YAML may be anything:
//! a `.env` or a credentials file committed (or linked) under a Dockerfile's
//! name. Messages quote at most [`MAX_QUOTED`] characters of the offending
//! token and nothing after a `=`, `:` or `@` (`TOKEN=…`, `https:…`), and
//! such a file's text is blanked in reports but for those tokens, so no
//! snippet shows more.

use crate::source::Span;

/// The most characters of unknown content a message or snippet shows.
/// Half of a 40-character token (a GitHub token, an AWS secret key) is
/// not the token.
pub const MAX_QUOTED: usize = 20;

/// The end of what may be shown of `word`: up to and including the first
/// `=`, `:` or `@`, and at most [`MAX_QUOTED`] characters.
fn shown_len(word: &str) -> usize {
    let cut = word.find(['=', ':', '@']).map_or(word.len(), |i| i + 1);
    word[..cut]
        .char_indices()
        .nth(MAX_QUOTED)
        .map_or(cut, |(i, _)| i)
}

/// What a message may quote of a word that is not what it should be
/// (`unknown instruction `…``), with `…` when something was cut.
pub fn quoted_token(word: &str) -> String {
    let n = shown_len(word);
    let mut out = word[..n].to_string();
    if n < word.len() {
        out.push('…');
    }
    out
}

/// A text whose content must not be shown: every character blanked but
/// line breaks and, of each kept span, what [`quoted_token`] would show.
/// Each character becomes a blank of the same UTF-8 length, so byte
/// offsets, lines and columns stay those of the original.
pub fn redact(text: &str, keep: &[Span]) -> String {
    let mut kept: Vec<(usize, usize)> = keep
        .iter()
        .map(|s| {
            let start = (s.start as usize).min(text.len());
            let end = (s.end as usize).clamp(start, text.len());
            // Spans are on character boundaries; a bad one keeps nothing.
            match text.get(start..end) {
                Some(t) => (start, start + shown_len(t)),
                None => (start, start),
            }
        })
        .collect();
    kept.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut k = 0;
    for (i, c) in text.char_indices() {
        while k < kept.len() && kept[k].1 <= i {
            k += 1;
        }
        let inside = k < kept.len() && kept[k].0 <= i;
        if inside || c == '\n' || c == '\r' {
            out.push(c);
        } else {
            out.push(match c.len_utf8() {
                1 => ' ',
                2 => '\u{a0}',
                3 => '\u{2007}',
                _ => '\u{e0020}',
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_a_bounded_token() {
        assert_eq!(quoted_token("RUNN"), "RUNN");
        assert_eq!(quoted_token("DB_PASSWORD=hunter2"), "DB_PASSWORD=…");
        assert_eq!(quoted_token("https://u:tok@host"), "https:…");
        assert_eq!(
            quoted_token(&"x".repeat(40)),
            format!("{}…", "x".repeat(20))
        );
        assert_eq!(quoted_token(&"é".repeat(30)).chars().count(), 21);
    }

    #[test]
    fn redacts_keeping_positions() {
        let text = "héllo wörld\nSECRET=x y\n";
        let r = redact(text, &[Span::new(14, 23)]);
        assert_eq!(r.len(), text.len());
        assert_eq!(r.lines().count(), 2);
        assert_eq!(&r[14..21], "SECRET=");
        assert!(!r.contains('x') && !r.contains("llo"));
        for (a, b) in text.char_indices().zip(r.char_indices()) {
            assert_eq!(a.0, b.0);
        }
    }
}
