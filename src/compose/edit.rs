//! Edits of Compose files for fixes, in the file's own style.
//!
//! A fix says what it wants (this key set under that mapping, this item
//! added to that list, this scalar rewritten, this entry removed); this
//! module turns it into text edits that keep everything else as written:
//! the indentation unit and the file's sequence indentation, comments, the
//! order of keys (new keys go after the last one), quoting, flow or block
//! style (a flow mapping gets `, key: value`), CRLF line ends and the
//! presence or absence of a final line end.
//!
//! Spans are the project's global spans (see
//! [`crate::compose::project`]): the edit is made where the node is
//! written, which for a value copied by an alias or a merge key is the
//! anchor's definition, and for a value from an `extends` base, an override
//! or an include is that file. The pipeline maps each edit to its file.

use crate::compose::project::Project;
use crate::diagnostic::Edit;
use crate::source::Span;
use crate::yaml::{Mapping, Node, ScalarKind, ScalarStyle, Value};

/// A value to write: a scalar (written plain when YAML reads it back as the
/// same string, quoted otherwise), or a list of scalars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewValue {
    /// A string.
    Str(String),
    /// A number or a boolean, written as is (`512`, `0.5`, `true`).
    Plain(String),
    /// A list of strings.
    List(Vec<String>),
}

/// The text of one file of a project, for a global span.
struct FileText<'a> {
    text: &'a str,
    base: u32,
}

impl<'a> FileText<'a> {
    fn of(project: &'a Project, at: u32) -> FileText<'a> {
        let f = &project.files[project.file_of(at)];
        FileText {
            text: &f.source.text,
            base: f.base,
        }
    }

    fn local(&self, global: u32) -> usize {
        (global.saturating_sub(self.base) as usize).min(self.text.len())
    }

    fn global(&self, local: usize) -> u32 {
        self.base + local as u32
    }

    fn line_start(&self, local: usize) -> usize {
        self.text[..local].rfind('\n').map_or(0, |i| i + 1)
    }

    /// After the line end of the line holding `local` (the text's end when
    /// that line has none).
    fn next_line(&self, local: usize) -> usize {
        self.text[local..]
            .find('\n')
            .map_or(self.text.len(), |i| local + i + 1)
    }

    /// The column (in bytes) of `local` on its line.
    fn column(&self, local: usize) -> usize {
        local - self.line_start(local)
    }

    /// The file's line end.
    fn newline(&self) -> &'static str {
        match self.text.find('\n') {
            Some(i) if i > 0 && self.text.as_bytes()[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        }
    }

    /// Only blanks before `local` on its line.
    fn starts_line(&self, local: usize) -> bool {
        self.text[self.line_start(local)..local].trim().is_empty()
    }
}

/// How a file lays out block collections: the indentation unit of a
/// mapping's keys, and whether a block sequence under a key is indented
/// (`key:\n  - a`) or not (`key:\n- a`).
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    pub unit: usize,
    pub indent_sequences: bool,
}

impl Layout {
    /// How block sequences are indented in a file's text: the first key
    /// line ending in `:` followed by a `- ` line decides (indented when
    /// there is none). Only the first 64 KiB are looked at, so that the
    /// cost per fix does not grow with the file.
    fn sequences_indented(text: &str) -> bool {
        let mut end = text.len().min(64 * 1024);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut lines = text[..end].lines().map(|l| l.trim_end_matches('\r'));
        let mut prev: Option<usize> = None;
        for line in lines.by_ref() {
            let body = line.trim_start();
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            let col = line.len() - body.len();
            if let Some(key_col) = prev
                && body.starts_with("- ")
            {
                return col > key_col;
            }
            prev = (body.ends_with(':') && !body.starts_with('-')).then_some(col);
        }
        true
    }
}

/// The column of the `-` that starts a block sequence item at `item`.
fn dash_column(f: &FileText, item: usize) -> Option<usize> {
    let ls = f.line_start(item);
    let before = &f.text[ls..item];
    let dash = before.rfind('-')?;
    before[dash + 1..].trim().is_empty().then_some(dash)
}

/// The node is a flow collection (`{...}`, `[...]`).
pub fn is_flow(project: &Project, node: &Node) -> bool {
    let f = FileText::of(project, node.span.start);
    matches!(
        f.text.as_bytes().get(f.local(node.span.start)),
        Some(b'{' | b'[')
    ) && matches!(node.value, Value::Map(_) | Value::Seq(_))
}

/// A scalar as YAML text: plain when it reads back as the same string,
/// else double-quoted.
pub fn scalar_text(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && !s.starts_with(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '-' | '?' | ':' | ',' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|'
                        | '>' | '\'' | '"' | '%' | '@' | '`'
                )
        })
        && !s.ends_with(char::is_whitespace)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains(['\n', '\r', '\t', '\\'])
        && !s.contains(['{', '}', '[', ']', ','])
        && crate::yaml::plain_kind(s) == ScalarKind::Str
        // `10001:10001` and `8080:80` are numbers (base 60) to YAML 1.1
        // readers: quote what looks like one.
        && !s.bytes().all(|b| b.is_ascii_digit() || b":._+-".contains(&b));
    if plain_ok {
        s.to_string()
    } else {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

impl NewValue {
    /// A number when the text is one (`100`, `0.5`), else a string.
    pub fn number_or_str(s: &str) -> NewValue {
        match crate::yaml::plain_kind(s) {
            ScalarKind::Int | ScalarKind::Float => NewValue::Plain(s.to_string()),
            _ => NewValue::Str(s.to_string()),
        }
    }
}

fn value_text(v: &NewValue) -> String {
    match v {
        NewValue::Str(s) => scalar_text(s),
        NewValue::Plain(s) => s.clone(),
        NewValue::List(items) => {
            let items: Vec<String> = items.iter().map(|i| scalar_text(i)).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

/// Lines for `path: value` nested under one another in block style, each
/// key at `indent + depth * unit`.
fn block_lines(path: &[&str], value: &NewValue, indent: usize, layout: Layout, nl: &str) -> String {
    let mut out = String::new();
    for (depth, key) in path.iter().enumerate() {
        let pad = " ".repeat(indent + depth * layout.unit);
        let last = depth + 1 == path.len();
        if !last {
            out.push_str(&format!("{pad}{key}:{nl}"));
            continue;
        }
        match value {
            NewValue::List(items) => {
                out.push_str(&format!("{pad}{key}:{nl}"));
                let dash = if layout.indent_sequences {
                    " ".repeat(indent + depth * layout.unit + layout.unit)
                } else {
                    pad.clone()
                };
                for i in items {
                    out.push_str(&format!("{dash}- {}{nl}", scalar_text(i)));
                }
            }
            v => out.push_str(&format!("{pad}{key}: {}{nl}", value_text(v))),
        }
    }
    out
}

/// `path: value` as nested flow mappings: `a: {b: {c: v}}`.
fn flow_entry(path: &[&str], value: &NewValue) -> String {
    let mut out = value_text(value);
    for (i, key) in path.iter().enumerate().rev() {
        out = if i + 1 == path.len() {
            format!("{key}: {out}")
        } else {
            format!("{key}: {{{out}}}")
        };
    }
    out
}

/// Where new entries of a block mapping go: after the line of its last
/// entry written in the mapping itself (or its last merge key), at the
/// column of its keys. `None` for a mapping with nothing written in it.
fn block_insertion(project: &Project, m: &Mapping, region: Span) -> Option<(u32, usize)> {
    let mut last_end: Option<u32> = None;
    let mut key_col: Option<usize> = None;
    for e in m.iter() {
        let (start, end) = match e.merged_from {
            Some(src) => {
                // The `<<: *a` line; its key is not kept, so its column is
                // the line's indentation.
                (src.start, src.end)
            }
            None if e.key.alias.is_none() => {
                let end = if e.value.alias.is_some() {
                    e.value.alias.map_or(e.key.span.end, |a| a.end)
                } else {
                    e.value.span.end.max(e.key.span.end)
                };
                (e.key.span.start, end)
            }
            None => continue,
        };
        if start < region.start || start >= region.end {
            continue;
        }
        let f = FileText::of(project, start);
        let col = if e.merged_from.is_some() {
            let ls = f.line_start(f.local(start));
            f.text[ls..].len() - f.text[ls..].trim_start_matches([' ', '\t']).len()
        } else {
            f.column(f.local(start))
        };
        key_col.get_or_insert(col);
        last_end = Some(last_end.map_or(end, |l: u32| l.max(end)));
    }
    let end = last_end?;
    let f = FileText::of(project, end);
    // The end of a value may be the end of a line already (block scalars
    // keep their line end out of the span; an empty value sits at it).
    let local = f.local(end);
    let at = if local > 0 && f.text.as_bytes()[local - 1] == b'\n' {
        local
    } else {
        f.next_line(local)
    };
    Some((f.global(at), key_col?))
}

/// Where a service's own keys are written: the region of its mapping in
/// its file (from its name to the next line indented no deeper than the
/// name), so keys merged in from an `extends` base or an override are
/// told apart from its own; its mapping node; and the file's layout.
pub struct Site<'p> {
    project: &'p Project,
    node: &'p Node,
    region: Span,
    layout: Layout,
}

impl<'p> Site<'p> {
    /// The site of a service, `None` when it has nothing written in its
    /// own mapping to place keys after (a service made by an alias alone).
    pub fn service(project: &'p Project, name: Span, node: &'p Node) -> Option<Site<'p>> {
        let f = FileText::of(project, name.start);
        let start = f.local(name.end);
        let name_col = f.column(f.local(name.start));
        let mut end = f.next_line(start);
        // One pass over the lines below the name (a search per line was
        // most of the cost of a Compose fix), reading bytes: a line whose
        // first byte after its indentation is printable ASCII is decided
        // there, and only other lines are trimmed as text.
        let b = f.text.as_bytes();
        while end < b.len() {
            let line_end = memchr::memchr(b'\n', &b[end..]).map_or(b.len(), |i| end + i + 1);
            let indent = b[end..line_end]
                .iter()
                .position(|&c| c != b' ' && c != b'\t')
                .unwrap_or(line_end - end);
            let blank = match b.get(end + indent) {
                Some(b'#') => true,
                Some(c) if c.is_ascii_graphic() => false,
                _ => f.text[end + indent..line_end].trim().is_empty(),
            };
            if !blank && indent <= name_col {
                break;
            }
            end = line_end;
        }
        let region = Span::new(f.global(start), f.global(end));
        let m = node.as_map()?;
        let first_key = m
            .iter()
            .filter(|e| e.merged_from.is_none() && e.key.alias.is_none())
            .map(|e| e.key.span.start)
            .find(|&k| region.start <= k && k < region.end);
        let unit = first_key
            .map(|k| f.column(f.local(k)).saturating_sub(name_col))
            .filter(|&u| u > 0)
            .unwrap_or(2);
        Some(Site {
            project,
            node,
            region,
            layout: Layout {
                unit,
                indent_sequences: *project.files[project.file_of(name.start)]
                    .indents_sequences
                    .get_or_init(|| Layout::sequences_indented(f.text)),
            },
        })
    }

    /// Sets `path` under the service; see [`set_key`].
    pub fn set(&self, path: &[&str], value: &NewValue) -> Option<Edit> {
        set_key(
            self.project,
            self.node,
            self.region,
            path,
            value,
            self.layout,
        )
    }

    /// The service's mapping node.
    pub fn node(&self) -> &'p Node {
        self.node
    }
}

/// Sets `path` (keys below `map_node`, which must be a mapping) to `value`,
/// creating the mappings on the way, in the mapping's style. `None` when
/// the path already exists (use [`replace_scalar`]), runs through
/// something that is not a mapping, or when the mapping has nothing
/// written in it to place the new key after.
///
/// The edit joins other insertions at the same point that create other
/// keys (see [`Edit::join`]).
pub fn set_key(
    project: &Project,
    map_node: &Node,
    region: Span,
    path: &[&str],
    value: &NewValue,
    layout: Layout,
) -> Option<Edit> {
    let mut node = map_node;
    let mut region = region;
    let mut depth = 0;
    while depth < path.len() {
        let m = node.as_map()?;
        match m.get(path[depth]) {
            Some(e) => {
                if depth + 1 == path.len() {
                    return None;
                }
                if !matches!(e.value.value, Value::Map(_)) {
                    return None;
                }
                // A nested mapping is edited where it is written (an
                // anchor's definition, an override's mapping).
                node = &e.value;
                region = own_region(project, node);
                depth += 1;
            }
            None => break,
        }
    }
    let rest = &path[depth..];
    let m = node.as_map()?;
    let f = FileText::of(project, region.start);
    let nl = f.newline();
    let creates = format!("{}@{}", path[..depth + 1].join("."), region.start);
    if is_flow(project, node) && region.start <= node.span.start && node.span.end <= region.end {
        let close = f.local(node.span.end).checked_sub(1)?;
        if f.text.as_bytes().get(close) != Some(&b'}') {
            return None;
        }
        let inner = &f.text[f.local(node.span.start) + 1..close];
        let entry = flow_entry(rest, value);
        let body_end = f.local(node.span.start) + 1 + inner.trim_end().len();
        let content = if inner.trim().is_empty() {
            entry
        } else {
            format!(", {entry}")
        };
        return Some(Edit::insert(f.global(body_end), content).joinable(creates));
    }
    let (at, col) = block_insertion(project, m, region)?;
    let f = FileText::of(project, at);
    let local = f.local(at);
    let mut lines = block_lines(rest, value, col, layout, nl);
    if local == f.text.len() && !f.text.ends_with('\n') {
        // The last line has no line end: keep it that way.
        lines.truncate(lines.len() - nl.len());
        lines.insert_str(0, nl);
    }
    Some(Edit::insert(at, lines).joinable(creates))
}

/// The text a nested mapping's own entries are written in: its span,
/// extended to the end of its last line.
fn own_region(project: &Project, node: &Node) -> Span {
    let f = FileText::of(project, node.span.start);
    let end = f.next_line(f.local(node.span.end).max(f.local(node.span.start)));
    Span::new(node.span.start, f.global(end).max(node.span.end))
}

/// Adds `item` at the end of a list (block or flow), in its style.
pub fn append_item(project: &Project, list: &Node, item: &str) -> Option<Edit> {
    let items = list.as_seq()?;
    let f = FileText::of(project, list.span.start);
    let text = scalar_text(item);
    let creates = format!("item {item}@{}", list.span.start);
    if is_flow(project, list) {
        let close = f.local(list.span.end).checked_sub(1)?;
        if f.text.as_bytes().get(close) != Some(&b']') {
            return None;
        }
        let inner = &f.text[f.local(list.span.start) + 1..close];
        let body_end = f.local(list.span.start) + 1 + inner.trim_end().len();
        let content = if inner.trim().is_empty() {
            text
        } else {
            format!(", {text}")
        };
        return Some(Edit::insert(f.global(body_end), content).joinable(creates));
    }
    let last = items.iter().rfind(|i| i.alias.is_none())?;
    // The last item may be written in another file (an override's items
    // are appended to the base's).
    let f = FileText::of(project, last.span.start);
    let item_start = f.local(last.span.start);
    let dash = dash_column(&f, item_start)?;
    let nl = f.newline();
    let end = f.local(last.span.end);
    let at = f.next_line(end);
    let mut line = format!("{}- {text}{nl}", " ".repeat(dash));
    if at == f.text.len() && !f.text.ends_with('\n') {
        line.truncate(line.len() - nl.len());
        line.insert_str(0, nl);
    }
    Some(Edit::insert(f.global(at), line).joinable(creates))
}

/// Rewrites a scalar, keeping its quoting: a plain scalar stays plain when
/// the new text reads back as the same kind of value, else it is
/// double-quoted; a quoted one keeps its quotes.
pub fn replace_scalar(
    project: &Project,
    node_span: Span,
    style: Option<ScalarStyle>,
    new: &str,
) -> Option<Edit> {
    let f = FileText::of(project, node_span.start);
    let written = f
        .text
        .get(f.local(node_span.start)..f.local(node_span.end))?;
    let content = match style? {
        ScalarStyle::DoubleQuoted if written.starts_with('"') => {
            format!("\"{}\"", new.replace('\\', "\\\\").replace('"', "\\\""))
        }
        ScalarStyle::SingleQuoted if written.starts_with('\'') => {
            format!("'{}'", new.replace('\'', "''"))
        }
        ScalarStyle::Plain => {
            let old_kind = crate::yaml::plain_kind(written);
            if crate::yaml::plain_kind(new) == old_kind && scalar_text(new) == new {
                new.to_string()
            } else if old_kind == ScalarKind::Str {
                scalar_text(new)
            } else {
                new.to_string()
            }
        }
        _ => return None,
    };
    Some(Edit::replace(node_span, content))
}

/// Removes a mapping entry (`key: value`), with its line(s) in block
/// style, or with its comma in flow style. `None` when a block entry does
/// not start its line (as in `- key: value`).
pub fn remove_entry(project: &Project, key: Span, value: Span) -> Option<Edit> {
    let f = FileText::of(project, key.start);
    let (ks, ve) = (f.local(key.start), f.local(value.end.max(key.end)));
    remove_range(&f, ks, ve)
}

/// Removes an item of a list, with its line in block style (when it is
/// alone on it) or with its comma in flow style.
pub fn remove_item(project: &Project, item: Span) -> Option<Edit> {
    let f = FileText::of(project, item.start);
    let (s, e) = (f.local(item.start), f.local(item.end));
    let before = f.text[..s].trim_end_matches([' ', '\t']);
    if before.ends_with('-') {
        // A block item: `- value` alone on its line.
        let dash = before.len() - 1;
        let ls = f.line_start(dash);
        if !f.text[ls..dash].trim().is_empty() {
            return None;
        }
        return Some(Edit::delete(Span::new(
            f.global(ls),
            f.global(f.next_line(e)),
        )));
    }
    remove_range(&f, s, e)
}

/// Deletes the entry or item at `[s, e)`: in flow style with the comma
/// before it (or after it, for the first one); in block style with its
/// lines.
fn remove_range(f: &FileText, s: usize, e: usize) -> Option<Edit> {
    let before = f.text[..s].trim_end();
    match before.chars().next_back() {
        Some(',') => {
            let comma = before.len() - 1;
            Some(Edit::delete(Span::new(f.global(comma), f.global(e))))
        }
        Some('{' | '[') => {
            let after = &f.text[e..];
            let skip = after.len() - after.trim_start().len();
            let end = if after[skip..].starts_with(',') {
                let rest = &after[skip + 1..];
                e + skip + 1 + (rest.len() - rest.trim_start().len())
            } else {
                e
            };
            Some(Edit::delete(Span::new(f.global(s), f.global(end))))
        }
        _ => {
            if !f.starts_line(s) {
                return None;
            }
            let start = f.line_start(s);
            // A comment on the entry's last line goes with it.
            let end = f.next_line(e);
            Some(Edit::delete(Span::new(f.global(start), f.global(end))))
        }
    }
}
