//! `--statistics`: how many diagnostics each rule produced.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::lint::RunReport;
use crate::rules::RuleMeta;

/// Rules with their diagnostic counts, most frequent first, then by code.
pub fn per_rule(report: &RunReport) -> Vec<(&'static RuleMeta, usize)> {
    let mut counts: HashMap<&'static str, (&'static RuleMeta, usize)> = HashMap::new();
    for (_, d) in report.diagnostics() {
        counts.entry(d.rule.code).or_insert((d.rule, 0)).1 += 1;
    }
    let mut v: Vec<_> = counts.into_values().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code.cmp(b.0.code)));
    v
}

#[derive(Serialize)]
struct Row {
    code: &'static str,
    rule: &'static str,
    count: usize,
    /// The most severe severity among the rule's diagnostics.
    severity: Severity,
    fixable: usize,
    summary: &'static str,
}

fn rows(report: &RunReport) -> Vec<Row> {
    per_rule(report)
        .into_iter()
        .map(|(rule, count)| {
            let of_rule = || {
                report
                    .diagnostics()
                    .filter(move |(_, d)| std::ptr::eq(d.rule, rule))
            };
            Row {
                code: rule.code,
                rule: rule.name,
                count,
                severity: of_rule()
                    .map(|(_, d)| d.severity)
                    .max()
                    .unwrap_or(rule.severity),
                fixable: of_rule().filter(|(_, d)| d.fix.is_some()).count(),
                summary: rule.summary,
            }
        })
        .collect()
}

/// A table: count, code, name, severity, summary; then the summary line
/// unless `quiet`.
pub fn render_text(report: &RunReport, quiet: bool, out: &mut dyn Write) -> io::Result<()> {
    let rows = rows(report);
    let count_w = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let name_w = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
    let mut buf = String::new();
    use std::fmt::Write as _;
    for r in &rows {
        let fix = if r.fixable > 0 { " [fixable]" } else { "" };
        let _ = writeln!(
            buf,
            "{:>count_w$}  {}  {:name_w$}  {:7}  {}{fix}",
            r.count,
            r.code,
            r.rule,
            r.severity.as_str(),
            r.summary
        );
    }
    if !quiet {
        if !rows.is_empty() {
            buf.push('\n');
        }
        buf.push_str(&super::summary(report));
        buf.push('\n');
    }
    out.write_all(buf.as_bytes())
}

/// A JSON array of `{code, rule, count, severity, fixable, summary}`.
pub fn render_json(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &rows(report))?;
    out.write_all(b"\n")
}
