//! Mapping local offsets to file offsets quickly.

use crate::source::{OffsetMap, Span};

/// An [`OffsetMap`] with shortcuts. For a map of one piece (a RUN on one
/// line) a lookup is an addition. Otherwise spans are asked for in mostly
/// increasing order: when the file distance from the last looked-up offset to
/// a span's end equals the local distance, nothing was removed in between and
/// the span's start needs no lookup of its own. Both rely on file offsets
/// growing with local offsets, which every map of assembled text does.
pub(super) struct FastMap<'s> {
    map: &'s OffsetMap,
    /// `file - local` when the whole map is one piece.
    delta: Option<u32>,
    /// The last local offset looked up and its file offset.
    last: std::cell::Cell<(u32, u32)>,
}

impl<'s> FastMap<'s> {
    pub(super) fn new(map: &'s OffsetMap, len: usize) -> FastMap<'s> {
        let len = len as u32;
        let (f0, fl) = (map.to_file(0), map.to_file(len));
        let delta = (fl >= f0 && fl - f0 == len).then_some(f0);
        FastMap {
            map,
            delta,
            last: std::cell::Cell::new((0, f0)),
        }
    }

    /// Like [`OffsetMap::span_to_file`].
    #[inline]
    pub(super) fn span(&self, a: u32, b: u32) -> Span {
        if let Some(d) = self.delta {
            return Span::new(a + d, b.max(a) + d);
        }
        if b <= a {
            let f = self.map.to_file(a);
            return Span::new(f, f);
        }
        let e = b - 1;
        let fe = self.map.to_file(e);
        let (lp, lf) = self.last.get();
        let fa = if a >= lp && fe >= lf && fe - lf == e - lp {
            lf + (a - lp)
        } else {
            self.map.to_file(a)
        };
        self.last.set((e, fe));
        Span::new(fa, (fe + 1).max(fa))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_map_agrees_with_offset_map() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..500 {
            let mut map = OffsetMap::default();
            let len = 1 + (next() % 300) as u32;
            let mut file = (next() % 50) as u32;
            let mut local = 0;
            // Pieces of random length separated by removed text.
            while local < len {
                map.push(local, file);
                let n = 1 + (next() % 40) as u32;
                local += n;
                file += n + if round % 5 == 0 {
                    0
                } else {
                    1 + (next() % 7) as u32
                };
            }
            let fast = FastMap::new(&map, len as usize);
            for _ in 0..200 {
                // Mostly increasing queries, sometimes going back.
                let a = (next() % u64::from(len + 1)) as u32;
                let b = a + (next() % u64::from(len + 1 - a)) as u32;
                assert_eq!(
                    fast.span(a, b),
                    map.span_to_file(Span::new(a, b)),
                    "round {round}: {a}..{b}"
                );
            }
        }
    }
}
