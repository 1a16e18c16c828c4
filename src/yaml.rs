//! A spanned YAML tree built from `saphyr_parser` events.
//!
//! Every [`Node`] carries the byte span of its own source text:
//!
//! - plain scalars: the scalar's characters (a multi-line plain scalar spans
//!   all its lines);
//! - quoted scalars: from the opening to the closing quote, quotes included;
//! - block scalars (`|`, `>`): from the indicator through the last
//!   non-blank character of the content;
//! - flow collections: from `[`/`{` through `]`/`}`;
//! - block collections: from the first child to the last child;
//! - empty values (`key:`): an empty span where the value would be.
//!
//! Plain `null`, `~`, `Null`, `NULL` and empty scalars are [`Value::Null`],
//! except that a non-empty mapping *key* stays a string (`NULL: x` is the
//! key `"NULL"`): Compose keys are names.
//!
//! Node properties (`&anchor`, `!tag`) are not part of a node's span.
//!
//! The loader is iterative: it keeps its own stack of open collections, so no
//! input can overflow the thread's stack. Nesting deeper than
//! [`Limits::max_depth`] is an error ("nesting too deep"), and so is alias
//! expansion beyond [`Limits::alias_budget`] nodes ("billion laughs").
//!
//! Merge keys (`<<: *a`, `<<: [*a, *b]`, `<<: {inline}`) are resolved while
//! loading, the YAML 1.1 way: keys written in the mapping win over merged
//! ones, and among merge sources the earlier one wins. Merged entries keep the
//! spans where they were defined and record the merge source in
//! [`Entry::merged_from`].
//!
//! Duplicate keys: [`load`] rejects them (docker compose does too) with an
//! error at the second key. [`load_with_warnings`] keeps loading, keeps both
//! entries (so [`Mapping::get`] returns the first) and returns one warning per
//! duplicate, so that a linter can report the duplicate and still lint the
//! rest of the file.

use foldhash::{HashMap, HashMapExt};

use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle, ScanError, Tag};

use crate::source::Span;

/// Resource limits for [`load`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The deepest nesting of collections allowed (the root collection is
    /// depth 1). Deeper input fails with "nesting too deep". This also bounds
    /// the height of every tree [`load`] returns, including trees grown by
    /// alias expansion, so recursive walks over a loaded tree are safe.
    /// Default: 512; never more than [`Limits::HARD_MAX_DEPTH`], whatever
    /// the configuration says. Independently, `saphyr_parser` refuses more
    /// than 255 nested *flow* collections.
    pub max_depth: usize,
    /// The most nodes that alias expansion (and the copies the loader keeps of
    /// anchored nodes) may create in one load. Merge keys move entries out
    /// of the expanded alias and create none. [`Limits::AUTO`] (the default)
    /// means `max(100_000, 4 × input bytes)`: generous for real files (a
    /// `<<: *common` line of ~20 bytes merging a 40-node mapping is 2 nodes per
    /// byte) while bounding memory to a few hundred bytes per input byte.
    pub alias_budget: usize,
}

impl Limits {
    /// `alias_budget` value meaning "scale with the input".
    pub const AUTO: usize = 0;
    /// The default `max_depth`.
    pub const DEFAULT_MAX_DEPTH: usize = 512;
    /// The most `max_depth` can be. Walks over a loaded tree (validation,
    /// merging, modelling, dropping it) recurse once per level; at this
    /// depth they need well under a megabyte of stack in a debug build,
    /// and every thread that lints has 8 MiB (`crate::cli`). The hostile
    /// suite runs a project at this depth through every walk.
    pub const HARD_MAX_DEPTH: usize = 1024;
    /// The most nodes a configured alias budget may allow: the automatic
    /// budget of a file of the default size limit (about 4 GB of nodes).
    pub const HARD_MAX_ALIAS_BUDGET: usize = 4 * 10 * 1024 * 1024;
    /// The smallest automatic alias budget.
    pub const MIN_ALIAS_BUDGET: usize = 100_000;

    /// The alias budget that applies to an input of `len` bytes.
    pub fn effective_alias_budget(&self, len: usize) -> usize {
        if self.alias_budget == Limits::AUTO {
            Limits::MIN_ALIAS_BUDGET.max(len.saturating_mul(4))
        } else {
            self.alias_budget.min(Limits::HARD_MAX_ALIAS_BUDGET)
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: Limits::DEFAULT_MAX_DEPTH,
            alias_budget: Limits::AUTO,
        }
    }
}

/// One YAML node.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The node's own source text (see the module documentation). For a node
    /// that came from alias expansion, this is where the anchored node is
    /// defined.
    pub span: Span,
    pub value: Value,
    /// The node's tag as written, with `!!` for the core schema: `"!reset"`,
    /// `"!override"`, `"!!str"`.
    pub tag: Option<Box<str>>,
    /// When this node (or an ancestor) was copied in by an alias: the alias
    /// site `*name` that placed it here. Nested expansions record the
    /// outermost alias, the one that placed the copy in this part of the tree.
    pub alias: Option<Span>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~`, `Null`, `NULL` or nothing, as a plain scalar.
    Null,
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Mapping),
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scalar {
    /// The scalar's value, after unescaping and folding.
    pub text: String,
    pub style: ScalarStyle,
    /// `Some(offset)` when `text` appears byte for byte in the source starting
    /// at file offset `offset` (single-line plain scalars, quoted scalars
    /// without escapes or line folding, ...), so that byte ranges of `text`
    /// map to file spans exactly.
    pub verbatim: Option<u32>,
}

impl Scalar {
    /// The file span of the byte range `rel` of `text`: exact when the scalar
    /// is verbatim, `node_span` otherwise.
    pub fn span_of(&self, node_span: Span, rel: std::ops::Range<usize>) -> Span {
        match self.verbatim {
            Some(off) if rel.start <= rel.end && rel.end <= self.text.len() => {
                Span::new(off + rel.start as u32, off + rel.end as u32)
            }
            _ => node_span,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    /// Entries in source order. Entries supplied by a merge key stand where
    /// the (first) `<<` key stood.
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
    /// `Some(span)` when a merge key supplied this entry: the span of the `<<`
    /// value that supplied it (the alias `*a`, the item of `[*a, *b]`, or the
    /// inline mapping).
    pub merged_from: Option<Span>,
}

impl Entry {
    /// From the key's start to the value's end; the key alone when the value
    /// was copied in from elsewhere by an alias (`key: *a`).
    pub fn span(&self) -> Span {
        if self.value.alias == self.key.alias && self.value.span.start >= self.key.span.start {
            self.key.span.cover(self.value.span)
        } else {
            self.key.span
        }
    }
}

impl Mapping {
    /// The first entry whose key is the string `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key.as_str() == Some(key))
    }

    /// The value of the first entry whose key is the string `key`.
    pub fn get_value(&self, key: &str) -> Option<&Node> {
        self.get(key).map(|e| &e.value)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Entry> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'a> IntoIterator for &'a Mapping {
    type Item = &'a Entry;
    type IntoIter = std::slice::Iter<'a, Entry>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl Node {
    /// A null node (an empty value) at `span`.
    pub fn null(span: Span) -> Node {
        Node {
            span,
            value: Value::Null,
            tag: None,
            alias: None,
        }
    }

    /// The text of a scalar (not of null).
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(&s.text),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Mapping> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The value under `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.get_value(key)
    }

    /// Whether the node carries exactly this tag (`"!reset"`, `"!override"`).
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tag.as_deref() == Some(tag)
    }

    /// "a mapping", "a sequence", "a scalar" or "null", for messages.
    pub fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Scalar(_) => "a scalar",
            Value::Seq(_) => "a sequence",
            Value::Map(_) => "a mapping",
        }
    }

    /// The file span of the byte range `rel` of this scalar's text: exact for
    /// verbatim scalars, the node's span otherwise.
    pub fn span_of(&self, rel: std::ops::Range<usize>) -> Span {
        match &self.value {
            Value::Scalar(s) => s.span_of(self.span, rel),
            _ => self.span,
        }
    }

    /// What a scalar resolves to in the YAML 1.2 core schema (what Compose's
    /// loader sees): quoted scalars and `!!str` are strings, plain `true`,
    /// `42`, `1.5` are not. `None` for collections.
    pub fn scalar_kind(&self) -> Option<ScalarKind> {
        match &self.value {
            Value::Null => Some(ScalarKind::Null),
            Value::Scalar(s) => Some(if s.style != ScalarStyle::Plain || self.has_tag("!!str") {
                ScalarKind::Str
            } else {
                plain_kind(&s.text)
            }),
            _ => None,
        }
    }

    /// Add `by` to every offset in this tree (spans, alias sites, merge
    /// sources, verbatim origins), without recursion. Used to place a file
    /// in a project's shared offset space.
    pub fn shift(&mut self, by: u32) {
        if by == 0 {
            return;
        }
        let sh = |s: &mut Span| {
            s.start += by;
            s.end += by;
        };
        let mut todo: Vec<&mut Node> = vec![self];
        while let Some(n) = todo.pop() {
            sh(&mut n.span);
            if let Some(a) = &mut n.alias {
                sh(a);
            }
            match &mut n.value {
                Value::Scalar(s) => {
                    if let Some(v) = &mut s.verbatim {
                        *v += by;
                    }
                }
                Value::Seq(items) => todo.extend(items.iter_mut()),
                Value::Map(m) => {
                    for e in &mut m.entries {
                        if let Some(f) = &mut e.merged_from {
                            sh(f);
                        }
                        todo.push(&mut e.key);
                        todo.push(&mut e.value);
                    }
                }
                Value::Null => {}
            }
        }
    }
}

/// The type a scalar resolves to (YAML 1.2 core schema).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScalarKind {
    Null,
    Bool,
    Int,
    Float,
    Str,
}

impl ScalarKind {
    /// "a string", "a number", ... for messages.
    pub fn name(self) -> &'static str {
        match self {
            ScalarKind::Null => "null",
            ScalarKind::Bool => "a boolean",
            ScalarKind::Int => "an integer",
            ScalarKind::Float => "a number",
            ScalarKind::Str => "a string",
        }
    }
}

/// The core-schema type of a plain scalar's text.
pub fn plain_kind(t: &str) -> ScalarKind {
    match t {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarKind::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return ScalarKind::Bool,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return ScalarKind::Float,
        _ => {}
    }
    let b = t.as_bytes();
    let digits =
        |s: &[u8], radix: u32| !s.is_empty() && s.iter().all(|c| (*c as char).is_digit(radix));
    if let Some(h) = t.strip_prefix("0x") {
        return if digits(h.as_bytes(), 16) {
            ScalarKind::Int
        } else {
            ScalarKind::Str
        };
    }
    if let Some(o) = t.strip_prefix("0o") {
        return if digits(o.as_bytes(), 8) {
            ScalarKind::Int
        } else {
            ScalarKind::Str
        };
    }
    let unsigned = match b[0] {
        b'+' | b'-' => &b[1..],
        _ => b,
    };
    if digits(unsigned, 10) {
        return ScalarKind::Int;
    }
    // [0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)? with at least one digit.
    let mut i = 0;
    let mut seen = false;
    while i < unsigned.len() && unsigned[i].is_ascii_digit() {
        i += 1;
        seen = true;
    }
    if i < unsigned.len() && unsigned[i] == b'.' {
        i += 1;
        while i < unsigned.len() && unsigned[i].is_ascii_digit() {
            i += 1;
            seen = true;
        }
    }
    if !seen {
        return ScalarKind::Str;
    }
    if i < unsigned.len() && matches!(unsigned[i], b'e' | b'E') {
        i += 1;
        if i < unsigned.len() && matches!(unsigned[i], b'+' | b'-') {
            i += 1;
        }
        let exp = i;
        while i < unsigned.len() && unsigned[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp {
            return ScalarKind::Str;
        }
    }
    if i == unsigned.len() {
        ScalarKind::Float
    } else {
        ScalarKind::Str
    }
}

/// A load failure, or (from [`load_with_warnings`]) a warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub span: Span,
    /// Lowercase, no trailing period.
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.message, self.span.start)
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// The same error placed `by` bytes further (see [`Node::shift`]).
    pub fn shifted(mut self, by: u32) -> LoadError {
        self.span = Span::new(self.span.start + by, self.span.end + by);
        self
    }
}

/// The documents of a stream and the problems that did not stop loading.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub docs: Vec<Node>,
    /// Duplicate keys, one per repeated key, at the repeated key.
    pub warnings: Vec<LoadError>,
}

/// Load every document of a YAML stream. Duplicate keys are errors.
pub fn load(src: &str, limits: &Limits) -> Result<Vec<Node>, LoadError> {
    Loader::new(src, limits, true).run().map(|l| l.docs)
}

/// Load every document of a YAML stream; duplicate keys are warnings and
/// both entries are kept.
pub fn load_with_warnings(src: &str, limits: &Limits) -> Result<Loaded, LoadError> {
    Loader::new(src, limits, false).run()
}

/// The text saphyr scans: non-ASCII characters on directive lines (`%...`
/// at the start of the stream or after a `...` document end) become `?`,
/// one for one. Saphyr skips a directive's characters as bytes, so every
/// marker after a non-ASCII directive pointed past its token (found by
/// fuzzing); directives carry nothing Compose reads.
fn ascii_directives(src: &str) -> std::borrow::Cow<'_, str> {
    if src.is_ascii() {
        return std::borrow::Cow::Borrowed(src);
    }
    let mut directives = true;
    let mut changed: Option<String> = None;
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        if line.starts_with("...") {
            directives = true;
        } else if directives && line.starts_with('%') {
            if !line.is_ascii() {
                let out = changed.get_or_insert_with(|| src[..at].to_string());
                out.extend(line.chars().map(|c| if c.is_ascii() { c } else { '?' }));
                at += line.len();
                continue;
            }
        } else if directives && !line.trim().is_empty() && !line.starts_with('#') {
            directives = false;
        }
        if let Some(out) = changed.as_mut() {
            out.push_str(line);
        }
        at += line.len();
    }
    match changed {
        Some(out) => std::borrow::Cow::Owned(out),
        None => std::borrow::Cow::Borrowed(src),
    }
}

/// Character index -> byte offset. Saphyr's markers count characters.
struct Offsets {
    /// `table[i]` is the byte offset of character `i`; `None` for ASCII text.
    table: Option<Vec<u32>>,
    len: u32,
}

impl Offsets {
    fn new(src: &str) -> Offsets {
        let table = if src.is_ascii() {
            None
        } else {
            let mut t: Vec<u32> = src.char_indices().map(|(i, _)| i as u32).collect();
            t.push(src.len() as u32);
            Some(t)
        };
        Offsets {
            table,
            len: src.len() as u32,
        }
    }

    fn byte(&self, char_index: usize) -> u32 {
        match &self.table {
            None => (char_index as u32).min(self.len),
            Some(t) => t.get(char_index).copied().unwrap_or(self.len),
        }
    }
}

/// An anchored node kept for alias expansion.
struct Anchored {
    node: Node,
    /// Nodes in the subtree.
    count: usize,
    /// Height of the subtree (a scalar is 0, a flat collection 1).
    height: usize,
}

/// An open collection.
struct Frame {
    is_map: bool,
    flow: bool,
    /// Content start (the `[`/`{` of a flow collection).
    start: u32,
    anchor: usize,
    tag: Option<Box<str>>,
    /// Sequence items, or mapping keys and values alternating.
    items: Vec<Node>,
    /// Nodes in the subtree, this one included.
    count: usize,
    /// Largest height among the children.
    child_height: usize,
}

struct Loader<'a> {
    src: &'a str,
    bytes: &'a [u8],
    offsets: Offsets,
    max_depth: usize,
    budget: usize,
    used: usize,
    strict: bool,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    docs: Vec<Node>,
    warnings: Vec<LoadError>,
    /// End of the last token consumed, to find block scalar indicators.
    cursor: u32,
    /// Line start offsets, built on the first duplicate key.
    lines: Vec<u32>,
}

fn err(span: Span, message: impl Into<String>) -> LoadError {
    LoadError {
        span,
        message: message.into(),
    }
}

impl<'a> Loader<'a> {
    fn new(src: &'a str, limits: &Limits, strict: bool) -> Loader<'a> {
        Loader {
            src,
            bytes: src.as_bytes(),
            offsets: Offsets::new(src),
            max_depth: limits.max_depth.clamp(1, Limits::HARD_MAX_DEPTH),
            budget: limits.effective_alias_budget(src.len()),
            used: 0,
            strict,
            stack: Vec::new(),
            anchors: HashMap::new(),
            docs: Vec::new(),
            warnings: Vec::new(),
            cursor: 0,
            lines: Vec::new(),
        }
    }

    fn run(mut self) -> Result<Loaded, LoadError> {
        if self.src.len() > u32::MAX as usize - 1 {
            return Err(err(
                Span::empty(0),
                "file too large for YAML loading (4 GiB)",
            ));
        }
        let scanned = ascii_directives(self.src);
        let mut parser = Parser::new_from_str(&scanned);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| self.scan_error(&e))?;
            let start = self.offsets.byte(span.start.index());
            let end = self.offsets.byte(span.end.index()).max(start);
            self.event(event, start, end)?;
        }
        Ok(Loaded {
            docs: self.docs,
            warnings: self.warnings,
        })
    }

    fn scan_error(&self, e: &ScanError) -> LoadError {
        let at = self.offsets.byte(e.marker().index());
        let message = if e.info() == "recursion limit exceeded" {
            "nesting too deep: flow collections nest at most 255 levels".to_string()
        } else {
            e.info().trim_end_matches('.').to_string()
        };
        err(Span::empty(at), message)
    }

    fn event(&mut self, event: Event<'_>, start: u32, end: u32) -> Result<(), LoadError> {
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            Event::DocumentStart(explicit) => {
                self.anchors.clear();
                // An implicit start's span reaches into the first node (past
                // a block scalar's indicator): only `---` moves the cursor.
                if explicit {
                    self.cursor = self.cursor.max(end);
                }
            }
            Event::Alias(id) => {
                let site = Span::new(start, end);
                let name = site.text(self.src).to_string();
                let Some(anchored) = self.anchors.get(&id) else {
                    return Err(err(
                        site,
                        format!("alias `{name}` refers to a node that contains it"),
                    ));
                };
                let (count, height) = (anchored.count, anchored.height);
                if self.stack.len() + height > self.max_depth {
                    return Err(err(
                        site,
                        format!(
                            "nesting too deep: expanding `{name}` here exceeds {} levels",
                            self.max_depth
                        ),
                    ));
                }
                self.charge(count, site)?;
                let mut node = self.anchors[&id].node.clone();
                mark_alias(&mut node, site);
                self.cursor = self.cursor.max(end);
                self.push(node, count, height, 0)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let has_props = anchor != 0 || tag.is_some();
                let tag = tag.map(|t| tag_name(&t));
                let is_key = self
                    .stack
                    .last()
                    .is_some_and(|f| f.is_map && f.items.len() % 2 == 0);
                let node = self.scalar(
                    text.into_owned(),
                    style,
                    tag,
                    has_props,
                    is_key,
                    Span::new(start, end),
                );
                self.cursor = self.cursor.max(node.span.end);
                self.push(node, 1, 0, anchor)?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(false, anchor, tag.map(|t| tag_name(&t)), start, end)?;
            }
            Event::MappingStart(anchor, tag) => {
                self.open(true, anchor, tag.map(|t| tag_name(&t)), start, end)?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(end > start, end)?,
        }
        Ok(())
    }

    fn open(
        &mut self,
        is_map: bool,
        anchor: usize,
        tag: Option<Box<str>>,
        start: u32,
        end: u32,
    ) -> Result<(), LoadError> {
        if self.stack.len() >= self.max_depth {
            return Err(err(
                Span::new(start, end),
                format!("nesting too deep: more than {} levels", self.max_depth),
            ));
        }
        let s = if anchor != 0 || tag.is_some() {
            self.skip_props(start as usize, end as usize)
        } else {
            start as usize
        };
        let open = if is_map { b'{' } else { b'[' };
        let flow = self.bytes.get(s) == Some(&open);
        let mut s = s;
        if !is_map && !flow && self.bytes.get(s) != Some(&b'-') {
            // An indentless sequence (`key:\n- a`) starts at its first
            // item's content: step back to the `-`.
            let mut i = s;
            while i > 0 && matches!(self.bytes[i - 1], b' ' | b'\t') {
                i -= 1;
            }
            if i > 0 && self.bytes[i - 1] == b'-' {
                s = i - 1;
            }
        }
        self.cursor = self.cursor.max(end);
        self.stack.push(Frame {
            is_map,
            flow,
            start: s as u32,
            anchor,
            tag,
            items: Vec::new(),
            count: 1,
            child_height: 0,
        });
        Ok(())
    }

    fn close(&mut self, has_delimiter: bool, end: u32) -> Result<(), LoadError> {
        let Some(frame) = self.stack.pop() else {
            return Err(err(Span::empty(end), "unbalanced collection end"));
        };
        let span = if frame.flow && has_delimiter {
            Span::new(frame.start, end)
        } else {
            // A block collection starts at its first key or `-` and ends
            // with its last child (where that child is placed, for aliases).
            frame
                .items
                .iter()
                .map(|n| n.alias.unwrap_or(n.span))
                .fold(Span::empty(frame.start), |a, b| a.cover(b))
        };
        let value = if frame.is_map {
            Value::Map(self.finish_map(frame.items)?)
        } else {
            Value::Seq(frame.items)
        };
        let node = Node {
            span,
            value,
            tag: frame.tag,
            alias: None,
        };
        self.cursor = self.cursor.max(span.end);
        self.push(node, frame.count, frame.child_height + 1, frame.anchor)
    }

    fn finish_map(&mut self, items: Vec<Node>) -> Result<Mapping, LoadError> {
        let mut entries = Vec::with_capacity(items.len() / 2);
        let mut it = items.into_iter();
        while let (Some(key), Some(value)) = (it.next(), it.next()) {
            entries.push(Entry {
                key,
                value,
                merged_from: None,
            });
        }
        self.check_duplicates(&entries)?;
        if entries.iter().any(|e| is_merge_key(&e.key)) {
            entries = merge(entries)?;
        }
        Ok(Mapping { entries })
    }

    fn check_duplicates(&mut self, entries: &[Entry]) -> Result<(), LoadError> {
        // (first, repeated) index pairs, in the order of the repeated key.
        let mut dups: Vec<(usize, usize)> = Vec::new();
        if entries.len() <= 16 {
            for j in 1..entries.len() {
                let Some(kj) = key_id(&entries[j].key) else {
                    continue;
                };
                if let Some(i) = (0..j).find(|&i| key_id(&entries[i].key) == Some(kj)) {
                    dups.push((i, j));
                }
            }
        } else {
            let mut seen: HashMap<KeyId<'_>, usize> = HashMap::with_capacity(entries.len());
            for (j, e) in entries.iter().enumerate() {
                if let Some(k) = key_id(&e.key) {
                    if let Some(&i) = seen.get(&k) {
                        dups.push((i, j));
                    } else {
                        seen.insert(k, j);
                    }
                }
            }
        }
        for (i, j) in dups {
            let first = entries[i].key.alias.unwrap_or(entries[i].key.span);
            let line = self.line_of(first.start);
            let name = match &entries[j].key.value {
                Value::Scalar(s) => s.text.as_str(),
                _ => "null",
            };
            let e = err(
                entries[j].key.alias.unwrap_or(entries[j].key.span),
                format!("duplicate key `{name}` (first defined on line {line})"),
            );
            if self.strict {
                return Err(e);
            }
            self.warnings.push(e);
        }
        Ok(())
    }

    /// The 1-based line of a byte offset.
    fn line_of(&mut self, offset: u32) -> usize {
        if self.lines.is_empty() {
            self.lines.push(0);
            let newlines = self.bytes.iter().enumerate().filter(|(_, c)| **c == b'\n');
            self.lines.extend(newlines.map(|(i, _)| i as u32 + 1));
        }
        self.lines.partition_point(|&start| start <= offset)
    }

    fn charge(&mut self, count: usize, at: Span) -> Result<(), LoadError> {
        self.used = self.used.saturating_add(count);
        if self.used > self.budget {
            return Err(err(
                at,
                format!(
                    "alias expansion exceeds the budget of {} nodes",
                    self.budget
                ),
            ));
        }
        Ok(())
    }

    /// Skip node properties (`&anchor`, `!tag`), blanks and comments.
    fn skip_props(&self, mut i: usize, limit: usize) -> usize {
        let b = self.bytes;
        let limit = limit.min(b.len());
        while i < limit {
            match b[i] {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'#' => {
                    while i < limit && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'&' | b'!' => {
                    while i < limit && !matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        i
    }

    fn scalar(
        &self,
        text: String,
        style: SaphyrStyle,
        tag: Option<Box<str>>,
        has_props: bool,
        is_key: bool,
        event: Span,
    ) -> Node {
        let (start, end) = (event.start, event.end);
        let b = self.bytes;
        let (style, span, content) = match style {
            SaphyrStyle::Plain => {
                let s = if text.is_empty() {
                    end
                } else if has_props {
                    self.skip_props(start as usize, end as usize) as u32
                } else {
                    start
                };
                (ScalarStyle::Plain, Span::new(s, end), s as usize)
            }
            SaphyrStyle::SingleQuoted | SaphyrStyle::DoubleQuoted => {
                let s = if has_props {
                    self.skip_props(start as usize, end as usize)
                } else {
                    start as usize
                };
                let double = style == SaphyrStyle::DoubleQuoted;
                let e = closing_quote(b, s, double).unwrap_or(end as usize);
                let style = if double {
                    ScalarStyle::DoubleQuoted
                } else {
                    ScalarStyle::SingleQuoted
                };
                (style, Span::new(s as u32, e as u32), s + 1)
            }
            SaphyrStyle::Literal | SaphyrStyle::Folded => {
                let from = if has_props {
                    start
                } else {
                    self.cursor.min(start)
                };
                let (indicator, header_end) =
                    self.block_indicator(from as usize, end as usize, start as usize);
                let mut e = if text.is_empty() {
                    header_end
                } else {
                    end as usize
                };
                while e > header_end && matches!(b[e - 1], b' ' | b'\t' | b'\r' | b'\n') {
                    e -= 1;
                }
                let content = if has_props || text.is_empty() {
                    self.skip_blank(header_end, end as usize)
                } else {
                    start as usize
                };
                let style = if style == SaphyrStyle::Literal {
                    ScalarStyle::Literal
                } else {
                    ScalarStyle::Folded
                };
                (style, Span::new(indicator as u32, e as u32), content)
            }
        };
        // Keys are names in Compose: only an empty key is null.
        let null_words = !is_key && matches!(text.as_str(), "~" | "null" | "Null" | "NULL");
        let is_null = style == ScalarStyle::Plain
            && (text.is_empty() || null_words)
            && tag.as_deref() != Some("!!str");
        let value = if is_null {
            Value::Null
        } else {
            let verbatim = (self.src.get(content..content + text.len()) == Some(text.as_str()))
                .then_some(content as u32);
            Value::Scalar(Scalar {
                text,
                style,
                verbatim,
            })
        };
        Node {
            span,
            value,
            tag,
            alias: None,
        }
    }

    /// Skip to the first non-blank character of a block scalar's content.
    fn skip_blank(&self, mut i: usize, limit: usize) -> usize {
        let b = self.bytes;
        while i < limit.min(b.len()) && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        }
        i
    }

    /// Find a block scalar's `|`/`>` indicator scanning forward from `from`,
    /// and the end of its header (`|+2`, `>-`). Falls back to `fallback`.
    fn block_indicator(&self, from: usize, limit: usize, fallback: usize) -> (usize, usize) {
        let b = self.bytes;
        let limit = limit.min(b.len());
        let mut i = from;
        while i < limit {
            match b[i] {
                b'|' | b'>' => {
                    let mut e = i + 1;
                    while e < limit && e < i + 3 && matches!(b[e], b'+' | b'-' | b'1'..=b'9') {
                        e += 1;
                    }
                    return (i, e);
                }
                b' ' | b'\t' | b'\r' | b'\n' | b':' | b'-' | b'?' => i += 1,
                b'#' => {
                    while i < limit && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'&' | b'!' => {
                    while i < limit && !matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        (fallback, fallback)
    }

    /// Add a finished node to the open collection, or make it a document.
    fn push(
        &mut self,
        node: Node,
        count: usize,
        height: usize,
        anchor: usize,
    ) -> Result<(), LoadError> {
        if anchor != 0 {
            // The loader keeps a copy of every anchored node; it counts
            // against the budget so nested anchors cannot multiply memory.
            if count > 1 {
                self.charge(count, node.span)?;
            }
            self.anchors.insert(
                anchor,
                Anchored {
                    node: node.clone(),
                    count,
                    height,
                },
            );
        }
        match self.stack.last_mut() {
            Some(frame) => {
                frame.count += count;
                frame.child_height = frame.child_height.max(height);
                frame.items.push(node);
            }
            None => self.docs.push(node),
        }
        Ok(())
    }
}

/// What makes two keys the same key: null, or the scalar's text. Collection
/// keys are never compared.
type KeyId<'a> = (bool, &'a str);

fn key_id(n: &Node) -> Option<KeyId<'_>> {
    match &n.value {
        Value::Null => Some((true, "")),
        Value::Scalar(s) => Some((false, &s.text)),
        _ => None,
    }
}

fn is_merge_key(n: &Node) -> bool {
    matches!(&n.value, Value::Scalar(s) if s.style == ScalarStyle::Plain && s.text == "<<")
        && matches!(n.tag.as_deref(), None | Some("!!merge"))
}

/// Resolve the merge keys of one mapping: explicit keys win, then earlier
/// merge sources win; merged entries stand where the first `<<` stood.
fn merge(entries: Vec<Entry>) -> Result<Vec<Entry>, LoadError> {
    let mut explicit = Vec::with_capacity(entries.len());
    let mut sources: Vec<(Span, Mapping)> = Vec::new();
    let mut at = None;
    for e in entries {
        if !is_merge_key(&e.key) {
            explicit.push(e);
            continue;
        }
        at.get_or_insert(explicit.len());
        let v = e.value;
        let site = v.alias.unwrap_or(v.span);
        match v.value {
            Value::Map(m) => sources.push((site, m)),
            Value::Seq(items) => {
                for item in items {
                    let site = item.alias.unwrap_or(item.span);
                    match item.value {
                        Value::Map(m) => sources.push((site, m)),
                        _ => {
                            return Err(err(
                                site,
                                format!(
                                    "a merge key `<<` takes mappings, found {} in its sequence",
                                    item_kind(&item.value)
                                ),
                            ));
                        }
                    }
                }
            }
            other => {
                return Err(err(
                    site,
                    format!(
                        "a merge key `<<` takes a mapping or a sequence of mappings, found {}",
                        item_kind(&other)
                    ),
                ));
            }
        }
    }
    let mut seen: foldhash::HashSet<(bool, String)> = explicit
        .iter()
        .filter_map(|e| key_id(&e.key).map(|(n, s)| (n, s.to_string())))
        .collect();
    let mut merged = Vec::new();
    for (site, m) in sources {
        for mut e in m.entries {
            let new = match key_id(&e.key) {
                Some((n, s)) => seen.insert((n, s.to_string())),
                None => true,
            };
            if new {
                e.merged_from = Some(site);
                merged.push(e);
            }
        }
    }
    let at = at.unwrap_or(explicit.len());
    let tail = explicit.split_off(at);
    explicit.extend(merged);
    explicit.extend(tail);
    Ok(explicit)
}

fn item_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Scalar(_) => "a scalar",
        Value::Seq(_) => "a sequence",
        Value::Map(_) => "a mapping",
    }
}

/// Set `alias` on a copied subtree, without recursion.
fn mark_alias(node: &mut Node, site: Span) {
    let mut todo: Vec<&mut Node> = vec![node];
    while let Some(n) = todo.pop() {
        n.alias = Some(site);
        match &mut n.value {
            Value::Seq(items) => todo.extend(items.iter_mut()),
            Value::Map(m) => {
                for e in &mut m.entries {
                    todo.push(&mut e.key);
                    todo.push(&mut e.value);
                }
            }
            Value::Null | Value::Scalar(_) => {}
        }
    }
}

/// The end (exclusive) of a quoted scalar that opens at `start`.
fn closing_quote(b: &[u8], start: usize, double: bool) -> Option<usize> {
    let q = if double { b'"' } else { b'\'' };
    if b.get(start) != Some(&q) {
        return None;
    }
    let mut i = start + 1;
    while i < b.len() {
        let c = b[i];
        if double && c == b'\\' {
            i += 2;
            continue;
        }
        if c == q {
            if !double && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

fn tag_name(t: &Tag) -> Box<str> {
    match t.handle.as_str() {
        "!" => format!("!{}", t.suffix).into(),
        "tag:yaml.org,2002:" => format!("!!{}", t.suffix).into(),
        h => format!("{h}{}", t.suffix).into(),
    }
}

#[cfg(test)]
mod tests;
