//! Diagnostics: what a rule reports, before it is rendered.

use std::sync::Arc;

use serde::Serialize;

use crate::meta::RuleMeta;
pub use crate::meta::Severity;
use crate::source::{SourceFile, Span};

/// A secondary location, in this file or another one.
#[derive(Clone, Debug)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// `None`: the diagnostic's own file.
    pub file: Option<Arc<SourceFile>>,
}

/// Whether a fix can be applied without review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the meaning of the file; safe to apply automatically.
    Safe,
    /// Changes behaviour; offer it, but let a person decide.
    Unsafe,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    #[serde(skip)]
    pub span: Span,
    pub content: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, imperative: "pin `alpine` to a digest".
    pub message: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// One finding of one rule in one file.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    /// The severity after configuration.
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    pub labels: Vec<Label>,
    /// Boxed: few diagnostics have one, and every diagnostic of a run is
    /// kept until the end.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    pub fn new(rule: &'static RuleMeta, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            span,
            message: message.into(),
            help: None,
            labels: Vec::new(),
            fix: None,
        }
    }

    /// The URL of the rule's page.
    pub fn url(&self) -> String {
        self.rule.url()
    }
}

/// Where rules put what they find.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Starts a diagnostic and returns it for `help`/labels to be added.
    pub fn report(
        &mut self,
        rule: &'static RuleMeta,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.items.push(Diagnostic::new(rule, span, message));
        self.items.last_mut().expect("just pushed")
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl Diagnostic {
    pub fn help(&mut self, help: impl Into<String>) -> &mut Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
            file: None,
        });
        self
    }

    pub fn file_label(
        &mut self,
        file: Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
            file: Some(file),
        });
        self
    }

    pub fn fix(&mut self, fix: Fix) -> &mut Diagnostic {
        self.fix = Some(Box::new(fix));
        self
    }
}

/// Escapes ([`crate::escape::text`]) the text of a diagnostic that comes
/// from the input: message, help, labels and the fix's description (never
/// the fix's edits, which are file content).
pub fn escape(d: &mut Diagnostic) {
    crate::escape::text_in_place(&mut d.message);
    if let Some(h) = &mut d.help {
        crate::escape::text_in_place(h);
    }
    for l in &mut d.labels {
        crate::escape::text_in_place(&mut l.message);
    }
    if let Some(f) = &mut d.fix {
        crate::escape::text_in_place(&mut f.message);
    }
}
