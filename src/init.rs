//! `dockward init`: a commented starter `dockward.toml` for the repository
//! it is run in, written from the registry and from what a default run
//! finds there today.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diagnostic::Severity;
use crate::lint::RunReport;
use crate::rules::{RULES, RuleMeta};
use crate::source::FileKind;

/// The configuration text. `baseline` names the baseline file when one is
/// written alongside.
pub fn starter(report: &RunReport, baseline: Option<&str>) -> String {
    let count = |k: FileKind| report.files.iter().filter(|f| f.source.kind == k).count();
    let total: usize = report.files.iter().map(|f| f.diagnostics.len()).sum();
    let mut per_rule: BTreeMap<&str, (usize, &RuleMeta)> = BTreeMap::new();
    for (_, d) in report.diagnostics() {
        per_rule.entry(d.rule.code).or_insert((0, d.rule)).0 += 1;
    }
    let mut s = String::new();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = writeln!(
        s,
        "# dockward.toml, written by `dockward init` for this repository: {}\n\
         # and {}, {} with the default rules today.\n\
         # Severities follow docs/severity.md (what an attacker gains, and what it\n\
         # takes); `dockward rules` lists every rule, `dockward explain RULE` shows one.\n",
        plural(count(FileKind::Dockerfile), "Dockerfile", "Dockerfiles"),
        plural(count(FileKind::Compose), "Compose file", "Compose files"),
        plural(total, "finding", "findings"),
    );
    s.push_str(
        "# The lowest severity that fails `dockward check` (exit code 1):\n\
         # error | warning | info | style | never. With a baseline, only new findings\n\
         # count, so new code is held to the hardening controls from day one.\n\
         fail-on = \"warning\"\n\n",
    );
    match baseline {
        Some(file) => {
            let _ = writeln!(
                s,
                "# The findings recorded when dockward was adopted; only new ones are\n\
                 # reported. Refresh with `dockward check --write-baseline {file}`.\n\
                 baseline = \"{file}\"\n"
            );
        }
        None => s.push_str(
            "# Record today's findings and report only new ones:\n\
             #   dockward check --write-baseline dockward-baseline.json\n\
             # baseline = \"dockward-baseline.json\"\n\n",
        ),
    }
    s.push_str(
        "# On by default: every error and warning rule (the security checks), and the\n\
         # info rules that are precise and cheap to act on. Add rules that are off:\n\
         # extend-select = [\"unpinned-pip-package\", \"missing-healthcheck\"]\n\
         # Or run only some (this replaces the default set): select = [\"DC0\", \"DC1\"]\n\
         # Turn rules off, with the reason beside each:\n\
         # ignore = [\n\
         #   \"missing-cpu-limit\",   # limits are set by the orchestrator\n\
         # ]\n\n",
    );
    if !per_rule.is_empty() {
        s.push_str("# What the default rules find here today, most frequent first:\n");
        let mut rows: Vec<_> = per_rule.values().collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.code.cmp(b.1.code)));
        for (n, m) in rows {
            let _ = writeln!(
                s,
                "#   {n:>5}  {} {} ({}, {})",
                m.code,
                m.name,
                m.severity.as_str(),
                m.severity_class()
            );
        }
        s.push('\n');
    }
    s.push_str("# Off by default, and why (turn on with `extend-select`):\n");
    let mut off: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in RULES.iter().filter(|r| !r.meta.default_enabled) {
        off.entry(r.meta.severity_class())
            .or_default()
            .push(r.meta.name);
    }
    for (class, names) in &off {
        let why = match *class {
            "reproducibility" => "pins need a way to stay current, which a lock file does better",
            "style" => "formatting and order change nothing in what runs",
            "audit" => "legitimate in most uses; worth a look in a review",
            "correctness" => "depends on how the image is run",
            "maintenance" => "a convention, not a defect",
            "hygiene" => "a trade-off each project decides",
            _ => "needs project-specific input",
        };
        let _ = writeln!(s, "# - {class}: {why}:");
        let mut line = String::from("#     ");
        for (i, n) in names.iter().enumerate() {
            let piece = if i + 1 < names.len() {
                format!("{n}, ")
            } else {
                (*n).to_string()
            };
            if line.len() + piece.len() > 78 {
                let _ = writeln!(s, "{}", line.trim_end());
                line = String::from("#     ");
            }
            line.push_str(&piece);
        }
        let _ = writeln!(s, "{line}");
    }
    s.push_str(
        "\n# Approved ports: with a list, ports outside it are reported (silent until set).\n\
         # [rules.unapproved-port-published]\n\
         # allowed = [80, 443]\n\
         # [rules.unapproved-port-exposed]\n\
         # allowed = [8080]\n\
         # [rules.untrusted-registry]\n\
         # trusted = [\"docker.io\", \"ghcr.io\"]\n\n\
         # Values the fixes write for missing limits (`dockward check --fix\n\
         # --unsafe-fixes`); size them for your services:\n\
         # [rules.missing-memory-limit]\n\
         # fix-value = \"512m\"\n\
         # [rules.missing-cpu-limit]\n\
         # fix-value = \"1.0\"\n\
         # [rules.missing-pids-limit]\n\
         # fix-value = 200\n\n\
         # A severity per rule, or \"off\":\n\
         # [rules.writable-rootfs]\n\
         # severity = \"error\"\n\n\
         # Paths never linted, and rules off for some paths:\n\
         # exclude = [\"vendor/\", \"**/testdata/**\"]\n\
         # [[overrides]]\n\
         # files = [\"test/**\"]\n\
         # ignore = [\"missing-user\"]\n",
    );
    debug_assert!(Severity::ALL.len() == 4);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_is_valid_configuration() {
        let text = starter(&RunReport::default(), Some("dockward-baseline.json"));
        let table: toml::Table = toml::from_str(&text).unwrap();
        let c = crate::config::Config::from_table(&table, ".".into()).unwrap();
        assert!(c.baseline.is_some());
        assert!(text.contains("# - style:"));
        for r in RULES {
            assert!(!r.meta.severity_class().is_empty(), "{}", r.meta.code);
        }
    }
}
