//! The report for people, in reading order.
//!
//! Per file: a Compose file's findings under the service they belong to
//! (services in file order), a Dockerfile's in file order. Findings that
//! point at the same text share one snippet, so a service missing six
//! settings shows its name once with six headers above it. A rule's help
//! and URL are printed the first time the rule appears in a file
//! (`--verbose` repeats them). Nothing is wrapped: long messages and URLs
//! are printed whole, so they survive CI logs and copying; only source
//! lines longer than [`MAX_LINE`] are cut around the span.
//!
//! ```text
//! compose.yaml — service `web`
//! warning[DC004 missing-memory-limit]: service `web` has no memory limit
//! warning[DC005 missing-cpu-limit]: service `web` has no CPU limit
//!   --> compose.yaml:2:3
//!    |
//!  2 |   web:
//!    |   ^^^
//!   = help[DC004]: add `mem_limit: 512m` ...
//!     see https://...
//! ```

use foldhash::{HashSet, HashSetExt};
use std::fmt::Write as _;
use std::io::{self, Write};

use super::Style;
use crate::diagnostic::{Diagnostic, Severity};
use crate::escape;
use crate::lint::FileReport;
use crate::outline::ComposeOutline;
use crate::source::{FileKind, SourceFile, Span};

/// Source lines longer than this many characters are shown as a window
/// around the span.
pub const MAX_LINE: usize = 240;

/// Lines of a multi-line span shown before and after the elided middle.
const SPAN_EDGE_LINES: usize = 2;

/// One file's findings, after a blank line unless it is the first file
/// printed. A file without findings prints nothing.
pub fn file(f: &FileReport, first: bool, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if f.diagnostics.is_empty() {
        return Ok(());
    }
    let mut buf = String::new();
    if !first {
        buf.push('\n');
    }
    render_file(f, style, &Paint(style.color), &mut buf);
    out.write_all(buf.as_bytes())
}

/// The summary line, in bold, after a blank line when files were printed.
pub fn summary(
    line: &str,
    any_printed: bool,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let gap = if any_printed { "\n" } else { "" };
    writeln!(out, "{gap}{}", Paint(style.color).bold(line))
}

/// The order a file's findings are read in, with the service each one
/// belongs to (Compose).
fn reading_order(f: &FileReport) -> Vec<(Option<String>, &Diagnostic)> {
    let outline = match f.source.kind {
        FileKind::Compose => ComposeOutline::parse(&f.source.text),
        FileKind::Dockerfile => None,
    };
    let mut items: Vec<(u32, Option<String>, &Diagnostic)> = f
        .diagnostics
        .iter()
        .map(|d| {
            // Services sort by where their key is written.
            let group = outline
                .as_ref()
                .and_then(|o| o.service_key(d.span.start))
                .map(|(name, at)| (at, name.to_string()));
            match group {
                Some((at, name)) => (at, Some(name), d),
                None => (d.span.start, None, d),
            }
        })
        .collect();
    // Stable: within a service (or at one offset) the lint's order, which
    // is by position.
    items.sort_by_key(|(at, service, d)| (*at, service.is_none(), d.span.start));
    items.into_iter().map(|(_, s, d)| (s, d)).collect()
}

fn render_file(f: &FileReport, style: &Style, paint: &Paint, buf: &mut String) {
    let src = &f.source;
    let path = src.display_path();
    let order = reading_order(f);
    let mut explained: HashSet<&'static str> = HashSet::new();
    let mut service: Option<&str> = None;
    let mut i = 0;
    while i < order.len() {
        let (svc, d) = &order[i];
        // A header where the file starts and where each service starts.
        if i == 0 || svc.as_deref() != service {
            service = svc.as_deref();
            if i > 0 {
                buf.push('\n');
            }
            let header = match service {
                Some(name) => format!("{path} — service `{}`", escape::text(name)),
                None => path.clone(),
            };
            let _ = writeln!(buf, "{}", paint.bold(&header));
        } else {
            buf.push('\n');
        }
        // Findings at the same span, in the same service, share a snippet.
        let mut j = i + 1;
        while j < order.len() && order[j].1.span == d.span && order[j].0 == *svc {
            j += 1;
        }
        let group: Vec<&Diagnostic> = order[i..j].iter().map(|(_, d)| *d).collect();
        for d in &group {
            let _ = writeln!(
                buf,
                "{}{} {}",
                paint.severity(
                    d.severity,
                    &format!("{}[{} {}]", d.severity, d.rule.code, d.rule.name)
                ),
                paint.bold(":"),
                escape::text(&d.message)
            );
        }
        let gutter = gutter_width(src, &group);
        if style.show_source {
            snippet(src, &group, gutter, &path, paint, buf);
        } else {
            let lc = src.line_col(d.span.start);
            let _ = writeln!(
                buf,
                "{:w$}{} {path}:{}:{}",
                "",
                paint.blue("-->"),
                lc.line,
                lc.column,
                w = gutter - 1
            );
        }
        for d in &group {
            for l in d
                .labels
                .iter()
                .filter(|l| l.file.is_some() || !style.show_source)
            {
                let s = l.file.as_deref().unwrap_or(src);
                let lc = s.line_col(l.span.start);
                let _ = writeln!(
                    buf,
                    "{:gutter$}{} {}:{}:{}: {}",
                    "",
                    paint.blue("= note:"),
                    s.display_path(),
                    lc.line,
                    lc.column,
                    escape::text(&l.message)
                );
            }
        }
        for d in &group {
            if !style.verbose && !explained.insert(d.rule.code) {
                continue;
            }
            let tag = if group.len() > 1 {
                format!("help[{}]:", d.rule.code)
            } else {
                "help:".to_string()
            };
            match &d.help {
                Some(h) => {
                    let _ = writeln!(
                        buf,
                        "{:gutter$}{} {}",
                        "",
                        paint.blue(&format!("= {tag}")),
                        escape::text(h)
                    );
                }
                None => {
                    let _ = writeln!(buf, "{:gutter$}{}", "", paint.blue(&format!("= {tag}")));
                }
            }
            let _ = writeln!(buf, "{:gutter$}  see {}", "", d.url());
        }
        i = j;
    }
}

/// Width of the line-number column for a group's snippet.
fn gutter_width(src: &SourceFile, group: &[&Diagnostic]) -> usize {
    let last = group
        .iter()
        .flat_map(|d| {
            std::iter::once(d.span)
                .chain(d.labels.iter().filter(|l| l.file.is_none()).map(|l| l.span))
        })
        .map(|s| src.line_col(s.end.max(s.start)).line)
        .max()
        .unwrap_or(1);
    last.to_string().len() + 1
}

/// The lines a span covers, underlined, with the labels in this file that
/// fall on lines of their own or the same line.
fn snippet(
    src: &SourceFile,
    group: &[&Diagnostic],
    gutter: usize,
    path: &str,
    paint: &Paint,
    buf: &mut String,
) {
    let d = group[0];
    let lc = src.line_col(d.span.start);
    let _ = writeln!(
        buf,
        "{:w$}{} {path}:{}:{}",
        "",
        paint.blue("-->"),
        lc.line,
        lc.column,
        w = gutter - 1
    );
    let _ = writeln!(buf, "{:gutter$}{}", "", paint.blue("|"));
    let mut marks: Vec<(Span, Option<&str>, bool)> = vec![(d.span, None, true)];
    for l in d.labels.iter().filter(|l| l.file.is_none()) {
        marks.push((l.span, Some(&l.message), false));
    }
    marks.sort_by_key(|m| m.0.start);
    let mut last_line: Option<usize> = None;
    for (span, label, primary) in marks {
        let first = src.index.line_of(span.start);
        let end = span.end.max(span.start);
        let last = src
            .index
            .line_of(end.saturating_sub(u32::from(end > span.start)))
            .max(first);
        if let Some(prev) = last_line
            && first > prev + 1
        {
            let _ = writeln!(buf, "{:gutter$}{}", "", paint.blue("..."));
        }
        let lines: Vec<usize> = if last - first + 1 > 2 * SPAN_EDGE_LINES {
            (first..first + SPAN_EDGE_LINES)
                .chain(last + 1 - SPAN_EDGE_LINES..=last)
                .collect()
        } else {
            (first..=last).collect()
        };
        let mut prev = None;
        for line in lines {
            if last_line.is_some_and(|l| line <= l) {
                continue;
            }
            if prev.is_some_and(|p| line > p + 1) {
                let _ = writeln!(buf, "{:gutter$}{}", "", paint.blue("..."));
            }
            prev = Some(line);
            let ls = src.index.line_start(line);
            let le = src.index.line_end(line, &src.text);
            let text = &src.text[ls as usize..le as usize];
            // Underline the part of the span on this line.
            let from = span.start.max(ls) - ls;
            let to = end.min(le).max(span.start.max(ls)) - ls;
            let (shown, ufrom, uto) = window(text, from as usize, to as usize);
            let _ = writeln!(
                buf,
                "{:>w$} {} {}",
                paint.blue(&(line + 1).to_string()),
                paint.blue("|"),
                shown,
                w = gutter - 1 + paint.blue_extra()
            );
            let underline_here = line == first || line == last;
            if underline_here {
                let ch = if primary { "^" } else { "-" };
                let n = (uto - ufrom).max(1);
                let mut mark = format!("{:ufrom$}{}", "", ch.repeat(n));
                if line == last
                    && let Some(l) = label
                {
                    mark.push(' ');
                    mark.push_str(&escape::text(l));
                }
                let mark = if primary {
                    paint.severity(d.severity, &mark)
                } else {
                    paint.blue(&mark)
                };
                let _ = writeln!(buf, "{:gutter$}{} {}", "", paint.blue("|"), mark);
            }
        }
        last_line = Some(last.max(last_line.unwrap_or(0)));
    }
}

/// The line as shown ([special](escape::is_special) characters escaped, tabs as spaces, cut to
/// [`MAX_LINE`] characters around the span) and the span's columns in it.
///
/// Looks at no more than about [`MAX_LINE`] characters whatever the length
/// of the line: 10,000 findings on one 400 KB line must not count its
/// characters 10,000 times.
fn window(text: &str, from: usize, to: usize) -> (String, usize, usize) {
    let from = crate::source::floor_char_boundary(text, from.min(text.len()));
    let to = crate::source::floor_char_boundary(text, to.min(text.len())).max(from);
    // A line of at most MAX_LINE characters is shown whole; a longer one
    // from MAX_LINE / 4 characters before the span, MAX_LINE characters.
    let start = if text.chars().nth(MAX_LINE).is_none() {
        0
    } else {
        text[..from]
            .char_indices()
            .rev()
            .nth(MAX_LINE / 4 - 1)
            .map_or(0, |(b, _)| b)
    };
    let mut shown = String::new();
    let mut ufrom = 0;
    let mut uto = 0;
    if start > 0 {
        shown.push('…');
    }
    let mut col = shown.chars().count();
    let mut byte = start;
    for c in text[byte..].chars().take(MAX_LINE) {
        if byte == from {
            ufrom = col;
        }
        if byte == to {
            uto = col;
        }
        let piece = match c {
            '\t' => "    ".to_string(),
            c if escape::needs_escape(&shown, c) => {
                let mut e = String::new();
                escape::push_escaped(c, &mut e);
                e
            }
            c => c.to_string(),
        };
        col += piece.chars().count();
        shown.push_str(&piece);
        byte += c.len_utf8();
    }
    if byte <= from {
        ufrom = col;
    }
    if byte <= to {
        uto = col;
    }
    if byte < text.len() {
        shown.push('…');
    }
    (shown, ufrom, uto.max(ufrom))
}

/// ANSI colors when enabled.
struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }

    fn blue(&self, s: &str) -> String {
        self.wrap("1;34", s)
    }

    /// Bytes `blue` adds, so right-aligned numbers line up.
    fn blue_extra(&self) -> usize {
        if self.0 { "\x1b[1;34m\x1b[0m".len() } else { 0 }
    }

    fn severity(&self, s: Severity, text: &str) -> String {
        let code = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Style => "1;35",
        };
        self.wrap(code, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cut_long_lines_around_the_span() {
        let (s, a, b) = window("  web:", 2, 5);
        assert_eq!((s.as_str(), a, b), ("  web:", 2, 5));
        let long = format!("{}TARGET{}", "x".repeat(500), "y".repeat(500));
        let (s, a, b) = window(&long, 500, 506);
        assert_eq!(&s[s.char_indices().nth(a).unwrap().0..][..6], "TARGET");
        assert_eq!(b - a, 6);
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert!(s.chars().count() <= MAX_LINE + 2);
        let (s, a, b) = window("a\tb\u{1b}c", 2, 3);
        assert_eq!(s, "a    b\\u{1b}c");
        assert_eq!((a, b), (5, 6));
    }
}
