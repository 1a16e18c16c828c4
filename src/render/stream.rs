//! The formats that are written file by file (human, concise, GNU). A run
//! that renders as it goes hands each report to [`Stream::file`] and drops
//! it, keeping only the [`Tally`] the summary line needs, so its memory
//! does not grow with its findings. The whole-report rendering of these
//! formats is the same stream over a finished report: both give the same
//! bytes.

use std::io::{self, Write};

use super::{Format, Style, Tally, concise, gnu, human};
use crate::lint::baseline::Applied;
use crate::lint::{FileReport, RunReport};

pub struct Stream<'a> {
    kind: Kind,
    style: &'a Style,
    tally: Tally,
}

/// The formats a [`Stream`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Human,
    Concise,
    Gnu,
}

impl Kind {
    /// `None` for a format that needs the whole report before it writes
    /// (one JSON or XML document, or counts ahead of the findings).
    pub fn of(format: Format) -> Option<Kind> {
        match format {
            Format::Human => Some(Kind::Human),
            Format::Concise => Some(Kind::Concise),
            Format::Gnu => Some(Kind::Gnu),
            _ => None,
        }
    }
}

impl<'a> Stream<'a> {
    pub fn new(kind: Kind, style: &'a Style) -> Stream<'a> {
        Stream {
            kind,
            style,
            tally: Tally::default(),
        }
    }

    /// Writes one file's findings; files come in path order.
    pub fn file(&mut self, f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let first = self.tally.files_with == 0;
        self.tally.add(f);
        match self.kind {
            Kind::Human => human::file(f, first, self.style, out),
            Kind::Concise => concise::file(f, out),
            Kind::Gnu => gnu::file(f, out),
        }
    }

    /// The summary line, when the style asks for one and the format has
    /// one.
    pub fn finish(self, baseline: Option<&Applied>, out: &mut dyn Write) -> io::Result<()> {
        if self.style.summary {
            let line = super::summary_line(&self.tally, baseline);
            match self.kind {
                Kind::Human => human::summary(&line, self.tally.files_with > 0, self.style, out)?,
                Kind::Concise => writeln!(out, "{line}")?,
                Kind::Gnu => {}
            }
        }
        Ok(())
    }
}

/// A finished report in a format [`Stream`] writes.
pub fn render(
    kind: Kind,
    report: &RunReport,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut stream = Stream::new(kind, style);
    for f in &report.files {
        stream.file(f, out)?;
    }
    stream.finish(report.baseline.as_ref(), out)
}
