//! The per-file cap on diagnostics (`[limits] diagnostics-per-file`).
//!
//! A 10 MB Compose file of 500,000 services gives millions of diagnostics;
//! held whole they took gigabytes, and no one reads them. So each file
//! keeps at most `limit` diagnostics, with one more that says how many were
//! left out and how severe they were (`too-many-diagnostics`, DF901, or
//! `too-many-compose-diagnostics`, DC901).
//!
//! Which ones are kept does not depend on the order rules run in: the most
//! severe first, then the first in the file (then rule code and message).
//! So the kept ones are at least as severe as any left out, and the exit
//! code is the one the whole list would give. The pipeline trims while the
//! rules run, in batches of twice the limit handed on by the collector even
//! in the middle of a rule ([`crate::diagnostic::Diagnostics::spilling`]),
//! so memory stays at about three times the limit whatever one rule finds.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{FileKind, Span};

/// What the cap has left out of one file.
#[derive(Clone, Debug)]
pub struct Cap {
    limit: usize,
    /// Diagnostics left out, per severity (`Severity::ALL` order).
    dropped: [usize; 4],
}

impl Cap {
    pub fn new(limit: usize) -> Cap {
        Cap {
            limit: limit.max(1),
            dropped: [0; 4],
        }
    }

    /// How many unsettled diagnostics are worth settling and trimming.
    pub fn spill_at(&self) -> usize {
        self.limit.saturating_mul(2)
    }

    /// Keeps the `limit` diagnostics that come first (most severe, then
    /// first in the file) and counts the others. `diags` must be final
    /// (masked, suppressed, with configured severities). The order of what
    /// is kept is not preserved.
    pub fn trim(&mut self, diags: &mut Vec<Diagnostic>) {
        if diags.len() <= self.limit {
            return;
        }
        diags.select_nth_unstable_by(self.limit, rank);
        for d in diags.drain(self.limit..) {
            let i = Severity::ALL
                .iter()
                .position(|s| *s == d.severity)
                .unwrap_or(0);
            self.dropped[i] += 1;
        }
    }

    /// How many were left out.
    pub fn dropped(&self) -> usize {
        self.dropped.iter().sum()
    }

    /// The diagnostic that says what was left out, at the start of the
    /// file, with the severity of the most severe one left out.
    pub fn summary(&self, kind: FileKind) -> Option<Diagnostic> {
        let total = self.dropped();
        if total == 0 {
            return None;
        }
        let counts: Vec<String> = Severity::ALL
            .iter()
            .zip(self.dropped)
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| {
                let plural = n != 1 && matches!(s, Severity::Error | Severity::Warning);
                format!("{n} {s}{}", if plural { "s" } else { "" })
            })
            .collect();
        let plural = if total == 1 { "" } else { "s" };
        let mut d = Diagnostic::new(
            crate::rules::too_many_diagnostics_rule(kind),
            Span::empty(0),
            format!(
                "{total} more diagnostic{plural} in this file not reported ({}): the limit is {} per file",
                counts.join(", "),
                self.limit
            ),
        );
        d.severity = Severity::ALL
            .iter()
            .zip(self.dropped)
            .find(|(_, n)| *n > 0)
            .map_or(Severity::Info, |(s, _)| *s);
        d.help(
            "fix or suppress the findings that repeat most, or raise `[limits] diagnostics-per-file`",
        );
        Some(d)
    }
}

/// Most severe first, then by position, rule and message: a total order,
/// so the kept set is the same whatever order the rules ran in.
fn rank(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    b.severity
        .cmp(&a.severity)
        .then(a.span.start.cmp(&b.span.start))
        .then(a.span.end.cmp(&b.span.end))
        .then(a.rule.code.cmp(b.rule.code))
        .then_with(|| a.message.cmp(&b.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(sev: Severity, at: u32) -> Diagnostic {
        let mut d = Diagnostic::new(
            crate::rules::syntax_rule(FileKind::Compose),
            Span::new(at, at + 1),
            "x",
        );
        d.severity = sev;
        d
    }

    #[test]
    fn keeps_the_most_severe_then_the_first() {
        let mut cap = Cap::new(3);
        let mut v = vec![
            diag(Severity::Warning, 1),
            diag(Severity::Info, 0),
            diag(Severity::Error, 9),
            diag(Severity::Warning, 5),
            diag(Severity::Warning, 2),
            diag(Severity::Style, 3),
        ];
        cap.trim(&mut v);
        let mut kept: Vec<(Severity, u32)> = v.iter().map(|d| (d.severity, d.span.start)).collect();
        kept.sort();
        assert_eq!(
            kept,
            [
                (Severity::Warning, 1),
                (Severity::Warning, 2),
                (Severity::Error, 9)
            ]
        );
        assert_eq!(cap.dropped(), 3);
        let s = cap.summary(FileKind::Compose).unwrap();
        assert_eq!(s.severity, Severity::Warning);
        assert_eq!(
            s.message,
            "3 more diagnostics in this file not reported (1 warning, 1 info, 1 style): the limit is 3 per file"
        );
        assert!(Cap::new(3).summary(FileKind::Dockerfile).is_none());
    }

    #[test]
    fn the_kept_set_does_not_depend_on_the_order() {
        let all: Vec<Diagnostic> = (0..50)
            .map(|i| diag(Severity::ALL[i % 4], (i * 7 % 13) as u32))
            .collect();
        let keep = |v: Vec<Diagnostic>| {
            let mut cap = Cap::new(10);
            // In batches, as the pipeline trims while rules run.
            let mut kept = Vec::new();
            for chunk in v.chunks(7) {
                kept.extend(chunk.iter().cloned());
                cap.trim(&mut kept);
            }
            let mut k: Vec<(Severity, u32)> =
                kept.iter().map(|d| (d.severity, d.span.start)).collect();
            k.sort();
            (k, cap.dropped)
        };
        let mut reversed = all.clone();
        reversed.reverse();
        assert_eq!(keep(all), keep(reversed));
    }
}
