//! The graphical report, drawn by miette from our own diagnostics.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::Style;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::RunReport;
use crate::source::{SourceFile, Span};

pub fn render(report: &RunReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if !style.show_source {
        return render_without_source(report, style, out);
    }
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(style.width)
        .with_context_lines(1);
    let mut buf = String::new();
    let mut wrote_any = false;
    for f in &report.files {
        for d in &f.diagnostics {
            if !buf.is_empty() || wrote_any {
                buf.push('\n');
            }
            let r = Report::new(d, &f.source);
            if handler.render_report(&mut buf, &r).is_err() {
                // Fall back to one line rather than lose the diagnostic.
                let lc = f.source.line_col(d.span.start);
                buf.push_str(&format!(
                    "{}:{}:{}: {}[{}] {}\n",
                    f.source.display_path(),
                    lc.line,
                    lc.column,
                    d.severity,
                    d.rule.code,
                    d.message
                ));
            }
        }
        // Write per file so a long run shows progress and memory stays flat.
        if !buf.is_empty() {
            out.write_all(buf.as_bytes())?;
            buf.clear();
            wrote_any = true;
        }
    }
    if style.summary {
        if wrote_any {
            out.write_all(b"\n")?;
        }
        out.write_all(super::summary(report).as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `--no-show-source`: a header line per diagnostic, then its labels, help
/// and URL, indented.
fn render_without_source(report: &RunReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    use std::fmt::Write as _;
    let paint = |s: Severity, text: &str| -> String {
        if !style.color {
            return text.to_string();
        }
        let code = match s {
            Severity::Error => "31",
            Severity::Warning => "33",
            Severity::Info | Severity::Style => "36",
        };
        format!("\x1b[1;{code}m{text}\x1b[0m")
    };
    let mut buf = String::new();
    for f in &report.files {
        let path = f.source.display_path();
        for d in &f.diagnostics {
            let lc = f.source.line_col(d.span.start);
            let _ = writeln!(
                buf,
                "{path}:{}:{}: {}[{} {}] {}",
                lc.line,
                lc.column,
                paint(d.severity, d.severity.as_str()),
                d.rule.code,
                d.rule.name,
                d.message
            );
            for l in &d.labels {
                let s = l.file.as_deref().unwrap_or(&f.source);
                let lc = s.line_col(l.span.start);
                let _ = writeln!(
                    buf,
                    "  note: {}:{}:{}: {}",
                    s.display_path(),
                    lc.line,
                    lc.column,
                    l.message
                );
            }
            if let Some(h) = &d.help {
                let _ = writeln!(buf, "  help: {h}");
            }
            let _ = writeln!(buf, "  see {}", d.url());
        }
        out.write_all(buf.as_bytes())?;
        buf.clear();
    }
    if style.summary {
        let _ = writeln!(buf, "{}", super::summary(report));
    }
    out.write_all(buf.as_bytes())
}

/// A miette view of one diagnostic.
struct Report<'a> {
    d: &'a Diagnostic,
    code: String,
    source: Window<'a>,
    related: Vec<Related<'a>>,
}

impl<'a> Report<'a> {
    fn new(d: &'a Diagnostic, source: &'a SourceFile) -> Report<'a> {
        let related = d
            .labels
            .iter()
            .filter_map(|l| {
                let f = l.file.as_deref()?;
                Some(Related {
                    message: &l.message,
                    span: l.span,
                    source: Window(f),
                })
            })
            .collect();
        Report {
            d,
            code: format!("{}[{}]", d.rule.code, d.rule.name),
            source: Window(source),
            related,
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Report<'_> {}

fn span(s: Span) -> SourceSpan {
    SourceSpan::new((s.start as usize).into(), s.len() as usize)
}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info | Severity::Style => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.d.help.as_deref();
        let url = self.d.url();
        Some(Box::new(match help {
            Some(h) => format!("{h}\nsee {url}"),
            None => format!("see {url}"),
        }))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = LabeledSpan::new_primary_with_span(None, span(self.d.span));
        let secondary = self
            .d
            .labels
            .iter()
            .filter(|l| l.file.is_none())
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), span(l.span)));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

/// A label in another file, shown as a related note.
struct Related<'a> {
    message: &'a str,
    span: Span,
    source: Window<'a>,
}

impl fmt::Debug for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl fmt::Display for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for Related<'_> {}

impl miette::Diagnostic for Related<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, span(self.span)),
        )))
    }
}

/// Hands miette only the lines around a span, found with the line index,
/// so rendering costs the same for a small file and a huge one.
struct Window<'a>(&'a SourceFile);

impl SourceCode for Window<'_> {
    fn read_span<'b>(
        &'b self,
        s: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let f = self.0;
        let text = &f.text;
        let start = s.offset().min(text.len()) as u32;
        let end = (s.offset() + s.len()).min(text.len()) as u32;
        let first = f.index.line_of(start).saturating_sub(before);
        let last_line = f.index.line_of(end.saturating_sub(u32::from(end > start)));
        let last = (last_line + after).min(f.index.line_count().saturating_sub(1));
        // Without context, miette asks for the span itself to print its
        // `path:line:column` header.
        let (from, column) = if before == 0 {
            let lc = f.line_col(start);
            (start as usize, lc.column as usize - 1)
        } else {
            (f.index.line_start(first) as usize, 0)
        };
        let to = (f.index.line_end(last, text) as usize).max(from);
        let data = &text.as_bytes()[from..to];
        Ok(Box::new(MietteSpanContents::new_named(
            f.display_path(),
            data,
            SourceSpan::new(from.into(), to - from),
            first,
            column,
            last - first + 1,
        )))
    }
}
