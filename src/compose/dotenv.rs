//! `.env` files: the variables Compose interpolates a project with.
//!
//! The format is Compose's (compose-go's `dotenv` package), not a shell's:
//!
//! - `KEY=VALUE` (or `KEY: VALUE`), optionally after `export `; blank lines
//!   and lines starting with `#` are skipped;
//! - unquoted values end at the line end or at ` #` (an inline comment) and
//!   are trimmed;
//! - `'single quoted'` values are literal; `"double quoted"` values know the
//!   escapes `\n`, `\r`, `\t`, `\"`, `\\`, `\$`; quoted values may span
//!   lines;
//! - unquoted and double-quoted values interpolate `${VAR}`, `$VAR` and the
//!   `${VAR:-default}` family against the variables defined above them;
//! - `KEY` alone takes its value from the shell, which a linter does not
//!   know: the variable is defined but unknown.
//!
//! A variable whose value depends on an unknown one is unknown too
//! (`None`), so interpolation leaves what uses it undecided rather than
//! guessing.

use foldhash::HashMap;

use crate::compose::interpolate;

/// Variables in the order they are defined; a later definition wins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DotEnv {
    vars: HashMap<String, Option<String>>,
}

impl DotEnv {
    /// Parse the text of a `.env` file. Malformed lines are skipped.
    pub fn parse(text: &str) -> DotEnv {
        let mut env = DotEnv::default();
        env.extend_from(text);
        env
    }

    /// Add the variables of another file's text (later files win, as with
    /// several `env_file` entries).
    pub fn extend_from(&mut self, text: &str) {
        self.read(text, None);
    }

    /// [`DotEnv::extend_from`], also giving where each variable's value is
    /// written in `text` (inside its quotes; without an inline comment).
    /// A variable defined twice is listed at its last definition.
    pub fn extend_with_definitions(&mut self, text: &str) -> Vec<Definition> {
        let mut defs = Vec::new();
        self.read(text, Some(&mut defs));
        let mut seen = foldhash::HashSet::default();
        let mut out: Vec<Definition> = defs
            .into_iter()
            .rev()
            .filter(|d| seen.insert(d.name.clone()))
            .collect();
        out.reverse();
        out
    }

    fn read(&mut self, text: &str, mut defs: Option<&mut Vec<Definition>>) {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let text = &text[bom..];
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // One logical line (quoted values may continue it).
            i = skip_blanks(b, i);
            if i >= b.len() {
                break;
            }
            if b[i] == b'\n' || b[i] == b'\r' {
                i += 1;
                continue;
            }
            if b[i] == b'#' {
                i = line_end(b, i);
                continue;
            }
            let mut start = i;
            if text[i..].starts_with("export ") || text[i..].starts_with("export\t") {
                start = skip_blanks(b, i + 6);
            }
            let mut k = start;
            while k < b.len() && is_key_char(b[k]) {
                k += 1;
            }
            let key = &text[start..k];
            let after = skip_blanks(b, k);
            if key.is_empty()
                || !(key.as_bytes()[0] == b'_' || key.as_bytes()[0].is_ascii_alphabetic())
            {
                i = line_end(b, i);
                continue;
            }
            match b.get(after) {
                Some(b'=') | Some(b':') => {}
                None | Some(b'\n') | Some(b'\r') | Some(b'#') => {
                    // `KEY` alone: the value comes from the shell.
                    self.vars.insert(key.to_string(), None);
                    i = line_end(b, after);
                    continue;
                }
                _ => {
                    i = line_end(b, i);
                    continue;
                }
            }
            let v = skip_blanks(b, after + 1);
            let (value, next, written) = match b.get(v) {
                Some(b'\'') => match find_close(b, v + 1, b'\'') {
                    Some(end) => (
                        Some(text[v + 1..end].to_string()),
                        line_end(b, end),
                        v + 1..end,
                    ),
                    None => {
                        let end = line_end(b, v);
                        let close = trim_line_end(b, v + 1, end);
                        (Some(text[v + 1..end].to_string()), end, v + 1..close)
                    }
                },
                Some(b'"') => {
                    let end = find_close(b, v + 1, b'"');
                    let raw_end = end.unwrap_or_else(|| line_end(b, v));
                    let raw = unescape(&text[v + 1..raw_end]);
                    let next = line_end(b, end.unwrap_or(raw_end));
                    let close = trim_line_end(b, v + 1, raw_end);
                    (self.expand(&raw), next, v + 1..close)
                }
                _ => {
                    let end = line_end(b, v);
                    let mut raw = &text[v..end];
                    if let Some(c) = inline_comment(raw) {
                        raw = &raw[..c];
                    }
                    let trimmed = raw.trim_end();
                    (self.expand(raw.trim()), end, v..v + trimmed.len())
                }
            };
            if let Some(defs) = defs.as_deref_mut() {
                defs.push(Definition {
                    name: key.to_string(),
                    value: bom + written.start..bom + written.end,
                });
            }
            self.vars.insert(key.to_string(), value);
            i = next;
        }
    }

    /// Interpolate a value against the variables defined so far; `None`
    /// when it depends on an unknown variable or is malformed.
    fn expand(&self, raw: &str) -> Option<String> {
        if !raw.contains('$') {
            return Some(raw.to_string());
        }
        let pieces = interpolate::parse(raw).ok()?;
        interpolate::resolve(&pieces, &|name| self.get(name)).value
    }

    /// The value of a variable: `None` when it is not defined or its value
    /// is unknown.
    pub fn get(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned().flatten()
    }

    /// Whether the file defines the variable (even with an unknown value).
    pub fn defines(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }

    pub fn len(&self) -> usize {
        self.vars.len()
    }

    /// Every variable with a known value (any order).
    pub fn values(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.as_deref()?)))
    }

    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }
}

/// Where a variable's value is written in a `.env` text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub name: String,
    /// Byte range of the value as written (inside its quotes).
    pub value: std::ops::Range<usize>,
}

/// `end` moved back over a line's `\n` and `\r`, not before `start`.
fn trim_line_end(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(b[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    end
}

fn is_key_char(c: u8) -> bool {
    c == b'_' || c == b'.' || c == b'-' || c.is_ascii_alphanumeric()
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

/// The offset of the next `\n` at or after `i` (or the end), plus one.
fn line_end(b: &[u8], i: usize) -> usize {
    match b[i.min(b.len())..].iter().position(|&c| c == b'\n') {
        Some(p) => i + p + 1,
        None => b.len(),
    }
}

/// The closing quote at or after `i`, skipping backslash escapes for `"`.
fn find_close(b: &[u8], mut i: usize, q: u8) -> Option<usize> {
    while i < b.len() {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Where ` #` starts an inline comment in an unquoted value.
fn inline_comment(v: &str) -> Option<usize> {
    let b = v.as_bytes();
    (1..b.len()).find(|&i| b[i] == b'#' && matches!(b[i - 1], b' ' | b'\t'))
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            // `\$` is a literal dollar: keep it escaped for interpolation.
            Some('$') => out.push_str("$$"),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_compose_dotenv_format() {
        let env = DotEnv::parse(
            "\u{feff}# comment\n\
             TAG=1.4\n\
             export PORT = 8080 # inline comment\n\
             SINGLE='a ${TAG} b'\n\
             DOUBLE=\"x\\ny ${TAG}\"\n\
             YAMLISH: value\n\
             IMAGE=app:${TAG}\n\
             FROM_SHELL\n\
             DERIVED=${FROM_SHELL}/x\n\
             DEFAULTED=${NOPE:-fallback}\n\
             MULTI=\"line1\n\
             line2\"\n\
             HASH=a#b\n\
             EMPTY=\n\
             1BAD=x\n\
             DOLLAR=\"\\$HOME\"\n",
        );
        assert_eq!(env.get("TAG").as_deref(), Some("1.4"));
        assert_eq!(env.get("PORT").as_deref(), Some("8080"));
        assert_eq!(env.get("SINGLE").as_deref(), Some("a ${TAG} b"));
        assert_eq!(env.get("DOUBLE").as_deref(), Some("x\ny 1.4"));
        assert_eq!(env.get("YAMLISH").as_deref(), Some("value"));
        assert_eq!(env.get("IMAGE").as_deref(), Some("app:1.4"));
        assert!(env.defines("FROM_SHELL"));
        assert_eq!(env.get("FROM_SHELL"), None);
        assert_eq!(env.get("DERIVED"), None);
        assert_eq!(env.get("DEFAULTED").as_deref(), Some("fallback"));
        assert_eq!(env.get("MULTI").as_deref(), Some("line1\nline2"));
        assert_eq!(env.get("HASH").as_deref(), Some("a#b"));
        assert_eq!(env.get("EMPTY").as_deref(), Some(""));
        assert!(!env.defines("1BAD"));
        assert_eq!(env.get("DOLLAR").as_deref(), Some("$HOME"));
    }

    #[test]
    fn definitions_point_at_the_written_values() {
        let text = "\u{feff}A=1\nexport B = 'two' # x\nC=\"th\\\"ree\"\nD=four # c\r\nA=5\nE\n";
        let mut env = DotEnv::default();
        let defs = env.extend_with_definitions(text);
        let shown: Vec<(&str, &str)> = defs
            .iter()
            .map(|d| (d.name.as_str(), &text[d.value.clone()]))
            .collect();
        assert_eq!(
            shown,
            [("B", "two"), ("C", "th\\\"ree"), ("D", "four"), ("A", "5")]
        );
        assert_eq!(env.get("C").as_deref(), Some("th\"ree"));
    }

    #[test]
    fn later_definitions_win_and_crlf_is_fine() {
        let mut env = DotEnv::parse("A=1\r\nB=2\r\n");
        env.extend_from("A=3\n");
        assert_eq!(env.get("A").as_deref(), Some("3"));
        assert_eq!(env.get("B").as_deref(), Some("2"));
        assert_eq!(env.len(), 2);
    }

    #[test]
    fn garbage_does_not_panic() {
        for t in [
            "=",
            "\"",
            "A=\"",
            "A='",
            "export",
            "A:",
            "é=1\nB=é",
            "\\",
            "A=${",
        ] {
            let _ = DotEnv::parse(t);
        }
    }
}
