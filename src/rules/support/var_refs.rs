//! Words of instructions: spans of the variable references inside them.

use std::ops::Range;

use crate::source::{Span, Spanned};

/// The file span of a reference found at `range` in a word's unquoted value:
/// exact when the word is written without quotes or escapes, the whole word
/// otherwise.
pub fn reference_span(text: &str, word: &Spanned<String>, range: &Range<usize>) -> Span {
    let raw = text.get(word.span.range()).unwrap_or("");
    if raw == word.value && range.end <= raw.len() {
        Span::new(
            word.span.start + range.start as u32,
            word.span.start + range.end as u32,
        )
    } else {
        word.span
    }
}
