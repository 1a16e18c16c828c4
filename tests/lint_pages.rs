//! Rule pages are tests: every `bad` example gives exactly one diagnostic of
//! its rule, every `good` example none. Also checks the pages' shape and the
//! message style of every diagnostic the examples produce.

use std::path::{Path, PathBuf};

use dockward::config::{ConfigResolver, Overrides};
use dockward::lint::{RunOptions, lint_paths};
use dockward::rules::{RULES, RuleMeta};
use dockward::source::FileKind;

/// A fenced block of a rule page.
struct Block {
    lang: String,
    attrs: Vec<String>,
    body: String,
    line: usize,
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
        for (_, l) in lines.by_ref() {
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
        });
    }
    out
}

struct Outcome {
    count: usize,
    messages: Vec<(String, Option<String>)>,
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
    std::fs::write(&cfg_path, config).unwrap();
    let resolver = ConfigResolver::new(Some(&cfg_path), Overrides::default()).unwrap();
    let report = lint_paths(
        std::slice::from_ref(&path),
        &resolver,
        &RunOptions::default(),
    );
    let mut count = 0;
    let mut messages = Vec::new();
    for f in &report.files {
        for d in &f.diagnostics {
            messages.push((d.message.clone(), d.help.clone()));
            // A code reported under the rule (ShellCheck's) counts as it.
            if std::ptr::eq(d.rule.registered(), meta) && f.source.path == path {
                count += 1;
            }
        }
    }
    Outcome { count, messages }
}

fn page_path(meta: &RuleMeta) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("lints")
        .join(format!("{}-{}.md", meta.code, meta.name))
}

#[test]
fn every_rule_page_example_behaves() {
    let mut failures = Vec::new();
    let mut examples = 0;
    let mut skipped = Vec::new();
    for rule in RULES {
        let meta = rule.meta;
        // The `shellcheck` rule runs the `shellcheck` program; without it
        // the configuration refuses the rule.
        if meta.name == "shellcheck" && dockward::shellcheck::executable().is_none() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "shellcheck is not installed (scripts/install/shellcheck.sh)"
            );
            skipped.push(meta.name);
            continue;
        }
        let mut files = Vec::new();
        let mut options = None;
        let mut extra_config = None;
        let (mut bad, mut good) = (0, 0);
        for b in blocks(meta.doc) {
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
            if let Some(f) = b.attrs.iter().find_map(|a| a.strip_prefix("file=")) {
                files.push((f.to_string(), b.body.clone()));
                continue;
            }
            let expected = if b.attrs.iter().any(|a| a == "bad") {
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
            if out.count != expected {
                failures.push(format!(
                    "{}-{}.md line {}: expected {expected} `{}` diagnostic(s), got {}",
                    meta.code, meta.name, b.line, meta.name, out.count
                ));
            }
            for (m, h) in out.messages {
                if let Some(problem) = style_problem(&m, h.as_deref()) {
                    failures.push(format!(
                        "{}-{}.md line {}: {problem}: {m:?}",
                        meta.code, meta.name, b.line
                    ));
                }
            }
        }
        if bad == 0 || good == 0 {
            failures.push(format!(
                "{}-{}.md needs at least one bad and one good example",
                meta.code, meta.name
            ));
        }
    }
    if !skipped.is_empty() {
        eprintln!("skipped the examples of {skipped:?}: shellcheck is not installed");
    }
    assert!(examples > 40, "too few examples found: {examples}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
