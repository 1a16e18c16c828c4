//! Properties that hold for every input, whatever its bytes: the fuzz
//! targets (`fuzz/`) assert them on generated input and the tests on the
//! corpus and on hostile files. Each function returns a description of the
//! first violation; a panic inside the code under test propagates (the
//! fuzzers want to see it).

use std::path::Path;

use crate::config::{Config, Overrides};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::{self, Args, Dockerfile, Instruction};
use crate::source::{FileKind, Span};
use crate::yaml::{self, Limits, Node, Value};

/// A span lies inside `src` and both ends are on character boundaries.
pub fn span_ok(src: &str, span: Span) -> bool {
    span.start <= span.end
        && (span.end as usize) <= src.len()
        && src.is_char_boundary(span.start as usize)
        && src.is_char_boundary(span.end as usize)
}

fn check_span(src: &str, span: Span, what: &str) -> Result<(), String> {
    if span_ok(src, span) {
        Ok(())
    } else {
        Err(format!(
            "{what} {span:?} is outside the file ({} bytes) or not on a character boundary",
            src.len()
        ))
    }
}

/// The Dockerfile parser: `parse` then `print` gives the input back, every
/// span of the tree is in bounds, and the parts of an instruction lie inside
/// it. The stage model builds from whatever the parser returned.
pub fn dockerfile(src: &str) -> Result<(), String> {
    let df = dockerfile::parse(src);
    match df.print(src) {
        Ok(out) if out == src => {}
        Ok(out) => {
            let at = out
                .bytes()
                .zip(src.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(out.len().min(src.len()));
            return Err(format!("print differs from the source at byte {at}"));
        }
        Err(e) => return Err(format!("print failed: {e}")),
    }
    dockerfile_spans(src, &df)?;
    let _ = dockerfile::Model::new(&df);
    Ok(())
}

fn dockerfile_spans(src: &str, df: &Dockerfile) -> Result<(), String> {
    for e in &df.errors {
        check_span(src, e.span, "syntax error")?;
    }
    for d in &df.directives {
        check_span(src, d.span, "directive")?;
        if d.name.span.text(src) != d.name.value || d.value.span.text(src) != d.value.value {
            return Err(format!("directive {d:?} does not match the file"));
        }
    }
    for s in &df.empty_continuation_lines {
        check_span(src, *s, "empty continuation line")?;
        if !s.text(src).trim().is_empty() {
            return Err(format!("empty continuation line {s:?} is not empty"));
        }
    }
    let mut prev_end = 0;
    for ins in &df.instructions {
        if ins.span.start < prev_end {
            return Err(format!("instruction {:?} overlaps the previous", ins.span));
        }
        prev_end = ins.span.end;
        instruction(src, ins, ins.span)?;
    }
    Ok(())
}

fn instruction(src: &str, ins: &Instruction, outer: Span) -> Result<(), String> {
    let inside = |s: Span, what: &str| -> Result<(), String> {
        check_span(src, s, what)?;
        if outer.contains_span(s) {
            Ok(())
        } else {
            Err(format!("{what} {s:?} is outside its instruction {outer:?}"))
        }
    };
    inside(ins.span, "instruction")?;
    inside(ins.keyword_span, "keyword")?;
    // A keyword split by a line continuation (`FR\<newline>OM`) spans both lines.
    let kw = ins.keyword_span.text(src);
    if !kw.contains('\n') && !kw.eq_ignore_ascii_case(ins.keyword.as_str()) {
        return Err(format!(
            "keyword span {:?} is not {}",
            ins.keyword_span, ins.keyword
        ));
    }
    inside(ins.args_span, "arguments")?;
    for f in &ins.flags {
        inside(f.span, "flag")?;
        inside(f.name.span, "flag name")?;
        if let Some(v) = &f.value {
            inside(v.span, "flag value")?;
        }
    }
    for w in ins.words() {
        inside(w.span, "word")?;
    }
    for kv in ins.pairs() {
        inside(kv.span, "pair")?;
        inside(kv.key.span, "key")?;
        if let Some(v) = &kv.value {
            inside(v.span, "value")?;
        }
    }
    if let Some(dockerfile::Command::Exec(items, whole)) = ins.command() {
        inside(*whole, "exec form")?;
        for w in items {
            inside(w.span, "exec word")?;
        }
    }
    for h in &ins.heredocs {
        inside(h.marker, "heredoc marker")?;
        inside(h.body_span, "heredoc body")?;
        if let Some(t) = h.terminator {
            inside(t, "heredoc terminator")?;
        }
    }
    if let Args::Onbuild(Some(inner)) = &ins.args {
        instruction(src, inner, outer)?;
    }
    Ok(())
}

/// The YAML loader: every node span is in bounds and lies inside its
/// parent's (except nodes copied by an alias or a merge key, which keep the
/// span of their definition), and verbatim scalars are what the file says.
pub fn yaml(src: &str) -> Result<(), String> {
    let Ok(loaded) = yaml::load_with_warnings(src, &Limits::default()) else {
        return Ok(());
    };
    for w in &loaded.warnings {
        check_span(src, w.span, "warning")?;
    }
    // Iterative: trees are as deep as the depth limit allows.
    let mut stack: Vec<(&Node, Option<Span>)> = loaded.docs.iter().map(|d| (d, None)).collect();
    while let Some((node, parent)) = stack.pop() {
        check_span(src, node.span, "node")?;
        if let Some(a) = node.alias {
            check_span(src, a, "alias site")?;
        }
        if let (Some(p), None) = (parent, node.alias)
            && !p.contains_span(node.span)
        {
            return Err(format!("node {:?} is outside its parent {p:?}", node.span));
        }
        // Children copied by an alias are checked against the copy's own span.
        let own = Some(node.span);
        match &node.value {
            Value::Null => {}
            Value::Scalar(s) => {
                if let Some(off) = s.verbatim {
                    let span = Span::new(off, off.saturating_add(s.text.len() as u32));
                    check_span(src, span, "verbatim scalar")?;
                    if span.text(src) != s.text {
                        return Err(format!("verbatim scalar {:?} is not at {off}", s.text));
                    }
                    // A block scalar's span ends at its last non-blank
                    // character; its text may go on with line breaks.
                    let visible = Span::new(off, off + s.text.trim_end().len() as u32);
                    if node.alias.is_none()
                        && !visible.is_empty()
                        && !node.span.contains_span(visible)
                    {
                        return Err(format!("scalar text {span:?} is outside its node"));
                    }
                }
            }
            Value::Seq(items) => stack.extend(items.iter().map(|n| (n, own))),
            Value::Map(m) => {
                for e in &m.entries {
                    if let Some(f) = e.merged_from {
                        check_span(src, f, "merge source")?;
                    }
                    let p = if e.merged_from.is_some() { None } else { own };
                    stack.push((&e.key, p));
                    stack.push((&e.value, p));
                }
            }
        }
    }
    Ok(())
}

/// The Compose model: it builds (or fails with an in-bounds error) and every
/// problem and field span it reports is in bounds.
pub fn compose(src: &str) -> Result<(), String> {
    let env = |_: &str| -> Option<String> { None };
    match crate::compose::parse_file(src, &Limits::default(), &env) {
        Ok(file) => {
            for p in &file.problems {
                check_span(src, p.span, "problem")?;
            }
            for s in &file.services {
                check_span(src, s.name.span, "service name")?;
            }
            Ok(())
        }
        Err(e) => check_span(src, e.span, "load error"),
    }
}

/// A configuration with every rule enabled, for linting arbitrary input.
pub fn all_rules_config() -> Config {
    every_rule_but(&[])
}

/// [`all_rules_config`] without the rules that run another program
/// (`shellcheck`), for the fuzz targets. A fuzzed script nested thousands
/// deep takes ShellCheck itself seconds (9 s for one 83 KB input), which
/// libFuzzer's 10 s time-out then reports as dockward's; dockward bounds
/// that wait with `shellcheck::TIMEOUT`, and the ShellCheck findings' spans
/// are checked on the corpus by `tests/invariants.rs`.
pub fn fuzz_config() -> Config {
    every_rule_but(&["shellcheck"])
}

fn every_rule_but(ignore: &[&str]) -> Config {
    let overrides = Overrides {
        select: vec!["all".into()],
        ignore: ignore.iter().map(|r| r.to_string()).collect(),
        ..Overrides::default()
    };
    Config::defaults(&overrides).unwrap_or_default()
}

/// The whole lint of one file: no internal error (a caught panic), every
/// diagnostic, label and fix edit in bounds and on character boundaries,
/// and each output format renders it.
pub fn lint(src: &str, kind: FileKind, config: &Config) -> Result<(), String> {
    lint_rendering(src, kind, config, Rendering::Whole)
}

/// How much of the output [`lint_rendering`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rendering {
    /// Every format, whole.
    Whole,
    /// Every format, but SARIF without its rule table (the same for every
    /// input, and most of the cost of a fuzzing iteration).
    InputDependent,
}

/// [`lint`], choosing how much output is rendered.
pub fn lint_rendering(
    src: &str,
    kind: FileKind,
    config: &Config,
    rendering: Rendering,
) -> Result<(), String> {
    let name = match kind {
        FileKind::Dockerfile => "Dockerfile",
        FileKind::Compose => "compose.yaml",
    };
    let report = crate::lint::lint_text(Path::new(name), kind, src.to_string(), config);
    for d in &report.diagnostics {
        diagnostic(src, d)?;
    }
    let run = crate::lint::RunReport {
        files: vec![report],
        ..Default::default()
    };
    let style = crate::render::Style {
        color: false,
        width: 80,
        summary: true,
        show_source: true,
        verbose: false,
        cwd: None,
        workspace: None,
        vcs: None,
    };
    use crate::render::Format;
    for format in Format::ALL {
        let mut out = Vec::new();
        let written = if format == Format::Sarif && rendering == Rendering::InputDependent {
            crate::render::sarif::render_results(&run, &style, &mut out)
        } else {
            crate::render::render(format, &run, &style, &mut out)
        };
        written.map_err(|e| format!("{format:?} output failed: {e}"))?;
        // Values from the input are escaped in every output
        // (`crate::escape`): the only raw control character is the line
        // break (and the tab the human format's snippets keep).
        let text = String::from_utf8_lossy(&out);
        if let Some(c) = text.chars().find(|&c| {
            crate::escape::is_special(c) && c != '\n' && !(c == '\t' && format == Format::Human)
        }) {
            return Err(format!("{format:?} output holds a raw {c:?}"));
        }
        // No Azure Pipelines logging command but the azure format's own
        // issues, one at the start of each line.
        for line in text.lines() {
            let own = format == Format::Azure && line.starts_with("##vso[task.logissue ");
            if line.matches("##vso[").count() > usize::from(own) {
                return Err(format!("{format:?} output holds `##vso[`: {line:?}"));
            }
            if line.contains("##teamcity[") {
                return Err(format!("{format:?} output holds `##teamcity[`: {line:?}"));
            }
        }
    }
    Ok(())
}

fn diagnostic(src: &str, d: &Diagnostic) -> Result<(), String> {
    if d.message.starts_with("internal error") {
        return Err(format!("{}: {}", d.rule.code, d.message));
    }
    check_span(src, d.span, d.rule.code)?;
    for l in &d.labels {
        if l.file.is_none() {
            check_span(src, l.span, "label")?;
        }
    }
    if let Some(f) = &d.fix {
        for e in &f.edits {
            check_span(src, e.span, "fix edit")?;
        }
    }
    Ok(())
}

/// The text every file outside a [`project`]'s repository holds: it must
/// never appear in any output.
pub const OUTSIDE_CANARY: &str = "outside-c4nary-d0-not-print";

/// Names the files of a fuzzed project may have (a marker's byte picks
/// one): the Compose names, override and other layers, `.env` files,
/// Dockerfiles, in the root and a subdirectory.
pub const PROJECT_NAMES: [&str; 12] = [
    "compose.yaml",
    "compose.override.yaml",
    ".env",
    "a.yaml",
    "b.yaml",
    "x.env",
    "Dockerfile",
    ".dockerignore",
    "sub/compose.yaml",
    "sub/.env",
    "sub/Dockerfile",
    "sub/c.yaml",
];

/// A multi-file Compose project, written into `dir/repo` (a git work
/// tree with no index) beside `dir/outside.env` and `dir/outside.yaml`,
/// which hold [`OUTSIDE_CANARY`], then linted as a directory with
/// [`fuzz_config`]. `files` are (name, bytes); `links` are names made symbolic
/// links (to the outside files, or to another file of the project when the
/// target is inside). Holds: no internal error (a caught panic), every
/// diagnostic and label in bounds of its file, every format renders, and
/// no output holds the canary (nothing outside was read, or echoed).
pub fn project(
    dir: &Path,
    files: &[(&str, Vec<u8>)],
    links: &[(&str, &str)],
) -> Result<(), String> {
    let repo = dir.join("repo");
    let _ = std::fs::remove_dir_all(&repo);
    let io = |e: std::io::Error| format!("cannot set up the project: {e}");
    std::fs::create_dir_all(repo.join(".git")).map_err(io)?;
    std::fs::create_dir_all(repo.join("sub")).map_err(io)?;
    let canary = format!(
        "SECRET={OUTSIDE_CANARY}\nservices:\n  {OUTSIDE_CANARY}: {{image: {OUTSIDE_CANARY}}}\n"
    );
    std::fs::write(dir.join("outside.env"), &canary).map_err(io)?;
    std::fs::write(dir.join("outside.yaml"), &canary).map_err(io)?;
    for (name, bytes) in files {
        std::fs::write(repo.join(name), bytes).map_err(io)?;
    }
    #[cfg(unix)]
    for (name, target) in links {
        let p = repo.join(name);
        let _ = std::fs::remove_file(&p);
        std::os::unix::fs::symlink(target, &p).map_err(io)?;
    }
    let resolver = crate::config::ConfigResolver::with_config(fuzz_config());
    let report = crate::lint::lint_paths(
        std::slice::from_ref(&repo),
        &resolver,
        &crate::lint::RunOptions::default(),
    );
    for f in &report.files {
        let src = &f.source.text;
        for d in &f.diagnostics {
            if d.message.starts_with("internal error") {
                return Err(format!(
                    "{}: {}: {}",
                    f.source.path.display(),
                    d.rule.code,
                    d.message
                ));
            }
            if !src.is_empty() {
                check_span(src, d.span, d.rule.code)?;
            }
            for l in &d.labels {
                let text = l.file.as_ref().map_or(src, |f| &f.text);
                if !text.is_empty() {
                    check_span(text, l.span, "label")?;
                }
            }
        }
    }
    let style = crate::render::Style {
        color: false,
        width: 80,
        summary: true,
        show_source: true,
        cwd: None,
        workspace: None,
        vcs: None,
        verbose: false,
    };
    use crate::render::Format;
    for format in Format::ALL {
        let mut out = Vec::new();
        let written = if format == Format::Sarif {
            crate::render::sarif::render_results(&report, &style, &mut out)
        } else {
            crate::render::render(format, &report, &style, &mut out)
        };
        written.map_err(|e| format!("{format:?} output failed: {e}"))?;
        if memchr::memmem::find(&out, OUTSIDE_CANARY.as_bytes()).is_some() {
            return Err(format!(
                "{format:?} output holds a file outside the repository"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_checks_catch_bad_spans() {
        assert!(span_ok("aé", Span::new(1, 3)));
        assert!(!span_ok("aé", Span::new(1, 2)));
        assert!(!span_ok("ab", Span::new(1, 3)));
        assert!(!span_ok("ab", Span::new(2, 1)));
    }

    #[test]
    fn hold_on_small_inputs() {
        let config = all_rules_config();
        for src in [
            "",
            "FROM x\nRUN <<EOF\nunterminated",
            "# escape=`\nFROM x\nRUN a `\n\n b\n",
            "services:\n  a: &a {image: x}\n  b:\n    <<: *a\n    privileged: true\n",
            "x: [1, {a: b}]\n---\n- *nope\n",
            // Found by the fuzzers: a keyword split by a continuation, a
            // block scalar whose text ends past its last visible character.
            "FR\\\nOM p\nCOPY a b\n",
            "c: |\n  lit: \"esc\\n\"\nf: 'q''q'\n",
            "c: |\n\u{e9}: e\n",
            // A directive with non-ASCII characters shifted every span
            // after it.
            "%\u{fffd}\u{fffd}\n---\n! ::\n! :",
            "%YAML 1.2 \u{e9}\n---\nservices:\n  a: {image: x}\n...\n%\u{e9}\n---\nb: c\n",
        ] {
            dockerfile(src).unwrap();
            yaml(src).unwrap();
            compose(src).unwrap();
            lint(src, FileKind::Dockerfile, &config).unwrap();
            lint(src, FileKind::Compose, &config).unwrap();
        }
    }
}
