//! Order checks for the style rules: keys written out of an expected order.

use crate::source::Span;
use crate::yaml::{Entry, Mapping};

/// One item that comes before an item it should follow.
pub struct OutOfOrder<'a> {
    /// The item written too late.
    pub item: &'a str,
    pub span: Span,
    /// The earlier item it should come before.
    pub after: &'a str,
}

/// Items (name, span) that sort before an item written earlier, by `rank`.
/// Each misplaced item is reported once, against the greatest item before it.
pub fn out_of_order<'a, K: Ord>(
    items: &[(&'a str, Span)],
    rank: impl Fn(&str) -> K,
) -> Vec<OutOfOrder<'a>> {
    let mut out = Vec::new();
    let mut max: Option<(K, &'a str)> = None;
    for &(name, span) in items {
        let r = rank(name);
        match &max {
            Some((m, prev)) if r < *m => out.push(OutOfOrder {
                item: name,
                span,
                after: prev,
            }),
            Some((m, _)) if r == *m => {}
            _ => max = Some((r, name)),
        }
    }
    out
}

/// The keys of a mapping written in it (not supplied by a merge key), with
/// their spans.
pub fn own_keys(m: &Mapping) -> Vec<(&str, Span)> {
    m.iter()
        .filter(|e: &&Entry| e.merged_from.is_none() && e.key.alias.is_none())
        .filter_map(|e| Some((e.key.as_str()?, e.key.span)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_misplaced_items() {
        let s = Span::empty(0);
        let items = [("a", s), ("c", s), ("b", s), ("d", s), ("a", s)];
        let bad: Vec<_> = out_of_order(&items, |n| n.to_string())
            .into_iter()
            .map(|o| (o.item, o.after))
            .collect();
        assert_eq!(bad, vec![("b", "c"), ("a", "d")]);
    }
}
