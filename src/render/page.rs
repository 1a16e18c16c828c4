//! A rule page (`lints/*.md`) rendered for a terminal, for `dockward
//! explain`: headings underlined, prose re-wrapped to the width, lists
//! with hanging indents, examples indented under a label that says which
//! kind of file they are and whether they are the bad or the good case,
//! tables aligned, links followed by their address. No Markdown syntax is
//! left except backticks around code when there is no colour to set code
//! apart.
//!
//! The pages are ours (`include_str!`), not input, so nothing here needs
//! escaping. Code is never wrapped or cut: an example is copied as written.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// How the page is shown.
#[derive(Clone, Copy, Debug)]
pub struct PageStyle {
    pub color: bool,
    /// Prose is wrapped to this many columns (at most 80: longer lines
    /// read badly); words longer than that (addresses) stay whole.
    pub width: usize,
}

/// Where relative links of the pages point: the repository's files.
fn resolve(url: &str) -> String {
    if url.contains("://") || url.starts_with("mailto:") {
        return url.to_string();
    }
    let repo = env!("CARGO_PKG_REPOSITORY");
    if url.starts_with('#') {
        return url.to_string();
    }
    // Relative to `lints/`.
    let mut parts: Vec<&str> = vec!["lints"];
    for p in url.split('/') {
        match p {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("{repo}/blob/main/{}", parts.join("/"))
}

/// A rule page's link to another rule page (`DF002-root-user.md`), as the
/// command that shows it.
fn rule_page_command(url: &str) -> Option<String> {
    if url.contains("://") {
        return None;
    }
    let name = url.rsplit('/').next()?.strip_suffix(".md")?;
    let (code, _) = name.split_once('-')?;
    let is_code = code.len() == 5
        && (code.starts_with("DF") || code.starts_with("DC"))
        && code[2..].bytes().all(|b| b.is_ascii_digit());
    is_code.then(|| format!("dockward explain {code}"))
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Bold,
    Code,
    Dim,
    Red,
    Green,
}

struct Writer {
    style: PageStyle,
    out: String,
    /// Words of the paragraph being filled, each with its display width.
    words: Vec<(String, usize)>,
    /// The word being built (a word can hold several styled pieces: text
    /// glued to code, a comma after a link).
    word: String,
    word_width: usize,
    /// Indentation of the current block, and of its first line (a list
    /// item's bullet).
    indent: Vec<usize>,
    first_prefix: Option<String>,
    strong: u32,
    /// Open links: the address to print after the text, if any.
    links: Vec<Option<String>>,
    heading: Option<HeadingLevel>,
    in_code_block: bool,
    table: Option<Table>,
    /// Whether a blank line separates the next block from what came before.
    pending_blank: bool,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    cell: String,
    header_rows: usize,
}

impl Writer {
    fn paint(&self, mark: Mark, s: &str) -> String {
        if !self.style.color {
            return s.to_string();
        }
        let code = match mark {
            Mark::Bold => "1",
            Mark::Code => "36",
            Mark::Dim => "2",
            Mark::Red => "1;31",
            Mark::Green => "1;32",
        };
        format!("\x1b[{code}m{s}\x1b[0m")
    }

    fn margin(&self) -> usize {
        self.indent.iter().sum()
    }

    fn blank(&mut self) {
        if self.pending_blank && !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        self.pending_blank = false;
    }

    /// Text of the prose: split into words, the first glued to what came
    /// before when no space separates them.
    fn text(&mut self, s: &str, mark: Option<Mark>) {
        if let Some(t) = &mut self.table {
            t.cell.push_str(s);
            return;
        }
        let mut first = true;
        for piece in s.split(' ') {
            if !first {
                self.end_word();
            }
            first = false;
            if piece.is_empty() {
                continue;
            }
            let width = piece.chars().count();
            let styled = match mark {
                Some(m) => self.paint(m, piece),
                None if self.strong > 0 || self.heading.is_some() => self.paint(Mark::Bold, piece),
                None => piece.to_string(),
            };
            self.word.push_str(&styled);
            self.word_width += width;
        }
    }

    fn end_word(&mut self) {
        if self.word_width > 0 {
            let w = std::mem::take(&mut self.word);
            self.words.push((w, self.word_width));
            self.word_width = 0;
        }
    }

    /// Writes the filled paragraph.
    fn flush(&mut self) {
        self.end_word();
        if self.words.is_empty() {
            return;
        }
        self.blank();
        let margin = self.margin();
        let width = self.style.width.clamp(40, 80);
        let first = self
            .first_prefix
            .take()
            .unwrap_or_else(|| " ".repeat(margin));
        let mut line = first;
        let mut used = margin;
        let mut empty = true;
        for (w, n) in std::mem::take(&mut self.words) {
            if !empty && used + 1 + n > width {
                self.out.push_str(line.trim_end());
                self.out.push('\n');
                line = " ".repeat(margin);
                used = margin;
                empty = true;
            }
            if !empty {
                line.push(' ');
                used += 1;
            }
            line.push_str(&w);
            used += n;
            empty = false;
        }
        self.out.push_str(line.trim_end());
        self.out.push('\n');
    }

    fn event(&mut self, e: Event) {
        match e {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if self.in_code_block {
                    let margin = " ".repeat(self.margin() + 4);
                    for l in t.lines() {
                        if !l.is_empty() {
                            self.out.push_str(&margin);
                            self.out.push_str(&self.paint(Mark::Dim, l));
                        }
                        self.out.push('\n');
                    }
                } else {
                    self.text(&t, None);
                }
            }
            Event::Code(c) => {
                if self.table.is_some() || !self.style.color {
                    self.text(&format!("`{c}`"), None);
                } else {
                    self.text(&c, Some(Mark::Code));
                }
            }
            Event::SoftBreak => self.text(" ", None),
            Event::HardBreak => self.flush(),
            Event::Html(h) | Event::InlineHtml(h) => self.text(&h, None),
            Event::Rule => {
                self.flush();
                self.pending_blank = true;
                self.blank();
                let w = self.style.width.clamp(40, 80) - self.margin();
                let line = "-".repeat(w);
                self.out.push_str(&self.paint(Mark::Dim, &line));
                self.out.push('\n');
                self.pending_blank = true;
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.pending_blank = true;
                self.heading = Some(level);
            }
            // A list item's first paragraph starts on the bullet's line.
            Tag::Paragraph if self.first_prefix.is_none() => {
                self.flush();
                self.pending_blank = true;
            }
            Tag::List(_) => {
                self.flush();
                if self.indent.is_empty() {
                    self.pending_blank = true;
                }
                self.indent.push(if self.indent.is_empty() { 2 } else { 0 });
            }
            Tag::Item => {
                self.flush();
                let margin = self.margin();
                let bullet = if self.style.color { "•" } else { "-" };
                self.first_prefix = Some(format!("{}{bullet} ", " ".repeat(margin)));
                self.indent.push(2);
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                self.pending_blank = true;
                self.blank();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                if let Some(label) = self.code_label(&info) {
                    let margin = " ".repeat(self.margin() + 2);
                    self.out.push_str(&margin);
                    self.out.push_str(&label);
                    self.out.push('\n');
                }
                self.in_code_block = true;
            }
            Tag::Strong => self.strong += 1,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                // An autolink's text is its address.
                let shown = match link_type {
                    LinkType::Autolink | LinkType::Email => None,
                    _ => Some(rule_page_command(&dest_url).unwrap_or_else(|| resolve(&dest_url))),
                };
                self.links.push(shown);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.pending_blank = true;
                self.indent.push(4);
            }
            Tag::Table(_) => {
                self.flush();
                self.pending_blank = true;
                self.table = Some(Table::default());
            }
            Tag::TableHead => {}
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => {
                if let Some(t) = &mut self.table {
                    if t.rows.is_empty() {
                        t.rows.push(Vec::new());
                    }
                    t.cell.clear();
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(level) => {
                self.end_word();
                let words = std::mem::take(&mut self.words);
                let width: usize =
                    words.iter().map(|(_, n)| n).sum::<usize>() + words.len().saturating_sub(1);
                let text: Vec<String> = words.into_iter().map(|(w, _)| w).collect();
                self.blank();
                let text = text.join(" ");
                self.out.push_str(&text);
                self.out.push('\n');
                let under = if level == HeadingLevel::H1 { "=" } else { "-" };
                let line = under.repeat(width);
                self.out.push_str(&self.paint(Mark::Dim, &line));
                self.out.push('\n');
                self.heading = None;
                self.pending_blank = true;
            }
            TagEnd::Paragraph => {
                self.flush();
                self.pending_blank = true;
            }
            TagEnd::List(_) => {
                self.flush();
                self.indent.pop();
                self.pending_blank = true;
            }
            TagEnd::Item => {
                self.flush();
                self.first_prefix = None;
                self.indent.pop();
            }
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                self.pending_blank = true;
            }
            TagEnd::Strong => self.strong -= 1,
            TagEnd::Link => {
                if let Some(shown) = self.links.pop().flatten() {
                    if self.table.is_some() {
                        self.text(&format!(" ({shown})"), None);
                    } else {
                        self.end_word();
                        self.text(&format!("({shown})"), Some(Mark::Dim));
                    }
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.indent.pop();
                self.pending_blank = true;
            }
            TagEnd::TableCell => {
                if let Some(t) = &mut self.table {
                    let cell = std::mem::take(&mut t.cell);
                    if let Some(row) = t.rows.last_mut() {
                        row.push(cell.trim().to_string());
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.header_rows = t.rows.len();
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.table_out(t);
                }
                self.pending_blank = true;
            }
            _ => {}
        }
    }

    /// A label for an example: `✗ bad Compose file:`, `✓ good Dockerfile:`,
    /// `app/Dockerfile (Dockerfile):` for another file of the example,
    /// `options (dockward.toml):`, `dockward reports:` above a bad
    /// example's pinned output. None for a block that is just code.
    fn code_label(&self, info: &str) -> Option<String> {
        let mut words = info.split_whitespace();
        let lang = words.next()?;
        let kind = match lang {
            "dockerfile" => "Dockerfile",
            "compose" => "Compose file",
            "toml" => "dockward.toml",
            other => other,
        };
        let mut verdict = None;
        let mut file = None;
        for w in words {
            match w {
                "bad" | "good" | "options" | "config" | "output" => verdict = Some(w),
                w => {
                    if let Some(f) = w.strip_prefix("file=") {
                        file = Some(f);
                    } else if w == "file" {
                        file = Some("");
                    }
                }
            }
        }
        let label = match (verdict, file) {
            (Some("bad"), _) => format!("{} {kind}:", self.paint(Mark::Red, "✗ bad")),
            (Some("good"), _) => format!("{} {kind}:", self.paint(Mark::Green, "✓ good")),
            (Some("output"), _) => format!("{}:", self.paint(Mark::Bold, "dockward reports")),
            (Some("config"), _) => {
                format!("{} ({kind}):", self.paint(Mark::Bold, "configuration"))
            }
            (Some("options"), _) => format!("{} ({kind}):", self.paint(Mark::Bold, "options")),
            (_, Some(f)) if !f.is_empty() => format!("{} ({kind}):", self.paint(Mark::Bold, f)),
            (_, Some(_)) => format!("{kind}:"),
            _ => return None,
        };
        Some(label)
    }

    fn table_out(&mut self, t: Table) {
        self.blank();
        let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; cols];
        for row in &t.rows {
            for (i, c) in row.iter().enumerate() {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        let margin = " ".repeat(self.margin() + 2);
        let total = widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1);
        if margin.len() + total > self.style.width.clamp(40, 80) {
            return self.records(&t);
        }
        for (r, row) in t.rows.iter().enumerate() {
            let mut line = margin.clone();
            for (i, c) in row.iter().enumerate() {
                let pad = widths[i] - c.chars().count();
                let cell = if r < t.header_rows {
                    self.paint(Mark::Bold, c)
                } else {
                    c.clone()
                };
                line.push_str(&cell);
                if i + 1 < row.len() {
                    line.push_str(&" ".repeat(pad + 2));
                }
            }
            self.out.push_str(line.trim_end());
            self.out.push('\n');
            if r + 1 == t.header_rows {
                let rule = "-".repeat(total);
                self.out.push_str(&margin);
                self.out.push_str(&self.paint(Mark::Dim, &rule));
                self.out.push('\n');
            }
        }
    }
}

impl Writer {
    /// A table too wide for the width, as one list item per row with a
    /// `header: value` line per cell, wrapped like prose.
    fn records(&mut self, t: &Table) {
        let header = t.rows.first().filter(|_| t.header_rows > 0);
        let bullet = if self.style.color { "•" } else { "-" };
        self.indent.push(2);
        for row in &t.rows[t.header_rows.min(t.rows.len())..] {
            for (i, cell) in row.iter().enumerate() {
                let name = header.and_then(|h| h.get(i)).map_or("", String::as_str);
                self.indent.push(2);
                let margin = self.margin() - 2;
                self.first_prefix = Some(if i == 0 {
                    format!("{}{bullet} ", " ".repeat(margin))
                } else {
                    " ".repeat(margin + 2)
                });
                if !name.is_empty() {
                    self.text(&format!("{name}: "), Some(Mark::Bold));
                }
                self.text(cell, None);
                self.flush();
                self.indent.pop();
            }
        }
        self.indent.pop();
    }
}

/// `markdown` rendered for a terminal.
pub fn terminal(markdown: &str, style: PageStyle) -> String {
    let mut w = Writer {
        style,
        out: String::new(),
        words: Vec::new(),
        word: String::new(),
        word_width: 0,
        indent: Vec::new(),
        first_prefix: None,
        strong: 0,
        links: Vec::new(),
        heading: None,
        in_code_block: false,
        table: None,
        pending_blank: false,
    };
    for e in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        w.event(e);
    }
    w.flush();
    w.out
}
