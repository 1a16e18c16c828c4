//! Byte offsets to LSP positions and back, and dockward diagnostics to LSP
//! diagnostics.

use std::str::FromStr;

use lsp_types as lsp;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{LineIndex, SourceFile, Span};

use super::uri;

/// How LSP positions count columns, as negotiated at initialization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion needed), else the
    /// protocol's default, UTF-16.
    pub fn negotiate(caps: &lsp::ClientCapabilities) -> Encoding {
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> lsp::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }
    }
}

/// A text with its line index, for conversions.
#[derive(Clone, Copy)]
pub struct Text<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl<'a> Text<'a> {
    pub fn of(source: &'a SourceFile) -> Text<'a> {
        Text {
            text: &source.text,
            index: &source.index,
        }
    }

    pub fn position(self, offset: u32, enc: Encoding) -> lsp::Position {
        let offset = offset.min(self.text.len() as u32);
        match enc {
            Encoding::Utf16 => {
                let (line, character) = self.index.line_col_utf16(self.text, offset);
                lsp::Position { line, character }
            }
            Encoding::Utf8 => {
                let line = self.index.line_of(offset);
                lsp::Position {
                    line: line as u32,
                    character: offset - self.index.line_start(line),
                }
            }
        }
    }

    pub fn range(self, span: Span, enc: Encoding) -> lsp::Range {
        lsp::Range {
            start: self.position(span.start, enc),
            end: self.position(span.end.max(span.start), enc),
        }
    }

    /// The byte offset of a position, clamped to the text: a position past
    /// the end of a line is the end of that line, a line past the end is the
    /// end of the text.
    pub fn offset(self, pos: lsp::Position, enc: Encoding) -> u32 {
        match enc {
            Encoding::Utf16 => self.index.offset_utf16(self.text, pos.line, pos.character),
            Encoding::Utf8 => self.index.offset_utf8(self.text, pos.line, pos.character),
        }
    }

    /// The byte span of a range; reversed ranges are put in order.
    pub fn span(self, range: lsp::Range, enc: Encoding) -> Span {
        let a = self.offset(range.start, enc);
        let b = self.offset(range.end, enc);
        Span::new(a.min(b), a.max(b))
    }
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Style => lsp::DiagnosticSeverity::HINT,
    }
}

/// An LSP diagnostic: code, severity, source `dockward`, the rule page as
/// `codeDescription.href`, the help line after the message, and secondary
/// labels as related information.
pub fn diagnostic(
    d: &Diagnostic,
    source: &SourceFile,
    doc_uri: &lsp::Uri,
    enc: Encoding,
) -> lsp::Diagnostic {
    let text = Text::of(source);
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|l| {
            let (uri, range) = match &l.file {
                None => (doc_uri.clone(), text.range(l.span, enc)),
                Some(f) => (uri::from_path(&f.path)?, Text::of(f).range(l.span, enc)),
            };
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location { uri, range },
                message: l.message.clone(),
            })
        })
        .collect();
    let unused = crate::rules::unused_suppression_rule(source.kind);
    lsp::Diagnostic {
        range: text.range(d.span, enc),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.rule.code.to_string())),
        code_description: lsp::Uri::from_str(&d.url())
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("dockward".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: std::ptr::eq(d.rule, unused).then(|| vec![lsp::DiagnosticTag::UNNECESSARY]),
        data: Some(serde_json::json!({ "rule": d.rule.name })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_both_encodings() {
        let s = "a😀b\nécd";
        let index = LineIndex::new(s);
        let t = Text {
            text: s,
            index: &index,
        };
        let b = s.find('b').unwrap() as u32;
        assert_eq!(t.position(b, Encoding::Utf16), lsp::Position::new(0, 3));
        assert_eq!(t.position(b, Encoding::Utf8), lsp::Position::new(0, 5));
        let c = s.find('c').unwrap() as u32;
        assert_eq!(t.position(c, Encoding::Utf16), lsp::Position::new(1, 1));
        assert_eq!(t.position(c, Encoding::Utf8), lsp::Position::new(1, 2));
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(t.offset(t.position(b, enc), enc), b);
            assert_eq!(t.offset(t.position(c, enc), enc), c);
        }
        // Past the end of a line, past the end of the text.
        assert_eq!(t.offset(lsp::Position::new(0, 99), Encoding::Utf16), 6);
        assert_eq!(
            t.offset(lsp::Position::new(9, 0), Encoding::Utf8),
            s.len() as u32
        );
        // Inside a character: never a broken boundary.
        assert_eq!(t.offset(lsp::Position::new(0, 2), Encoding::Utf8), 1);
    }
}
