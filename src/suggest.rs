//! "Did you mean" suggestions for misspelled names.

/// The candidate closest to `word` by edit distance, if it is close enough to
/// be a plausible typo (at most a third of the word's length, at least one).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let len = word.chars().count();
    let limit = (len / 3).max(1);
    candidates
        .into_iter()
        // The distance is at least the difference in length: most
        // candidates are turned away without computing it.
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        // Ties go to the shorter name, then the first in byte order: the
        // candidates may come from a hash set, whose order changes by run.
        .min_by_key(|&(d, c)| (d, c.len(), c))
        .map(|(_, c)| c)
}

/// Levenshtein distance with adjacent transpositions counted as one edit
/// (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        assert_eq!(did_you_mean("RUNN", ["RUN", "COPY"]), Some("RUN"));
        assert_eq!(did_you_mean("form", ["from", "chown"]), Some("from"));
        assert_eq!(did_you_mean("xyz", ["from", "chown"]), None);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }

    #[test]
    fn ties_do_not_depend_on_the_candidates_order() {
        assert_eq!(
            did_you_mean("FOO_BAR", ["FOO_BAZ", "FOO_BAX"]),
            Some("FOO_BAX")
        );
        assert_eq!(
            did_you_mean("FOO_BAR", ["FOO_BAX", "FOO_BAZ"]),
            Some("FOO_BAX")
        );
        // The length filter keeps a candidate exactly at the limit (two
        // for a six-letter word) and turns away one past it.
        assert_eq!(did_you_mean("ABCDEF", ["ABCD"]), Some("ABCD"));
        assert_eq!(did_you_mean("ABCDEF", ["ABC"]), None);
    }
}
