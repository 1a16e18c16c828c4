//! Diagnostics: what a rule reports, before it is rendered.

use std::borrow::Cow;
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown as a suggestion, never applied: a person must choose a value
    /// or check something dockward cannot see.
    DisplayOnly,
    /// Changes behaviour (a limit, a read-only filesystem, dropped
    /// capabilities): applied only with `--unsafe-fixes`.
    Unsafe,
    /// Keeps the meaning of the build or deployment, or makes it strictly
    /// safer with nothing plausibly relying on the old behaviour: applied by
    /// `--fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace the text at `span` with `content`.
#[derive(Clone, Debug, Serialize)]
pub struct Edit {
    #[serde(skip)]
    pub span: Span,
    pub content: String,
    /// The file the edit applies to; `None`: the diagnostic's own file.
    /// (A Compose fix may edit the file where a value is defined: an
    /// anchor, an `extends` base, an override.)
    #[serde(skip)]
    pub file: Option<Arc<SourceFile>>,
    /// An insertion that other insertions at the same offset may join: its
    /// content is whole lines (or whole flow entries) added to one
    /// collection, so several of them can be concatenated. The string
    /// names what it creates in that collection (a key, or a list item);
    /// two joinable insertions that create the same thing conflict.
    #[serde(skip)]
    pub join: Option<Box<str>>,
}

impl PartialEq for Edit {
    fn eq(&self, other: &Edit) -> bool {
        self.span == other.span
            && self.content == other.content
            && self.join == other.join
            && match (&self.file, &other.file) {
                (None, None) => true,
                (Some(a), Some(b)) => a.path == b.path,
                _ => false,
            }
    }
}

impl Eq for Edit {}

impl Edit {
    /// Replace `span` with `content`.
    pub fn replace(span: Span, content: impl Into<String>) -> Edit {
        Edit {
            span,
            content: content.into(),
            file: None,
            join: None,
        }
    }

    /// Insert `content` at `at`.
    pub fn insert(at: u32, content: impl Into<String>) -> Edit {
        Edit::replace(Span::empty(at), content)
    }

    /// Delete `span`.
    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, String::new())
    }

    /// An insertion that joins others at the same point (see [`Edit::join`]).
    pub fn joinable(mut self, creates: impl Into<String>) -> Edit {
        self.join = Some(creates.into().into_boxed_str());
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, imperative: "pin `alpine` to a digest".
    pub message: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn new(applicability: Applicability, message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            message: message.into(),
            edits,
            applicability,
        }
    }

    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Safe, message, edits)
    }

    pub fn unsafe_edit(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Unsafe, message, edits)
    }

    pub fn display_only(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::DisplayOnly, message, edits)
    }

    /// Keeps only that there is a fix and how safe it is, for runs whose
    /// outputs count fixes but never show one: its text and edits were
    /// most of the memory a large run held.
    pub fn keep_applicability_only(&mut self) {
        self.message = String::new();
        self.edits = Vec::new();
    }
}

/// One finding of one rule in one file.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    /// The severity after configuration.
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// Borrowed when constant, as most are: a large run keeps every one.
    pub help: Option<Cow<'static, str>>,
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
///
/// With a spill (see [`Diagnostics::spilling`]) the finished diagnostics
/// are handed on in batches while a rule is still reporting, so one rule
/// that reports every one of 500,000 services never holds them all: the
/// pipeline settles and caps each batch as it comes.
#[derive(Default)]
pub struct Diagnostics<'a> {
    items: Vec<Diagnostic>,
    spill: Option<Spill<'a>>,
}

/// Where full batches go, and at what size.
struct Spill<'a> {
    at: usize,
    sink: &'a mut dyn FnMut(Vec<Diagnostic>),
}

impl std::fmt::Debug for Diagnostics<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Diagnostics")
            .field("items", &self.items)
            .field("spill_at", &self.spill.as_ref().map(|s| s.at))
            .finish()
    }
}

impl<'a> Diagnostics<'a> {
    /// A collector that hands its diagnostics to `sink` whenever `at` of
    /// them are finished; what is left at the end stays for `into_vec`.
    pub fn spilling(at: usize, sink: &'a mut dyn FnMut(Vec<Diagnostic>)) -> Diagnostics<'a> {
        Diagnostics {
            items: Vec::new(),
            spill: Some(Spill {
                at: at.max(1),
                sink,
            }),
        }
    }

    /// Spills when full. Called before a push: every diagnostic already
    /// held is finished then (`report`'s builder calls are over).
    fn make_room(&mut self) {
        if let Some(s) = &mut self.spill
            && self.items.len() >= s.at
        {
            (s.sink)(std::mem::take(&mut self.items));
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.make_room();
        self.items.push(d);
    }

    /// Starts a diagnostic and returns it for `help`/labels to be added.
    pub fn report(
        &mut self,
        rule: &'static RuleMeta,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.make_room();
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
    pub fn help(&mut self, help: impl Into<Cow<'static, str>>) -> &mut Diagnostic {
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
    // A borrowed help is a constant of the program (`&'static str`), which
    // holds nothing from the input: only owned ones are scanned.
    if let Some(Cow::Owned(h)) = &mut d.help {
        crate::escape::text_in_place(h);
    }
    for l in &mut d.labels {
        crate::escape::text_in_place(&mut l.message);
    }
    if let Some(f) = &mut d.fix {
        crate::escape::text_in_place(&mut f.message);
    }
}

/// Applies edits that do not overlap. Identical edits are applied once;
/// insertions at one point are applied in the order given.
pub fn apply_edits<'e>(text: &str, edits: impl IntoIterator<Item = &'e Edit>) -> String {
    let mut edits: Vec<(usize, &Edit)> = edits.into_iter().enumerate().collect();
    edits.sort_by_key(|(i, e)| (e.span.start, e.span.end, *i));
    edits.dedup_by(|a, b| a.1.span == b.1.span && a.1.content == b.1.content);
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0usize;
    for (_, e) in edits {
        let (s, end) = (e.span.start as usize, e.span.end as usize);
        if s < at || end > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(&e.content);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule that reports far past the spill size never leaves more than
    /// that many unsettled: full batches go on while it is still reporting,
    /// each finished (its help set) when it goes.
    #[test]
    fn a_spilling_collector_hands_on_full_batches_while_a_rule_reports() {
        // A rule of its own: `diagnostic` sits below the registry.
        static RULE: RuleMeta = RuleMeta {
            code: "T001",
            name: "test-rule",
            ..RuleMeta::DEFAULT
        };
        let rule = &RULE;
        let mut batches: Vec<Vec<Diagnostic>> = Vec::new();
        let mut sink = |b: Vec<Diagnostic>| batches.push(b);
        let mut out = Diagnostics::spilling(4, &mut sink);
        for i in 0..10 {
            out.report(rule, Span::new(i, i + 1), format!("d{i}"))
                .help("h");
            assert!(out.len() <= 4);
        }
        let rest = out.into_vec();
        assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4]);
        assert_eq!(rest.len(), 2);
        assert!(
            batches
                .iter()
                .flatten()
                .all(|d| d.help.as_deref() == Some("h"))
        );
        let order: Vec<&str> = batches
            .iter()
            .flatten()
            .chain(&rest)
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            order,
            ["d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9"]
        );
    }
}
