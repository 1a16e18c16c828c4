//! Rule pages are tests: every `bad` example gives exactly one diagnostic of
//! its rule, every `good` example none, and the `text output` block after
//! each `bad` example pins that diagnostic as dockward reports it: severity,
//! code and name, message, the underlined span, help and labels. Also
//! checks the pages' shape and the message style of every diagnostic the
//! examples produce.
//!
//! After a deliberate change to a rule's output, re-bless the pages with
//! `BLESS=1 cargo test --test lint_pages` and read the diff. A page format
//! sketch:
//!
//! ````markdown
//! ```dockerfile bad
//! FROM debian:12
//! ```
//!
//! ```text output
//! warning[DF001 missing-user]: the final stage never sets `USER`, ...
//!  --> Dockerfile:1:1
//!   |
//! 1 | FROM debian:12
//!   | ^^^^^^^^^^^^^^
//!   = help: add `USER <non-root user>` ...
//! ```
//! ````
//!
//! Blocks after the `text output` block (a fix's diff, for instance) are
//! left alone.

use std::path::{Path, PathBuf};

use dockward::config::{ConfigResolver, Overrides};
use dockward::diagnostic::Diagnostic;
use dockward::lint::{RunOptions, lint_paths};
use dockward::rules::{RULES, RuleMeta};
use dockward::source::{FileKind, SourceFile};

/// A fenced block of a rule page.
struct Block {
    lang: String,
    attrs: Vec<String>,
    body: String,
    /// 1-based line of the opening fence.
    line: usize,
    /// 1-based line of the closing fence.
    end: usize,
}

fn blocks(doc: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = doc.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut parts = info.split_whitespace();
        let lang = parts.next().unwrap_or("").to_string();
        let attrs = parts.map(str::to_string).collect();
        let mut body = String::new();
        let mut end = n + 1;
        for (m, l) in lines.by_ref() {
            end = m + 1;
            if l.starts_with("```") {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        out.push(Block {
            lang,
            attrs,
            body,
            line: n + 1,
            end,
        });
    }
    out
}

struct Outcome {
    count: usize,
    messages: Vec<(String, Option<String>)>,
    /// The rule's diagnostics in the example's file, as pinned on pages.
    pinned: String,
    /// The applicability of each fix of the rule's diagnostics.
    applicabilities: Vec<&'static str>,
    /// The example after `--fix --unsafe-fixes` with only this rule
    /// selected.
    fixed: String,
}

fn run_example(
    meta: &RuleMeta,
    files: &[(String, String)],
    options: Option<&str>,
    extra_config: Option<&str>,
    kind: FileKind,
    body: &str,
) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let name = match kind {
        FileKind::Dockerfile => "Dockerfile",
        FileKind::Compose => "compose.yaml",
    };
    let path = dir.path().join(name);
    std::fs::write(&path, body).unwrap();
    let mut config = format!("extend-select = [\"{}\"]\n", meta.name);
    // A `toml config` block: more configuration (tables such as `[limits]`).
    if let Some(c) = extra_config {
        config.push_str(c);
    }
    if let Some(o) = options {
        config.push_str(&format!("[rules.{}]\n{o}", meta.name));
    }
    let cfg_path = dir.path().join("dockward.toml");
    std::fs::write(&cfg_path, &config).unwrap();
    let resolver = ConfigResolver::new(Some(&cfg_path), Overrides::default()).unwrap();
    let report = lint_paths(
        std::slice::from_ref(&path),
        &resolver,
        &RunOptions::default(),
    );
    let mut count = 0;
    let mut messages = Vec::new();
    let mut pinned = String::new();
    let mut applicabilities = Vec::new();
    for f in &report.files {
        for d in &f.diagnostics {
            messages.push((d.message.clone(), d.help.as_deref().map(str::to_string)));
            // A code reported under the rule (ShellCheck's) counts as it.
            if std::ptr::eq(d.rule.registered(), meta) && f.source.path == path {
                count += 1;
                pinned.push_str(&pin(d, &f.source, name, dir.path()));
                if let Some(fix) = &d.fix {
                    applicabilities.push(fix.applicability.as_str());
                }
            }
        }
    }
    // The fix runs with this rule alone, so other rules' fixes stay out
    // of the pinned output.
    let mut alone = config.clone();
    for r in RULES {
        if r.meta.fixable && !std::ptr::eq(r.meta, meta) {
            alone.push_str(&format!("\n[rules.{}]\nfix = false\n", r.meta.name));
        }
    }
    std::fs::write(&cfg_path, alone).unwrap();
    let resolver = ConfigResolver::new(Some(&cfg_path), Overrides::default()).unwrap();
    let run = dockward::fix::fix_paths(
        std::slice::from_ref(&path),
        &resolver,
        &RunOptions::default(),
        dockward::fix::FixOptions { unsafe_fixes: true },
        &|_| Ok(()),
    );
    let fixed = run
        .files
        .iter()
        .find(|f| f.path == path)
        .map_or_else(|| body.to_string(), |f| f.fixed.to_string());
    Outcome {
        count,
        messages,
        pinned,
        applicabilities,
        fixed,
    }
}

/// One diagnostic the way pages pin it: a header, the location, the
/// covered lines with the span underlined, then help and labels.
fn pin(d: &Diagnostic, src: &SourceFile, name: &str, dir: &Path) -> String {
    let mut out = format!(
        "{}[{} {}]: {}\n",
        d.severity, d.rule.code, d.rule.name, d.message
    );
    let start = src.line_col(d.span.start);
    let end = src.line_col(d.span.end);
    out.push_str(&format!(" --> {name}:{}:{}\n", start.line, start.column));
    let lines: Vec<&str> = src.text.lines().collect();
    let width = end.line.to_string().len();
    let gutter = " ".repeat(width);
    out.push_str(&format!("{gutter} |\n"));
    let shown: Vec<u32> = if end.line - start.line >= 4 {
        vec![start.line, start.line + 1, 0, end.line]
    } else {
        (start.line..=end.line).collect()
    };
    for n in shown {
        if n == 0 {
            out.push_str(&format!("{gutter} ...\n"));
            continue;
        }
        let line = lines
            .get(n as usize - 1)
            .copied()
            .unwrap_or("")
            .trim_end_matches('\r')
            .replace('\t', " ");
        let len = line.chars().count() as u32;
        let from = if n == start.line { start.column - 1 } else { 0 };
        let to = if n == end.line { end.column - 1 } else { len };
        // An empty span (or one that covers only a line end) gets one caret.
        let carets = to.saturating_sub(from).max(1) as usize;
        out.push_str(&format!("{n:>width$} | {line}\n").replace(" | \n", " |\n"));
        out.push_str(&format!(
            "{gutter} | {}{}\n",
            " ".repeat(from as usize),
            "^".repeat(carets)
        ));
    }
    if let Some(h) = &d.help {
        out.push_str(&format!("{gutter} = help: {h}\n"));
    }
    for l in &d.labels {
        let (file, at) = match &l.file {
            Some(other) => (
                other
                    .path
                    .strip_prefix(dir)
                    .unwrap_or(&other.path)
                    .to_string_lossy()
                    .into_owned(),
                other.line_col(l.span.start),
            ),
            None => (name.to_string(), src.line_col(l.span.start)),
        };
        out.push_str(&format!(
            "{gutter} = note: {file}:{}:{}: {}\n",
            at.line, at.column, l.message
        ));
    }
    out
}

fn page_path(meta: &RuleMeta) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("lints")
        .join(format!("{}-{}.md", meta.code, meta.name))
}

/// Rules whose examples need an external program: their pages are checked
/// by their own (ignored) tests.
const NEEDS_A_TOOL: [&str; 1] = ["shellcheck"];

#[test]
fn every_rule_page_example_behaves() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let mut examples = 0;
    for rule in RULES {
        if NEEDS_A_TOOL.contains(&rule.meta.name) {
            continue;
        }
        examples += check_page(rule.meta, bless, &mut failures);
    }
    assert!(examples > 40, "too few examples found: {examples}");
    finish(bless, &failures);
}

#[test]
#[ignore = "needs `shellcheck` (scripts/install/shellcheck.sh); scripts/test runs it"]
fn shellcheck_page_examples_behave() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let meta = dockward::rules::find("shellcheck").unwrap().meta;
    assert!(check_page(meta, bless, &mut failures) > 1);
    finish(bless, &failures);
}

fn finish(bless: bool, failures: &[String]) {
    if bless {
        return;
    }
    assert!(
        failures.is_empty(),
        "{}\n(after a deliberate change: BLESS=1 cargo test --test lint_pages)",
        failures.join("\n")
    );
}

/// Runs a page's examples, compares the pinned outputs (rewriting them when
/// `bless`), and returns the number of examples.
fn check_page(meta: &'static RuleMeta, bless: bool, failures: &mut Vec<String>) -> usize {
    let mut examples = 0;
    let page = page_path(meta);
    let doc = std::fs::read_to_string(&page).unwrap();
    let label = format!("{}-{}.md", meta.code, meta.name);
    let all = blocks(&doc);
    let mut files = Vec::new();
    let mut options = None;
    let mut extra_config = None;
    let (mut bad, mut good) = (0, 0);
    // (bad block, its output block if it directly follows, pinned output)
    let mut pins: Vec<(usize, Option<usize>, String)> = Vec::new();
    // The fix of the last `bad` example, for the `fixed` block after it.
    let mut last_fixed: Option<String> = None;
    let mut fixed_blocks = 0;
    let mut applicabilities: Vec<&'static str> = Vec::new();
    let mut first_fix: Option<String> = None;
    for (i, b) in all.iter().enumerate() {
        if b.attrs.iter().any(|a| a == "fixed") {
            fixed_blocks += 1;
            match last_fixed.take() {
                Some(actual) if actual == b.body => {}
                Some(actual) => failures.push(format!(
                    "{label} line {}: the fixed example differs; the fix gives:\n{actual}",
                    b.line
                )),
                None => failures.push(format!(
                    "{label} line {}: a `fixed` block must follow a `bad` example",
                    b.line
                )),
            }
            continue;
        }
        if let Some(f) = b.attrs.iter().find_map(|a| a.strip_prefix("file=")) {
            files.push((f.to_string(), b.body.clone()));
            continue;
        }
        let kind = match b.lang.as_str() {
            "dockerfile" => FileKind::Dockerfile,
            "compose" => FileKind::Compose,
            "toml" if b.attrs.iter().any(|a| a == "options") => {
                options = Some(b.body.clone());
                continue;
            }
            "toml" if b.attrs.iter().any(|a| a == "config") => {
                extra_config = Some(b.body.clone());
                continue;
            }
            _ => continue,
        };
        let is_bad = b.attrs.iter().any(|a| a == "bad");
        let expected = if is_bad {
            bad += 1;
            1
        } else if b.attrs.iter().any(|a| a == "good") {
            good += 1;
            0
        } else {
            continue;
        };
        examples += 1;
        let out = run_example(
            meta,
            &files,
            options.as_deref(),
            extra_config.as_deref(),
            kind,
            &b.body,
        );
        applicabilities.extend(out.applicabilities.iter().copied());
        last_fixed = (expected == 1).then(|| out.fixed.clone());
        if expected == 1 && first_fix.is_none() && out.fixed != b.body {
            first_fix = Some(out.fixed.clone());
        }
        if out.count != expected {
            failures.push(format!(
                "{label} line {}: expected {expected} `{}` diagnostic(s), got {}",
                b.line, meta.name, out.count
            ));
        }
        for (m, h) in &out.messages {
            if let Some(problem) = style_problem(m, h.as_deref()) {
                failures.push(format!("{label} line {}: {problem}: {m:?}", b.line));
            }
        }
        if is_bad {
            let next = all.get(i + 1).filter(|n| {
                n.lang == "text"
                    && n.attrs.iter().any(|a| a == "output")
                    && doc
                        .lines()
                        .skip(b.end)
                        .take(n.line - b.end - 1)
                        .all(|l| l.trim().is_empty())
            });
            match next {
                Some(n) if n.body == out.pinned => {}
                Some(n) => failures.push(format!(
                    "{label} line {}: the output pinned at line {} differs\n--- page\n{}--- dockward\n{}",
                    b.line, n.line, n.body, out.pinned
                )),
                None => failures.push(format!(
                    "{label} line {}: a `bad` example is followed by its `text output` block",
                    b.line
                )),
            }
            pins.push((i, next.map(|_| i + 1), out.pinned));
        }
    }
    if bad == 0 || good == 0 {
        failures.push(format!(
            "{label} needs at least one bad and one good example"
        ));
    }
    if let Some(problem) = fix_section_problem(meta, fixed_blocks, &applicabilities) {
        let shown = match &first_fix {
            Some(f) if fixed_blocks == 0 => format!("; the first bad example fixes to:\n{f}"),
            _ => String::new(),
        };
        failures.push(format!("{label}: {problem}{shown}"));
    }
    if bless {
        let blessed = with_outputs(&doc, &all, &pins);
        if blessed != doc {
            std::fs::write(&page, blessed).unwrap();
        }
    }
    examples
}

/// The page with each `bad` example's `text output` block written (replaced
/// when it is there, inserted after the example when not).
fn with_outputs(doc: &str, all: &[Block], pins: &[(usize, Option<usize>, String)]) -> String {
    let mut lines: Vec<String> = doc.lines().map(str::to_string).collect();
    for (bad, output, pinned) in pins.iter().rev() {
        let body: Vec<String> = pinned.lines().map(str::to_string).collect();
        match output {
            Some(o) => {
                let b = &all[*o];
                lines.splice(b.line..b.end - 1, body);
            }
            None => {
                let at = all[*bad].end;
                let mut block = vec![String::new(), "```text output".to_string()];
                block.extend(body);
                block.push("```".to_string());
                lines.splice(at..at, block);
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Message style: lowercase start, no trailing period; help likewise.
fn style_problem(message: &str, help: Option<&str>) -> Option<&'static str> {
    let first = message.chars().next()?;
    if first.is_uppercase() {
        return Some("message starts with a capital");
    }
    if message.ends_with('.') || message.ends_with('!') {
        return Some("message ends with punctuation");
    }
    if let Some(h) = help {
        if h.chars().next().is_some_and(char::is_uppercase) && !h.starts_with("Dockerfiles") {
            return Some("help starts with a capital");
        }
        if h.ends_with('.') {
            return Some("help ends with a period");
        }
    }
    None
}

#[test]
fn registry_is_consistent() {
    let mut codes = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for r in RULES {
        let m = r.meta;
        assert!(codes.insert(m.code), "duplicate code {}", m.code);
        assert!(names.insert(m.name), "duplicate name {}", m.name);
        let prefix = match m.kind {
            FileKind::Dockerfile => "DF",
            FileKind::Compose => "DC",
        };
        assert!(
            m.code.starts_with(prefix) && m.code.len() == 5,
            "{}",
            m.code
        );
        assert!(
            m.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            m.code
        );
        assert!(
            m.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "name not kebab-case: {}",
            m.name
        );
        assert!(
            page_path(m).exists(),
            "missing page {}",
            page_path(m).display()
        );
        let mut lines = m.doc.lines();
        assert_eq!(
            lines.next(),
            Some(format!("# {} ({})", m.name, m.code).as_str()),
            "title of {}",
            m.code
        );
        assert_eq!(lines.next(), Some(""));
        assert_eq!(
            lines.next(),
            Some(m.summary),
            "summary of {} must match META.summary",
            m.code
        );
        assert!(
            !m.summary.ends_with('.') && !m.summary.starts_with(char::is_uppercase),
            "summary style of {}",
            m.code
        );
        let kind = match m.kind {
            FileKind::Dockerfile => "Dockerfile",
            FileKind::Compose => "Compose",
        };
        assert_eq!(
            lines.nth(1),
            Some(format!("- Kind: {kind}").as_str()),
            "kind line of {} must match META.kind",
            m.code
        );
        assert_eq!(
            lines.next(),
            Some(format!("- Default severity: {}", m.severity.as_str()).as_str()),
            "severity line of {} must match META.severity",
            m.code
        );
        for o in m.origins {
            assert!(
                m.doc.contains(o.id),
                "{} page does not mention its origin {}",
                m.code,
                o.id
            );
        }
        for section in ["## What it does", "## Why is this bad?", "## Examples"] {
            assert!(m.doc.contains(section), "{} page lacks `{section}`", m.code);
        }
    }
    // Every page belongs to a rule.
    for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("lints")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        assert!(
            RULES
                .iter()
                .any(|r| name == format!("{}-{}.md", r.meta.code, r.meta.name)),
            "page without a rule: {name}"
        );
    }
}

/// One name pattern per family of rules (DESIGN.md: a name names the bad
/// pattern, read after "this is"):
/// - a setting that is absent is `missing-<setting>` (never `no-<setting>`
///   or `<setting>-unset`);
/// - a Compose rule that is the twin of a Dockerfile rule is
///   `service-<dockerfile rule name>` (`root-user` / `service-root-user`),
///   and every `-user` Compose rule is such a twin;
/// - an ordering rule is `unsorted-<what>`;
/// - former names (`aliases`) are unique and never a current name.
#[test]
fn rule_names_follow_the_patterns() {
    let names: std::collections::HashSet<&str> = RULES.iter().map(|r| r.meta.name).collect();
    let dockerfile_names: std::collections::HashSet<&str> = RULES
        .iter()
        .filter(|r| r.meta.kind == FileKind::Dockerfile)
        .map(|r| r.meta.name)
        .collect();
    let mut seen_aliases = std::collections::HashSet::new();
    let mut failures = Vec::new();
    for r in RULES {
        let (code, name) = (r.meta.code, r.meta.name);
        if name.starts_with("no-") || name.ends_with("-unset") {
            failures.push(format!(
                "{code} `{name}`: an absence rule is named `missing-...`"
            ));
        }
        if name.contains("ordered") || name.contains("-order") {
            failures.push(format!(
                "{code} `{name}`: an ordering rule is named `unsorted-...`"
            ));
        }
        if r.meta.kind == FileKind::Compose {
            let twin = name.strip_prefix("service-");
            if name.ends_with("-user") && !twin.is_some_and(|t| dockerfile_names.contains(t)) {
                failures.push(format!(
                    "{code} `{name}`: a Compose `-user` rule is `service-<Dockerfile rule>`"
                ));
            }
            if dockerfile_names.contains(name) {
                failures.push(format!(
                    "{code} `{name}`: a Compose twin of a Dockerfile rule is `service-{name}`"
                ));
            }
        }
        for a in r.meta.aliases {
            if names.contains(a) || !seen_aliases.insert(*a) {
                failures.push(format!("{code}: alias `{a}` is a name or another alias"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The classes of `docs/severity.md`: `#### NAME (SEVERITY)` headings.
fn severity_classes() -> Vec<(String, String)> {
    let policy =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/severity.md"))
            .unwrap();
    let classes: Vec<(String, String)> = policy
        .lines()
        .filter_map(|l| {
            let (name, sev) = l.strip_prefix("#### ")?.split_once(" (")?;
            Some((name.to_string(), sev.strip_suffix(')')?.to_string()))
        })
        .collect();
    // Pages link to `#CLASS`: each class has that anchor.
    for (name, _) in &classes {
        assert!(
            policy.contains(&format!("<a id=\"{name}\"></a>")),
            "docs/severity.md: class `{name}` has no anchor"
        );
    }
    classes
}

#[test]
fn every_rule_page_names_its_severity_class() {
    let classes = severity_classes();
    // The policy defines the four severities and at least one class each.
    for sev in ["error", "warning", "info", "style"] {
        assert!(
            classes.iter().any(|(_, s)| s == sev),
            "docs/severity.md defines no class for `{sev}`"
        );
    }
    for r in RULES {
        let m = r.meta;
        let line = m
            .doc
            .lines()
            .find_map(|l| l.strip_prefix("- Severity class: "))
            .unwrap_or_else(|| panic!("{} page has no `- Severity class:` line", m.code));
        let name = line
            .strip_prefix('[')
            .and_then(|l| l.split_once("](../docs/severity.md#"))
            .filter(|(name, anchor)| anchor.strip_suffix(')') == Some(*name))
            .map(|(name, _)| name)
            .unwrap_or_else(|| {
                panic!(
                    "{}: the class line must be `[CLASS](../docs/severity.md#CLASS)`, not `{line}`",
                    m.code
                )
            });
        let Some((_, sev)) = classes.iter().find(|(c, _)| c == name) else {
            panic!(
                "{}: class `{name}` is not defined in docs/severity.md",
                m.code
            );
        };
        assert_eq!(
            sev,
            m.severity.as_str(),
            "{} is in class `{name}` ({sev}) but its severity is {}",
            m.code,
            m.severity.as_str()
        );
    }
}
/// A fixable rule's page has a `## Fix` section that names the
/// applicability of every fix its examples produce (safe, unsafe,
/// display-only) and says why, and pins at least one fix's output in a
/// `fixed` block after a `bad` example. Other pages have neither.
fn fix_section_problem(
    meta: &RuleMeta,
    fixed_blocks: usize,
    applicabilities: &[&str],
) -> Option<String> {
    let section = meta.doc.split("\n## Fix\n").nth(1).map(|rest| {
        rest.split("\n## ")
            .next()
            .unwrap_or(rest)
            .to_ascii_lowercase()
    });
    if !meta.fixable {
        return (section.is_some() || fixed_blocks > 0)
            .then(|| "has a `## Fix` section but the rule is not fixable".to_string());
    }
    let Some(section) = section else {
        return Some("the rule is fixable: its page needs a `## Fix` section".into());
    };
    if fixed_blocks == 0 {
        return Some("the `## Fix` section needs a `fixed` example".into());
    }
    if applicabilities.is_empty() {
        return Some("no example produces a fix".into());
    }
    for a in applicabilities {
        let named = match *a {
            "safe" => section
                .match_indices("safe")
                .any(|(i, _)| !section[..i].ends_with("un")),
            other => section.contains(other),
        };
        if !named {
            return Some(format!("the `## Fix` section does not say the fix is {a}"));
        }
    }
    None
}
