//! `--statistics`: how many diagnostics each rule produced.

use foldhash::{HashMap, HashMapExt};
use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::lint::RunReport;
use crate::rules::RuleMeta;

/// Rules with their diagnostic counts, most frequent first, then by code.
pub fn per_rule(report: &RunReport) -> Vec<(&'static RuleMeta, usize)> {
    rows(report)
        .into_iter()
        .map(|r| (r.meta, r.count))
        .collect()
}

#[derive(Serialize)]
struct Row {
    #[serde(skip)]
    meta: &'static RuleMeta,
    code: &'static str,
    rule: &'static str,
    count: usize,
    /// The most severe severity among the rule's diagnostics.
    severity: Severity,
    fixable: usize,
    summary: &'static str,
}

/// One pass over the diagnostics.
fn rows(report: &RunReport) -> Vec<Row> {
    let mut by_code: HashMap<&'static str, Row> = HashMap::new();
    for (_, d) in report.diagnostics() {
        let row = by_code.entry(d.rule.code).or_insert(Row {
            meta: d.rule,
            code: d.rule.code,
            rule: d.rule.name,
            count: 0,
            severity: d.severity,
            fixable: 0,
            summary: d.rule.summary,
        });
        row.count += 1;
        row.severity = row.severity.max(d.severity);
        row.fixable += usize::from(d.fix.is_some());
    }
    let mut v: Vec<Row> = by_code.into_values().collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    v
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
    crate::escape::write_json(&mut *out, &rows(report), true)?;
    out.write_all(b"\n")
}
