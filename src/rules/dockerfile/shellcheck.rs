//! ShellCheck on every `RUN` script, for people coming from hadolint: each
//! finding is a diagnostic with ShellCheck's own code (`SC2086`) and its
//! wiki page.
//!
//! The script of a shell-form `RUN` is its text with the line
//! continuations removed; a heredoc that the shell runs is checked on its
//! own; a `RUN` whose command line also feeds heredocs to a command is
//! checked with them, the way the shell reads it. Scripts of shells that
//! ShellCheck does not read (PowerShell, `cmd`, zsh) are skipped. Each
//! script starts with `export NAME=1` for the build arguments and
//! environment variables in scope (and Docker's predefined proxy
//! arguments), as hadolint does, so that ShellCheck does not take them for
//! unassigned. Positions come back through the script's offset map: a
//! finding covers its exact characters in the file.

use foldhash::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::dockerfile::{Command, Instruction, Keyword, ScriptSource};
use crate::rules::prelude::*;
use crate::shellcheck::{self, Finding, Job};
use crate::source::OffsetMap;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF199",
    name: "shellcheck",
    kind: Dockerfile,
    severity: Info,
    summary: "a `RUN` script has a problem that ShellCheck reports",
    origins: [],
    default_enabled: false,
};

/// Which ShellCheck codes run, from the configuration: `select`/`ignore`
/// of `SC` codes, `.hadolint.yaml`'s `ignored` and `override`, and
/// `[rules.shellcheck] severity`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Codes {
    /// When not empty, only these codes are reported.
    pub selected: Vec<u16>,
    pub ignored: Vec<u16>,
    /// A severity for every code (`[rules.shellcheck] severity`).
    pub severity: Option<Severity>,
    /// A severity per code (hadolint's `override`).
    pub severities: Vec<(u16, Severity)>,
}

impl Codes {
    /// Whether a code is reported.
    pub fn allows(&self, code: u16) -> bool {
        !self.ignored.contains(&code) && (self.selected.is_empty() || self.selected.contains(&code))
    }

    /// The severity a code is reported with, given ShellCheck's level.
    pub fn severity_of(&self, code: u16, level: Severity) -> Severity {
        self.severities
            .iter()
            .rev()
            .find(|(c, _)| *c == code)
            .map(|(_, s)| *s)
            .or(self.severity)
            .unwrap_or(level)
    }
}

/// The meta of one ShellCheck code: reported under this rule, with its own
/// code and the wiki page as its URL. One per code for the whole run.
pub fn code_meta(code: u16) -> &'static RuleMeta {
    static METAS: OnceLock<Mutex<HashMap<u16, &'static RuleMeta>>> = OnceLock::new();
    let mut metas = METAS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    metas.entry(code).or_insert_with(|| {
        // Codes are four digits: at most 10,000 metas ever exist.
        let code_text: &'static str = Box::leak(format!("SC{code}").into_boxed_str());
        let url: &'static str = Box::leak(shellcheck::wiki_url(code).into_boxed_str());
        // hadolint reports the code under the same name: its pragmas and
        // configuration name it.
        let origins: &'static [Origin] = Box::leak(Box::new([hadolint(code_text)]));
        Box::leak(Box::new(RuleMeta {
            code: code_text,
            name: META.name,
            kind: FileKind::Dockerfile,
            severity: META.severity,
            summary: META.summary,
            origins,
            default_enabled: false,
            parent: Some(&META),
            page_url: Some(url),
            ..RuleMeta::DEFAULT
        }))
    })
}

/// The name ShellCheck knows a shell by, or `None` for a shell it does not
/// read.
fn dialect(shell: &str) -> Option<&'static str> {
    match shell.to_ascii_lowercase().as_str() {
        "sh" | "busybox" => Some("sh"),
        "bash" => Some("bash"),
        // ShellCheck reads ash as dash (hadolint drops the note saying so).
        "dash" | "ash" => Some("dash"),
        "ksh" | "mksh" => Some("ksh"),
        _ => None,
    }
}

/// The interpreter a heredoc's shebang names, if any.
fn shebang_shell(body: &str) -> Option<&str> {
    let line = body.lines().next()?.strip_prefix("#!")?;
    let mut parts = line.split_whitespace();
    let exe = parts.next()?;
    let exe = if exe.rsplit('/').next() == Some("env") {
        parts.find(|p| !p.starts_with('-'))?
    } else {
        exe
    };
    exe.rsplit('/').next()
}

/// A script assembled for ShellCheck, with where each of its bytes is in
/// the file.
struct Assembled {
    text: String,
    /// `(start in text, how it maps)`, in order.
    pieces: Vec<(usize, Piece)>,
    /// ShellCheck's lines that hold the prelude (ours, not the file's).
    prelude: std::ops::Range<u32>,
    /// The shell a heredoc's shebang names, over the one in effect.
    shell: Option<&'static str>,
}

enum Piece {
    /// Bytes from the file through a map (local offset 0 is the piece's
    /// first byte).
    Mapped(OffsetMap),
    /// Text that is not in the file as such (the prelude, a heredoc's
    /// terminator), pinned to one file offset.
    At(u32),
}

impl Assembled {
    fn new() -> Assembled {
        Assembled {
            text: String::new(),
            pieces: Vec::new(),
            prelude: 0..0,
            shell: None,
        }
    }

    fn push_mapped(&mut self, text: &str, map: &OffsetMap) {
        self.pieces.push((self.text.len(), Piece::Mapped(map.clone())));
        self.text.push_str(text);
    }

    fn push_at(&mut self, text: &str, at: u32) {
        self.pieces.push((self.text.len(), Piece::At(at)));
        self.text.push_str(text);
    }

    /// Add the prelude (whole lines) here.
    fn push_prelude(&mut self, prelude: &str, at: u32) {
        let first = self.text.matches('\n').count() as u32 + 1;
        self.push_at(prelude, at);
        self.prelude = first..first + prelude.matches('\n').count() as u32;
    }

    /// The file offset of a byte of the text.
    fn to_file(&self, offset: usize) -> u32 {
        let i = self
            .pieces
            .partition_point(|(start, _)| *start <= offset)
            .saturating_sub(1);
        match self.pieces.get(i) {
            Some((start, Piece::Mapped(map))) => map.to_file((offset - start) as u32),
            Some((_, Piece::At(at))) => *at,
            None => 0,
        }
    }

    /// The byte offset of ShellCheck's 1-based (line, column), where a
    /// column counts characters.
    fn offset_of(&self, line: u32, column: u32) -> usize {
        let mut start = 0;
        for _ in 1..line.max(1) {
            match self.text[start..].find('\n') {
                Some(nl) => start += nl + 1,
                None => return self.text.len(),
            }
        }
        let line_text = &self.text[start..];
        let line_text = &line_text[..line_text.find('\n').unwrap_or(line_text.len())];
        let skip = column.saturating_sub(1) as usize;
        start
            + line_text
                .char_indices()
                .nth(skip)
                .map_or(line_text.len(), |(i, _)| i)
    }

    /// The file span of a finding.
    fn span_of(&self, f: &Finding) -> Span {
        let start = self.offset_of(f.line, f.column);
        let end = self.offset_of(f.end_line, f.end_column).max(start);
        let file_start = self.to_file(start);
        if end == start {
            return Span::empty(file_start);
        }
        // The end maps through its last byte, so that a span never runs
        // over the text a continuation removed.
        let last = self.text[..end]
            .char_indices()
            .next_back()
            .map_or(start, |(i, _)| i.max(start));
        let width = (end - last) as u32;
        let file_end = self.to_file(last) + width;
        Span::new(file_start, file_end.max(file_start))
    }
}

/// The lines that declare the variables in scope, for the prelude.
fn prelude(names: &[&str]) -> String {
    let mut out = String::new();
    for n in names {
        out.push_str("export ");
        out.push_str(n);
        out.push_str("=1\n");
    }
    out
}

/// Build the scripts of one `RUN` (or `ONBUILD RUN`) instruction.
fn scripts_of(ins: &Instruction, heredoc_scripts: &[usize], exports: &str) -> Vec<Assembled> {
    let Some(Command::Shell { text, map }) = ins.command() else {
        return Vec::new();
    };
    let at = ins.args_span.start;
    let with_prelude = |a: &mut Assembled| a.push_prelude(exports, at);
    let mut out = Vec::new();
    for &h in heredoc_scripts {
        let doc = &ins.heredocs[h];
        let mut a = Assembled::new();
        // A shebang names the shell and stays on the first line.
        if doc.body.starts_with("#!") {
            let Some(sh) = shebang_shell(&doc.body).and_then(dialect) else {
                continue;
            };
            a.shell = Some(sh);
            let nl = doc.body.find('\n').map_or(doc.body.len(), |i| i + 1);
            a.push_mapped(&doc.body[..nl], &doc.body_map);
            a.push_prelude(exports, doc.body_map.to_file(0));
            a.push_mapped(&doc.body[nl..], &doc.body_map.slice(nl as u32));
        } else {
            with_prelude(&mut a);
            a.push_mapped(&doc.body, &doc.body_map);
        }
        out.push(a);
    }
    let markers_only = text
        .split_whitespace()
        .all(|w| w.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with("<<"));
    if ins.heredocs.is_empty() {
        let mut a = Assembled::new();
        with_prelude(&mut a);
        a.push_mapped(text, map);
        out.push(a);
    } else if !markers_only {
        // The command line with the heredocs it feeds, as the shell reads
        // it.
        let mut a = Assembled::new();
        with_prelude(&mut a);
        a.push_mapped(text, map);
        for doc in &ins.heredocs {
            let end = doc.terminator.map_or(doc.body_span.end, |t| t.start);
            a.push_at("\n", doc.body_span.start);
            a.push_mapped(&doc.body, &doc.body_map);
            if !doc.body.is_empty() && !doc.body.ends_with('\n') {
                a.push_at("\n", end);
            }
            a.push_at(&doc.delimiter, end);
        }
        a.push_at("\n", ins.span.end);
        out.push(a);
    }
    out
}

/// `text` with every ShellCheck directive (`# shellcheck disable=...`)
/// made an ordinary comment: the word is overwritten in place, so every
/// offset ShellCheck reports is unchanged.
fn without_directives(text: &str) -> String {
    const WORD: &str = "shellcheck";
    let mut out = text.to_string();
    for (i, _) in text.match_indices(WORD) {
        if text[..i].trim_end_matches([' ', '\t']).ends_with('#') {
            out.replace_range(i..i + WORD.len(), "----------");
        }
    }
    out
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    let Some(exe) = shellcheck::executable() else {
        // The configuration refuses to enable the rule without ShellCheck;
        // if it disappeared since, say so rather than report a clean file.
        if let Some(ins) = df.instructions.iter().find(|i| i.keyword == Keyword::Run) {
            out.report(&META, ins.keyword_span, "`shellcheck` is not installed, so `RUN` scripts were not checked")
                .help(shellcheck::INSTALL_HELP);
        }
        return;
    };
    let default_codes = Codes::default();
    let codes = cx.options::<Codes>(&META).unwrap_or(&default_codes);
    let exclude: Vec<u16> = codes.ignored.clone();
    let mut cursor = model.scope_cursor(df);
    let mut jobs: Vec<(usize, Assembled, &'static str)> = Vec::new();
    for (i, top) in df.instructions.iter().enumerate() {
        let ins = match top.onbuild_inner() {
            Some(inner) => inner,
            None => top,
        };
        if ins.keyword != Keyword::Run {
            continue;
        }
        let Some(shell) = dialect(model.shell(i).name()) else {
            continue;
        };
        // The heredocs the shell runs as scripts, as the model decided.
        let onbuild = top.onbuild_inner().is_some();
        let heredocs: Vec<usize> = model
            .scripts
            .iter()
            .filter(|s| s.instruction == i && s.onbuild == onbuild)
            .filter_map(|s| match s.source {
                ScriptSource::Heredoc(h) => Some(h),
                _ => None,
            })
            .collect();
        let scope = cursor.at(i);
        let mut names: Vec<&str> = scope
            .vars
            .keys()
            .map(String::as_str)
            .filter(|n| is_shell_name(n))
            .chain(shellcheck::PREDEFINED)
            .collect();
        names.sort_unstable();
        names.dedup();
        let exports = prelude(&names);
        for a in scripts_of(ins, &heredocs, &exports) {
            let sh = a.shell.unwrap_or(shell);
            jobs.push((i, a, sh));
        }
    }
    if jobs.is_empty() {
        return;
    }
    // With `inline-suppressions = false` no comment suppresses anything,
    // ShellCheck's own directives included.
    let directives = cx.options.inline_suppressions();
    let runs: Vec<Job> = jobs
        .iter()
        .map(|(_, a, sh)| Job {
            text: if directives {
                a.text.clone()
            } else {
                without_directives(&a.text)
            },
            shell: sh,
            exclude: exclude.clone(),
        })
        .collect();
    let results = shellcheck::run_all(exe, &runs);
    for ((i, a, _), result) in jobs.iter().zip(results) {
        let findings = match result {
            Ok(f) => f,
            Err(why) => {
                out.report(&META, df.instructions[*i].keyword_span, format!("ShellCheck could not check this `RUN`: {why}"))
                    .help("run `shellcheck` on the script by hand to see why; the script was not checked");
                continue;
            }
        };
        for f in findings {
            if !codes.allows(f.code) || a.prelude.contains(&f.line) {
                continue;
            }
            let meta = code_meta(f.code);
            let d = out.report(meta, a.span_of(&f), shellcheck::restyle(&f.message));
            d.severity = codes.severity_of(f.code, f.severity);
        }
    }
}

/// A name the shell can export: `[A-Za-z_][A-Za-z0-9_]*`.
fn is_shell_name(n: &str) -> bool {
    let mut b = n.bytes();
    b.next().is_some_and(|c| c == b'_' || c.is_ascii_alphabetic())
        && b.all(|c| c == b'_' || c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_become_ordinary_comments_in_place() {
        let text = "# shellcheck disable=SC2086\necho $a #shellcheck shell=bash\necho shellcheck # a shellcheck word\n";
        let out = without_directives(text);
        assert_eq!(
            out,
            "# ---------- disable=SC2086\necho $a #---------- shell=bash\necho shellcheck # a shellcheck word\n"
        );
        assert_eq!(out.len(), text.len());
    }

    #[test]
    fn codes_filter_and_grade() {
        let mut c = Codes::default();
        assert!(c.allows(2086));
        c.ignored.push(2086);
        assert!(!c.allows(2086) && c.allows(2046));
        c.selected.push(2046);
        assert!(!c.allows(2164) && c.allows(2046));
        assert_eq!(c.severity_of(2046, Severity::Info), Severity::Info);
        c.severities.push((2046, Severity::Error));
        assert_eq!(c.severity_of(2046, Severity::Info), Severity::Error);
    }

    #[test]
    fn one_meta_per_code() {
        let a = code_meta(2086);
        assert!(std::ptr::eq(a, code_meta(2086)));
        assert_eq!(a.code, "SC2086");
        assert_eq!(a.url(), "https://www.shellcheck.net/wiki/SC2086");
        assert!(a.matches("SC2086") && a.matches("shellcheck") && a.matches("DF199"));
        assert!(std::ptr::eq(a.registered(), &META));
    }

    #[test]
    fn positions_map_through_the_prelude_and_continuations() {
        // `RUN echo $A \` + newline + `  && cd /x`: the text joins the lines.
        let file = "RUN echo $A \\\n  && cd /x\n";
        let df = crate::dockerfile::parse(file);
        let ins = &df.instructions[0];
        let scripts = scripts_of(ins, &[], "export A=1\n");
        assert_eq!(scripts.len(), 1);
        let a = &scripts[0];
        assert_eq!(a.prelude, 1..2);
        let text_line = a.text.lines().nth(1).unwrap();
        let col = text_line.find("cd").unwrap() as u32 + 1;
        let f = Finding {
            code: 2164,
            severity: Severity::Warning,
            message: String::new(),
            line: 2,
            column: col,
            end_line: 2,
            end_column: col + 7,
        };
        let span = a.span_of(&f);
        assert_eq!(&file[span.range()], "cd /x");
    }
}
